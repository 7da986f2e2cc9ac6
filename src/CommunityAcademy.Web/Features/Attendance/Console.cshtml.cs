using System.Text.Json;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// The head teacher's console of one session: the rotating QR code (and a link to the projector view), who is in and who
/// is missing (refreshed live), marks by hand with a reason (one trainee or many), 代签到 with a reason for a trainee not
/// signed in (asked first: ?proxy={traineeId}; survives a network drop through the script's queue) and its undo
/// (?undo={checkInId}), and the audit log in words.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class ConsoleModel(AttendanceStore store, HandEntries hand, HeldCheckIns held, Texts texts) : PageModel
{
    public CheckInSessionRow Session { get; private set; } = null!;
    public SessionAttendanceDto Attendance { get; private set; } = null!;
    public IReadOnlyList<AttendanceStore.AuditRow> Audit { get; private set; } = [];
    /// <summary>Sign-ins a head teacher entered, by trainee: what 撤销代签到 may remove.</summary>
    public ILookup<long, CheckInRow> ByHand { get; private set; } = Array.Empty<CheckInRow>().ToLookup(r => r.EnrollmentId);
    /// <summary>Offline uploads without a scan pass waiting for a decision (HeldCheckIns).</summary>
    public int HeldWaiting { get; private set; }
    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public int? LateMinutes { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>?proxy={traineeId}: the panel that asks for the reason of a 代签到.</summary>
    [BindProperty(SupportsGet = true)] public long? Proxy { get; set; }
    /// <summary>?undo={checkInId}: the panel that asks before a 代签到 is undone.</summary>
    [BindProperty(SupportsGet = true)] public long? Undo { get; set; }
    /// <summary>After a 代签到 or its undo (post-redirect-get): whose.</summary>
    [BindProperty(SupportsGet = true)] public long? Proxied { get; set; }
    [BindProperty(SupportsGet = true)] public long? Undone { get; set; }
    [BindProperty] public long? TraineeId { get; set; }
    [BindProperty] public string? ClientId { get; set; }
    [BindProperty] public long? CheckInId { get; set; }
    [BindProperty] public string? UndoReason { get; set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    /// <summary>The clientId of the 代签到 panel's form: a second click of the same form signs in once.</summary>
    public string NewClientId { get; } = Guid.NewGuid().ToString("N");

    public AttendanceLine? ProxyFor => Proxy is { } t ? Attendance.Trainees.FirstOrDefault(x => x.TraineeId == t && x.SignedInAt is null) : null;
    public CheckInRow? UndoOf => Undo is { } u ? ByHand.SelectMany(g => g).FirstOrDefault(r => r.Id == u) : null;
    public string NameOf(long traineeId) => Attendance.Trainees.FirstOrDefault(x => x.TraineeId == traineeId)?.Name ?? $"#{traineeId}";
    public string Local(DateTimeOffset t) => Domain.Cohorts.ClassClock.ToLocal(t, Session.TimeZone).ToString("HH:mm:ss");

    private async Task<bool> LoadAsync(long id)
    {
        if (await store.SessionAsync(id, fresh: true) is not { } s) return false;
        Session = s;
        Attendance = await store.SessionAttendanceAsync(s);
        Audit = await store.AuditOfSessionAsync(id);
        ByHand = (await hand.StaffCheckInsAsync(id)).Where(r => r.Kind == "in").ToLookup(r => r.EnrollmentId);
        HeldWaiting = (await held.ListAsync(id, waitingOnly: true)).Count;
        if (Proxied is { } p) Done = texts["Attendance.Proxy.Done", NameOf(p)];
        if (Undone is { } u) Done = texts["Attendance.Proxy.Undone", NameOf(u)];
        return true;
    }

    private sealed record Value(long? Trainee, string? Name, string? Status, bool Marked, string? Kind, DateTimeOffset? At);

    private static Value? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var d = JsonDocument.Parse(json);
            var r = d.RootElement;
            if (r.ValueKind != JsonValueKind.Object) return null;
            string? str(string p) => r.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new(r.TryGetProperty("trainee", out var t) && t.TryGetInt64(out var tid) ? tid : null, str("name"), str("status"),
                r.TryGetProperty("marked", out var m) && m.ValueKind == JsonValueKind.True, str("kind"),
                r.TryGetProperty("at", out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var when) ? when : null);
        }
        catch (JsonException) { return null; }
    }

    /// <summary>An audit value in words: "王建华：缺勤（已标记）", "王建华：代签到 08:15:00"; the stored JSON is for machines.</summary>
    private string Words(AttendanceStore.AuditRow e, string? json)
    {
        if (Read(json) is not { } v) return json ?? "";
        var name = v.Name ?? (v.Trainee is { } t ? NameOf(t) : "");
        if (v.Status is { } st) return $"{name}：{AttendanceReports.StatusName(st)}" + (v.Marked ? texts["Attendance.Audit.Marked"] : "");
        if (v.Kind is { } k && v.At is { } at)
        {
            var what = (e.Action, k) switch
            {
                ("proxy_checkin" or "proxy_checkin_undone", "out") => texts["Attendance.Audit.ProxyOut"],
                ("proxy_checkin" or "proxy_checkin_undone", _) => texts["Attendance.Audit.Proxy"],
                ("paper_checkin", "out") => texts["Attendance.Audit.PaperOut"],
                ("paper_checkin", _) => texts["Attendance.Audit.Paper"],
                (_, "out") => texts["Attendance.Audit.SignOut"],
                _ => texts["Attendance.Audit.SignIn"],
            };
            return $"{name}：{what} {Local(at)}";
        }
        return json ?? "";
    }

    public string Old(AttendanceStore.AuditRow e) => Words(e, e.OldValue);
    public string New(AttendanceStore.AuditRow e) => e.Action == "proxy_checkin_undone" ? texts["Attendance.Audit.Undone"] : Words(e, e.NewValue);
    /// <summary>The reason as given; "offline" only on the rows of earlier versions, which wrote it for any upload with a time.</summary>
    public string? Why(AttendanceStore.AuditRow e) => e.Action == "checkin" && e.Reason == "offline" ? texts["Attendance.Audit.Offline"] : e.Reason;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        // 代签到 for someone signed in already: not offered (the page says why instead of the panel)
        if (Proxy is { } p && ProxyFor is null && Attendance.Trainees.FirstOrDefault(x => x.TraineeId == p) is { SignedInAt: { } at } t)
            Error = texts.Error(new Domain.Error("Attendance.AlreadySignedIn", t.Name, Local(at)));
        return Page();
    }

    public async Task<IActionResult> OnPostMarkAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var ok = AttendanceStatuses.TryParse(Status, out var status) && status is not (AttendanceStatus.Pending or AttendanceStatus.EarlyLeave);
        if (Selected.Count == 0) Error = texts["Attendance.TraineeIdsRequired"];
        else if (!ok) Error = texts["Attendance.BadStatus"];
        else if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 500) Error = texts["Attendance.ReasonRequired"];
        if (Error is not null) { Response.StatusCode = 400; return Page(); }
        var r = await store.MarkAsync(HttpContext.Me(), Session, Selected, status, LateMinutes ?? 0, Reason!.Trim());
        if (!r.IsOk && r.Error!.Code == "Attendance.SessionCancelled") { Error = texts.Error(r.Error); Response.StatusCode = 422; return Page(); }
        if (!r.IsOk) return NotFound();
        return RedirectToPage(new { id, marked = r.Value });
    }

    /// <summary>代签到 without JavaScript: the panel's form (the script sends the same through the offline queue).</summary>
    public async Task<IActionResult> OnPostProxyAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Proxy = TraineeId;
        if (TraineeId is not { } trainee) return NotFound();
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Trim().Length > 500) { Error = texts["Attendance.ProxyReasonRequired"]; Response.StatusCode = 400; return Page(); }
        var clientId = string.IsNullOrWhiteSpace(ClientId) || ClientId.Length > 64 ? Guid.NewGuid().ToString("N") : ClientId.Trim();
        var r = await store.CheckInAsync(HttpContext.Me(), true, Session,
            new CheckInRequest("in", clientId, null, null, trainee, null, null, null, Reason.Trim()));
        if (r.Error is not null)
        {
            if (r.Status == 404) return NotFound();
            Error = texts.Error(r.Error);
            Response.StatusCode = r.Status;
            Proxy = null;
            return Page();
        }
        return RedirectToPage(new { id, proxied = trainee });
    }

    /// <summary>撤销代签到, after the question (?undo=).</summary>
    public async Task<IActionResult> OnPostUndoAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (CheckInId is not { } checkIn) return NotFound();
        if (UndoReason is { Length: > 500 }) { Undo = checkIn; Error = texts["Attendance.ReasonTooLong"]; Response.StatusCode = 400; return Page(); }
        var r = await hand.UndoAsync(HttpContext.Me(), Session, checkIn, UndoReason);
        if (!r.IsOk)
        {
            if (r.Error!.Code == "Attendance.UnknownCheckIn") return NotFound();
            Error = texts.Error(r.Error);
            Response.StatusCode = 422;
            return Page();
        }
        return RedirectToPage(new { id, undone = r.Value!.EnrollmentId });
    }
}
