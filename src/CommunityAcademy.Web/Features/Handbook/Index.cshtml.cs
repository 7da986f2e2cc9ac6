using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Handbook;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>
/// 工作手册 (#26): the handbooks, then one handbook's contents and its search box (on a phone: q, a chapter, pages of 20
/// hits with the total, each hit highlighted with its chapter path). Every signed-in user reads; editors add articles;
/// administrators and organizers add chapters and sections, delete a chapter (asked first: ?confirm=chapter), choose
/// the editors and import a chapter from .docx.
/// </summary>
[Authorize]
public sealed class IndexModel(HandbookStore store, HandbookSearch search, HandbookDocx docx, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public long? Chapter { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int P { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public long? Confirm { get; set; }

    public IReadOnlyList<HandbookDto> Handbooks { get; private set; } = [];
    public HandbookTree? Tree { get; private set; }
    public HandbookResults? Results { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanManage { get; private set; }
    public string Editors { get; private set; } = "";
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["ca.done"] as string;
        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        var me = HttpContext.Me();
        CanManage = HandbookStore.CanManage(me);
        Handbooks = await store.ListAsync();
        if (Id == 0) Id = null;                                            // /Handbook/0: the list, even of one
        else if (Id is null && Handbooks.Count == 1) Id = Handbooks[0].Id;
        if (Id is not { } id) return true;
        Tree = await store.TreeAsync(id);
        if (Tree is null) return false;
        CanEdit = await store.CanEditAsync(me, id);
        if (CanManage) Editors = string.Join(" ", (await store.EditorsAsync(id)).Select(e => e.Username));
        if (Q is not null) Results = await search.SearchAsync(id, Q, Chapter, P, Tree);
        return true;
    }

    private async Task<IActionResult> ManageAsync(Func<long, Task<string?>> work)
    {
        if (!HandbookStore.CanManage(HttpContext.Me())) return Forbid();
        if (Id is not { } id || await store.TreeAsync(id, false) is null) return NotFound();
        Error = await work(id);
        if (Error is null) { TempData["ca.done"] = Message; return Redirect($"/Handbook/{id}"); }
        Response.StatusCode = 422;
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostChapterAsync(string? title, long? parent) => ManageAsync(async id =>
    {
        if (HandbookRules.CheckArticle(title, "") is { } e) return texts.Error(e);
        if (await store.AddChapterAsync(id, parent, title!) is null) return texts["Error.Handbook.NoParent"];
        Message = texts["Handbook.ChapterAdded", title!.Trim()];
        return null;
    });

    public Task<IActionResult> OnPostDeleteChapterAsync(long chapter) => ManageAsync(async id =>
    {
        if (await store.ChapterAsync(chapter) is not { } ch || ch.HandbookId != id) return texts["Error.Handbook.NoParent"];
        await store.DeleteChapterAsync(HttpContext.Me(), chapter);
        Message = texts["Handbook.ChapterDeleted", ch.Title];
        return null;
    });

    public Task<IActionResult> OnPostEditorsAsync(string? editors) => ManageAsync(async id =>
    {
        var names = (editors ?? "").Split([' ', ',', '，', '、', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var missing = await store.SetEditorsAsync(HttpContext.Me(), id, names);
        if (missing.Count > 0) return texts.Error(new Error("Handbook.UnknownUsers", string.Join("、", missing)));
        Message = texts["Handbook.EditorsSaved"];
        return null;
    });

    public Task<IActionResult> OnPostImportAsync(long chapter, IFormFile? upload) => ManageAsync(async id =>
    {
        if (await store.ChapterAsync(chapter) is not { } ch || ch.HandbookId != id) return texts["Error.Handbook.NoParent"];
        if (upload is null || upload.Length == 0) return texts["Error.Handbook.ChooseDocx"];
        if (upload.Length > HandbookDocx.MaxBytes) return texts.Error(new Error("Handbook.DocxTooBig", HandbookDocx.MaxBytes / 1024 / 1024));
        using var ms = new MemoryStream();
        await upload.CopyToAsync(ms);
        var r = await docx.ImportAsync(HttpContext.Me(), chapter, ms.ToArray());
        if (!r.IsOk) return texts.Error(r.Error!);
        Message = texts["Handbook.Imported", r.Value];
        return null;
    });
}
