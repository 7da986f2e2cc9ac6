using System.Globalization;
using System.Text;
using CommunityAcademy.Domain.Text;
using JiebaNet.Segmenter;

namespace CommunityAcademy.Web.Infrastructure.Search;

/// <summary>
/// The one text-analysis service: Chinese text cut into words (jieba, search mode: 社区工作者 also yields 社区, 工作,
/// 工作者) so that the database's own full-text index — SQLite FTS5, PostgreSQL to_tsvector('simple') — can index and
/// search it; every web node segments the same way, so they all search one index. Feedback analysis and the handbook
/// use it; nothing else segments text.
/// </summary>
public sealed class ChineseText
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        // The dictionaries travel beside the application (see the .csproj), wherever it is started from.
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    // jieba's dictionaries are shared and read-only once loaded; a segmenter per thread keeps its own state.
    private static readonly ThreadLocal<JiebaSegmenter> Segmenter = new(() => { _ = Configured.Value; return new JiebaSegmenter(); });

    /// <summary>The words of <paramref name="text"/> for an index: NFKC (全角 → 半角), Latin lower-cased, spaces and
    /// punctuation dropped, in order, with the shorter words search mode finds inside longer ones.</summary>
    public IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return Segmenter.Value!.CutForSearch(Normal(text)).Select(w => w.Trim()).Where(IsWord).ToList();
    }

    /// <summary>The text as the index stores it: its words separated by single spaces.</summary>
    public string ForIndex(string? text) => string.Join(' ', Words(text));

    /// <summary>
    /// A search box's text as a query: each plain part's words are terms (all must match), a quoted part one phrase.
    /// Search mode is not used for the query (社区工作者 stays one term, which the index has as a word).
    /// </summary>
    public SearchQuery Query(string? typed)
    {
        var terms = new List<IReadOnlyList<string>>();
        foreach (var (part, phrase) in SearchQuery.Parts(typed))
        {
            var words = Segmenter.Value!.Cut(Normal(part)).Select(w => w.Trim()).Where(IsWord).ToList();
            if (words.Count == 0) continue;
            if (phrase) terms.Add(words);
            else terms.AddRange(words.Select(w => (IReadOnlyList<string>)[w]));
        }
        return new SearchQuery(terms);
    }

    /// <summary>
    /// The terms of a free-text answer for feedback analysis (#23): precise-mode words in order (社区工作者 stays one
    /// word), without stop words (<c>stopwords-zh.txt</c> beside this file), words of one character, and numbers.
    /// Done when an answer is saved; the analysis counts the stored terms (<c>SurveyCounting.Frequent</c>).
    /// </summary>
    public IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return Segmenter.Value!.Cut(Normal(text)).Select(w => w.Trim())
            .Where(w => w.Length > 1 && IsWord(w) && !w.All(char.IsDigit) && !StopWords.Value.Contains(w)).ToList();
    }

    /// <summary>Is <paramref name="word"/> a stop word of feedback analysis?</summary>
    public static bool IsStopWord(string word) => StopWords.Value.Contains(Normal(word));

    private static readonly Lazy<HashSet<string>> StopWords = new(() =>
    {
        using var stream = typeof(ChineseText).Assembly.GetManifestResourceStream("Search.stopwords-zh.txt")
            ?? throw new InvalidOperationException("The stop-word list (Search.stopwords-zh.txt) is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#')) words.Add(Normal(line));
        }
        return words;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>One form for the index and the query: NFKC (全角 → 半角), Latin lower-cased.</summary>
    private static string Normal(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    private static bool IsWord(string w) => w.Length > 0 && w.Any(c => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter);
}
