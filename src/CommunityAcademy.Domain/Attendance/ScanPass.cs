using System.Security.Cryptography;
using System.Text;

namespace CommunityAcademy.Domain.Attendance;

public enum PassCheck { Ok, Malformed, Forged, OtherSession, OtherDevice }

/// <summary>What a valid scan pass says: the session, the QR code's step, the instant of the scan and the device.</summary>
public sealed record ScanPassClaims(long SessionId, long Step, DateTimeOffset ScannedAt, string Device);

/// <summary>
/// 扫码凭证: when a phone opens a scan link while the QR code in it is valid, the server gives it a pass
/// "{sessionId}.{step}.{scan unix seconds}.{device}.{signature}" (HMAC-SHA256 over the rest with the QR key, 16 bytes,
/// base64url). It lets the sign-in that follows count from the scan — after a login and a first password change, or
/// uploaded later by a phone whose network dropped — and only from the device it was given to. Checking it is a MAC:
/// no database.
/// </summary>
public static class ScanPass
{
    /// <summary>How long after the scan the phone may use the pass while online (a login and a password change fit).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static string Create(ReadOnlySpan<byte> key, long sessionId, long step, DateTimeOffset scannedAt, string device)
    {
        var body = $"{sessionId}.{step}.{scannedAt.ToUnixTimeSeconds()}.{device}";
        return body + "." + Sign(key, body);
    }

    public static PassCheck Verify(ReadOnlySpan<byte> key, string? pass, long sessionId, string? device, out ScanPassClaims? claims)
    {
        claims = null;
        if (string.IsNullOrWhiteSpace(pass) || pass.Length > 160) return PassCheck.Malformed;
        var parts = pass.Trim().Split('.');
        if (parts.Length != 5 || !long.TryParse(parts[0], out var sid) || !long.TryParse(parts[1], out var step)
            || !long.TryParse(parts[2], out var unix) || !ValidDevice(parts[3]))
            return PassCheck.Malformed;
        var body = string.Join('.', parts, 0, 4);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, body)), Encoding.ASCII.GetBytes(parts[4])))
            return PassCheck.Forged;
        if (sid != sessionId) return PassCheck.OtherSession;
        if (!string.Equals(device, parts[3], StringComparison.Ordinal)) return PassCheck.OtherDevice;
        claims = new ScanPassClaims(sid, step, DateTimeOffset.FromUnixTimeSeconds(unix), parts[3]);
        return PassCheck.Ok;
    }

    /// <summary>A device key as the server makes them (base64url, 16–64 characters): nothing else goes into a pass.</summary>
    public static bool ValidDevice(string? device) =>
        device is { Length: >= 16 and <= 64 } && device.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string NewDevice() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // One keyed HMAC per thread, reset after each use: setting the key up again for every sign-in cost more than the MAC.
    [ThreadStatic] private static IncrementalHash? _hmac;
    [ThreadStatic] private static byte[]? _hmacKey;

    private static string Sign(ReadOnlySpan<byte> key, string body)
    {
        if (_hmac is null || !key.SequenceEqual(_hmacKey))
        {
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _hmacKey = key.ToArray();
        }
        Span<byte> text = stackalloc byte[8 + body.Length];
        "ca-pass|"u8.CopyTo(text);
        Encoding.ASCII.GetBytes(body, text[8..]);
        _hmac.AppendData(text);
        Span<byte> mac = stackalloc byte[32];
        _hmac.GetHashAndReset(mac);
        return Convert.ToBase64String(mac[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
