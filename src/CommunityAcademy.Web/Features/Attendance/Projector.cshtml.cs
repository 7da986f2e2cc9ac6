using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 投影签到码: the console as the room sees it on the projector — the rotating QR code large, the session and its time,
/// the counts (已签到 / 应到 / 未到) refreshed live, full screen a click away. No names: a projector is public.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class ProjectorModel(AttendanceStore store) : PageModel
{
    public CheckInSessionRow Session { get; private set; } = null!;
    public SessionAttendanceDto Attendance { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await store.SessionAsync(id, fresh: true) is not { } s) return NotFound();
        Session = s;
        Attendance = await store.SessionAttendanceAsync(s);
        return Page();
    }
}
