using CommunityAcademy.Domain.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Search;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>The one text-analysis service: jieba's words feed the database's own full-text index, the same on SQLite and PostgreSQL.</summary>
public class ChineseTextTests
{
    private static readonly ChineseText Text = new();

    [Fact]
    public void Feedback_terms_are_precise_words_without_stop_words_one_character_noise_or_numbers()
    {
        var terms = Text.Terms("我们觉得课程设置很接地气，现场教学非常有指导性，希望2021年多安排现场教学。");
        Assert.Contains("指导性", terms);
        Assert.Contains("设置", terms);
        Assert.Equal(2, terms.Count(t => t == "现场")); // in order, repeats kept: phrases (现场教学) are counted from them
        Assert.Equal("现场", terms[terms.ToList().IndexOf("教学") - 1]);
        Assert.DoesNotContain("我们", terms);   // stop words (stopwords-zh.txt)
        Assert.DoesNotContain("希望", terms);
        Assert.DoesNotContain("很", terms);     // one character
        Assert.DoesNotContain("2021", terms);  // numbers
        Assert.True(ChineseText.IsStopWord("非常"));
        Assert.Empty(Text.Terms("  <b></b>"));
        Assert.Equal(["script", "alert"], Text.Terms("<script>alert(1)</script>").Distinct());
    }

    [Fact]
    public void Chinese_is_cut_into_words_with_the_shorter_words_inside_longer_ones_for_the_index()
    {
        var words = Text.Words("社区工作者要以党建引领基层治理。");
        Assert.Contains("社区", words);
        Assert.Contains("工作者", words);
        Assert.Contains("党建", words);
        Assert.Contains("治理", words);
        Assert.DoesNotContain("。", words);
        Assert.Equal(string.Join(' ', words), Text.ForIndex("社区工作者要以党建引领基层治理。"));
        // full-width letters and digits become half-width, Latin lower-case
        Assert.Contains("520", Text.Words("幸福石榴园，服务５２０"));
        Assert.Contains("app", Text.Words("社区APP"));
        Assert.Empty(Text.Words("  ，。！"));
    }

    [Fact]
    public void A_search_box_gives_terms_and_quoted_phrases()
    {
        var q = Text.Query("基层治理 “党建引领”");
        Assert.Equal([["基层"], ["治理"], ["党建", "引领"]], q.Terms.Select(t => t.ToArray()).ToArray());
        Assert.Equal("\"基层\" \"治理\" \"党建 引领\"", q.ToFts5());
        Assert.Equal("'基层' & '治理' & ('党建' <-> '引领')", q.ToTsQuery());
        Assert.True(Text.Query(" 。 ").IsEmpty);
        // quotes typed inside a term cannot break out of it
        Assert.Equal("'o''brien'", new SearchQuery([["o'brien"]]).ToTsQuery());
        Assert.Equal("\"a\"\"b\"", new SearchQuery([["a\"b"]]).ToFts5());
    }
}

/// <summary>The same words searched by each database's own full-text index.</summary>
public abstract class FullTextIndexTests(TestApp app)
{
    private static readonly ChineseText Text = new();

    private static readonly string[] Paragraphs =
    [
        "坚持党建引领，推动基层治理创新。",
        "社区工作者应熟悉居民需求，发掘社区骨干。",
        "引领党建工作的是社区党委。",
        "场景营造需要居民参与和资源整合。",
    ];

    private async Task<List<int>> SearchAsync(string typed)
    {
        var db = app.Get<Db>();
        await using var c = await db.OpenAsync();
        var q = Text.Query(typed);
        if (db.IsSqlite)
        {
            await c.ExecuteAsync("CREATE VIRTUAL TABLE IF NOT EXISTS temp.ft_probe USING fts5(body, n UNINDEXED)");
            await c.ExecuteAsync("DELETE FROM temp.ft_probe");
            foreach (var (p, i) in Paragraphs.Select((p, i) => (p, i)))
                await c.ExecuteAsync("INSERT INTO temp.ft_probe (body, n) VALUES (@body, @i)", new { body = Text.ForIndex(p), i });
            return (await c.QueryAsync<int>("SELECT n FROM temp.ft_probe WHERE ft_probe MATCH @q ORDER BY bm25(ft_probe), n", new { q = q.ToFts5() })).ToList();
        }
        await c.ExecuteAsync("CREATE TEMP TABLE IF NOT EXISTS ft_probe (n INTEGER, body TSVECTOR)");
        await c.ExecuteAsync("DELETE FROM ft_probe");
        foreach (var (p, i) in Paragraphs.Select((p, i) => (p, i)))
            await c.ExecuteAsync("INSERT INTO ft_probe (n, body) VALUES (@i, to_tsvector('simple', @body))", new { body = Text.ForIndex(p), i });
        return (await c.QueryAsync<int>(
            "SELECT n FROM ft_probe WHERE body @@ to_tsquery('simple', @q) ORDER BY ts_rank(body, to_tsquery('simple', @q)) DESC, n", new { q = q.ToTsQuery() })).ToList();
    }

    [Fact]
    public async Task Words_phrases_and_words_inside_longer_ones_are_found()
    {
        Assert.Equal([0, 2], (await SearchAsync("党建")).Order());
        Assert.Equal([0], await SearchAsync("\"党建引领\""));           // the phrase, in order: not 2's 引领党建
        Assert.Equal([1], await SearchAsync("社区 骨干"));
        Assert.Equal([1], await SearchAsync("工作者"));                  // a word inside 社区工作者
        Assert.Empty(await SearchAsync("星级"));
        Assert.Equal([3], await SearchAsync("居民 资源"));
    }
}

public sealed class FullTextIndexTests_Sqlite(SqliteDemo app) : FullTextIndexTests(app), IClassFixture<SqliteDemo>;
public sealed class FullTextIndexTests_Postgres(PostgresDemo app) : FullTextIndexTests(app), IClassFixture<PostgresDemo>;
