using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>Attendance statistics of a class: rates by unit (rolled up the tree), by session and by trainee; the .xlsx and the bulletin.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StatsModel(CohortStore cohorts, AttendanceReports reports, IAuthorizationService auth) : PageModel
{
    /// <summary>Whether the caller may open a session's console (the policy of /Attendance/Console): its link is shown only then.</summary>
    public bool TakesAttendance { get; private set; }

    public CohortRow Cohort { get; private set; } = null!;
    public CohortAttendanceDto Grid { get; private set; } = null!;
    public AttendanceSummaryDto Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is not { } c) return NotFound();
        Cohort = c;
        TakesAttendance = (await auth.AuthorizeAsync(User, Policies.TakeAttendance)).Succeeded;
        Grid = await reports.CohortAsync(c);
        Summary = await reports.SummaryAsync(c);
        return Page();
    }
}
