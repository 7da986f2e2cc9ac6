using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>
/// 评分排名 (#18 point 4): per submission the panel's aggregate (saying when a trimmed mean fell back to the mean),
/// flagged spreads, scores of an older rubric version shown with it and left out unless the organizer accepts them;
/// ranked 1, 2, 2, 4 with ties by name. Organizers and head teachers read it; organizers accept.
/// </summary>
[Authorize(Policy = Policy)]
public sealed class RankingModel(IAuthorizationService auth, CohortStore cohorts, ReviewStore reviews, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    /// <summary>Who reads the ranking: organizers and head teachers (pages link here only for them).</summary>
    public const string Policy = Policies.TakeAttendance;

    [FromRoute] public long Id { get; set; }
    [FromRoute] public long ReviewId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public RankingDto? View { get; private set; }

    [BindProperty] public long ScoreId { get; set; }
    [BindProperty] public bool Accept { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        View = Cohort is null ? null : await reviews.RankingAsync(Id, ReviewId);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return View is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostAcceptAsync() => Manage(async () =>
        await reviews.AcceptAsync(HttpContext.Me(), Id, ReviewId, ScoreId, Accept)
            ? Done(Accept ? texts["Reviews.Accepted"] : texts["Reviews.NotAccepted"])
            : texts.Error(new Domain.Error("Review.NotFound")));
}
