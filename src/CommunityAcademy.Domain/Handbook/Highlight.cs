using System.Net;
using System.Text;

namespace CommunityAcademy.Domain.Handbook;

/// <summary>
/// A search hit shown with its words marked: found in the paragraph's original text (ignoring case), every stretch
/// covered by a word wrapped in &lt;mark&gt;, everything HTML-encoded — the text is never trusted as markup. A long
/// paragraph is cut to a window around its first hit, with … where it was cut.
/// </summary>
public static class Highlight
{
    public static string Html(string text, IEnumerable<string> words, int window = 160)
    {
        var marks = Ranges(text, words);
        int from = 0, to = text.Length;
        if (text.Length > window)
        {
            var first = marks.Count > 0 ? marks[0].Start : 0;
            from = Math.Max(0, Math.Min(first - window / 4, text.Length - window));
            to = Math.Min(text.Length, from + window);
        }
        var sb = new StringBuilder();
        if (from > 0) sb.Append('…');
        var at = from;
        foreach (var (start, end) in marks)
        {
            if (end <= from || start >= to) continue;
            var s = Math.Max(start, from); var e = Math.Min(end, to);
            if (s > at) sb.Append(WebUtility.HtmlEncode(text[at..s]));
            sb.Append("<mark>").Append(WebUtility.HtmlEncode(text[s..e])).Append("</mark>");
            at = e;
        }
        if (at < to) sb.Append(WebUtility.HtmlEncode(text[at..to]));
        if (to < text.Length) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>The stretches of <paramref name="text"/> covered by any of the words, merged, in order.</summary>
    public static IReadOnlyList<(int Start, int End)> Ranges(string text, IEnumerable<string> words)
    {
        var found = new List<(int Start, int End)>();
        foreach (var w in words.Where(w => !string.IsNullOrEmpty(w)).Distinct())
        {
            for (var i = text.IndexOf(w, StringComparison.OrdinalIgnoreCase); i >= 0 && found.Count < 10_000;
                 i = i + w.Length < text.Length ? text.IndexOf(w, i + w.Length, StringComparison.OrdinalIgnoreCase) : -1)
                found.Add((i, i + w.Length));
        }
        found.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var r in found)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else merged.Add(r);
        }
        return merged;
    }
}
