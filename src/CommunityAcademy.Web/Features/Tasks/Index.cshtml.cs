using System.Globalization;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Tasks;

/// <summary>
/// 实践任务 of a class (#19 point 1): the tasks with how many are handed in, late, returned, accepted and overdue; a
/// mentor's hand-ins to score; the overdue and returned list; organizers define a task (title, instructions, due time in
/// the class's time zone, what to hand in, 学时, rubric) here and edit it on /Tasks/Edit.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, TaskStore tasks, Texts texts) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public IReadOnlyList<(TaskDto Task, IReadOnlyList<TaskSubmissionDto> Submissions)> Tasks { get; private set; } = [];
    public IReadOnlyList<TaskSubmissionDto> Todo { get; private set; } = [];
    public IReadOnlyList<TaskAttention> Attention { get; private set; } = [];

    [BindProperty] public TaskInput Input { get; set; } = TaskInput.Blank();

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        var list = new List<(TaskDto, IReadOnlyList<TaskSubmissionDto>)>();
        foreach (var t in await tasks.ListAsync(Id)) list.Add((t, await tasks.SubmissionsAsync(Id, t.Id)));
        Tasks = list;
        Todo = await tasks.TodoAsync(Id, HttpContext.Me().Id);
        Attention = await tasks.AttentionAsync(Id);
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
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        var made = Input.ToNewTask(cohort.TimeZone);
        var r = made.IsOk ? await tasks.CreateAsync(HttpContext.Me(), Id, made.Value!) : made.Error!;
        if (r.IsOk) return Redirect($"{Request.PathBase}/Tasks/Task/{Id}/{r.Value}");
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Cohort!.TimeZone).ToString("yyyy-MM-dd HH:mm");
}

/// <summary>The task form: the due time as the class's local date and time.</summary>
public sealed class TaskInput
{
    public string? Title { get; set; }
    public string? Instructions { get; set; }
    public string? DueDate { get; set; }
    public string? DueTime { get; set; } = "18:00";
    public string? Spec { get; set; }
    public string? Hours { get; set; } = "2";
    public string? Rubric { get; set; }

    public static TaskInput Blank() => new() { Spec = "文本|完成情况说明|200\n照片|活动照片|1", Rubric = Domain.Reviews.RubricText.Format(TaskRules.DefaultRubric()) };

    public static TaskInput From(TaskDto t, string zone)
    {
        var local = Domain.Cohorts.ClassClock.ToLocal(t.DueAt, zone);
        return new() { Title = t.Title, Instructions = t.Instructions, DueDate = local.ToString("yyyy-MM-dd"), DueTime = local.ToString("HH:mm"),
            Spec = t.Spec.Format(), Hours = t.Hours.ToString("0.#", CultureInfo.InvariantCulture) };
    }

    public Domain.Result<NewTask> ToNewTask(string zone, bool withRubric = true)
    {
        if (!DateOnly.TryParseExact((DueDate ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || !TimeOnly.TryParseExact((DueTime ?? "").Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return new Domain.Error("Task.DueRequired");
        Domain.Reviews.Rubric? rubric = null;
        if (withRubric && !string.IsNullOrWhiteSpace(Rubric))
        {
            var parsed = Domain.Reviews.RubricText.Parse(Rubric, TaskRules.DefaultRubric() with { Version = 0 }, Domain.Reviews.AggregateRule.Mean, 20m);
            if (!parsed.IsOk) return parsed.Error!;
            rubric = parsed.Value;
        }
        return Domain.Result<NewTask>.Ok(new NewTask(Title, Instructions, Domain.Cohorts.ClassClock.ToInstant(d, time, zone), Spec, Hours, rubric));
    }
}
