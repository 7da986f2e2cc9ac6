namespace CommunityAcademy.Domain.Documents;

/// <summary>
/// A document title broken into lines the way GB/T 9704-2012 7.3.1 asks (回行时要做到词意完整，排列对称): only at a
/// word boundary, on as few lines as fit the text block, of lengths as near equal as those boundaries allow. Without
/// a dictionary, a boundary is where a word this vocabulary knows ends (的, 培训, 班, 第…期, 关于, 工作者 …) or a
/// marker the organizer typed (<see cref="Marker"/>), which wins over everything.
/// </summary>
public static class TitleLines
{
    /// <summary>The organizer's line break in a title: "关于…培训|第二期…".</summary>
    public const char Marker = '|';

    /// <summary>
    /// 2号 (22 pt) characters across the 156 mm text block are 20 at most (156 / 7.76 = 20.1); a line of 20 leaves under a
    /// point and LibreOffice wraps its last character (docs/documents.md), so a line holds 18 — with a character of room
    /// for a font whose full-width glyphs are a little wider than the em.
    /// </summary>
    public const int DefaultMaxChars = 18;

    /// <summary>Words after which a title may break (longest first, so 培训班 ends at 班, not inside it).</summary>
    private static readonly string[] BreakAfter =
    [
        "培训班", "工作者", "关于", "培训", "能力", "情况", "通报", "通知", "建设", "治理",
        "的", "班", "期", "和", "与", "及", "暨",
    ];

    /// <summary>The boundaries (indices where a new line may start) in <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> Boundaries(string text)
    {
        var result = new SortedSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var w in BreakAfter)
                if (string.CompareOrdinal(text, i, w, 0, w.Length) == 0 && i + w.Length < text.Length && !(w == "期" && text[i + 1] == '间'))
                {
                    result.Add(i + w.Length);
                    break;
                }
            if (char.IsPunctuation(text[i]) && i + 1 < text.Length && text[i] is not ('（' or '(' or '《' or '“')) result.Add(i + 1);
        }
        // never inside a run of digits or Latin letters ("2023年" stays whole)
        result.RemoveWhere(b => char.IsAsciiLetterOrDigit(text[b - 1]) && char.IsAsciiLetterOrDigit(text[b]));
        return result.ToList();
    }

    /// <summary>
    /// The lines of <paramref name="title"/>. With the organizer's <see cref="Marker"/>s, exactly those lines. Otherwise
    /// the fewest lines (at most <paramref name="maxChars"/> each, if the boundaries allow it) whose longest and
    /// shortest differ least; with no boundary at all, one line.
    /// </summary>
    /// <param name="fixedBoundaries">Extra places known to be word boundaries (where the class title meets the text around it).</param>
    public static IReadOnlyList<string> Break(string title, int maxChars = DefaultMaxChars, IEnumerable<int>? fixedBoundaries = null)
    {
        if (title.Contains(Marker))
            return title.Split(Marker).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        if (title.Length <= maxChars) return [title];
        var cuts = Boundaries(title).Concat(fixedBoundaries ?? []).Where(b => b > 0 && b < title.Length).Distinct().Order().ToList();
        if (cuts.Count == 0) return [title];

        List<int>? best = null;
        (int Over, int Spread) bestScore = (int.MaxValue, int.MaxValue);
        for (var lines = 2; lines <= Math.Min(cuts.Count + 1, 4) && (best is null || bestScore.Over > 0); lines++)
            foreach (var combo in Choose(cuts, lines - 1))
            {
                var lengths = Lengths(title.Length, combo);
                var score = (lengths.Sum(l => Math.Max(0, l - maxChars)), lengths.Max() - lengths.Min());
                if (score.CompareTo(bestScore) < 0) { bestScore = score; best = combo; }
            }
        var parts = new List<string>();
        var start = 0;
        foreach (var c in best!.Append(title.Length)) { parts.Add(title[start..c]); start = c; }
        return parts;
    }

    /// <summary>
    /// Checks the organizer's breaks for <paramref name="title"/>: the same words with <see cref="Marker"/>s between
    /// lines (spaces around them ignored), no empty line, at most 4 lines. Empty: back to the automatic break.
    /// </summary>
    public static Error? CheckManual(string? manual, string title)
    {
        if (string.IsNullOrWhiteSpace(manual)) return null;
        var lines = manual.Split(Marker).Select(l => l.Trim()).ToList();
        if (string.Concat(lines) != title) return new Error("Title.BreaksOnly", title);
        if (lines.Any(l => l.Length == 0) || lines.Count > 4) return new Error("Title.BadLines");
        return null;
    }

    /// <summary>Titles are short: every way of picking <paramref name="k"/> cuts in order.</summary>
    private static IEnumerable<List<int>> Choose(List<int> cuts, int k, int from = 0)
    {
        if (k == 0) { yield return []; yield break; }
        for (var i = from; i <= cuts.Count - k; i++)
            foreach (var rest in Choose(cuts, k - 1, i + 1))
                yield return [cuts[i], .. rest];
    }

    private static List<int> Lengths(int total, List<int> cuts)
    {
        var result = new List<int>();
        var start = 0;
        foreach (var c in cuts.Append(total)) { result.Add(c - start); start = c; }
        return result;
    }
}
