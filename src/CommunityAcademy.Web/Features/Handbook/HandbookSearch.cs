using CommunityAcademy.Domain.Handbook;
using CommunityAcademy.Domain.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Search;
using Dapper;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>A query as searched: the words asked of the index, the phrases checked in the text, and why nothing was searched.</summary>
public sealed record HandbookQuery(string Typed, IReadOnlyList<string> Words, IReadOnlyList<string> Phrases)
{
    public bool IsEmpty => Words.Count == 0;
}

/// <summary>One hit: a paragraph, its article and chapter path, the paragraph with the words marked (HTML, encoded).</summary>
public sealed record HandbookHit(long ArticleId, int Ord, string ArticleTitle, string Kind, long ChapterId, IReadOnlyList<string> Path, string Html);
public sealed record HandbookResults(HandbookQuery Query, int Total, int Page, IReadOnlyList<HandbookHit> Hits)
{
    public int Pages => (Total + HandbookRules.PageSize - 1) / HandbookRules.PageSize;
}

/// <summary>
/// 工作手册 search (#26 point 2): the query cut by the one text-analysis service (<see cref="ChineseText.Query"/>), its
/// words asked of the database's own full-text index — SQLite FTS5 (MATCH, ranked by bm25) or PostgreSQL
/// (tsv @@ to_tsquery('simple', …), ranked by ts_rank, GIN index) — every word required; a quoted phrase also has to
/// appear as written (its words adjacent in the normalized paragraph: the index holds search-mode words, where
/// 议事会 also yields 议事, so positions cannot be trusted for phrases). Every word is quoted for the index, so no
/// typed character is syntax there: a query of only punctuation, FTS operators (" NEAR * ( ) : ^ -) or 1,000
/// characters is answered. Hits are highlighted in C# on the original text.
/// </summary>
public sealed class HandbookSearch(Db db, ChineseText text, HandbookStore store)
{
    public HandbookQuery Parse(string? typed)
    {
        var q = text.Query(HandbookRules.TrimQuery(typed));
        var words = q.Terms.SelectMany(t => t).Distinct().Take(HandbookRules.MaxQueryWords).ToList();
        var phrases = q.Terms.Where(t => t.Count > 1).Select(t => HandbookParagraphs.Norm(string.Concat(t))).Distinct().ToList();
        return new HandbookQuery(typed ?? "", words, phrases);
    }

    /// <summary>The FROM … WHERE of a query (the index's match, the handbook, the chapter and its sections, the phrases) and its parameters.</summary>
    private (string From, string Rank, DynamicParameters P) Sql(HandbookQuery query, long handbookId, long? chapterId)
    {
        var single = new SearchQuery(query.Words.Select(w => (IReadOnlyList<string>)[w]).ToList());
        var p = new DynamicParameters();
        p.Add("handbookId", handbookId);
        p.Add("chapterId", chapterId);
        var where = "p.handbook_id = @handbookId";
        if (chapterId is not null) where += " AND p.chapter_id IN (SELECT id FROM handbook_chapters WHERE id = @chapterId OR parent_id = @chapterId)";
        for (var i = 0; i < query.Phrases.Count; i++)
        {
            p.Add($"phrase{i}", "%" + Like(query.Phrases[i]) + "%");
            where += $" AND p.norm LIKE @phrase{i} ESCAPE '\\'";
        }
        if (db.IsSqlite)
        {
            p.Add("match", single.ToFts5());
            return ($"FROM handbook_fts JOIN handbook_paragraphs p ON p.id = handbook_fts.rowid WHERE handbook_fts MATCH @match AND {where}", "bm25(handbook_fts)", p);
        }
        p.Add("tsq", single.ToTsQuery());
        return ($"FROM handbook_paragraphs p WHERE p.tsv @@ to_tsquery('simple', @tsq) AND {where}", "ts_rank(p.tsv, to_tsquery('simple', @tsq)) DESC", p);
    }

    public async Task<HandbookResults> SearchAsync(long handbookId, string? typed, long? chapterId = null, int page = 1, HandbookTree? tree = null)
    {
        var query = Parse(typed);
        page = Math.Max(1, page);
        if (query.IsEmpty) return new(query, 0, page, []);
        var (from, rank, p) = Sql(query, handbookId, chapterId);
        p.Add("limit", HandbookRules.PageSize);
        p.Add("offset", (page - 1) * HandbookRules.PageSize);
        await using var c = await db.OpenAsync();
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) {from}", p);
        var rows = total == 0 ? [] : (await c.QueryAsync<(long Id, long ArticleId, long Ord, string Text, string Title, string Kind, long ChapterId)>(
            $"SELECT x.id, x.article_id, x.ord, x.text, a.title, a.kind, a.chapter_id FROM (SELECT p.id, p.article_id, p.ord, p.text, {rank.Replace(" DESC", "")} AS score {from} ORDER BY {rank}, p.id LIMIT @limit OFFSET @offset) x " +
            $"JOIN handbook_articles a ON a.id = x.article_id ORDER BY {(db.IsSqlite ? "x.score" : "x.score DESC")}, x.id", p)).ToList();
        if (rows.Count == 0) return new(query, (int)total, page, []);
        tree ??= await store.TreeAsync(handbookId, articles: false);
        var marks = query.Words.Concat(query.Phrases).ToList();
        var hits = rows.Select(r => new HandbookHit(r.ArticleId, (int)r.Ord, r.Title, r.Kind, r.ChapterId, tree?.Path(r.ChapterId) ?? [], Highlight.Html(r.Text, marks))).ToList();
        return new(query, (int)total, page, hits);
    }

    /// <summary>Every paragraph the query matches (no ranking, no page): the benchmark's recall check against a substring scan.</summary>
    public async Task<IReadOnlyList<long>> MatchIdsAsync(long handbookId, string? typed)
    {
        var query = Parse(typed);
        if (query.IsEmpty) return [];
        var (from, _, p) = Sql(query, handbookId, null);
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<long>($"SELECT p.id {from}", p)).ToList();
    }

    /// <summary>The text for LIKE: %, _ and \ taken literally (ESCAPE '\').</summary>
    public static string Like(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
