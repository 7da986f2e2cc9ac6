using System.Globalization;
using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Attendance;

/// <summary>
/// 纸质签到表: the times a head teacher types from a paper sheet (a session with no network) into its .xlsx — read as the
/// class's local time on the session's date, and checked against the session's sign-in and sign-out windows.
/// </summary>
public static class PaperSheet
{
    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"];
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd H:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>
    /// A time as typed or as a spreadsheet hands it over: "8:55", "08:55:30", "8：55" (full-width colon), an Excel time
    /// cell (the fraction of a day, "0.37152…") or a date and time ("1899-12-30 08:55": a time cell read as a date). Null:
    /// not a time of day.
    /// </summary>
    public static TimeOnly? ParseTime(string? text)
    {
        var t = text?.Trim().Replace('：', ':');
        if (string.IsNullOrEmpty(t)) return null;
        if (TimeOnly.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        if (double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var day) && day is >= 0 and < 1)
            return TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(Math.Min(86_399, Math.Round(day * 86_400))));
        if (DateTime.TryParseExact(t, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return TimeOnly.FromDateTime(dt);
        return null;
    }

    /// <summary>
    /// The instant of a local time written for a session: on the session's local date, or on the next day for a session
    /// that runs past midnight when that is the one inside its windows.
    /// </summary>
    public static DateTimeOffset At(TimeOnly time, DateTimeOffset start, DateTimeOffset end, AttendanceRules rules, string zone)
    {
        var date = DateOnly.FromDateTime(ClassClock.ToLocal(start, zone).DateTime);
        var at = ClassClock.ToInstant(date, time, zone);
        var next = ClassClock.ToInstant(date.AddDays(1), time, zone);
        return at < AttendanceRulebook.OpensAt(start, rules) && next <= AttendanceRulebook.SignOutClosesAt(end, rules) ? next : at;
    }

    /// <summary>One row's sign-in and sign-out cells: the instants, or the rule each cell breaks (null when it is empty or right).</summary>
    public static (DateTimeOffset? In, DateTimeOffset? Out, Error? InError, Error? OutError) Times(string? inText, string? outText,
        DateTimeOffset start, DateTimeOffset end, AttendanceRules rules, string zone)
    {
        string local(DateTimeOffset t) => ClassClock.ToLocal(t, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        DateTimeOffset? @in = null, @out = null;
        Error? inError = null, outError = null;
        if (!string.IsNullOrWhiteSpace(inText))
        {
            if (ParseTime(inText) is not { } t) inError = new Error("Attendance.Paper.BadTime", inText.Trim());
            else if (At(t, start, end, rules, zone) is var at && !AttendanceRulebook.SignInOpen(start, end, rules, at))
                inError = new Error("Attendance.Paper.InOutsideWindow", local(AttendanceRulebook.OpensAt(start, rules)), local(end));
            else @in = at;
        }
        if (!string.IsNullOrWhiteSpace(outText))
        {
            if (ParseTime(outText) is not { } t) outError = new Error("Attendance.Paper.BadTime", outText.Trim());
            else if (At(t, start, end, rules, zone) is var at && !AttendanceRulebook.SignOutOpen(start, end, rules, at))
                outError = new Error("Attendance.Paper.OutOutsideWindow", local(AttendanceRulebook.OpensAt(start, rules)), local(AttendanceRulebook.SignOutClosesAt(end, rules)));
            else if (@in is { } i && at < i) outError = new Error("Attendance.Paper.OutBeforeIn", local(at), local(i));
            else @out = at;
        }
        return (@in, @out, inError, outError);
    }
}
