using CommunityAcademy.Domain.Plans;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>
/// A plan (方案, #18 point 2). The owner — the group's members, or the trainee — writes it in the template's sections and
/// declares the six brand traits; "保存" keeps it as typed, "提交本轮版本" hands it in as the next version while a round
/// is open. Everyone on the page sees the versions, the mentors' opinions on each and their view of each trait; staff of
/// the class read it. Two versions are compared on /Reviews/Compare.
/// </summary>
[Authorize]
public sealed class PlanModel(CohortStore cohorts, ReviewStore reviews, Texts texts, TimeProvider clock) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SubmissionId { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public SubmissionDto Submission { get; private set; } = null!;
    public ReviewDto Review { get; private set; } = null!;
    public bool IsOwner { get; private set; }
    public ReviewRound? Current { get; private set; }
    public IReadOnlyList<VersionDto> Versions { get; private set; } = [];
    public IReadOnlyList<OpinionDto> Opinions { get; private set; } = [];
    public IReadOnlyList<ScoreDto> Verdicts { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Traits { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public Dictionary<string, string> Sections { get; set; } = [];
    public Dictionary<string, string> Declared { get; set; } = [];

    public bool Editable => IsOwner && !Cohort.IsArchived;

    private async Task<bool> LoadAsync(bool keepTyped)
    {
        if (await cohorts.FindAsync(Id) is not { } cohort || await reviews.SubmissionAsync(Id, SubmissionId) is not { } found) return false;
        Cohort = cohort;
        (Submission, Review) = found;
        var me = HttpContext.Me();
        IsOwner = await reviews.IsOwnerAsync(me.Id, SubmissionId);
        if (!IsOwner && !me.IsStaff) return false; // another trainee's plan does not exist for them
        Current = Rounds.Current(await reviews.RoundsAsync(Review.Id), clock.GetUtcNow());
        Versions = await reviews.VersionsAsync(SubmissionId);
        Opinions = await reviews.OpinionsAsync(SubmissionId);
        Verdicts = (await reviews.ScoresAsync(SubmissionId)).Where(s => s.IsSubmitted && s.Verdicts.Count > 0).ToList();
        var (sections, traits) = await reviews.DraftAsync(SubmissionId);
        Traits = traits;
        if (!keepTyped)
        {
            Sections = sections.ToDictionary();
            Declared = traits.ToDictionary();
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(false) ? Page() : NotFound();

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(false);
    public Task<IActionResult> OnPostHandInAsync() => SaveAsync(true);

    private async Task<IActionResult> SaveAsync(bool handIn)
    {
        if (!await LoadAsync(true)) return NotFound();
        Sections = ReviewJson.Indexed(Request.Form, "Sections");
        Declared = ReviewJson.Indexed(Request.Form, "Declared");
        var r = await reviews.SaveAsync(HttpContext.Me(), Id, SubmissionId, Sections, Declared, handIn);
        if (r.IsOk)
        {
            TempData["ca.done"] = handIn ? texts["Plans.HandedIn", r.Value] : texts["Plans.Saved"];
            return Redirect($"{Request.PathBase}/Reviews/Plan/{Id}/{SubmissionId}");
        }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// The draft saved as one types (js/autosave.js): the same store call as 保存 (no version is made); JSON, with the
    /// message and 422 when refused. The owner check is the store's.
    /// </summary>
    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        var r = await reviews.SaveAsync(HttpContext.Me(), Id, SubmissionId,
            ReviewJson.Indexed(Request.Form, "Sections"), ReviewJson.Indexed(Request.Form, "Declared"), false);
        return ReviewJson.Autosaved(r.IsOk ? null : r.Error, texts);
    }

    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context) =>
        Message = TempData["ca.done"] as string;

    public static IReadOnlyList<PlanSection> Template => PlanTemplate.Default;
}
