using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>成绩计算办法 (#19 point 2): the organizer sets the weights (whole numbers summing to 100; online above 0 only for a
/// class with online items), the plan
/// review counted and the disqualifying limits. Head teachers read it.</summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class FormulaModel(IAuthorizationService auth, CohortStore cohorts, ClassScoreStore scores, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public ScoreFormula Current { get; private set; } = ScoreFormula.Default;
    public bool Stored { get; private set; }
    public IReadOnlyList<ScoredReview> Plans { get; private set; } = [];
    /// <summary>The class's online items (live courses, case pushes, theme courses): the online weight is open when there is one.</summary>
    public int OnlineItems { get; private set; }

    [BindProperty] public string? Attendance { get; set; }
    [BindProperty] public string? Tasks { get; set; }
    [BindProperty] public string? Plan { get; set; }
    [BindProperty] public string? Online { get; set; }
    [BindProperty] public string? MaxDepartures { get; set; }
    [BindProperty] public string? MaxAbsences { get; set; }
    [BindProperty] public long? PlanReviewId { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        (Current, Stored, Plans, OnlineItems) = await scores.FormulaAsync(Id);
        if (Request.Method != "POST")
        {
            (Attendance, Tasks, Plan, Online) = (Current.Attendance.ToString(), Current.Tasks.ToString(), Current.Plan.ToString(), Current.Online.ToString());
            (MaxDepartures, MaxAbsences, PlanReviewId) = (Current.MaxDepartures?.ToString(), Current.MaxAbsences?.ToString(), Current.PlanReviewId);
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostAsync() => Manage(async () =>
    {
        int? Whole(string? s, string label, ref string? error, bool optional)
        {
            if (string.IsNullOrWhiteSpace(s)) { if (!optional) error ??= texts["Scores.BadNumber", label]; return optional ? null : 0; }
            if (int.TryParse(s.Trim(), out var n)) return n;
            error ??= texts["Scores.BadNumber", label];
            return null;
        }
        string? error = null;
        var a = Whole(Attendance, texts["Scores.Part.Attendance"], ref error, false);
        var t = Whole(Tasks, texts["Scores.Part.Tasks"], ref error, false);
        var p = Whole(Plan, texts["Scores.Part.Plan"], ref error, false);
        var o = Whole(string.IsNullOrWhiteSpace(Online) ? "0" : Online, texts["Scores.Part.Online"], ref error, false);
        var d = Whole(MaxDepartures, texts["Scores.RuleDepartures", "N"], ref error, true);
        var x = Whole(MaxAbsences, texts["Scores.RuleAbsences", "N"], ref error, true);
        if (error is not null) return error;
        var formula = new ScoreFormula(a ?? 0, t ?? 0, p ?? 0, o ?? 0, d, x, PlanReviewId is > 0 ? PlanReviewId : null);
        return await scores.SaveFormulaAsync(HttpContext.Me(), Id, formula) is { } bad ? texts.Error(bad) : Done(texts["Scores.Saved"]);
    });
}
