using System.Security.Cryptography;
using System.Text;

namespace CommunityAcademy.Domain.Attendance;

public enum QrCheck { Ok, Malformed, Forged, Expired, OtherSession }

/// <summary>
/// The rotating QR code of a session: "{sessionId}.{step}.{signature}", where step = unix seconds / rotation and the
/// signature is HMAC-SHA256 over "ca-qr|{sessionId}|{step}|{rotation}" (base64url, 16 bytes). The issue time is
/// step × rotation. A code is accepted during its own step and the next one, so a scan just before it changes counts.
/// </summary>
public static class QrToken
{
    public static long Step(DateTimeOffset at, int rotationSeconds) => at.ToUnixTimeSeconds() / Math.Max(1, rotationSeconds);

    public static DateTimeOffset IssuedAt(long step, int rotationSeconds) => DateTimeOffset.FromUnixTimeSeconds(step * rotationSeconds);

    public static string Create(ReadOnlySpan<byte> key, long sessionId, DateTimeOffset at, int rotationSeconds)
    {
        var step = Step(at, rotationSeconds);
        return $"{sessionId}.{step}.{Sign(key, sessionId, step, rotationSeconds)}";
    }

    public static QrCheck Verify(ReadOnlySpan<byte> key, string? token, long sessionId, DateTimeOffset now, int rotationSeconds)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return QrCheck.Malformed;
        var parts = token.Trim().Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[0], out var sid) || !long.TryParse(parts[1], out var step))
            return QrCheck.Malformed;
        var expected = Encoding.ASCII.GetBytes(Sign(key, sid, step, rotationSeconds));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2]))) return QrCheck.Forged;
        if (sid != sessionId) return QrCheck.OtherSession;
        var current = Step(now, rotationSeconds);
        return step == current || step == current - 1 ? QrCheck.Ok : QrCheck.Expired;
    }

    private static string Sign(ReadOnlySpan<byte> key, long sessionId, long step, int rotation)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"ca-qr|{sessionId}|{step}|{rotation}"), mac);
        return Convert.ToBase64String(mac[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

/// <summary>Distance on the earth (haversine, metres) for the optional sign-in radius around a teaching point.</summary>
public static class Geo
{
    public static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        double rad(double d) => d * Math.PI / 180;
        var dLat = rad(lat2 - lat1);
        var dLon = rad(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(rad(lat1)) * Math.Cos(rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
