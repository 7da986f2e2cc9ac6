namespace CommunityAcademy.Domain.LearningLogs;

/// <summary>
/// 学员日志 (#23 point 1): a short entry a day. The rules a trainee's entry and a staff comment keep, without a database:
/// the length of each, and which days of the class may carry an entry (a day of the class, not after today).
/// </summary>
public static class LogRules
{
    /// <summary>The longest entry, in characters (a day's entry is short; a pasted book is refused with this number).</summary>
    public const int MaxLength = 5000;
    /// <summary>The longest comment of the head teacher or organizer.</summary>
    public const int MaxCommentLength = 1000;

    /// <summary>The entry's text, or why not (a text over <see cref="MaxLength"/>). An empty text is a valid draft.</summary>
    public static Error? CheckBody(string? body) =>
        (body ?? "").Length > MaxLength ? new Error("Logs.TooLong", MaxLength, (body ?? "").Length) : null;

    public static Error? CheckComment(string? body)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0) return new Error("Logs.CommentRequired");
        return text.Length > MaxCommentLength ? new Error("Logs.CommentTooLong", MaxCommentLength) : null;
    }

    /// <summary>A day of the class (start…end) that is not after today (the class's own calendar).</summary>
    public static Error? CheckDay(DateOnly day, DateOnly classStart, DateOnly classEnd, DateOnly today)
    {
        if (day < classStart || day > classEnd) return new Error("Logs.DayOutsideClass", day.ToString("yyyy-MM-dd"));
        return day > today ? new Error("Logs.DayInFuture", day.ToString("yyyy-MM-dd")) : null;
    }

    /// <summary>The day a trainee's page opens on: today within the class, else its last day before today, else its first.</summary>
    public static DateOnly DefaultDay(DateOnly classStart, DateOnly classEnd, DateOnly today) =>
        today < classStart ? classStart : today > classEnd ? classEnd : today;
}
