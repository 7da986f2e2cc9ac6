using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>One plan with its versions' opinions as .docx (#18 point 5): its owners and the class's staff.</summary>
[Authorize]
public sealed class PlanDocxModel(CohortStore cohorts, ReviewStore reviews) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long submissionId)
    {
        if (await cohorts.FindAsync(id) is not { } cohort || await reviews.SubmissionAsync(id, submissionId) is not { } found) return NotFound();
        var me = HttpContext.Me();
        if (!me.IsStaff && !await reviews.IsOwnerAsync(me.Id, submissionId)) return NotFound();
        var bytes = ReviewExports.PlanDocx(cohort.Title, found.Review.Title, found.Submission, await reviews.VersionsAsync(submissionId),
            await reviews.OpinionsAsync(submissionId), (await reviews.DraftAsync(submissionId)).Traits);
        return File(bytes, ReviewExports.Docx, $"{found.Submission.Title}（方案及指导意见）.docx");
    }
}
