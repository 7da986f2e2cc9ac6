namespace CommunityAcademy.Domain;

/// <summary>
/// Every field that holds a web address (a session's online link, and any that come after it) is checked here.
/// A link is one line: a control character (below U+0020, or U+007F — line breaks and tabs included) is refused
/// before anything else, because a line break in a link would start a new line in every file that carries it
/// (an .ics, a CSV) and add whatever follows to it.
/// </summary>
public static class WebLinks
{
    public static bool HasControlCharacter(string? text) => text is not null && text.AsSpan().ContainsAny(Controls);

    private static readonly System.Buffers.SearchValues<char> Controls =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(i => (char)i), '\u007F']);

    /// <summary>
    /// Null when <paramref name="text"/> is empty or an http(s) address of at most <paramref name="maxLength"/>
    /// characters without control characters. The text is checked as typed (not trimmed): a trailing line break
    /// is refused too.
    /// </summary>
    public static Error? Check(string? text, int maxLength, string badCode)
    {
        if (string.IsNullOrWhiteSpace(text)) return HasControlCharacter(text) ? new Error("Link.ControlCharacter") : null;
        if (HasControlCharacter(text)) return new Error("Link.ControlCharacter");
        var link = text.Trim();
        if (link.Length > maxLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return new Error(badCode);
        return null;
    }
}
