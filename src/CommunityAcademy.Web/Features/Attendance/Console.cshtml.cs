using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// The head teacher's console of one session: the rotating QR code for the projector, who is in and who is missing
/// (refreshed live), marks by hand with a reason (one trainee or many), sign-ins by hand that survive a network drop,
/// and the audit log.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class ConsoleModel(AttendanceStore store, Texts texts) : PageModel
{
    public CheckInSessionRow Session { get; private set; } = null!;
    public SessionAttendanceDto Attendance { get; private set; } = null!;
    public IReadOnlyList<AttendanceStore.AuditRow> Audit { get; private set; } = [];
    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public int? LateMinutes { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    private async Task<bool> LoadAsync(long id)
    {
        if (await store.SessionAsync(id, fresh: true) is not { } s) return false;
        Session = s;
        Attendance = await store.SessionAttendanceAsync(s);
        Audit = await store.AuditOfSessionAsync(id);
        return true;
    }

    /// <summary>An audit value in words: "王建华：缺勤（标记）", "王建华：签到 08:15:00"; the stored JSON is for machines.</summary>
    public string Describe(string? json)
    {
        if (string.IsNullOrEmpty(json)) return "";
        try
        {
            using var d = System.Text.Json.JsonDocument.Parse(json);
            var r = d.RootElement;
            var name = r.TryGetProperty("trainee", out var t) && t.TryGetInt64(out var tid)
                ? Attendance.Trainees.FirstOrDefault(x => x.TraineeId == tid)?.Name ?? $"#{tid}" : "";
            if (r.TryGetProperty("status", out var st))
                return $"{name}：{AttendanceReports.StatusName(st.GetString() ?? "")}" +
                       (r.TryGetProperty("marked", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.True ? "（已标记）" : "");
            if (r.TryGetProperty("kind", out var k) && r.TryGetProperty("at", out var at) && at.TryGetDateTimeOffset(out var when))
                return $"{name}：{(k.GetString() == "out" ? "签退" : "签到")} " +
                       Domain.Cohorts.ClassClock.ToLocal(when, Session.TimeZone).ToString("HH:mm:ss");
            return json;
        }
        catch (System.Text.Json.JsonException) { return json; }
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

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
}
