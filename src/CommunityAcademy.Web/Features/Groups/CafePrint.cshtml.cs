using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>A café on paper (A4): table cards, one per table (number, question, host, who sits there each round), or the whole plan (?what=plan).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CafePrintModel(CohortStore cohorts, CafeStore cafes) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public CafeDto Cafe { get; private set; } = null!;
    public bool WholePlan { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long sessionId, string? what)
    {
        if (await cohorts.FindAsync(id) is not { } cohort || await cafes.FindAsync(id, sessionId) is not { HasPlan: true } cafe) return NotFound();
        Cohort = cohort;
        Cafe = cafe;
        WholePlan = what == "plan";
        return Page();
    }
}
