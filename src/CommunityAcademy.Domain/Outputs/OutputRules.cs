namespace CommunityAcademy.Domain.Outputs;

/// <summary>A structured entry's category: 人/文/地/产/景 (Kind) with an optional subkind (能人, 骨干).</summary>
public readonly record struct OutputCategory(string Kind, string? Subkind)
{
    public override string ToString() => Subkind is null ? Kind : $"{Kind}/{Subkind}";
}

/// <summary>
/// The rules of a group's outputs (#17 points 2–4, 7), without a database: how long a text, an entry, a comment may
/// be, and which categories a template's section allows ("人/能人" is kind 人, subkind 能人 — kept apart so the
/// community-resources feature can take the entries over as they are).
/// </summary>
public static class OutputRules
{
    public const int MaxText = 20_000, MaxName = 100, MaxDescription = 1_000, MaxComment = 200;

    /// <summary>A text section as stored: line ends as \n, no trailing blanks; too long is refused with the limit and the length.</summary>
    public static Result<string> Text(string? body)
    {
        var text = (body ?? "").Replace("\r\n", "\n").TrimEnd();
        return text.Length > MaxText ? new Error("Outputs.TextTooLong", MaxText, text.Length) : Result<string>.Ok(text);
    }

    /// <summary>The category, if the section lists it.</summary>
    public static Result<OutputCategory> Category(string? category, IReadOnlyList<string> allowed)
    {
        var c = category?.Trim() ?? "";
        if (!allowed.Contains(c)) return new Error("Outputs.UnknownCategory", c, string.Join("、", allowed));
        var slash = c.IndexOf('/');
        return Result<OutputCategory>.Ok(slash < 0 ? new OutputCategory(c, null) : new OutputCategory(c[..slash], c[(slash + 1)..]));
    }

    /// <summary>An entry's name (required, short) and description (optional).</summary>
    public static Result<(string Name, string? Description)> Entry(string? name, string? description)
    {
        var n = name?.Trim() ?? "";
        var d = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (n.Length is 0 or > MaxName) return new Error("Outputs.EntryName", MaxName);
        if (d?.Length > MaxDescription) return new Error("Outputs.TextTooLong", MaxDescription, d.Length);
        return Result<(string, string?)>.Ok((n, d));
    }

    /// <summary>A visitor's comment: not empty, at most 200 characters.</summary>
    public static Result<string> Comment(string? body)
    {
        var b = body?.Trim() ?? "";
        return b.Length is 0 or > MaxComment ? new Error("Outputs.CommentLength", MaxComment) : Result<string>.Ok(b);
    }
}
