using System.Globalization;
using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Timetable;

/// <summary>The days of a class (期/班次) in its own time zone.</summary>
public sealed record ClassDays(DateOnly Start, DateOnly End, string TimeZone)
{
    public bool Contains(DateOnly date) => date >= Start && date <= End;
    /// <summary>1 for the first day of the class.</summary>
    public int DayNumber(DateOnly date) => date.DayNumber - Start.DayNumber + 1;
    public int Count => End.DayNumber - Start.DayNumber + 1;
}

/// <summary>A problem with one field of an input, as a rule code the web layer puts into words.</summary>
public sealed record FieldError(string Field, Error Error);

/// <summary>When a session takes place, as typed: a local date and clock times, optionally in another zone.</summary>
public sealed record SessionTimeInput(string? Date, string? Start, string? End, bool PastMidnight = false, string? TimeZone = null);

/// <summary>
/// A session's time, checked: local date and clock times in the class's zone and the UTC instants.
/// <see cref="PastMidnight"/> means the end is on the next calendar day (an evening session that runs late).
/// </summary>
public sealed record SessionTimes(DateOnly Date, TimeOnly Start, TimeOnly End, bool PastMidnight, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public TimeSpan Duration => EndsAt - StartsAt;
    public string StartText => Start.ToString("HH:mm", CultureInfo.InvariantCulture);
    public string EndText => End.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>
/// Turns a typed session time into instants. Times never depend on the server's zone: only the class's
/// zone (or the zone the caller names) is used. Every field's problem is reported, not just the first.
/// </summary>
public static class SessionClock
{
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static Result<SessionTimes> Resolve(SessionTimeInput input, ClassDays days, out IReadOnlyList<FieldError> errors)
    {
        var list = new List<FieldError>();
        errors = list;
        var dateOk = TryParseDate(input.Date, out var date);
        if (!dateOk) list.Add(new("date", new Error("Timetable.BadDate", input.Date ?? "")));
        // Typed in the class's own zone the date is final, so say at once when it is not a day of the class;
        // typed in another zone it is only known after conversion (below).
        var sameZone = string.IsNullOrWhiteSpace(input.TimeZone) || input.TimeZone.Trim() == days.TimeZone;
        if (dateOk && sameZone && !days.Contains(date)) list.Add(OutsideDays(date, days));
        var startOk = ClassClock.TryParseTime(input.Start, out var start);
        if (!startOk) list.Add(new("start", new Error("Timetable.BadTime", input.Start ?? "")));
        var endOk = ClassClock.TryParseTime(input.End, out var end);
        if (!endOk) list.Add(new("end", new Error("Timetable.BadTime", input.End ?? "")));

        var zoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? days.TimeZone : input.TimeZone.Trim();
        if (!ClassClock.TryFindZone(zoneId, out var zone))
            list.Add(new("timeZone", new Error(string.IsNullOrWhiteSpace(input.TimeZone) ? "Timetable.UnknownClassZone" : "Timetable.UnknownZone", zoneId)));
        if (!ClassClock.TryFindZone(days.TimeZone, out var classZone) && !list.Any(e => e.Field == "timeZone"))
            list.Add(new("timeZone", new Error("Timetable.UnknownClassZone", days.TimeZone)));

        if (startOk && endOk)
        {
            if (!input.PastMidnight && end == start) list.Add(new("end", new Error("Timetable.EmptySession", input.End!.Trim())));
            else if (!input.PastMidnight && end < start) list.Add(new("end", new Error("Timetable.EndBeforeStart", input.End!.Trim(), input.Start!.Trim())));
            else if (input.PastMidnight && end >= start) list.Add(new("pastMidnight", new Error("Timetable.NotPastMidnight", input.Start!.Trim(), input.End!.Trim())));
        }
        if (list.Count > 0) return new Error("Timetable.Invalid");

        var localStart = date.ToDateTime(start);
        var localEnd = date.AddDays(input.PastMidnight ? 1 : 0).ToDateTime(end);
        if (zone.IsInvalidTime(localStart)) list.Add(new("start", new Error("Timetable.NoSuchLocalTime", input.Start!.Trim(), zone.Id)));
        if (zone.IsInvalidTime(localEnd)) list.Add(new("end", new Error("Timetable.NoSuchLocalTime", input.End!.Trim(), zone.Id)));
        if (list.Count > 0) return new Error("Timetable.Invalid");

        var startsAt = ToInstant(localStart, zone);
        var endsAt = ToInstant(localEnd, zone);
        if (endsAt <= startsAt) // only a DST change inside a very short session can do this
        {
            list.Add(new("end", new Error("Timetable.EndBeforeStart", input.End!.Trim(), input.Start!.Trim())));
            return new Error("Timetable.Invalid");
        }

        // Stored and shown in the class's zone, whatever zone the caller typed in.
        var ls = TimeZoneInfo.ConvertTime(startsAt, classZone);
        var le = TimeZoneInfo.ConvertTime(endsAt, classZone);
        var classDate = DateOnly.FromDateTime(ls.DateTime);
        var pastMidnight = DateOnly.FromDateTime(le.DateTime) > classDate;
        if (!days.Contains(classDate))
        {
            list.Add(OutsideDays(classDate, days));
            return new Error("Timetable.Invalid");
        }
        return Result<SessionTimes>.Ok(new SessionTimes(classDate, TimeOnly.FromDateTime(ls.DateTime), TimeOnly.FromDateTime(le.DateTime),
            pastMidnight, startsAt, endsAt));
    }

    private static FieldError OutsideDays(DateOnly date, ClassDays days) =>
        new("date", new Error("Timetable.OutsideClassDays", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            days.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Local time → UTC. A local time that occurs twice (clocks set back) is its first occurrence, as RFC 5545
    /// reads a DTSTART with TZID; so the .ics export and the stored instant agree.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone) => ToInstant(date.ToDateTime(time), zone);
}
