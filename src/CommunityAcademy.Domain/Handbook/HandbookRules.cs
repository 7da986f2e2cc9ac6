namespace CommunityAcademy.Domain.Handbook;

/// <summary>The work handbook's (工作手册, #26) fixed rules: its standard chapters, the limits of what is stored and searched.</summary>
public static class HandbookRules
{
    /// <summary>The chapters a new handbook starts with (seed 003: 党建引领、政策文件、工作方法、常见问题、重点难点问题).</summary>
    public static readonly IReadOnlyList<string> StandardChapters = ["党建引领", "政策文件", "工作方法", "常见问题", "重点难点问题"];

    public const int MaxTitle = 200;
    /// <summary>An article's Markdown, in characters (a 10 MB paste is refused with a message).</summary>
    public const int MaxBody = 200_000;
    /// <summary>What a search box keeps of a longer query (a 1,000-character query is answered from its start).</summary>
    public const int MaxQueryChars = 200;
    /// <summary>At most this many distinct words of a query go to the index.</summary>
    public const int MaxQueryWords = 16;
    public const int PageSize = 20;

    /// <summary>Why a title or body is refused (a resource key), or null.</summary>
    public static Error? CheckArticle(string? title, string? body)
    {
        if (string.IsNullOrWhiteSpace(title)) return new Error("Handbook.TitleRequired");
        if (title.Trim().Length > MaxTitle) return new Error("Handbook.TitleTooLong", MaxTitle);
        if ((body ?? "").Length > MaxBody) return new Error("Handbook.BodyTooLong", MaxBody);
        return null;
    }

    /// <summary>A typed query as searched: cut to <see cref="MaxQueryChars"/> characters (never refused).</summary>
    public static string TrimQuery(string? typed) => typed is null ? "" : typed.Length > MaxQueryChars ? typed[..MaxQueryChars] : typed;
}
