using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Ledger;

/// <summary>How a status credits a session's 学时: all of it, the share of the session the trainee was there, or nothing.</summary>
public enum CreditMode { Full, Proportional, None }

/// <summary>The 学时 categories of the ledger (集中培训 / 网络学习 / 实践), stored as these codes.</summary>
public static class HourCategories
{
    public const string Classroom = "classroom";
    public const string Online = "online";
    public const string Practice = "practice";
    public static readonly IReadOnlyList<string> All = [Classroom, Online, Practice];
    public static bool IsKnown(string? code) => code is Classroom or Online or Practice;
}

/// <summary>
/// What a class credits (#21 point 4): present always in full; late in full by default (or in proportion); early leave in
/// full by default or in proportion (minutes present ÷ session minutes); excused, absent and 擅自离开 nothing; a cancelled
/// session never; a status not settled yet (pending) nothing. 学时 are kept in tenths (an integer, exact on both databases);
/// a share is rounded down to the tenth, so nobody is credited more than they attended.
/// </summary>
public sealed record CreditRule(CreditMode Late = CreditMode.Full, CreditMode EarlyLeave = CreditMode.Full)
{
    public static readonly CreditRule Default = new();

    /// <summary>Null when acceptable: late and early leave may credit in full or in proportion, not "nothing" (use the status for that).</summary>
    public Error? Check() =>
        Late is not (CreditMode.Full or CreditMode.Proportional) ? new Error("Ledger.BadMode", "late")
        : EarlyLeave is not (CreditMode.Full or CreditMode.Proportional) ? new Error("Ledger.BadMode", "early_leave")
        : null;

    /// <summary>
    /// Tenths of an hour credited for one trainee in one session.
    /// <paramref name="minutesMissed"/>: minutes of the session the trainee was not there (after the start when late, before the end when leaving early).
    /// </summary>
    public int Credit(AttendanceStatus status, int sessionHoursX10, int sessionMinutes, int minutesMissed, bool cancelled = false)
    {
        if (cancelled || sessionHoursX10 <= 0) return 0;
        var mode = status switch
        {
            AttendanceStatus.Present => CreditMode.Full,
            AttendanceStatus.Late => Late,
            AttendanceStatus.EarlyLeave => EarlyLeave,
            _ => CreditMode.None, // excused, absent, left without permission, pending
        };
        return mode switch
        {
            CreditMode.Full => sessionHoursX10,
            CreditMode.Proportional => Share(sessionHoursX10, sessionMinutes, minutesMissed),
            _ => 0,
        };
    }

    /// <summary>hours × (minutes present ÷ session minutes), rounded down to the tenth.</summary>
    public static int Share(int hoursX10, int sessionMinutes, int minutesMissed)
    {
        if (sessionMinutes <= 0) return hoursX10;
        var present = Math.Clamp(sessionMinutes - Math.Max(0, minutesMissed), 0, sessionMinutes);
        return (int)((long)hoursX10 * present / sessionMinutes);
    }

    public static string Code(CreditMode m) => m switch
    {
        CreditMode.Full => "full",
        CreditMode.Proportional => "proportional",
        _ => "none",
    };

    public static bool TryParse(string? code, out CreditMode m)
    {
        m = code switch { "full" => CreditMode.Full, "proportional" => CreditMode.Proportional, "none" => CreditMode.None, _ => (CreditMode)(-1) };
        return (int)m >= 0;
    }
}

/// <summary>One person's 学时 of a year, by category (tenths).</summary>
public sealed record YearHours(int Year, int ClassroomX10, int OnlineX10, int PracticeX10)
{
    public int TotalX10 => ClassroomX10 + OnlineX10 + PracticeX10;

    /// <summary>Rows (year, category, tenths) summed per year, latest first.</summary>
    public static IReadOnlyList<YearHours> Of(IEnumerable<(int Year, string Category, long HoursX10)> rows) =>
        rows.GroupBy(r => r.Year).OrderByDescending(g => g.Key).Select(g => new YearHours(g.Key,
            (int)g.Where(r => r.Category == HourCategories.Classroom).Sum(r => r.HoursX10),
            (int)g.Where(r => r.Category == HourCategories.Online).Sum(r => r.HoursX10),
            (int)g.Where(r => r.Category == HourCategories.Practice).Sum(r => r.HoursX10))).ToList();

    /// <summary>"23.5": tenths as hours, no trailing zeros.</summary>
    public static string Format(long hoursX10) => (hoursX10 / 10m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
