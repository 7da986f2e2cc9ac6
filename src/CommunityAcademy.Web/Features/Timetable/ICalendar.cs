using System.Globalization;
using System.Text;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Timetable;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// Writes iCalendar (RFC 5545) without a library. Each event carries its class's zone as TZID with a VTIMEZONE
/// built from that zone's real offset changes around the events, so any calendar shows the right time
/// wherever its user is. Lines are CRLF, folded at 75 octets without splitting a character; text is escaped.
/// </summary>
public static class ICalendar
{
    public sealed record Event(string Uid, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Summary,
        string? Location = null, string? Description = null, string? Url = null, string? Category = null);

    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(string calendarName, IReadOnlyList<Event> events, DateTimeOffset stamp)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CommunityAcademy//Timetable//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape(calendarName),
        };
        var zones = events.Select(e => e.TimeZone).Distinct().ToList();
        var known = new Dictionary<string, TimeZoneInfo>();
        foreach (var id in zones)
            if (ClassClock.TryFindZone(id, out var z)) known[id] = z;
        if (known.Count == 1) lines.Add("X-WR-TIMEZONE:" + known.Keys.Single());
        foreach (var (id, zone) in known)
        {
            var mine = events.Where(e => e.TimeZone == id).ToList();
            lines.AddRange(TimeZoneLines(id, zone, mine.Min(e => e.StartsAt), mine.Max(e => e.EndsAt)));
        }
        foreach (var e in events)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add("UID:" + e.Uid);
            lines.Add("DTSTAMP:" + Utc(stamp));
            var zone = known.GetValueOrDefault(e.TimeZone);
            lines.Add("DTSTART" + When(e.StartsAt, e.TimeZone, zone));
            lines.Add("DTEND" + When(e.EndsAt, e.TimeZone, zone));
            lines.Add("SUMMARY:" + Escape(e.Summary));
            if (!string.IsNullOrWhiteSpace(e.Location)) lines.Add("LOCATION:" + Escape(e.Location));
            if (!string.IsNullOrWhiteSpace(e.Description)) lines.Add("DESCRIPTION:" + Escape(e.Description));
            if (!string.IsNullOrWhiteSpace(e.Url)) lines.Add("URL:" + e.Url.Trim());
            if (!string.IsNullOrWhiteSpace(e.Category)) lines.Add("CATEGORIES:" + Escape(e.Category));
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var sb = new StringBuilder();
        foreach (var l in lines) sb.Append(Fold(l)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>";TZID=Asia/Shanghai:20230607T083000", or ":20230607T003000Z" where the local form would mislead.</summary>
    private static string When(DateTimeOffset instant, string zoneId, TimeZoneInfo? zone)
    {
        if (zone is null) return ":" + Utc(instant); // a zone this server does not know: UTC is still exact
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        // A local time that happens twice means its first occurrence to a calendar (RFC 5545 3.3.5); if the
        // session is the second one, say it in UTC.
        if (zone.IsAmbiguousTime(local) && SessionClock.ToInstant(local, zone) != instant) return ":" + Utc(instant);
        return $";TZID={zoneId}:{Local(local)}";
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
    private static string Local(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// VTIMEZONE with one observance per offset in force between <paramref name="from"/> and <paramref name="to"/>:
    /// the offset at the start (from 1970), then each real change, found by scanning day by day and narrowing to
    /// the minute. No RRULEs: every change is spelled out, which every client reads the same way.
    /// </summary>
    public static IEnumerable<string> TimeZoneLines(string id, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        from = from.AddDays(-1);
        to = to.AddDays(1);
        yield return "BEGIN:VTIMEZONE";
        yield return "TZID:" + id;
        var first = zone.GetUtcOffset(from);
        foreach (var l in Observance(zone.IsDaylightSavingTime(from), new DateTime(1970, 1, 1), first, first)) yield return l;
        foreach (var (at, before, after) in Transitions(zone, from, to))
            foreach (var l in Observance(zone.IsDaylightSavingTime(at), (at + before).DateTime, before, after)) yield return l;
        yield return "END:VTIMEZONE";
    }

    private static IEnumerable<string> Observance(bool daylight, DateTime onsetLocal, TimeSpan offsetFrom, TimeSpan offsetTo)
    {
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        yield return "BEGIN:" + kind;
        yield return "DTSTART:" + Local(onsetLocal);
        yield return "TZOFFSETFROM:" + Offset(offsetFrom);
        yield return "TZOFFSETTO:" + Offset(offsetTo);
        yield return "END:" + kind;
    }

    /// <summary>Each instant the zone's offset changes, with the offsets before and after.</summary>
    public static IEnumerable<(DateTimeOffset At, TimeSpan Before, TimeSpan After)> Transitions(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var t = from.ToUniversalTime();
        var off = zone.GetUtcOffset(t);
        while (t < to)
        {
            var next = t.AddDays(1);
            var nextOff = zone.GetUtcOffset(next);
            if (nextOff != off)
            {
                DateTimeOffset lo = t, hi = next; // offset(lo) = off, offset(hi) = nextOff
                while (hi - lo > TimeSpan.FromMinutes(1))
                {
                    var mid = lo + (hi - lo) / 2;
                    mid = new DateTimeOffset(mid.UtcTicks - mid.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
                    if (mid <= lo) break;
                    if (zone.GetUtcOffset(mid) == off) lo = mid; else hi = mid;
                }
                yield return (hi, off, nextOff);
                off = nextOff;
            }
            t = next;
        }
    }

    private static string Offset(TimeSpan o)
    {
        var sign = o < TimeSpan.Zero ? "-" : "+";
        var a = o.Duration();
        return sign + a.Hours.ToString("00", CultureInfo.InvariantCulture) + a.Minutes.ToString("00", CultureInfo.InvariantCulture)
            + (a.Seconds != 0 ? a.Seconds.ToString("00", CultureInfo.InvariantCulture) : "");
    }

    /// <summary>TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11).</summary>
    public static string Escape(string text) => text
        .Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,")
        .Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "\\n");

    /// <summary>Lines over 75 octets continue on lines that start with a space; a character is never cut.</summary>
    public static string Fold(string line)
    {
        var sb = new StringBuilder();
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var len = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var n = Encoding.UTF8.GetByteCount(line.AsSpan(i, len));
            if (octets + n > limit)
            {
                sb.Append("\r\n ");
                octets = 1; // the leading space counts
            }
            sb.Append(line, i, len);
            octets += n;
            i += len - 1;
        }
        return sb.ToString();
    }
}
