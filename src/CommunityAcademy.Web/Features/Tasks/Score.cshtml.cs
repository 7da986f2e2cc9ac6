using System.Globalization;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Tasks;

/// <summary>
/// A trainee's hand-in of a practice task (#19 point 1), for its assigned mentors: the latest version (texts, table,
/// list, photos, files, late or not), earlier opinions; score 完成情况 and 完成质量 under the task's rubric (submitted: the
/// task is accepted and its 学时 awarded) or return it for revision with an opinion. Organizers and head teachers read it.
/// Other reviewers' scores stay hidden until one's own is in (<see cref="Panel.MaySeeOthers"/>).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ScoreModel(CohortStore cohorts, TaskStore tasks, ReviewStore reviews, Texts texts) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SubmissionId { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public TaskDto Task { get; private set; } = null!;
    public TaskSubmissionDto Submission { get; private set; } = null!;
    public Rubric Rubric { get; private set; } = null!;
    public (HandIn HandIn, IReadOnlyList<TaskFileDto> Files, int Number, DateTimeOffset At)? Latest { get; private set; }
    public IReadOnlyList<OpinionDto> Opinions { get; private set; } = [];
    public ScoreDto? Mine { get; private set; }
    public IReadOnlyList<ScoreDto> Others { get; private set; } = [];
    public bool IsAssigned { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public Dictionary<string, string> Values { get; set; } = [];
    [BindProperty] public string? Opinion { get; set; }
    [BindProperty] public string? ReturnOpinion { get; set; }

    private async Task<bool> LoadAsync(bool keepTyped)
    {
        if (await cohorts.FindAsync(Id) is not { } cohort || await tasks.SubmissionAsync(Id, SubmissionId) is not { } found) return false;
        Cohort = cohort;
        (Task, Submission) = found;
        var me = HttpContext.Me();
        var sees = me.IsAdmin || me.IsIn(Domain.Accounts.Role.Organizer) || me.IsIn(Domain.Accounts.Role.HeadTeacher);
        IsAssigned = await reviews.IsAssignedAsync(me.Id, SubmissionId);
        if (!IsAssigned && !sees) return false;
        Rubric = await reviews.RubricAsync(Task.Id);
        Latest = await tasks.VersionAsync(SubmissionId, Task.Spec);
        Opinions = await reviews.OpinionsAsync(SubmissionId);
        var scores = await reviews.ScoresAsync(SubmissionId);
        Mine = scores.FirstOrDefault(s => s.ReviewerId == me.Id);
        Others = Panel.MaySeeOthers(Mine?.IsSubmitted == true, sees) ? scores.Where(s => s.ReviewerId != me.Id && s.IsSubmitted).ToList() : [];
        if (!keepTyped && Mine is { } m)
        {
            Values = m.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString("0.##", CultureInfo.InvariantCulture));
            Opinion = m.Opinion;
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["ca.done"] as string;
        return await LoadAsync(false) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDraftAsync() => ScoreAsync(false);
    public Task<IActionResult> OnPostSubmitAsync() => ScoreAsync(true);

    private async Task<IActionResult> ScoreAsync(bool submit)
    {
        if (!await LoadAsync(true)) return NotFound();
        Values = ReviewJson.Indexed(Request.Form, "Values");
        var values = new Dictionary<string, decimal>();
        Error? bad = null;
        foreach (var (key, text) in Values)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) values[key] = v;
            else bad ??= new Error("Review.NotANumber", Rubric.Criteria.FirstOrDefault(c => c.Key == key)?.Name ?? key);
        }
        var r = bad ?? (await tasks.ScoreAsync(HttpContext.Me(), Id, SubmissionId, values, Opinion, submit)).Error;
        return await DoneAsync(r, submit ? texts["Tasks.Accepted"] : texts["Reviews.DraftSaved"]);
    }

    public async Task<IActionResult> OnPostReturnAsync()
    {
        if (!await LoadAsync(true)) return NotFound();
        return await DoneAsync((await tasks.ReturnAsync(HttpContext.Me(), Id, SubmissionId, ReturnOpinion)).Error, texts["Tasks.Returned"]);
    }

    private Task<IActionResult> DoneAsync(Error? error, string message)
    {
        if (error is null)
        {
            TempData["ca.done"] = message;
            return System.Threading.Tasks.Task.FromResult<IActionResult>(Redirect($"{Request.PathBase}/Tasks/Score/{Id}/{SubmissionId}"));
        }
        Error = texts.Error(error);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return System.Threading.Tasks.Task.FromResult<IActionResult>(Page());
    }

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Cohort.TimeZone).ToString("yyyy-MM-dd HH:mm");
}
