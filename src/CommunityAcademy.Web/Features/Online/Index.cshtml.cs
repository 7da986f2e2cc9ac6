using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Online;

/// <summary>
/// 线上学习 of a class (#21 point 3): its live courses, case pushes and theme courses, and who completed them — per item,
/// per unit and per trainee (the share of items completed). Each item opens its own page (import, matching and marks for
/// a live course; the article, modules and questions of a case push or theme course).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, OnlineStore online) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public OnlineProgress Progress { get; private set; } = new([], [], new Dictionary<(long, long), ItemProgress>());

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        Progress = await online.ProgressAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public int CompletedOf(OnlineItemDto item) => Progress.Trainees.Count(t => Progress.Of(item.SessionId, t.EnrollmentId).Completed);
    public int CompletedBy(OnlineTrainee t) => Progress.Items.Count(i => Progress.Of(i.SessionId, t.EnrollmentId).Completed);

    /// <summary>Per unit: trainees, completed cells and all cells (trainees × items).</summary>
    public IEnumerable<(string Unit, int Trainees, int Completed, int Cells)> Units() =>
        Progress.Trainees.GroupBy(t => t.Unit ?? "—").Select(g => (g.Key, g.Count(), g.Sum(CompletedBy), g.Count() * Progress.Items.Count));

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Cohort!.TimeZone).ToString("yyyy-MM-dd HH:mm");

    public static string Percent(int part, int whole) => whole == 0 ? "—" : $"{Math.Round(100m * part / whole)}%";
}
