using System.Text;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Timetable;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// Writes iCalendar (RFC 5545) with Ical.Net, which escapes every TEXT value (backslash, semicolon, comma, line
/// breaks). Each event carries its class's zone as TZID with a VTIMEZONE built from that zone's real offset changes
/// around the events, so any calendar shows the right time wherever its user is. What reaches the file is made safe
/// first: other control characters in text become spaces, and a link goes out only as a well-formed http(s) address
/// without control characters (otherwise it is left out; the description still names it, escaped). Lines are CRLF,
/// folded at 75 octets without splitting a character or an escape (<see cref="Fold"/>).
/// </summary>
public static class ICalendar
{
    public sealed record Event(string Uid, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Summary,
        string? Location = null, string? Description = null, string? Url = null, string? Category = null, bool Cancelled = false);

    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(string calendarName, IReadOnlyList<Event> events, DateTimeOffset stamp)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//CommunityAcademy//Timetable//ZH", Method = "PUBLISH", Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", Text(calendarName));
        var known = new Dictionary<string, TimeZoneInfo>();
        foreach (var id in events.Select(e => e.TimeZone).Distinct())
            if (ClassClock.TryFindZone(id, out var z)) known[id] = z;
        if (known.Count == 1) calendar.AddProperty("X-WR-TIMEZONE", Text(known.Keys.Single()));
        foreach (var (id, zone) in known)
        {
            var mine = events.Where(e => e.TimeZone == id).ToList();
            calendar.AddTimeZone(TimeZone(id, zone, mine.Min(e => e.StartsAt), mine.Max(e => e.EndsAt)));
        }
        foreach (var e in events)
        {
            var zone = known.GetValueOrDefault(e.TimeZone);
            var ev = new CalendarEvent
            {
                Uid = Text(e.Uid),
                DtStamp = Utc(stamp),
                DtStart = When(e.StartsAt, e.TimeZone, zone),
                DtEnd = When(e.EndsAt, e.TimeZone, zone),
                Summary = Text(e.Summary),
            };
            if (!string.IsNullOrWhiteSpace(e.Location)) ev.Location = Text(e.Location);
            if (!string.IsNullOrWhiteSpace(e.Description)) ev.Description = Text(e.Description);
            if (Link(e.Url) is { } url) ev.Url = url;
            if (!string.IsNullOrWhiteSpace(e.Category)) ev.Categories.Add(Text(e.Category));
            if (e.Cancelled) ev.Status = "CANCELLED"; // RFC 5545 3.8.1.11: calendars strike it out or drop it
            calendar.Events.Add(ev);
        }
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        // Ical.Net folds by UTF-16 unit and can cut a character in two: unfold its lines and fold them again.
        var sb = new StringBuilder(text.Length + text.Length / 40);
        foreach (var line in text.Replace("\r\n ", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
            sb.Append(Fold(line)).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>TZID and local time, or UTC where the local form would mislead.</summary>
    private static CalDateTime When(DateTimeOffset instant, string zoneId, TimeZoneInfo? zone)
    {
        if (zone is null) return Utc(instant); // a zone this server does not know: UTC is still exact
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        // A local time that happens twice means its first occurrence to a calendar (RFC 5545 3.3.5); if the
        // session is the second one, say it in UTC.
        if (zone.IsAmbiguousTime(local) && SessionClock.ToInstant(local, zone) != instant) return Utc(instant);
        return new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zoneId);
    }

    private static CalDateTime Utc(DateTimeOffset t) => new(t.UtcDateTime, "UTC");

    /// <summary>
    /// VTIMEZONE with one observance per offset in force between <paramref name="from"/> and <paramref name="to"/>:
    /// the offset at the start (from 1970), then each real change, found by scanning day by day and narrowing to
    /// the minute. No RRULEs: every change is spelled out, which every client reads the same way.
    /// </summary>
    private static VTimeZone TimeZone(string id, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        from = from.AddDays(-1);
        to = to.AddDays(1);
        var vtz = new VTimeZone(id);
        var first = zone.GetUtcOffset(from);
        vtz.AddChild(Observance(zone.IsDaylightSavingTime(from), new DateTime(1970, 1, 1), first, first));
        foreach (var (at, before, after) in Transitions(zone, from, to))
            vtz.AddChild(Observance(zone.IsDaylightSavingTime(at), (at + before).DateTime, before, after));
        return vtz;
    }

    private static VTimeZoneInfo Observance(bool daylight, DateTime onsetLocal, TimeSpan offsetFrom, TimeSpan offsetTo) =>
        new(daylight ? "DAYLIGHT" : "STANDARD")
        {
            DtStart = new CalDateTime(DateTime.SpecifyKind(onsetLocal, DateTimeKind.Unspecified)),
            OffsetFrom = new UtcOffset(offsetFrom),
            OffsetTo = new UtcOffset(offsetTo),
        };

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

    /// <summary>
    /// TEXT as Ical.Net should see it: line breaks (CRLF, CR, LF) as one LF, which it writes as \n; any other
    /// control character (tab included) as a space. Ical.Net escapes backslash, semicolon and comma.
    /// </summary>
    public static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\r') { sb.Append('\n'); if (i + 1 < text.Length && text[i + 1] == '\n') i++; }
            else if (ch == '\n') sb.Append('\n');
            else if (ch < ' ' || ch == '\u007F') sb.Append(' ');
            else sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>The address as a URI value, or null when it is not one a calendar should carry (RFC 5545 URI values are not escaped).</summary>
    public static Uri? Link(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || WebLinks.HasControlCharacter(url)) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)) return null;
        // AbsoluteUri percent-encodes what a URI may not hold raw (spaces, non-ASCII).
        return new Uri(uri.AbsoluteUri);
    }

    /// <summary>
    /// Lines over 75 octets continue on lines that start with a space, folded between characters: never inside a UTF-8
    /// sequence (a surrogate pair is one character) nor inside an escape (<c>\n</c>, <c>\,</c>, <c>\;</c>, <c>\\</c> stay
    /// whole: some calendars unfold a line but not an escape split across two).
    /// </summary>
    public static string Fold(string line)
    {
        var sb = new StringBuilder();
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var len = line[i] == '\\' && i + 1 < line.Length ? 2
                : char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
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
