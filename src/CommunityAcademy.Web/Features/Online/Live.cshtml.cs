using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Online;

/// <summary>
/// A live course (线上直播, #21 point 1): the share of the course a trainee must be present for; the platform's export
/// imported (row and column errors, nothing stored unless all is right; a new export replaces the old); the people it
/// could not match listed with a trainee to choose; each trainee's minutes, completed or not, and a mark by hand.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class LiveModel(IAuthorizationService auth, CohortStore cohorts, OnlineStore online, Texts texts) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SessionId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public OnlineItemDto? Item { get; private set; }
    public LiveImportDto? Import { get; private set; }
    public IReadOnlyList<LivePersonDto> People { get; private set; } = [];
    public OnlineProgress? Progress { get; private set; }
    public IReadOnlyList<CellError> ImportErrors { get; private set; } = [];
    public int ErrorTotal { get; private set; }

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        Item = await online.ItemAsync(Id, SessionId);
        if (Item is null || Item.Kind != OnlineKind.Live) { Item = null; return; }
        Import = await online.LatestImportAsync(SessionId);
        People = await online.PeopleAsync(Id, SessionId);
        Progress = await online.ProgressAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Item is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostShareAsync(int share) => Manage(async () =>
    {
        var r = await online.SetShareAsync(HttpContext.Me(), Id, SessionId, share);
        return r.IsOk ? Done(texts["Online.ShareSaved", share]) : texts.Error(r.Error!);
    });

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        if (!await AuthorizedAsync()) return Forbid();
        IReadOnlyList<CellError> errors;
        if (file is null || file.Length == 0) errors = [new CellError(0, null, texts["Online.ChooseFile"])];
        else if (file.Length > SpreadsheetReader.MaxBytes) errors = [new CellError(0, null, texts["Online.FileTooLarge", SpreadsheetReader.MaxBytes / 1024 / 1024])];
        else
        {
            await using var s = file.OpenReadStream();
            var (done, errs) = await online.ImportAsync(HttpContext.Me(), Id, SessionId, s, file.FileName, texts.Error);
            if (done is { } d)
            {
                TempData["ca.done"] = texts["Online.Imported", d.People, d.Matched, d.Unmatched];
                return Redirect($"{Request.PathBase}{Request.Path}");
            }
            errors = errs;
        }
        ErrorTotal = errors.Count;
        ImportErrors = Infrastructure.Files.ImportErrors.Listed(errors);
        Error = texts["Online.ImportRefused"];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Item is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostMatchAsync(long person, long? enrollment) => Manage(async () =>
    {
        var r = await online.MatchAsync(HttpContext.Me(), Id, SessionId, person, enrollment);
        return r.IsOk ? Done(texts["Online.Matched"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostMarkAsync(long enrollment, string? present, string? reason) => Manage(async () =>
    {
        bool? p = present switch { "yes" => true, "no" => false, _ => null };
        var r = await online.MarkAsync(HttpContext.Me(), Id, SessionId, enrollment, p, reason);
        return r.IsOk ? Done(texts["Online.Marked"]) : texts.Error(r.Error!);
    });

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Cohort!.TimeZone).ToString("yyyy-MM-dd HH:mm");

    /// <summary>A phone number as this page shows it: masked (the organizer matches by name and unit; the number only confirms).</summary>
    public static string? Masked(string? phone) => phone is null ? null : Domain.Accounts.Masking.Phone(phone);
}
