using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>A grouping on paper: each group with its leader, mentors, place and members (A4, one page of its own).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class PrintModel(CohortStore cohorts, GroupStore groups) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public GroupingDetailDto View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long groupingId)
    {
        if (await cohorts.FindAsync(id) is not { } cohort || await groups.GetAsync(id, groupingId) is not { } view) return NotFound();
        Cohort = cohort;
        View = view;
        return Page();
    }
}
