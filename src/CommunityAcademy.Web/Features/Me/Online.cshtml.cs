using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>
/// 我的线上学习 (#21 point 3) on the phone: my live courses (minutes present, completed), case pushes and theme courses.
/// ?item= a case push or theme course; ?module= one module, read here: the server notes when it was first opened, and
/// "done reading" counts only once the module's reading time has passed since then (the phone's clock plays no part).
/// A case push's questions are answered here; all correct completes it.
/// </summary>
public sealed class OnlineModel(MyTraining training, OnlineStore online, Texts texts) : MyPage(training)
{
    private const string DoneKey = "ca.done";
    [FromQuery(Name = "item")] public long? ItemId { get; set; }
    [FromQuery(Name = "module")] public long? ModuleId { get; set; }
    public OnlineProgress? Progress { get; private set; }
    public OnlineItemDto? Current { get; private set; }
    public IReadOnlyList<ModuleDto> Modules { get; private set; } = [];
    public ModuleDto? Module { get; private set; }
    public (DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)? Reading { get; private set; }
    public IReadOnlyDictionary<long, (DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)> Reads { get; private set; } = new Dictionary<long, (DateTimeOffset, DateTimeOffset?)>();
    public (int[]? Answers, int Correct)? Answers { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    private async Task<bool> LoadAsync()
    {
        Progress = await online.ProgressAsync(Mine.Cohort.Id);
        if (ItemId is not { } item) return true;
        Current = Progress.Items.FirstOrDefault(i => i.SessionId == item && i.Kind != OnlineKind.Live);
        if (Current is null) return false;
        Modules = await online.ModulesAsync(item);
        // a case push of one module is read on its own page
        if (ModuleId is null && Current.Kind == OnlineKind.Case && Modules.Count == 1) ModuleId = Modules[0].Id;
        if (ModuleId is { } m)
        {
            Module = Modules.FirstOrDefault(x => x.Id == m);
            if (Module is null) return false;
        }
        Reads = await online.MyReadsAsync(item, Mine.EnrollmentId);
        Answers = await online.MyAnswersAsync(item, Mine.EnrollmentId);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Message = TempData[DoneKey] as string;
        if (!await LoadAsync()) return NotFound();
        if (Module is not null)
        {
            var opened = await online.OpenAsync(Mine.Cohort.Id, Mine.EnrollmentId, Module.Id);
            if (opened.IsOk) Reading = opened.Value;
        }
        return Page();
    }

    private string Here() => $"{Request.PathBase}/Me/Online/{Mine.Cohort.Id}?item={ItemId}" + (ModuleId is { } m ? $"&module={m}" : "");

    public async Task<IActionResult> OnPostDoneAsync(long? id)
    {
        if (id is null || await FindAsync(id) is not null) return NotFound();
        if (!await LoadAsync() || Module is null) return NotFound();
        var r = await online.DoneReadingAsync(Mine.Cohort.Id, Mine.EnrollmentId, Module.Id);
        if (r.IsOk)
        {
            TempData[DoneKey] = texts["Online.ReadDone"];
            return Redirect(Here());
        }
        Error = texts.Error(r.Error!);
        Reads = await online.MyReadsAsync(Current!.SessionId, Mine.EnrollmentId);
        Reading = Reads.TryGetValue(Module.Id, out var x) ? x : null;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(long? id)
    {
        if (id is null || await FindAsync(id) is not null) return NotFound();
        if (!await LoadAsync() || Current is null) return NotFound();
        var answers = Current.Questions.Select((_, n) => int.TryParse(Request.Form[$"q{n}"], out var a) ? a : (int?)null).ToList();
        var r = await online.AnswerAsync(Mine.Cohort.Id, Mine.EnrollmentId, Current.SessionId, answers);
        if (r.IsOk)
        {
            TempData[DoneKey] = r.Value == Current.Questions.Count ? texts["Online.AllCorrect"] : texts["Online.SomeWrong", r.Value, Current.Questions.Count];
            return Redirect(Here());
        }
        Error = texts.Error(r.Error!);
        if (Module is not null) Reading = Reads.TryGetValue(Module.Id, out var x) ? x : null;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public ItemProgress Mine_(long session) => Progress!.Of(session, Mine.EnrollmentId);

    public string Local(DateTimeOffset instant) => Domain.Cohorts.ClassClock.ToLocal(instant, Mine.Cohort.TimeZone).ToString("yyyy-MM-dd HH:mm");
}
