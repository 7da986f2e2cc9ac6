using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Handbook;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Handbook;

public sealed record NewHandbookRequest(string? Title, string? Description);
public sealed record ChapterRequest(string? Title, long? ParentId);
public sealed record ArticleRequest(string? Kind, string? Title, string? Body, int? BaseVersion, string? Note);
public sealed record EditorsRequest(IReadOnlyList<string>? Usernames);
public sealed record HandbookTreeDto(HandbookDto Handbook, IReadOnlyList<ChapterDto> Chapters, IReadOnlyList<ArticleHead> Articles, bool CanEdit);

/// <summary>
/// 工作手册's API (#26): every signed-in user reads and searches; a handbook's editors write its articles; administrators
/// and organizers create handbooks and chapters and choose the editors. Bad input (a 10 MB article, an empty title) is a
/// 422 problem with a message; a query is always answered.
/// </summary>
public static class HandbookApi
{
    public static void AddHandbook(IServiceCollection services)
    {
        services.AddSingleton<HandbookStore>();
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess>(sp => sp.GetRequiredService<HandbookStore>());
        services.AddSingleton<HandbookSearch>();
        services.AddSingleton<HandbookDocx>();
    }

    public static RouteGroupBuilder MapHandbookApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Handbook");
        g.MapGet("/handbooks", async (HandbookStore s) => TypedResults.Ok(await s.ListAsync())).WithSummary("The handbooks (工作手册).");
        g.MapPost("/handbooks", CreateAsync).WithSummary("A new handbook with the standard chapters (administrators, organizers).");
        g.MapGet("/handbooks/{id:long}", TreeAsync).WithSummary("A handbook's chapters, sections and article titles.");
        g.MapGet("/handbooks/{id:long}/search", SearchAsync).WithSummary("Search: q (words; \"…\" a phrase), chapter, page; 20 hits a page with the total, ranked, highlighted.");
        g.MapPut("/handbooks/{id:long}/editors", EditorsAsync).WithSummary("Sets the handbook's editors by user name (administrators, organizers).");
        g.MapPost("/handbooks/{id:long}/chapters", AddChapterAsync).WithSummary("A chapter, or a section under parentId (administrators, organizers).");
        g.MapDelete("/handbook-chapters/{id:long}", DeleteChapterAsync).WithSummary("Deletes a chapter with its sections and articles (administrators, organizers).");
        g.MapPost("/handbook-chapters/{id:long}/articles", CreateArticleAsync).WithSummary("A new article or question (kind article / qa) in the chapter (editors).");
        g.MapGet("/handbook-articles/{id:long}", ArticleAsync).WithSummary("An article: Markdown, and its HTML as shown (sanitized).");
        g.MapPut("/handbook-articles/{id:long}", SaveArticleAsync).WithSummary("Saves an article as a new version (editors); baseVersion: 409 when someone saved since.");
        g.MapDelete("/handbook-articles/{id:long}", DeleteArticleAsync).WithSummary("Deletes an article (editors).");
        g.MapGet("/handbook-articles/{id:long}/versions", async (long id, HandbookStore s) =>
            await s.ArticleAsync(id) is null ? (IResult)Problems.NotFound() : TypedResults.Ok(await s.VersionsAsync(id))).WithSummary("An article's versions, newest first, with who and when.");
        return api;
    }

    private static async Task<IResult> CreateAsync(NewHandbookRequest r, HttpContext http, HandbookStore s, Texts t)
    {
        var me = http.Me();
        if (!HandbookStore.CanManage(me)) return TypedResults.Forbid();
        if (HandbookRules.CheckArticle(r.Title, "") is { } e) return Problems.Rule(t, e);
        return TypedResults.Ok(new { id = await s.CreateHandbookAsync(me, r.Title!, r.Description) });
    }

    private static async Task<IResult> TreeAsync(long id, HttpContext http, HandbookStore s) =>
        await s.TreeAsync(id) is { } tree
            ? TypedResults.Ok(new HandbookTreeDto(tree.Handbook, tree.Chapters, tree.Articles, await s.CanEditAsync(http.Me(), id)))
            : Problems.NotFound();

    private static async Task<IResult> SearchAsync(long id, string? q, long? chapter, int? page, HandbookStore s, HandbookSearch search)
    {
        if (await s.TreeAsync(id, articles: false) is not { } tree) return Problems.NotFound();
        var r = await search.SearchAsync(id, q, chapter, page ?? 1, tree);
        return TypedResults.Ok(new { r.Total, r.Page, r.Pages, words = r.Query.Words, phrases = r.Query.Phrases, r.Hits });
    }

    private static async Task<IResult> EditorsAsync(long id, EditorsRequest r, HttpContext http, HandbookStore s, Texts t)
    {
        var me = http.Me();
        if (!HandbookStore.CanManage(me)) return TypedResults.Forbid();
        if (await s.TreeAsync(id, false) is null) return Problems.NotFound();
        var missing = await s.SetEditorsAsync(me, id, r.Usernames ?? []);
        return missing.Count > 0 ? Problems.Rule(t, new Error("Handbook.UnknownUsers", string.Join("、", missing))) : TypedResults.NoContent();
    }

    private static async Task<IResult> AddChapterAsync(long id, ChapterRequest r, HttpContext http, HandbookStore s, Texts t)
    {
        if (!HandbookStore.CanManage(http.Me())) return TypedResults.Forbid();
        if (await s.TreeAsync(id, false) is null) return Problems.NotFound();
        if (HandbookRules.CheckArticle(r.Title, "") is { } e) return Problems.Rule(t, e);
        return await s.AddChapterAsync(id, r.ParentId, r.Title!) is { } cid ? TypedResults.Ok(new { id = cid }) : Problems.Invalid("parentId", t["Error.Handbook.NoParent"]);
    }

    private static async Task<IResult> DeleteChapterAsync(long id, HttpContext http, HandbookStore s)
    {
        if (!HandbookStore.CanManage(http.Me())) return TypedResults.Forbid();
        if (await s.ChapterAsync(id) is null) return Problems.NotFound();
        await s.DeleteChapterAsync(http.Me(), id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateArticleAsync(long id, ArticleRequest r, HttpContext http, HandbookStore s, Texts t)
    {
        if (await s.ChapterAsync(id) is not { } ch) return Problems.NotFound();
        if (!await s.CanEditAsync(http.Me(), ch.HandbookId)) return TypedResults.Forbid();
        var result = await s.CreateArticleAsync(http.Me(), id, r.Kind ?? "article", r.Title ?? "", r.Body, r.Note);
        return result.IsOk ? TypedResults.Ok(new { id = result.Value }) : Problems.Rule(t, result.Error!);
    }

    private static async Task<IResult> ArticleAsync(long id, HandbookStore s) =>
        await s.ArticleAsync(id) is { } a ? TypedResults.Ok(new { article = a, html = Markdown.ToHtml(a.Body) }) : Problems.NotFound();

    private static async Task<IResult> SaveArticleAsync(long id, ArticleRequest r, HttpContext http, HandbookStore s, Texts t)
    {
        if (await s.ArticleAsync(id) is not { } a) return Problems.NotFound();
        if (!await s.CanEditAsync(http.Me(), a.HandbookId)) return TypedResults.Forbid();
        var result = await s.SaveArticleAsync(http.Me(), id, r.Title ?? "", r.Body, r.BaseVersion, r.Note);
        if (result.IsOk) return TypedResults.Ok(new { version = result.Value });
        return Problems.Rule(t, result.Error!, result.Error!.Code == "Handbook.Stale" ? 409 : 422);
    }

    private static async Task<IResult> DeleteArticleAsync(long id, HttpContext http, HandbookStore s)
    {
        if (await s.ArticleAsync(id) is not { } a) return Problems.NotFound();
        if (!await s.CanEditAsync(http.Me(), a.HandbookId)) return TypedResults.Forbid();
        await s.DeleteArticleAsync(http.Me(), id);
        return TypedResults.NoContent();
    }
}
