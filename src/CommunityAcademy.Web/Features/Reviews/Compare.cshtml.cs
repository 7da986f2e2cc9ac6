using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>Two versions of a plan side by side, section by section, the changes marked by character (#18 point 2).</summary>
[Authorize]
public sealed class CompareModel(CohortStore cohorts, ReviewStore reviews) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SubmissionId { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public SubmissionDto Submission { get; private set; } = null!;
    public VersionDto A { get; private set; } = null!;
    public VersionDto B { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? a, int? b)
    {
        if (await cohorts.FindAsync(Id) is not { } cohort || await reviews.SubmissionAsync(Id, SubmissionId) is not { } found) return NotFound();
        if (!await reviews.MayReadAsync(HttpContext.Me(), SubmissionId)) return NotFound();
        Cohort = cohort;
        Submission = found.Submission;
        var versions = await reviews.VersionsAsync(SubmissionId);
        if (versions.Count == 0) return NotFound();
        A = versions.FirstOrDefault(v => v.Number == a) ?? versions[Math.Max(0, versions.Count - 2)];
        B = versions.FirstOrDefault(v => v.Number == b) ?? versions[^1];
        return Page();
    }
}
