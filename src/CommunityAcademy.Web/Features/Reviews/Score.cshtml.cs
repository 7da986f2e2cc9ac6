using System.Globalization;
using CommunityAcademy.Domain;
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
/// 评分 (#18 point 3): an assigned reviewer scores the current version on each criterion's scale, writes an opinion
/// (指导意见) and confirms or questions each declared brand trait; "保存草稿" keeps a draft, "提交" submits. The other
/// reviewers' scores stay hidden until one's own is submitted (<see cref="Panel.MaySeeOthers"/>); organizers see them all.
/// Made for a tablet or phone: one criterion a row, big inputs, plain form posts.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ScoreModel(IAuthorizationService auth, CohortStore cohorts, ReviewStore reviews, Texts texts) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SubmissionId { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public SubmissionDto Submission { get; private set; } = null!;
    public ReviewDto Review { get; private set; } = null!;
    public Rubric Rubric { get; private set; } = null!;
    public VersionDto? Latest { get; private set; }
    public IReadOnlyDictionary<string, string> Traits { get; private set; } = new Dictionary<string, string>();
    public ScoreDto? Mine { get; private set; }
    public IReadOnlyList<ScoreDto> Others { get; private set; } = [];
    public bool IsOrganizer { get; private set; }
    public bool IsAssigned { get; private set; }
    public bool MaySeeOthers { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public long? ScoreId { get; set; }
    public Dictionary<string, string> Values { get; set; } = [];
    [BindProperty] public string? Opinion { get; set; }
    public Dictionary<string, string> Verdict { get; set; } = [];
    public Dictionary<string, string> Reason { get; set; } = [];

    private async Task<bool> LoadAsync(bool keepTyped)
    {
        if (await cohorts.FindAsync(Id) is not { } cohort || await reviews.SubmissionAsync(Id, SubmissionId) is not { } found) return false;
        Cohort = cohort;
        (Submission, Review) = found;
        var me = HttpContext.Me();
        IsOrganizer = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        IsAssigned = await reviews.IsAssignedAsync(me.Id, SubmissionId);
        if (!IsAssigned && !IsOrganizer) return false;
        Rubric = await reviews.RubricAsync(Review.Id);
        Latest = (await reviews.VersionsAsync(SubmissionId)).LastOrDefault();
        Traits = (await reviews.DraftAsync(SubmissionId)).Traits;
        var scores = await reviews.ScoresAsync(SubmissionId);
        Mine = scores.FirstOrDefault(s => s.ReviewerId == me.Id);
        MaySeeOthers = Panel.MaySeeOthers(Mine?.IsSubmitted == true, IsOrganizer);
        Others = MaySeeOthers ? scores.Where(s => s.ReviewerId != me.Id && s.IsSubmitted).ToList() : [];
        if (!keepTyped && Mine is { } m)
        {
            ScoreId = m.Id;
            Values = m.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString("0.##", CultureInfo.InvariantCulture));
            Opinion = m.Opinion;
            Verdict = m.Verdicts.ToDictionary(kv => kv.Key, kv => kv.Value.Verdict);
            Reason = m.Verdicts.Where(kv => kv.Value.Reason is not null).ToDictionary(kv => kv.Key, kv => kv.Value.Reason!);
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["ca.done"] as string;
        return await LoadAsync(false) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDraftAsync() => SaveAsync(false);
    public Task<IActionResult> OnPostSubmitAsync() => SaveAsync(true);

    /// <summary>The draft saved as one types (js/autosave.js): the same path as 保存草稿; JSON, with the message and 422 when refused.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        if (!await LoadAsync(true)) return NotFound();
        if (!Autosaves) return ReviewJson.Autosaved(new Error("Review.SubmittedNotAutosaved"), texts); // a late save never turns a submitted score back into a draft
        var r = await ApplyAsync(false);
        return ReviewJson.Autosaved(r.IsOk ? null : r.Error, texts);
    }

    private async Task<IActionResult> SaveAsync(bool submit)
    {
        if (!await LoadAsync(true)) return NotFound();
        var result = await ApplyAsync(submit);
        if (result.IsOk)
        {
            TempData["ca.done"] = submit ? texts["Reviews.ScoreSubmitted"] : texts["Reviews.DraftSaved"];
            return Redirect($"{Request.PathBase}/Reviews/Score/{Id}/{SubmissionId}");
        }
        Error = texts.Error(result.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The posted form as the store takes it (a value that is not a number refused first), then the store's ScoreAsync.</summary>
    private async Task<Result<long>> ApplyAsync(bool submit)
    {
        Values = ReviewJson.Indexed(Request.Form, "Values");
        Verdict = ReviewJson.Indexed(Request.Form, "Verdict");
        Reason = ReviewJson.Indexed(Request.Form, "Reason");
        var values = new Dictionary<string, decimal>();
        Error? bad = null;
        foreach (var (key, text) in Values)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) values[key] = v;
            else bad ??= new Error("Review.NotANumber", Rubric.Criteria.FirstOrDefault(c => c.Key == key)?.Name ?? key);
        }
        var verdicts = Verdict.Where(kv => !string.IsNullOrEmpty(kv.Value) && kv.Value != "Pending")
            .ToDictionary(kv => kv.Key, kv => new TraitVerdict(kv.Value, Reason.GetValueOrDefault(kv.Key)?.Trim() is { Length: > 0 } r ? r : null));
        return bad is null ? await reviews.ScoreAsync(HttpContext.Me(), Id, SubmissionId, ScoreId, values, Opinion, verdicts, submit) : bad;
    }

    /// <summary>Whether the form saves itself as one types: a score not yet submitted (a submitted one changes only by a button).</summary>
    public bool Autosaves => Mine is null || !Mine.IsSubmitted;

    public static IReadOnlyList<PlanSection> Template => PlanTemplate.Default;
}
