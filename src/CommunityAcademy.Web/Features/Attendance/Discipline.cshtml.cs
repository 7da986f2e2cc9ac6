using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 违纪记录 of a class with the organizer's decision on each: reported (通报) to whom and when, or not reported. Staff
/// read it; organizers decide (audited). Nothing is marked reported unless someone says so here or by the API.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DisciplineModel(CohortStore cohorts, AttendanceReports reports, DisciplineDecisions decisions, Texts texts, IAuthorizationService auth)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<DisciplineDto> Records { get; private set; } = [];
    [BindProperty] public long RecordId { get; set; }
    [BindProperty] public string? Reported { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Title { get; set; }

    protected override async Task LoadAsync()
    {
        Cohort = (await cohorts.FindAsync(Id))!;
        Records = await reports.DisciplineAsync(Cohort);
        Title ??= await reports.BulletinTitleAsync(Cohort);
    }

    public async Task<IActionResult> OnPostTitleAsync()
    {
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        return await Manage(async () =>
        {
            if (await reports.SetBulletinTitleAsync(HttpContext.Me(), cohort, Title) is { } error) return texts.Error(error);
            Done(texts["Bulletin.TitleSaved"]);
            return null;
        });
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await cohorts.FindAsync(Id) is null) return NotFound();
        await AuthorizedAsync();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        return await Manage(async () =>
        {
            bool? reported = Reported switch { "yes" => true, "no" => false, _ => null };
            if (await decisions.DecideAsync(HttpContext.Me(), cohort, RecordId, new(reported, To, On, Note)) is { } bad)
                return texts.Error(bad.Error!);
            Done(texts["Discipline.Saved"]);
            return null;
        });
    }
}
