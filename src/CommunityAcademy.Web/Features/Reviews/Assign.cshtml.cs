using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>
/// 分配评审人 (#18 point 3): organizers spread the chosen mentors and experts over the submissions (the fewest
/// assignments first), or add one by hand; a conflict of interest by unit is refused with the rule, and shown beside
/// each submission. Assigned reviewers join the class's staff.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class AssignModel(IAuthorizationService auth, CohortStore cohorts, ReviewStore reviews, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long ReviewId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public ReviewDto? Review { get; private set; }
    public IReadOnlyList<SubmissionDto> Submissions { get; private set; } = [];
    public IReadOnlyList<AssignedDto> Assigned { get; private set; } = [];
    public IReadOnlyList<(Reviewer Reviewer, string Username, string? Unit)> Candidates { get; private set; } = [];
    public IReadOnlyDictionary<long, IReadOnlyList<Error>> Conflicts { get; private set; } = new Dictionary<long, IReadOnlyList<Error>>();

    [BindProperty] public long SubmissionId { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public long UserId { get; set; }
    [BindProperty] public List<long> Chosen { get; set; } = [];
    [BindProperty] public int PerSubmission { get; set; } = 3;

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Review = Cohort is null ? null : await reviews.GetAsync(Id, ReviewId);
        if (Review is null) return;
        Submissions = await reviews.SubmissionsAsync(ReviewId);
        Assigned = await reviews.AssignmentsAsync(ReviewId);
        Candidates = await reviews.CandidatesAsync(ReviewId);
        Conflicts = await reviews.ConflictsAsync(ReviewId);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Review is null ? NotFound() : Page();
    }

    public string ErrorText(Error e) => texts.Error(e);

    public Task<IActionResult> OnPostAddAsync() => Manage(async () =>
    {
        var r = await reviews.AssignAsync(HttpContext.Me(), Id, ReviewId, SubmissionId, Username);
        return r.IsOk ? Done(texts["Reviews.Assigned", (Username ?? "").Trim()]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRemoveAsync() => Manage(async () =>
        await reviews.UnassignAsync(HttpContext.Me(), Id, ReviewId, SubmissionId, UserId) ? Done(texts["Reviews.Unassigned"]) : texts.Error(new Error("Review.NotFound")));

    public Task<IActionResult> OnPostSpreadAsync() => Manage(async () =>
    {
        var r = await reviews.SpreadAsync(HttpContext.Me(), Id, ReviewId, PerSubmission, Chosen);
        if (!r.IsOk) return texts.Error(r.Error!);
        return Done(texts["Reviews.Spread", r.Value!.Pairs.Count] + (r.Value.Short.Count > 0 ? " " + texts["Reviews.SpreadShort", r.Value.Short.Count] : ""));
    });
}
