namespace CommunityAcademy.Domain.Timetable;

/// <summary>
/// 学时 credited for a session. By default one 学时 is 45 minutes of teaching (the party-school convention),
/// counted down to half a 学时, so a 15-minute opening ceremony credits nothing and 08:30–11:30 credits 4.
/// An organizer may set any other value per session (a 7-hour salon credited as 6, an online case as 1).
/// </summary>
public static class StudyHours
{
    public const int MinutesPerHour = 45;
    public const decimal Max = 24m;

    public static decimal FromDuration(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0m : Math.Floor((decimal)duration.TotalMinutes * 2 / MinutesPerHour) / 2;

    public static decimal Effective(decimal? set, TimeSpan duration) => set ?? FromDuration(duration);

    /// <summary>Null when the value is acceptable: 0 to 24, in tenths at most.</summary>
    public static Error? Check(decimal hours) =>
        hours < 0 || hours > Max ? new Error("Timetable.StudyHoursRange", Max)
        : decimal.Round(hours, 1) != hours ? new Error("Timetable.StudyHoursPrecision")
        : null;

    public static decimal Total(IEnumerable<decimal> hours) => hours.Sum();

    /// <summary>What a session credits: its hours, or nothing once it is cancelled (已取消 counts nowhere).</summary>
    public static decimal Credited(decimal hours, bool cancelled) => cancelled ? 0m : hours;

    /// <summary>"4", "3.5": no trailing zeros.</summary>
    public static string Format(decimal hours) => hours.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
