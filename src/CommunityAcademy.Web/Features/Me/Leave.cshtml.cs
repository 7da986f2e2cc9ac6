using System.Globalization;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>
/// 请假 for a trainee: chosen sessions that have not ended (adjacent ones make one request, the others one each) or a
/// span from–to; a reason; optionally a photo of a note (the attachment store, images only). A class that allows no
/// leave shows its rule instead of the form and refuses a POST. Refused input: the form again (422) with what was typed;
/// done: post-redirect-get with the message. Below: my requests with their status and the decision note.
/// </summary>
public sealed class LeaveModel(MyTraining training, LeaveStore leave, AttachmentStore attachments, Texts texts) : MyPage(training)
{
    private const string DoneKey = "ca.done";

    [BindProperty] public List<long> SessionIds { get; set; } = [];
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public IFormFile? Photo { get; set; }

    public IReadOnlyList<LeaveChoice> Sessions { get; private set; } = [];
    /// <summary>Every session's title by id (a request names the sessions it was made for, ended ones too).</summary>
    public IReadOnlyDictionary<long, string> Titles { get; private set; } = new Dictionary<long, string>();
    public IReadOnlyList<LeaveDto> Requests { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Message = TempData[DoneKey] as string;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Sessions = await leave.ChoicesAsync(Mine.Cohort);
        Titles = (await leave.SlotsAsync(Mine.Cohort.Id)).ToDictionary(s => s.Id, s => s.Title);
        Requests = (await leave.ListAsync(Mine.Cohort.Id, HttpContext.Me().Id)).OrderByDescending(r => r.Id).ToList();
    }

    public async Task<IActionResult> OnPostAsync(long? id)
    {
        if (id is null) return NotFound();
        if (await FindAsync(id) is { } answer) return answer;
        Error = await AskAsync();
        if (Error is null) return Redirect(Request.PathBase + Request.Path);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    /// <summary>The request, or the message saying why not.</summary>
    private async Task<string?> AskAsync()
    {
        var cohort = Mine.Cohort;
        if (!cohort.LeaveAllowed) return texts["Error.Attendance.NoLeave", "参训人员一律不准请假"];
        var chosen = SessionIds.Where(x => x > 0).Distinct().ToList();
        var spanTyped = !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);
        if (chosen.Count > 0 && spanTyped) return texts["Leave.SessionsOrSpan"];
        if (chosen.Count == 0 && !spanTyped) return texts["Error.Attendance.LeaveWhatRequired"];
        DateTimeOffset? from = null, to = null;
        if (chosen.Count == 0)
        {
            from = Parse(From, cohort.TimeZone);
            to = Parse(To, cohort.TimeZone);
            if (from is null || to is null) return texts["Leave.BadTime"];
            if (to <= from) return texts["Attendance.ToAfterFrom"];
        }
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length > 500) return texts["Attendance.ReasonRequired"];
        AttachmentFile? photo = null;
        if (Photo is { Length: > 0 } upload)
        {
            var (bytes, tooBig) = await attachments.ReadAsync(upload);
            if (tooBig is not null) return tooBig;
            var (file, refused) = attachments.Prepare(bytes!, upload.FileName, AttachmentUses.Images);
            if (refused is not null) return refused;
            photo = file;
        }
        var r = await leave.RequestAsync(HttpContext.Me(), null, cohort, new LeaveAsk(chosen.Count > 0 ? chosen : null, from, to, Reason.Trim(), Photo: photo));
        if (!r.IsOk) return texts.Error(r.Error!);
        TempData[DoneKey] = texts["Leave.Sent", r.Value!.Count];
        return null;
    }

    /// <summary>A datetime-local value (yyyy-MM-ddTHH:mm) in the class's zone, as an instant; null when it is not one.</summary>
    public static DateTimeOffset? Parse(string? text, string zone)
    {
        if (!DateTime.TryParseExact(text?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local)) return null;
        return ClassClock.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), zone);
    }

    public static string StatusKey(string status) => "Leave.Status." + status;
}
