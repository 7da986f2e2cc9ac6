using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Enrollment;

/// <summary>When receipts close: the end of the deadline day in the class's time zone, or a lock by hand.</summary>
public static class RosterRules
{
    /// <summary>The first instant after the deadline day, in UTC.</summary>
    public static DateTimeOffset DeadlineEnd(DateOnly deadline, string timeZone) =>
        ClassClock.ToInstant(deadline.AddDays(1), TimeOnly.MinValue, timeZone);

    public static bool IsLate(DateTimeOffset submittedAt, DateOnly? deadline, string timeZone) =>
        deadline is { } d && submittedAt >= DeadlineEnd(d, timeZone);

    /// <summary>
    /// Locked by hand; or, with auto-lock on, once the deadline has passed — unless the organizer reopened it after
    /// that. A reopen holds until the next lock by hand.
    /// </summary>
    public static bool IsLocked(DateTimeOffset? lockedAt, bool autoLock, DateOnly? deadline, string timeZone,
        DateTimeOffset? reopenedAt, DateTimeOffset now)
    {
        if (lockedAt is { } l && (reopenedAt is null || l > reopenedAt)) return true;
        if (!autoLock || deadline is not { } d) return false;
        var end = DeadlineEnd(d, timeZone);
        return now >= end && (reopenedAt is null || reopenedAt < end);
    }
}

/// <summary>Meals per day: everyone attending that day, for each meal the class provides.</summary>
public static class Meals
{
    public sealed record Attendee(string Category, IReadOnlyList<DateOnly>? Days);

    public static IReadOnlyList<(DateOnly Day, string Meal, int Headcount)> PerDay(
        DateOnly start, DateOnly end, IReadOnlyList<string> meals, int trainees, IEnumerable<Attendee> others)
    {
        var list = others.ToList();
        var result = new List<(DateOnly, string, int)>();
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            var count = trainees + list.Count(a => a.Days is null || a.Days.Contains(day));
            foreach (var meal in meals) result.Add((day, meal, count));
        }
        return result;
    }
}
