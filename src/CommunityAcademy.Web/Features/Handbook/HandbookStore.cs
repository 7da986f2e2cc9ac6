using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Handbook;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Search;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Handbook;

public sealed record HandbookDto(long Id, string Title, string Description);
public sealed record ChapterDto { public long Id { get; init; } public long HandbookId { get; init; } public long? ParentId { get; init; } public int SortOrder { get; init; } public string Title { get; init; } = ""; }
public sealed record ArticleHead { public long Id { get; init; } public long ChapterId { get; init; } public string Kind { get; init; } = ""; public int SortOrder { get; init; } public string Title { get; init; } = ""; }
public sealed record ArticleDto
{
    public long Id { get; init; }
    public long ChapterId { get; init; }
    public long HandbookId { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}
public sealed record VersionDto
{
    public int Version { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string? Note { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public string? ChangedBy { get; init; }
}
/// <summary>A handbook with its chapters (sections have a parent) and its articles' titles.</summary>
public sealed record HandbookTree(HandbookDto Handbook, IReadOnlyList<ChapterDto> Chapters, IReadOnlyList<ArticleHead> Articles)
{
    public IEnumerable<ChapterDto> Top => Chapters.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Id);
    public IEnumerable<ChapterDto> Sections(long chapter) => Chapters.Where(c => c.ParentId == chapter).OrderBy(c => c.SortOrder).ThenBy(c => c.Id);
    public IEnumerable<ArticleHead> In(long chapter) => Articles.Where(a => a.ChapterId == chapter).OrderBy(a => a.SortOrder).ThenBy(a => a.Id);
    /// <summary>手册 › 章 › 节: where a chapter sits.</summary>
    public IReadOnlyList<string> Path(long chapter)
    {
        var path = new List<string>();
        for (var c = Chapters.FirstOrDefault(x => x.Id == chapter); c is not null; c = c.ParentId is { } p ? Chapters.FirstOrDefault(x => x.Id == p) : null)
            path.Insert(0, c.Title);
        path.Insert(0, Handbook.Title);
        return path;
    }
}

/// <summary>
/// 工作手册 (#26 point 1): handbooks, chapters with sections, articles (Markdown, shown sanitized) and questions with
/// answers, every save a version with who and when, editors chosen per handbook. Every save re-indexes the article's
/// paragraphs (<see cref="HandbookParagraphs"/>) in the same transaction, so search never sees half an article.
/// Readers: every signed-in user; editors: a handbook's editors; administrators and organizers manage all.
/// </summary>
public sealed class HandbookStore(Db db, ChineseText text, TimeProvider clock) : IAttachmentOwnerAccess
{
    public const string FileKind = "handbook_article";

    public static bool CanManage(CurrentUser me) => me.IsIn(Role.Administrator) || me.IsIn(Role.Organizer);

    public async Task<bool> CanEditAsync(CurrentUser me, long handbookId)
    {
        if (CanManage(me)) return true;
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handbook_editors WHERE handbook_id = @hb AND user_id = @userId",
            new { hb = handbookId, userId = me.Id }) > 0;
    }

    public async Task<IReadOnlyList<HandbookDto>> ListAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<HandbookDto>("SELECT id, title, description FROM handbooks ORDER BY id")).ToList();
    }

    public async Task<HandbookTree?> TreeAsync(long id, bool articles = true)
    {
        await using var c = await db.OpenAsync();
        var h = await c.QuerySingleOrDefaultAsync<HandbookDto>("SELECT id, title, description FROM handbooks WHERE id = @id", new { id });
        if (h is null) return null;
        var chapters = (await c.QueryAsync<ChapterDto>("SELECT id, handbook_id, parent_id, sort_order, title FROM handbook_chapters WHERE handbook_id = @id", new { id })).ToList();
        var heads = !articles ? [] : (await c.QueryAsync<ArticleHead>("""
            SELECT a.id, a.chapter_id, a.kind, a.sort_order, a.title FROM handbook_articles a
            JOIN handbook_chapters ch ON ch.id = a.chapter_id WHERE ch.handbook_id = @id
            """, new { id })).ToList();
        return new HandbookTree(h, chapters, heads);
    }

    /// <summary>A new handbook with the standard chapters.</summary>
    public Task<long> CreateHandbookAsync(CurrentUser me, string title, string? description) => db.InTransactionAsync(async (c, tx) =>
    {
        var id = await c.ExecuteScalarAsync<long>("INSERT INTO handbooks (title, description, created_at, created_by) VALUES (@title, @d, @at, @by) RETURNING id",
            new { title = title.Trim(), d = description?.Trim() ?? "", at = clock.GetUtcNow(), by = me.Id }, tx);
        for (var i = 0; i < HandbookRules.StandardChapters.Count; i++)
            await InsertChapterAsync(c, tx, id, null, HandbookRules.StandardChapters[i], i);
        await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "handbook", id, "create", newValue: title);
        return id;
    });

    public static Task<long> InsertChapterAsync(DbConnection c, DbTransaction tx, long handbookId, long? parentId, string title, int sort) =>
        c.ExecuteScalarAsync<long>("INSERT INTO handbook_chapters (handbook_id, parent_id, sort_order, title) VALUES (@handbookId, @parentId, @sort, @title) RETURNING id",
            new { handbookId, parentId, sort, title = title.Trim() }, tx);

    /// <summary>A chapter (or, under a parent, a section) at the end. Null when the parent is not the handbook's.</summary>
    public Task<long?> AddChapterAsync(long handbookId, long? parentId, string title) => db.InTransactionAsync(async (c, tx) =>
    {
        if (parentId is { } p && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handbook_chapters WHERE id = @p AND handbook_id = @handbookId AND parent_id IS NULL", new { p, handbookId }, tx) == 0)
            return (long?)null;
        var sort = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order) + 1, 0) FROM handbook_chapters WHERE handbook_id = @handbookId", new { handbookId }, tx);
        return await InsertChapterAsync(c, tx, handbookId, parentId, title, sort);
    });

    public async Task<ChapterDto?> ChapterAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<ChapterDto>("SELECT id, handbook_id, parent_id, sort_order, title FROM handbook_chapters WHERE id = @id", new { id });
    }

    /// <summary>Deletes a chapter with its sections, articles and their index (the page asks first). Audited.</summary>
    public Task DeleteChapterAsync(CurrentUser me, long id) => db.InTransactionAsync(async (c, tx) =>
    {
        const string ids = "(SELECT id FROM handbook_chapters WHERE id = @id OR parent_id = @id)";
        await c.ExecuteAsync($"DELETE FROM handbook_paragraphs WHERE chapter_id IN {ids}", new { id }, tx);
        await c.ExecuteAsync($"DELETE FROM handbook_articles WHERE chapter_id IN {ids}", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM handbook_chapters WHERE parent_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM handbook_chapters WHERE id = @id", new { id }, tx);
        await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "handbook_chapter", id, "delete");
        return 0;
    });

    public async Task<IReadOnlyList<(long Id, string Username, string Name)>> EditorsAsync(long handbookId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string, string)>("SELECT u.id, u.username, u.display_name FROM handbook_editors e JOIN users u ON u.id = e.user_id WHERE e.handbook_id = @handbookId ORDER BY u.username",
            new { handbookId })).ToList();
    }

    /// <summary>Sets the handbook's editors by user name; the names not found are returned (nothing changed then).</summary>
    public Task<IReadOnlyList<string>> SetEditorsAsync(CurrentUser me, long handbookId, IReadOnlyList<string> usernames) => db.InTransactionAsync(async (c, tx) =>
    {
        var names = usernames.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct().ToList();
        var found = new List<(long Id, string Username)>();
        foreach (var n in names)
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @n", new { n }, tx) is { } uid) found.Add((uid, n));
        var missing = names.Except(found.Select(f => f.Username)).ToList();
        if (missing.Count > 0) return (IReadOnlyList<string>)missing;
        await c.ExecuteAsync("DELETE FROM handbook_editors WHERE handbook_id = @handbookId", new { handbookId }, tx);
        foreach (var f in found)
            await c.ExecuteAsync("INSERT INTO handbook_editors (handbook_id, user_id) VALUES (@hb, @userId)", new { hb = handbookId, userId = f.Id }, tx);
        await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "handbook", handbookId, "editors", newValue: string.Join(",", names));
        return missing;
    });

    public async Task<ArticleDto?> ArticleAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<ArticleDto>("""
            SELECT a.id, a.chapter_id, ch.handbook_id, a.kind, a.title, a.body, a.version, a.updated_at, u.display_name AS updated_by
            FROM handbook_articles a JOIN handbook_chapters ch ON ch.id = a.chapter_id LEFT JOIN users u ON u.id = a.updated_by WHERE a.id = @id
            """, new { id });
    }

    /// <summary>A new article or question (kind article / qa) at the end of its chapter, version 1, indexed.</summary>
    public async Task<Result<long>> CreateArticleAsync(CurrentUser? me, long chapterId, string kind, string title, string? body, string? note = null)
    {
        if (HandbookRules.CheckArticle(title, body) is { } e) return e;
        var paragraphs = HandbookParagraphs.Of(text, title.Trim(), body ?? "");
        return Result<long>.Ok(await db.InTransactionAsync(async (c, tx) =>
        {
            var ch = await c.QuerySingleAsync<(long Id, long HandbookId)>("SELECT id, handbook_id FROM handbook_chapters WHERE id = @chapterId", new { chapterId }, tx);
            var sort = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order) + 1, 0) FROM handbook_articles WHERE chapter_id = @chapterId", new { chapterId }, tx);
            var at = clock.GetUtcNow();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO handbook_articles (chapter_id, kind, sort_order, title, body, version, updated_at, updated_by)
                VALUES (@chapterId, @kind, @sort, @title, @body, 1, @at, @by) RETURNING id
                """, new { chapterId, kind = kind == "qa" ? "qa" : "article", sort, title = title.Trim(), body = body ?? "", at, by = me?.Id }, tx);
            await InsertVersionAsync(c, tx, id, 1, title.Trim(), body ?? "", note, at, me?.Id);
            await IndexAsync(c, tx, id, ch.HandbookId, chapterId, paragraphs);
            return id;
        }));
    }

    /// <summary>
    /// Saves an article as a new version (who, when, an optional note). <paramref name="baseVersion"/>: the version the
    /// editor started from — a save over someone else's newer version is refused (Handbook.Stale), nothing is lost.
    /// </summary>
    public async Task<Result<int>> SaveArticleAsync(CurrentUser me, long id, string title, string? body, int? baseVersion, string? note)
    {
        if (HandbookRules.CheckArticle(title, body) is { } e) return e;
        var paragraphs = HandbookParagraphs.Of(text, title.Trim(), body ?? "");
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var a = await c.QuerySingleAsync<(long Version, long ChapterId, long HandbookId, string Title, string Body)>("""
                SELECT a.version, a.chapter_id, ch.handbook_id, a.title, a.body FROM handbook_articles a JOIN handbook_chapters ch ON ch.id = a.chapter_id WHERE a.id = @id
                """, new { id }, tx);
            if (baseVersion is { } b && b != a.Version) return (Result<int>)new Error("Handbook.Stale", a.Version);
            if (a.Title == title.Trim() && a.Body == (body ?? "")) return Result<int>.Ok((int)a.Version);
            var v = (int)a.Version + 1;
            var at = clock.GetUtcNow();
            await c.ExecuteAsync("UPDATE handbook_articles SET title = @title, body = @body, version = @v, updated_at = @at, updated_by = @by WHERE id = @id",
                new { id, title = title.Trim(), body = body ?? "", v, at, by = me.Id }, tx);
            await InsertVersionAsync(c, tx, id, v, title.Trim(), body ?? "", note, at, me.Id);
            await c.ExecuteAsync("DELETE FROM handbook_paragraphs WHERE article_id = @id", new { id }, tx);
            await IndexAsync(c, tx, id, a.HandbookId, a.ChapterId, paragraphs);
            return Result<int>.Ok(v);
        });
    }

    /// <summary>Deletes an article with its versions and index (the page asks first). Audited with its last text.</summary>
    public Task DeleteArticleAsync(CurrentUser me, long id) => db.InTransactionAsync(async (c, tx) =>
    {
        var title = await c.ExecuteScalarAsync<string>("SELECT title FROM handbook_articles WHERE id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM handbook_paragraphs WHERE article_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM handbook_articles WHERE id = @id", new { id }, tx);
        await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "handbook_article", id, "delete", oldValue: title);
        return 0;
    });

    public async Task<IReadOnlyList<VersionDto>> VersionsAsync(long articleId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<VersionDto>("""
            SELECT v.version, v.title, v.body, v.note, v.changed_at, u.display_name AS changed_by
            FROM handbook_versions v LEFT JOIN users u ON u.id = v.changed_by WHERE v.article_id = @articleId ORDER BY v.version DESC
            """, new { articleId })).ToList();
    }

    private static Task InsertVersionAsync(DbConnection c, DbTransaction tx, long id, int v, string title, string body, string? note, DateTimeOffset at, long? by) =>
        c.ExecuteAsync("INSERT INTO handbook_versions (article_id, version, title, body, note, changed_at, changed_by) VALUES (@id, @v, @title, @body, @note, @at, @by)",
            new { id, v, title, body, note, at, by }, tx);

    private static async Task IndexAsync(DbConnection c, DbTransaction tx, long articleId, long handbookId, long chapterId, IReadOnlyList<IndexedParagraph> paragraphs)
    {
        foreach (var p in paragraphs)
            await c.ExecuteAsync("INSERT INTO handbook_paragraphs (article_id, handbook_id, chapter_id, ord, text, norm, words) VALUES (@articleId, @handbookId, @chapterId, @Ord, @Text, @Norm, @Words)",
                new { articleId, handbookId, chapterId, p.Ord, p.Text, p.Norm, p.Words }, tx);
    }

    // ------------------------------------------------------------ the editor's autosave
    public sealed record Draft { public string Title { get; init; } = ""; public string Body { get; init; } = ""; public DateTimeOffset SavedAt { get; init; } }

    /// <summary>Keeps what an editor typed (article 0: a new one in the chapter); refused like a save when too long.</summary>
    public async Task<Error?> SaveDraftAsync(CurrentUser me, long articleId, long chapterId, string? title, string? body)
    {
        if ((title ?? "").Length > HandbookRules.MaxTitle) return new Error("Handbook.TitleTooLong", HandbookRules.MaxTitle);
        if ((body ?? "").Length > HandbookRules.MaxBody) return new Error("Handbook.BodyTooLong", HandbookRules.MaxBody);
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO handbook_drafts (article_id, chapter_id, user_id, title, body, saved_at) VALUES (@articleId, @chapterId, @userId, @title, @body, @at)
            ON CONFLICT (article_id, chapter_id, user_id) DO UPDATE SET title = excluded.title, body = excluded.body, saved_at = excluded.saved_at
            """, new { articleId, chapterId, userId = me.Id, title = title ?? "", body = body ?? "", at = clock.GetUtcNow() });
        return null;
    }

    public async Task<Draft?> DraftAsync(CurrentUser me, long articleId, long chapterId)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<Draft>("SELECT title, body, saved_at FROM handbook_drafts WHERE article_id = @articleId AND chapter_id = @chapterId AND user_id = @userId",
            new { articleId, chapterId, userId = me.Id });
    }

    public async Task ForgetDraftAsync(CurrentUser me, long articleId, long chapterId)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("DELETE FROM handbook_drafts WHERE article_id = @articleId AND chapter_id = @chapterId AND user_id = @userId", new { articleId, chapterId, userId = me.Id });
    }

    // ------------------------------------------------------------ images (the attachment store)
    string IAttachmentOwnerAccess.OwnerKind => FileKind;

    /// <summary>An article's images: every signed-in user reads the handbook.</summary>
    public Task<bool> MaySeeAsync(CurrentUser me, long ownerId) => Task.FromResult(true);
}
