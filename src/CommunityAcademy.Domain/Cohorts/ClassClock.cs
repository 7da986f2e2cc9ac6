using System.Globalization;

namespace CommunityAcademy.Domain.Cohorts;

/// <summary>
/// A class lives in its own time zone (default Asia/Shanghai). Local dates and clock times are turned
/// into UTC instants here and nowhere else, so nothing depends on the server's zone.
/// </summary>
public static class ClassClock
{
    public const string DefaultZone = "Asia/Shanghai";

    // Zones found once: the sign-in burst says every answer's times in its class's zone.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo?> Found = new();

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        if (!Found.TryGetValue(id, out var hit))
        {
            try { hit = TimeZoneInfo.FindSystemTimeZoneById(id.Trim()); }
            catch (TimeZoneNotFoundException) { hit = null; }
            catch (InvalidTimeZoneException) { hit = null; }
            if (Found.Count < 1000) Found[id] = hit;
        }
        if (hit is null) return false;
        zone = hit;
        return true;
    }

    public static TimeZoneInfo Zone(string id) =>
        TryFindZone(id, out var z) ? z : throw new ArgumentException($"Unknown time zone '{id}'.", nameof(id));

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, string zoneId)
    {
        var zone = Zone(zoneId);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant, string zoneId) =>
        TimeZoneInfo.ConvertTime(instant, Zone(zoneId));

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
