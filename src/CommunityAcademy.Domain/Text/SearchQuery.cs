using System.Text;

namespace CommunityAcademy.Domain.Text;

/// <summary>
/// What a person typed into a search box, as words and phrases already segmented (the web layer's Chinese
/// segmenter cuts "社区治理" into 社区 / 治理): every term must match; a phrase ("…" in the box) matches its words in
/// order. Written out for SQLite FTS5 (MATCH) and for PostgreSQL full text (to_tsquery('simple', …)), both over
/// text indexed as its words separated by spaces.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<IReadOnlyList<string>> Terms)
{
    public bool IsEmpty => Terms.Count == 0;

    /// <summary>Splits typed text into plain parts and quoted phrases ("…" or “…”), in order, unquoted parts trimmed.</summary>
    public static IReadOnlyList<(string Text, bool Phrase)> Parts(string? typed)
    {
        var parts = new List<(string, bool)>();
        var s = (typed ?? "").Replace('“', '"').Replace('”', '"');
        var inPhrase = false;
        var current = new StringBuilder();
        void flush()
        {
            var t = current.ToString().Trim();
            if (t.Length > 0) parts.Add((t, inPhrase));
            current.Clear();
        }
        foreach (var c in s)
        {
            if (c == '"') { flush(); inPhrase = !inPhrase; }
            else current.Append(c);
        }
        flush();
        return parts;
    }

    /// <summary>FTS5: every term quoted (a quote inside doubled), a phrase as one quoted string of its words: "社区" "治理 创新".</summary>
    public string ToFts5() => string.Join(" ", Terms.Select(t => "\"" + string.Join(" ", t).Replace("\"", "\"\"") + "\""));

    /// <summary>PostgreSQL tsquery: terms joined by &amp;, a phrase's words by &lt;-&gt;, each word quoted: '社区' &amp; ('治理' &lt;-&gt; '创新').</summary>
    public string ToTsQuery() => string.Join(" & ", Terms.Select(t =>
    {
        var words = t.Select(w => "'" + w.Replace("\\", "\\\\").Replace("'", "''") + "'").ToList();
        return words.Count == 1 ? words[0] : "(" + string.Join(" <-> ", words) + ")";
    }));
}
