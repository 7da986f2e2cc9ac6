using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Tasks;

/// <summary>
/// One practice task (#19 point 1): its instructions and spec, every trainee's submission (state, late, hand-ins,
/// reviewers, scores), mentors assigned on the review's assignment page (/Reviews/Assign, the conflict rules); organizers
/// edit the task here.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TaskModel(IAuthorizationService auth, CohortStore cohorts, TaskStore tasks, Texts texts) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long TaskId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public TaskDto? Task { get; private set; }
    public IReadOnlyList<TaskSubmissionDto> Submissions { get; private set; } = [];
    [BindProperty] public TaskInput Input { get; set; } = new();

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Task = Cohort is null ? null : await tasks.GetAsync(Id, TaskId);
        if (Task is null) return;
        Submissions = await tasks.SubmissionsAsync(Id, TaskId);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (Task is null) return NotFound();
        Input = TaskInput.From(Task, Cohort!.TimeZone);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is not { } cohort || await tasks.GetAsync(Id, TaskId) is null) return NotFound();
        var made = Input.ToNewTask(cohort.TimeZone, withRubric: false);
        var r = made.IsOk ? (await tasks.UpdateAsync(HttpContext.Me(), Id, TaskId, made.Value!)).Error : made.Error;
        if (r is null)
        {
            TempData["ca.done"] = texts["Tasks.Saved"];
            return Redirect($"{Request.PathBase}/Tasks/Task/{Id}/{TaskId}");
        }
        Error = texts.Error(r);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Cohort!.TimeZone).ToString("yyyy-MM-dd HH:mm");
}
