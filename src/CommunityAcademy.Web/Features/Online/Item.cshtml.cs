using CommunityAcademy.Domain.Online;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Online;

/// <summary>
/// A case push (线上案例推送) or an online theme course (#21 point 2): its modules (a Markdown article shown sanitized,
/// images through the attachment store, a link, the reading time), its single-choice questions, and who completed it.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(AttachmentOptions.VideoRequestLimit)]                            // a module's MP4 (its own limit: Attachments:MaxVideoBytes)
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentOptions.VideoRequestLimit)]
public sealed class ItemModel(IAuthorizationService auth, CohortStore cohorts, OnlineStore online, AttachmentStore attachments, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SessionId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public OnlineItemDto? Item { get; private set; }
    public IReadOnlyList<ModuleDto> Modules { get; private set; } = [];
    public OnlineProgress? Progress { get; private set; }
    [BindProperty] public string? Questions { get; set; }
    [BindProperty] public bool Theme { get; set; }

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        Item = await online.ItemAsync(Id, SessionId);
        if (Item is null || Item.Kind == OnlineKind.Live) { Item = null; return; }
        Modules = await online.ModulesAsync(SessionId);
        Progress = await online.ProgressAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (Item is null) return NotFound();
        Questions = CaseReading.Format(Item.Questions);
        Theme = Item.Kind == OnlineKind.Theme;
        return Page();
    }

    public Task<IActionResult> OnPostCaseAsync() => Manage(async () =>
    {
        var r = await online.SaveCaseAsync(HttpContext.Me(), Id, SessionId, Theme, Questions);
        return r.IsOk ? Done(texts["Online.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostAddModuleAsync(string? title, string? body, string? link, int minutes) => Manage(async () =>
    {
        var r = await online.AddModuleAsync(HttpContext.Me(), Id, SessionId, title, body, link, minutes * 60);
        return r.IsOk ? Done(texts["Online.ModuleAdded"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostUpdateModuleAsync(long module, string? title, string? body, string? link, int minutes) => Manage(async () =>
    {
        var r = await online.UpdateModuleAsync(HttpContext.Me(), Id, module, title, body, link, minutes * 60);
        return r.IsOk ? Done(texts["Online.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRemoveModuleAsync(long module) => Manage(async () =>
    {
        var r = await online.RemoveModuleAsync(HttpContext.Me(), Id, module);
        return r.IsOk ? Done(texts["Online.ModuleRemoved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostFileAsync(long module, IFormFile? upload) => Manage(async () =>
    {
        if (upload is null) return texts.Error(new Domain.Error("Online.FileRefused", texts["Online.ChooseFile"]));
        var (bytes, problem) = await attachments.ReadAsync(upload, OnlineStore.OnlineFiles);
        if (bytes is null) return texts.Error(new Domain.Error("Online.FileRefused", problem!));
        var r = await online.AddFileAsync(HttpContext.Me(), Id, module, bytes, upload.FileName);
        return r.IsOk ? Done(texts["Online.FileAdded"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRemoveFileAsync(long attachment) => Manage(async () =>
    {
        var r = await online.RemoveFileAsync(HttpContext.Me(), Id, attachment);
        return r.IsOk ? Done(texts["Online.FileRemoved"]) : texts.Error(r.Error!);
    });
}
