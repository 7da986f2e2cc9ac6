using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>All plans of a review with scores and ranks as .xlsx (#18 point 5); who reads the ranking.</summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class ExportModel(ReviewStore reviews) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long reviewId) =>
        await reviews.RankingAsync(id, reviewId) is { } r
            ? File(ReviewExports.RankingXlsx(r), ReviewExports.Xlsx, $"{r.Review.Title}（评分排名）.xlsx")
            : NotFound();
}
