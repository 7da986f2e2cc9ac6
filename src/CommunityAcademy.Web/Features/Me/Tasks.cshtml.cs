using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Features.Tasks;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>
/// 我的实践任务 (#19 point 1) on the phone: my tasks with their due time (the class's time zone), state, late, returned
/// with the mentor's opinion, accepted with its 学时; ?task= one task's form — texts, table rows, list items, photos and
/// files — kept as a draft or handed in. An empty or incomplete hand-in is refused (422) with the rule and what was typed kept.
/// </summary>
public sealed class TasksModel(MyTraining training, TaskStore tasks, ReviewStore reviews, AttachmentStore attachments, Texts texts) : MyPage(training)
{
    private const string DoneKey = "ca.done";
    [FromQuery(Name = "task")] public long? TaskId { get; set; }
    public IReadOnlyList<MyTaskDto>? Tasks { get; private set; }
    public MyTaskDto? Current { get; private set; }
    public HandIn Typed { get; private set; } = HandIn.Empty;
    public IReadOnlyList<TaskFileDto> Files { get; private set; } = [];
    public IReadOnlyList<OpinionDto> Opinions { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    private async Task LoadAsync(bool keepTyped)
    {
        Tasks = await tasks.MineAsync(Mine.Cohort.Id, Mine.EnrollmentId);
        Current = TaskId is { } t ? Tasks.FirstOrDefault(x => x.Task.Id == t) : null;
        if (Current is null) return;
        var (draft, files) = await tasks.DraftAsync(Current.Submission.Id, Current.Task.Spec);
        if (!keepTyped) Typed = draft;
        Files = files;
        Opinions = await reviews.OpinionsAsync(Current.Submission.Id);
    }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Message = TempData[DoneKey] as string;
        await LoadAsync(false);
        return TaskId is not null && Current is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostSaveAsync(long? id) => SaveAsync(id, false);
    public Task<IActionResult> OnPostHandInAsync(long? id) => SaveAsync(id, true);

    private async Task<IActionResult> SaveAsync(long? id, bool handIn)
    {
        if (id is null || await FindAsync(id) is { } answer) return NotFound();
        await LoadAsync(true);
        if (Current is null) return NotFound();
        Typed = TaskForm.Read(Request.Form, Current.Task.Spec);
        var r = await tasks.SaveAsync(HttpContext.Me(), Mine.Cohort.Id, Current.Submission.Id, Typed, handIn);
        if (r.IsOk)
        {
            TempData[DoneKey] = handIn ? texts["Tasks.HandedIn", r.Value] : texts["Tasks.DraftSaved"];
            return Redirect($"{Request.PathBase}/Me/Tasks/{Mine.Cohort.Id}?task={Current.Task.Id}");
        }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>A photo or file under a field; what was typed is kept as a draft first, so nothing is lost.</summary>
    public async Task<IActionResult> OnPostFileAsync(long? id, string? field)
    {
        var upload = Request.Form.Files.GetFile($"upload-{field}");
        if (id is null || await FindAsync(id) is { } answer) return NotFound();
        await LoadAsync(true);
        if (Current is null) return NotFound();
        Typed = TaskForm.Read(Request.Form, Current.Task.Spec);
        var me = HttpContext.Me();
        var saved = await tasks.SaveAsync(me, Mine.Cohort.Id, Current.Submission.Id, Typed, false);
        Domain.Error? error = saved.IsOk ? null : saved.Error;
        if (error is null)
        {
            if (upload is null) error = new Domain.Error("Task.NoFile");
            else
            {
                var (bytes, problem) = await attachments.ReadAsync(upload);
                var added = bytes is null ? new Domain.Error("Task.FileRefused", problem!) : (await tasks.AddFileAsync(me, Mine.Cohort.Id, Current.Submission.Id, field ?? "", bytes, upload.FileName)).Error;
                error = added;
            }
        }
        if (error is null)
        {
            TempData[DoneKey] = texts["Tasks.FileAdded"];
            return Redirect($"{Request.PathBase}/Me/Tasks/{Mine.Cohort.Id}?task={Current.Task.Id}");
        }
        Error = texts.Error(error);
        Files = (await tasks.DraftAsync(Current.Submission.Id, Current.Task.Spec)).Files;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveFileAsync(long? id, long fileId)
    {
        if (id is null || await FindAsync(id) is { } answer) return NotFound();
        await LoadAsync(false);
        if (Current is null) return NotFound();
        var r = await tasks.RemoveFileAsync(HttpContext.Me(), Mine.Cohort.Id, Current.Submission.Id, fileId);
        if (r.IsOk)
        {
            TempData[DoneKey] = texts["Tasks.FileRemoved"];
            return Redirect($"{Request.PathBase}/Me/Tasks/{Mine.Cohort.Id}?task={Current.Task.Id}");
        }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Mine.Cohort.TimeZone).ToString("yyyy-MM-dd HH:mm");
}
