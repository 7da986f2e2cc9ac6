using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>
/// An editor writes an article or a question (id 0: a new one in ?chapter=): Markdown, a note on what changed, each
/// save a version; the form keeps a draft as one types (autosave.js → Autosave, offered again on the next visit);
/// images go to the attachment store and their Markdown line is given to paste; deleting asks first (?confirm=delete).
/// </summary>
[Authorize]
[RequestFormLimits(ValueLengthLimit = 16 * 1024 * 1024, MultipartBodyLengthLimit = 32 * 1024 * 1024)]
public sealed class EditModel(HandbookStore store, AttachmentStore files, Db db, Texts texts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public long Chapter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? BaseVersion { get; set; }

    public ArticleDto? Article { get; private set; }
    public HandbookTree? Tree { get; private set; }
    public DateTimeOffset? DraftAt { get; private set; }
    public string? Error { get; private set; }
    public string? ImageLine { get; private set; }

    /// <summary>The article (or the chapter of a new one) and whether the user may edit it; false: 404 / 403.</summary>
    private async Task<IActionResult?> FindAsync()
    {
        long handbook;
        if (Id != 0)
        {
            Article = await store.ArticleAsync(Id);
            if (Article is null) return NotFound();
            Chapter = Article.ChapterId;
            handbook = Article.HandbookId;
        }
        else if (await store.ChapterAsync(Chapter) is { } ch) handbook = ch.HandbookId;
        else return NotFound();
        if (!await store.CanEditAsync(HttpContext.Me(), handbook)) return Forbid();
        Tree = await store.TreeAsync(handbook, articles: false);
        return null;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await FindAsync() is { } no) return no;
        Title = Article?.Title; Body = Article?.Body; Kind = Article?.Kind ?? "article"; BaseVersion = Article?.Version;
        if (await store.DraftAsync(HttpContext.Me(), Id, Chapter) is { } d && (Article is null || d.SavedAt > Article.UpdatedAt))
        {
            Title = d.Title; Body = d.Body; DraftAt = d.SavedAt;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await FindAsync() is { } no) return no;
        var me = HttpContext.Me();
        Error? error;
        long id = Id;
        if (Id == 0)
        {
            var r = await store.CreateArticleAsync(me, Chapter, Kind ?? "article", Title ?? "", Body, Note);
            error = r.Error; id = r.Value;
        }
        else error = (await store.SaveArticleAsync(me, Id, Title ?? "", Body, BaseVersion, Note)).Error;
        if (error is not null)
        {
            Error = texts.Error(error);
            Response.StatusCode = error.Code == "Handbook.Stale" ? 409 : 422;
            return Page();
        }
        await store.ForgetDraftAsync(me, Id, Chapter);
        return Redirect($"/Handbook/Article/{id}");
    }

    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        if (await FindAsync() is { } no) return no;
        var refused = await store.SaveDraftAsync(HttpContext.Me(), Id, Chapter, Title, Body);
        return Reviews.ReviewJson.Autosaved(refused, texts);
    }

    public async Task<IActionResult> OnPostImageAsync(IFormFile? upload)
    {
        if (await FindAsync() is { } no) return no;
        if (Id == 0 || upload is null) { Error = texts["Error.Handbook.SaveFirst"]; Response.StatusCode = 422; return Page(); }
        var (bytes, problem) = await files.ReadAsync(upload);
        var (file, refused) = bytes is null ? (null, problem) : files.Prepare(bytes, upload.FileName, AttachmentUses.Images);
        if (file is null) { Error = refused; Response.StatusCode = 422; return Page(); }
        var me = HttpContext.Me();
        var aid = await db.InTransactionAsync(async (c, tx) =>
        {
            var a = await files.InsertAsync(c, tx, file, HandbookStore.FileKind, Id, null, me.Id);
            await Audit.WriteAsync(c, tx, me.Id, clock.GetUtcNow(), "handbook_article", Id, "handbook.image", null, file.FileName);
            return a;
        });
        ImageLine = $"![{Path.GetFileNameWithoutExtension(file.FileName)}](/api/v1/attachments/{aid}?display=true)";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await FindAsync() is { } no) return no;
        if (Article is null) return NotFound();
        await store.DeleteArticleAsync(HttpContext.Me(), Id);
        return Redirect($"/Handbook/{Article.HandbookId}");
    }
}
