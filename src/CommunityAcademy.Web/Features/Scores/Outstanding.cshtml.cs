using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>
/// 优秀学员 (#19 point 3): the ranking by class score, the rule (a number or a share, a cap per unit at a level), the
/// selection it makes and why (short of the number, ties beyond it), the organizer's adjustments with reasons, the
/// confirmation (asked first: ?confirm=1, without JavaScript), reopening; the notice (.docx) and the list (.xlsx) of the
/// confirmed list. Organizers change it; head teachers read it and download.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class OutstandingModel(IAuthorizationService auth, CohortStore cohorts, OutstandingStore store, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromQuery(Name = "confirm")] public string? Confirm { get; set; }
    public bool AskConfirm => !string.IsNullOrEmpty(Confirm);
    public CohortRow? Cohort { get; private set; }
    public OutstandingDto? View { get; private set; }

    [BindProperty] public string? Count { get; set; }
    [BindProperty] public string? Share { get; set; }
    [BindProperty] public string? CapPerUnit { get; set; }
    [BindProperty] public string? CapLevel { get; set; }
    /// <summary>The row's button: "add:{enrollment}", "remove:{enrollment}" or "undo:{enrollment}".</summary>
    [BindProperty] public string? Target { get; set; }
    /// <summary>Each row's reason field, by enrollment.</summary>
    [BindProperty] public Dictionary<long, string?> Reasons { get; set; } = [];

    public bool Editable => CanManage && Cohort is { IsArchived: false } && View is { IsConfirmed: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        View = await store.GetAsync(Id);
        if (Request.Method != "POST" && View.Rule is { } r)
            (Count, Share, CapPerUnit, CapLevel) = (r.Count?.ToString(), r.Share?.ToString(), r.CapPerUnit?.ToString(), r.CapLevel?.ToString());
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetNoticeAsync() => await DownloadAsync(true);
    public async Task<IActionResult> OnGetListAsync() => await DownloadAsync(false);

    private async Task<IActionResult> DownloadAsync(bool notice)
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (Cohort is null) return NotFound();
        if (View is not { IsConfirmed: true } v)
        {
            Error = texts["Outstanding.NeedsConfirm"];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return notice
            ? File(OutstandingExports.NoticeDocx(Cohort, v, OutstandingExports.LocalDate(v.ConfirmedAt!.Value, Cohort.TimeZone)), OutstandingExports.Docx, "优秀学员表彰通报.docx")
            : File(OutstandingExports.ListXlsx(Cohort, v), OutstandingExports.Xlsx, "优秀学员名单.xlsx");
    }

    private static bool TryWhole(string? s, out int? n)
    {
        n = null;
        if (string.IsNullOrWhiteSpace(s)) return true;
        if (!int.TryParse(s.Trim(), out var v)) return false;
        n = v;
        return true;
    }

    public Task<IActionResult> OnPostRuleAsync() => Manage(async () =>
    {
        if (!TryWhole(Count, out var count)) return texts["Scores.BadNumber", texts["Outstanding.Count"]];
        if (!TryWhole(Share, out var share)) return texts["Scores.BadNumber", texts["Outstanding.Share"]];
        if (!TryWhole(CapPerUnit, out var cap)) return texts["Scores.BadNumber", texts["Outstanding.Cap"]];
        if (!TryWhole(CapLevel, out var level)) return texts["Scores.BadNumber", texts["Outstanding.CapLevel"]];
        var rule = new SelectionRule(count, share, cap, cap is null ? null : level);
        return await store.SaveRuleAsync(HttpContext.Me(), Id, rule) is { } bad ? texts.Error(bad) : Done(texts["Outstanding.RuleSaved"]);
    });

    public Task<IActionResult> OnPostAdjustAsync() => Manage(async () =>
    {
        var parts = (Target ?? "").Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[1], out var enrollment)) return texts.Error(new Domain.Error("Outstanding.BadAction"));
        return await store.AdjustAsync(HttpContext.Me(), Id, enrollment, parts[0], Reasons.GetValueOrDefault(enrollment)) is { } bad
            ? texts.Error(bad) : Done(texts["Outstanding.Adjusted"]);
    });

    public Task<IActionResult> OnPostConfirmAsync() => Manage(async () =>
    {
        var r = await store.ConfirmAsync(HttpContext.Me(), Id);
        return r.IsOk ? Done(texts["Outstanding.Confirmed", r.Value]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostReopenAsync() => Manage(async () =>
        await store.ReopenAsync(HttpContext.Me(), Id) is { } bad ? texts.Error(bad) : Done(texts["Outstanding.Reopened"]));
}
