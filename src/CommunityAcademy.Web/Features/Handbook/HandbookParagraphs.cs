using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Search;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>A paragraph as the index keeps it: shown text, normalized text (phrase checks), words (ChineseText.ForIndex).</summary>
public sealed record IndexedParagraph(int Ord, string Text, string Norm, string Words);

/// <summary>
/// An article cut into the paragraphs search finds: its title (a question for a Q&amp;A) first, then each block of its
/// Markdown (blank lines apart) as plain text. Words come from the one text-analysis service (<see cref="ChineseText"/>).
/// </summary>
public static partial class HandbookParagraphs
{
    [GeneratedRegex(@"\n\s*\n")] private static partial Regex Blocks();
    [GeneratedRegex(@"\s+")] private static partial Regex Space();

    public static IReadOnlyList<IndexedParagraph> Of(ChineseText text, string title, string body)
    {
        var list = new List<IndexedParagraph>();
        void add(string t)
        {
            t = Space().Replace(t, " ").Trim();
            if (t.Length == 0) return;
            var words = text.ForIndex(t);
            if (words.Length == 0) return;
            list.Add(new(list.Count, t, Norm(t), words));
        }
        add(title);
        foreach (var block in Blocks().Split((body ?? "").Replace("\r\n", "\n")))
            add(Markdown.ToPlainText(block));
        return list;
    }

    /// <summary>The form a phrase is checked against: NFKC (全角 → 半角), lower case, no white space.</summary>
    public static string Norm(string s)
    {
        var n = s.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(n.Length);
        foreach (var c in n) if (!char.IsWhiteSpace(c)) sb.Append(c);
        return sb.ToString();
    }
}
