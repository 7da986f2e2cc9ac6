using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// Where the QR code lands on the trainee's phone: /Attendance/Scan?s={session}&amp;t={token}. Signing in happens in
/// the browser (wwwroot/js/attendance.js) through the offline queue, so a scan with no network is uploaded later.
/// A trainee who has not signed in is signed in on arrival; one who has gets the sign-out button.
/// A session of a class the caller may not see answers 404, as the API does: its title and times are not shown.
/// </summary>
public sealed class ScanModel(AttendanceStore store, CohortStore cohorts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "s")] public long SessionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public CheckInSessionRow? Session { get; private set; }
    public bool Enrolled { get; private set; }
    public AttendanceLine? Mine { get; private set; }
    public bool AskPosition => Session?.CheckinRadiusMeters is not null && Session.Latitude is not null;

    public async Task<IActionResult> OnGetAsync()
    {
        Session = await store.SessionAsync(SessionId, fresh: true);
        var me = HttpContext.Me();
        if (Session is null || !await cohorts.CanSeeAsync(me, Session.CohortId)) { Session = null; return NotFound(); }
        if (await store.EnrollmentOfAsync(Session.CohortId, me.Id) is { } e)
        {
            Enrolled = true;
            Mine = (await store.SessionAttendanceAsync(Session, e)).Trainees.FirstOrDefault();
        }
        return Page();
    }

    public DateTimeOffset Now => clock.GetUtcNow();
}
