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
        if (!r.IsOk) return NotFound();
        return RedirectToPage(new { id, marked = r.Value });
    }
}
