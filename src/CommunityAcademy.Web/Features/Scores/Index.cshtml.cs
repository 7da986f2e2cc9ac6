using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>结业成绩 (#19 point 2): every trainee's class score, rank and eligibility; one trainee's explained with ?trainee=.
/// Organizers and head teachers read it.</summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class IndexModel(CohortStore cohorts, ClassScoreStore scores, IAuthorizationService auth) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromQuery] public long? Trainee { get; set; }
    public CohortRow? Cohort { get; private set; }
    public ClassScoresDto? View { get; private set; }
    public TraineeScore? Chosen { get; private set; }
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return NotFound();
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        View = await scores.ScoresAsync(Id);
        if (Trainee is { } t && (Chosen = View.Rows.FirstOrDefault(r => r.EnrollmentId == t)) is null) return NotFound();
        return Page();
    }
}
