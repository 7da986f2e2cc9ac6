using System.Diagnostics;
using System.Text;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Handbook;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Search;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// 工作手册 search (issue 26 point 3) over <c>paragraphs</c> generated paragraphs. The generator (seeded, nothing fetched):
/// a vocabulary of (a) the words of the demo handbook (<see cref="SeedHandbook.Articles"/>, written from seed 003) cut by
/// jieba, and (b) the 30,000 most frequent words of 2–4 Chinese characters in jieba's own dict.txt (shipped with the app),
/// drawn by the square root of their dictionary frequency (flatter than the dictionary, so the rare words appear too);
/// a paragraph is 2–4 sentences of 6–14 words, a third of them from (a), written without spaces and ended by ，or 。.
/// Paragraphs go in 10 to an article, 5 chapters, through the same <see cref="HandbookParagraphs"/> the store uses.
/// Queries: 200 drawn from the text — 140 whole words of 2–8 characters as placed by the generator, 60 two-word phrases
/// (two adjacent words, quoted). Measured: the first page (20 hits) with the total (<see cref="HandbookSearch.SearchAsync"/>)
/// p50 ≤ 20 ms and p99 ≤ 100 ms; recall over all matches (<see cref="HandbookSearch.MatchIdsAsync"/>) against a LIKE
/// substring scan of the normalized text ≥ 0.98; the same first page and total by the LIKE scan, interleaved, ≥ 20× slower.
/// </summary>
public static class HandbookBench
{
    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int paragraphs, int queries)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var text = new ChineseText();
        var random = new Random(26);
        var (vocab, weights) = Vocabulary(text);
        var sw = Stopwatch.StartNew();
        var generated = Generate(random, vocab, weights, paragraphs, out var distinct);
        var handbook = await LoadAsync(db, text, generated);
        if (provider == "postgres") { await using var c = await db.OpenAsync(); await c.ExecuteAsync("ANALYZE handbook_paragraphs; ANALYZE handbook_articles"); }
        else { await using var c = await db.OpenAsync(); await c.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text); } // one word: Dapper would take it for a stored procedure
        var prepared = sw.Elapsed;
        var store = new HandbookStore(db, text, TimeProvider.System);
        var search = new HandbookSearch(db, text, store);
        var tree = await store.TreeAsync(handbook, articles: false);

        var qs = new List<(string Typed, string Needle)>();
        while (qs.Count < queries)
        {
            var (_, words) = generated[random.Next(generated.Count)];
            var i = random.Next(words.Count);
            if (qs.Count % 10 < 7) { if (words[i].Length is >= 2 and <= 8) qs.Add((words[i], words[i])); }
            else if (i + 1 < words.Count) qs.Add(($"\"{words[i]}{words[i + 1]}\"", words[i] + words[i + 1]));
        }

        for (var i = 0; i < 5; i++) { await search.SearchAsync(handbook, qs[i].Typed, null, 1, tree); await ScanAsync(db, handbook, qs[i].Needle); }
        var fts = new List<double>();
        var scan = new List<double>();
        long found = 0, expected = 0, totalHits = 0;
        foreach (var (typed, needle) in qs)
        {
            var t = Stopwatch.StartNew();
            var r = await search.SearchAsync(handbook, typed, null, 1, tree);
            fts.Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            await ScanAsync(db, handbook, needle);
            scan.Add(t.Elapsed.TotalMilliseconds);
            totalHits += r.Total;
            var want = await ScanIdsAsync(db, handbook, needle);
            var got = (await search.MatchIdsAsync(handbook, typed)).ToHashSet();
            expected += want.Count;
            found += want.Count(got.Contains);
        }
        fts.Sort(); scan.Sort();
        var p50 = Stats.Percentile(fts, 50); var p99 = Stats.Percentile(fts, 99);
        var s50 = Stats.Percentile(scan, 50);
        var recall = expected == 0 ? 1 : (double)found / expected;
        var label = $"handbook search, {paragraphs:N0} paragraphs";
        return
        [
            new(label, provider, "generated and indexed", $"{prepared.TotalSeconds:F0} s ({distinct:N0} distinct generated words)", "≥ 20,000 words", distinct >= 20_000),
            new(label, provider, "first page + total p50", $"{p50:F1} ms", "≤ 20 ms", p50 <= 20, $"handbook p50 ms ({provider}): {p50:F1}"),
            new(label, provider, "first page + total p99", $"{p99:F1} ms", "≤ 100 ms", p99 <= 100),
            new(label, provider, "recall vs LIKE scan", $"{recall:F4} ({found:N0} of {expected:N0} matches; {totalHits / (double)queries:F0} hits/query)", "≥ 0.98", recall >= 0.98),
            new(label, provider, "LIKE scan p50 ÷ index p50", $"{s50 / p50:F0}× ({s50:F1} ms)", "≥ 20×", s50 / p50 >= 20),
        ];
    }

    private static (List<string> Words, double[] Cumulative) Vocabulary(ChineseText text)
    {
        var seed = SeedHandbook.Articles.SelectMany(a => text.Words(a.Title + "。" + a.Body)).Where(w => w.Length >= 2 && w.All(IsHan)).Distinct().ToList();
        var dict = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "jieba", "dict.txt"))
            .Select(l => l.Split(' ')).Where(p => p.Length >= 2 && p[0].Length is >= 2 and <= 4 && p[0].All(IsHan))
            .Select(p => (Word: p[0], Freq: double.Parse(p[1]))).OrderByDescending(p => p.Freq).Take(30_000).ToList();
        var words = new List<string>(dict.Select(d => d.Word));
        var cumulative = new double[words.Count];
        double sum = 0;
        for (var i = 0; i < dict.Count; i++) cumulative[i] = sum += Math.Sqrt(dict[i].Freq);
        words.AddRange(seed);
        return (words, cumulative);
    }

    private static bool IsHan(char c) => c >= '\u4e00' && c <= '\u9fff';

    /// <summary>The paragraphs as text with the words they were built from (the queries come from these).</summary>
    private static List<(string Text, List<string> Words)> Generate(Random random, List<string> vocab, double[] cumulative, int n, out int distinct)
    {
        var dictCount = cumulative.Length;
        var seedWords = vocab.Skip(dictCount).ToList();
        var used = new HashSet<string>();
        var list = new List<(string, List<string>)>(n);
        for (var i = 0; i < n; i++)
        {
            var sb = new StringBuilder();
            var words = new List<string>();
            var sentences = random.Next(2, 5);
            for (var s = 0; s < sentences; s++)
            {
                var count = random.Next(6, 15);
                for (var w = 0; w < count; w++)
                {
                    string word;
                    if (random.Next(3) == 0) word = seedWords[random.Next(seedWords.Count)];
                    else
                    {
                        var x = random.NextDouble() * cumulative[^1];
                        var k = Array.BinarySearch(cumulative, x);
                        word = vocab[k < 0 ? Math.Min(~k, dictCount - 1) : k];
                    }
                    sb.Append(word); words.Add(word); used.Add(word);
                }
                sb.Append(s == sentences - 1 ? '。' : '，');
            }
            list.Add((sb.ToString(), words));
        }
        distinct = used.Count;
        return list;
    }

    private static async Task<long> LoadAsync(Db db, ChineseText text, List<(string Text, List<string> Words)> generated)
    {
        var indexed = new IndexedParagraph[generated.Count];
        Parallel.For(0, generated.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            indexed[i] = new IndexedParagraph(i % 10 + 1, generated[i].Text, HandbookParagraphs.Norm(generated[i].Text), text.ForIndex(generated[i].Text)));
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var handbook = await c.ExecuteScalarAsync<long>("INSERT INTO handbooks (title, created_at) VALUES ('基准手册', @now) RETURNING id", new { now }, tx);
            var chapters = new List<long>();
            for (var i = 0; i < 5; i++) chapters.Add(await HandbookStore.InsertChapterAsync(c, tx, handbook, null, $"第{i + 1}章", i));
            var rows = new List<object?[]>(generated.Count);
            for (var a = 0; a * 10 < generated.Count; a++)
            {
                var chapter = chapters[a % 5];
                var article = await c.ExecuteScalarAsync<long>("INSERT INTO handbook_articles (chapter_id, title, body, updated_at) VALUES (@chapter, @title, '', @now) RETURNING id",
                    new { chapter, title = $"条目{a + 1}", now }, tx);
                for (var i = a * 10; i < Math.Min(generated.Count, a * 10 + 10); i++)
                    rows.Add([article, handbook, chapter, indexed[i].Ord, indexed[i].Text, indexed[i].Norm, indexed[i].Words]);
            }
            await db.BulkInsertAsync(c, tx, "handbook_paragraphs", ["article_id", "handbook_id", "chapter_id", "ord", "text", "norm", "words"], rows);
            return handbook;
        });
    }

    private const string ScanWhere = "FROM handbook_paragraphs p WHERE p.handbook_id = @handbook AND p.norm LIKE @like ESCAPE '\\'";

    /// <summary>The same answer by a substring scan: the total and the first 20 paragraphs.</summary>
    private static async Task<int> ScanAsync(Db db, long handbook, string needle)
    {
        await using var c = await db.OpenAsync();
        var like = "%" + HandbookSearch.Like(HandbookParagraphs.Norm(needle)) + "%";
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {ScanWhere}", new { handbook, like });
        var page = (await c.QueryAsync<(long, string)>($"SELECT p.id, p.text {ScanWhere} ORDER BY p.id LIMIT 20", new { handbook, like })).Count();
        return (int)total + page;
    }

    private static async Task<List<long>> ScanIdsAsync(Db db, long handbook, string needle)
    {
        await using var c = await db.OpenAsync();
        var like = "%" + HandbookSearch.Like(HandbookParagraphs.Norm(needle)) + "%";
        return (await c.QueryAsync<long>($"SELECT p.id {ScanWhere}", new { handbook, like })).ToList();
    }
}
