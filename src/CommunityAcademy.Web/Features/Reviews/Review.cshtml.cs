using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>One review (#18): its rounds (organizers open and close them), its rubric (a new version from text), its submissions.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ReviewModel(IAuthorizationService auth, CohortStore cohorts, ReviewStore reviews, Texts texts, TimeProvider clock)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long ReviewId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public ReviewDto? Review { get; private set; }
    public Rubric? Rubric { get; private set; }
    public IReadOnlyList<ReviewRound> Rounds { get; private set; } = [];
    public IReadOnlyList<SubmissionDto> Submissions { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public bool SeesRanking { get; private set; }

    [BindProperty] public int Number { get; set; }
    [BindProperty] public DateTimeOffset? Closes { get; set; }
    [BindProperty] public string? RubricText { get; set; }
    [BindProperty] public string Rule { get; set; } = "Mean";
    [BindProperty] public decimal FlagSpread { get; set; } = 20m;

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Review = Cohort is null ? null : await reviews.GetAsync(Id, ReviewId);
        if (Review is null) return;
        SeesRanking = await AllowsAsync(RankingModel.Policy);
        Rubric = await reviews.RubricAsync(ReviewId);
        Rounds = await reviews.RoundsAsync(ReviewId);
        Submissions = await reviews.SubmissionsAsync(ReviewId);
        Now = clock.GetUtcNow();
        RubricText ??= Domain.Reviews.RubricText.Format(Rubric);
        if (Request.Method == "GET") { Rule = Rubric.Rule.ToString(); FlagSpread = Rubric.FlagSpread; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Review is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostOpenAsync() => Manage(async () =>
    {
        var r = await reviews.SetRoundAsync(HttpContext.Me(), Id, ReviewId, Number, true, Closes);
        return r.IsOk ? Done(texts["Reviews.RoundOpened", Number]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostCloseAsync() => Manage(async () =>
    {
        var r = await reviews.SetRoundAsync(HttpContext.Me(), Id, ReviewId, Number, false);
        return r.IsOk ? Done(texts["Reviews.RoundClosed", Number]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRubricAsync() => Manage(async () =>
    {
        var r = await reviews.NewRubricAsync(HttpContext.Me(), Id, ReviewId, RubricText,
            Enum.TryParse<AggregateRule>(Rule, out var rule) ? rule : AggregateRule.Mean, FlagSpread);
        return r.IsOk ? Done(texts["Reviews.RubricSaved", r.Value]) : texts.Error(r.Error!);
    });
}
