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

    public async Task<HandbookResults> SearchAsync(long handbookId, string? typed, long? chapterId = null, int page = 1, HandbookTree? tree = null)
    {
        var query = Parse(typed);
        page = Math.Max(1, page);
        if (query.IsEmpty) return new(query, 0, page, []);
        var single = new SearchQuery(query.Words.Select(w => (IReadOnlyList<string>)[w]).ToList());
        var p = new DynamicParameters();
        p.Add("handbookId", handbookId);
        p.Add("chapterId", chapterId);
        p.Add("limit", HandbookRules.PageSize);
        p.Add("offset", (page - 1) * HandbookRules.PageSize);
        var where = "p.handbook_id = @handbookId";
        if (chapterId is not null) where += " AND p.chapter_id IN (SELECT id FROM handbook_chapters WHERE id = @chapterId OR parent_id = @chapterId)";
        for (var i = 0; i < query.Phrases.Count; i++)
        {
            p.Add($"phrase{i}", "%" + Like(query.Phrases[i]) + "%");
            where += $" AND p.norm LIKE @phrase{i} ESCAPE '\\'";
        }
        string countSql, pageSql;
        if (db.IsSqlite)
        {
            p.Add("match", single.ToFts5());
            const string from = "FROM handbook_fts JOIN handbook_paragraphs p ON p.id = handbook_fts.rowid";
            countSql = $"SELECT COUNT(*) {from} WHERE handbook_fts MATCH @match AND {where}";
            pageSql = $"SELECT p.id, p.article_id, p.ord, p.text, a.title, a.kind, a.chapter_id {from} JOIN handbook_articles a ON a.id = p.article_id WHERE handbook_fts MATCH @match AND {where} ORDER BY bm25(handbook_fts), p.id LIMIT @limit OFFSET @offset";
        }
        else
        {
            p.Add("tsq", single.ToTsQuery());
            countSql = $"SELECT COUNT(*) FROM handbook_paragraphs p WHERE p.tsv @@ to_tsquery('simple', @tsq) AND {where}";
            pageSql = $"SELECT p.id, p.article_id, p.ord, p.text, a.title, a.kind, a.chapter_id FROM handbook_paragraphs p JOIN handbook_articles a ON a.id = p.article_id WHERE p.tsv @@ to_tsquery('simple', @tsq) AND {where} ORDER BY ts_rank(p.tsv, to_tsquery('simple', @tsq)) DESC, p.id LIMIT @limit OFFSET @offset";
        }
        await using var c = await db.OpenAsync();
        var total = await c.ExecuteScalarAsync<long>(countSql, p);
        var rows = total == 0 ? [] : (await c.QueryAsync<(long Id, long ArticleId, long Ord, string Text, string Title, string Kind, long ChapterId)>(pageSql, p)).ToList();
        if (rows.Count == 0) return new(query, (int)total, page, []);
        tree ??= await store.TreeAsync(handbookId, articles: false);
        var marks = query.Words.Concat(query.Phrases).ToList();
        var hits = rows.Select(r => new HandbookHit(r.ArticleId, (int)r.Ord, r.Title, r.Kind, r.ChapterId, tree?.Path(r.ChapterId) ?? [], Highlight.Html(r.Text, marks))).ToList();
        return new(query, (int)total, page, hits);
    }

    /// <summary>The text for LIKE: %, _ and \ taken literally (ESCAPE '\').</summary>
    public static string Like(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
