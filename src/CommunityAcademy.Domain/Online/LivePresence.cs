namespace CommunityAcademy.Domain.Online;

/// <summary>One stretch of time a person was in a live course (joined, left).</summary>
public readonly record struct Stretch(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// 线上直播 attendance (#21 point 1): a person's join-leave intervals, overlapping or touching ones merged and all of
/// them clipped to the course's time, give the minutes present; the course is completed when those minutes reach the
/// share of the course the organizer set (default 80%).
/// </summary>
public static class LivePresence
{
    public const int DefaultSharePercent = 80;

    /// <summary>The intervals merged where they overlap or touch and clipped to [start, end], in order; empty ones dropped.</summary>
    public static IReadOnlyList<Stretch> Merge(IEnumerable<Stretch> stretches, DateTimeOffset start, DateTimeOffset end)
    {
        var clipped = stretches
            .Select(s => new Stretch(s.From < start ? start : s.From, s.To > end ? end : s.To))
            .Where(s => s.To > s.From)
            .OrderBy(s => s.From).ThenBy(s => s.To);
        var merged = new List<Stretch>();
        foreach (var s in clipped)
        {
            if (merged.Count > 0 && s.From <= merged[^1].To)
            {
                if (s.To > merged[^1].To) merged[^1] = merged[^1] with { To = s.To };
            }
            else merged.Add(s);
        }
        return merged;
    }

    /// <summary>Whole minutes present within the course (seconds summed first, then floored).</summary>
    public static int MinutesPresent(IEnumerable<Stretch> stretches, DateTimeOffset start, DateTimeOffset end) =>
        (int)(Merge(stretches, start, end).Sum(s => (long)(s.To - s.From).TotalSeconds) / 60);

    /// <summary>The course's length in whole minutes.</summary>
    public static int CourseMinutes(DateTimeOffset start, DateTimeOffset end) => end <= start ? 0 : (int)((long)(end - start).TotalSeconds / 60);

    /// <summary>Present for at least <paramref name="sharePercent"/>% of the course (exact integer arithmetic).</summary>
    public static bool Completed(int minutesPresent, int courseMinutes, int sharePercent) =>
        courseMinutes > 0 && (long)minutesPresent * 100 >= (long)courseMinutes * sharePercent;

    /// <summary>A share the organizer may set: 1–100 (percent).</summary>
    public static Error? CheckShare(int sharePercent) => sharePercent is < 1 or > 100 ? new Error("Online.Share", 1, 100) : null;

    /// <summary>Whether an interval touches the course at all (one entirely outside it is an error of the export, not a clip).</summary>
    public static bool Touches(Stretch s, DateTimeOffset start, DateTimeOffset end) => s.From < end && s.To > start;
}
