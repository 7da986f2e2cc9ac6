using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>
/// 评审 of a class (#18): the reviews, what the caller does in them (my plans, my to-do), and — organizers — a new
/// plan review (the default rubric and rounds, editable as text; a submission per working group or per trainee).
/// </summary>
[Authorize]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, ReviewStore reviews, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public IReadOnlyList<ReviewDto> Reviews { get; private set; } = [];
    public IReadOnlyList<(SubmissionDto Submission, string Review)> Mine { get; private set; } = [];
    public IReadOnlyList<TodoDto> Todo { get; private set; } = [];
    public bool IsStaff { get; private set; }
    public bool SeesRanking { get; private set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string Owners { get; set; } = "groups";
    [BindProperty] public string? RoundNames { get; set; } = string.Join("\n", Rounds.DefaultNames);
    [BindProperty] public string? RubricText { get; set; } = Domain.Reviews.RubricText.Format(Rubric.DefaultForPlans());

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        var me = HttpContext.Me();
        IsStaff = CanManage || Role.Staff.Any(me.IsIn);
        SeesRanking = await AllowsAsync(RankingModel.Policy);
        Reviews = IsStaff ? await reviews.ListAsync(Id) : [];
        Mine = await reviews.MineAsync(Id, me.Id);
        Todo = await reviews.TodoAsync(Id, me.Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is null) return NotFound();
        var rubric = Domain.Reviews.RubricText.Parse(RubricText, Rubric.DefaultForPlans() with { Version = 0 }, AggregateRule.Mean, 20m);
        var r = rubric.IsOk ? await reviews.CreateAsync(HttpContext.Me(), Id, "plan", Title, RoundNames, Owners, rubric.Value) : rubric.Error!;
        if (r.IsOk) return Redirect($"{Request.PathBase}/Reviews/Review/{Id}/{r.Value}");
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
