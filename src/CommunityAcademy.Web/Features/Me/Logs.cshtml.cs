using System.Globalization;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.LearningLogs;
using CommunityAcademy.Web.Features.LearningLogs;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>
/// 学员日志 on a trainee's phone (#23 point 1): the entry of a day (today unless another class day is chosen) — text,
/// sessions of the day, a photo — saved as typed (js/autosave.js posts the text and sessions to the Autosave handler; 保存
/// posts them with the photo). A refused post shows the form again with everything typed (422). Below: my entries with the
/// head teacher's comments and whether marked good (精选).
/// </summary>
public sealed class LogsModel(MyTraining training, LearningLogStore logs, AttachmentStore attachments, Texts texts) : MyPage(training)
{
    private const string DoneKey = "ca.done";

    [BindProperty] public string? Day { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public List<long> SessionIds { get; set; } = [];
    [BindProperty] public IFormFile? Photo { get; set; }

    public DateOnly Date { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<LogSession> AllSessions { get; private set; } = [];
    public IReadOnlyList<LogSession> DaySessions { get; private set; } = [];
    public IReadOnlyList<LogEntry> Entries { get; private set; } = [];
    public LogEntry? Current { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The class days a trainee may write for: the class's days up to today.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var d = Mine.Cohort.StartDate; d <= Mine.Cohort.EndDate && d <= Today; d = d.AddDays(1)) yield return d;
    }

    public async Task<IActionResult> OnGetAsync(long? id, string? day)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Message = TempData[DoneKey] as string;
        await LoadAsync(day, true);
        return Page();
    }

    private static DateOnly? Parse(string? day) =>
        DateOnly.TryParseExact(day?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private async Task LoadAsync(string? day, bool fromStore)
    {
        var c = Mine.Cohort;
        Today = logs.Today(c);
        Date = Parse(day) is { } d && d >= c.StartDate && d <= c.EndDate ? d : LogRules.DefaultDay(c.StartDate, c.EndDate, Today);
        AllSessions = await logs.SessionsAsync(c.Id);
        DaySessions = AllSessions.Where(s => s.Day == Date).ToList();
        Entries = await logs.MineAsync(c.Id, Mine.EnrollmentId);
        Current = Entries.FirstOrDefault(e => e.Day == Date);
        if (fromStore)
        {
            Body = Current?.Body;
            SessionIds = Current?.SessionIds.ToList() ?? [];
        }
        Day = Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(long? id)
    {
        if (id is null) return NotFound();
        if (await FindAsync(id) is { } answer) return answer;
        var typed = Day;
        Error = await SaveAsync(true);
        if (Error is null) return Redirect($"{Request.PathBase}/Me/Logs/{id}?day={Uri.EscapeDataString(typed ?? "")}");
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(typed, false); // what was typed stays in the form
        return Page();
    }

    /// <summary>The draft saved as one types (js/autosave.js): text and sessions, no photo; JSON {saved} or {error} with 422.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(long? id)
    {
        if (id is null) return NotFound();
        if (await FindAsync(id) is { } answer) return answer;
        var error = await SaveAsync(false);
        return error is null ? new JsonResult(new { saved = true }) : new JsonResult(new { error }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }

    /// <summary>The entry stored, or the message saying why not.</summary>
    private async Task<string?> SaveAsync(bool withPhoto)
    {
        if (Parse(Day) is not { } day) return texts["Logs.BadDay"];
        AttachmentFile? photo = null;
        if (withPhoto && Photo is { Length: > 0 } upload)
        {
            var (bytes, tooBig) = await attachments.ReadAsync(upload);
            if (tooBig is not null) return tooBig;
            var (file, refused) = attachments.Prepare(bytes!, upload.FileName, AttachmentUses.Images);
            if (refused is not null) return refused;
            photo = file;
        }
        var r = await logs.WriteAsync(HttpContext.Me(), Mine.Cohort, Mine.EnrollmentId, day, Body ?? "", SessionIds.Where(s => s > 0).Distinct().ToList(), photo);
        if (!r.IsOk) return texts.Error(r.Error!);
        if (withPhoto) TempData[DoneKey] = texts["Logs.Saved", day.ToString("MM-dd", CultureInfo.InvariantCulture)];
        return null;
    }
}
