using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>签到表: the paper sign-in sheet of a session, for printing (序号, 单位, 姓名, 职务, 签到, 签退).</summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class SheetModel(AttendanceStore store) : PageModel
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
