using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using Dapper;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 签到表 / 纸质签到表: the paper sign-in sheet of a session, for printing (序号, 单位, 姓名, 签到, 签退); its .xlsx to fill
/// (?handler=Xlsx) and upload back (every bad cell listed by row and column, nothing stored while there is one); and a
/// tick grid for a quick entry (a tick is a head teacher's mark "出勤", reason 纸质签到表).
/// Printed (issue #15): the class title and venue above, A4 (css/attendance.css @page), columns that fit the page with a
/// 备注, the header row on every page, trainees in unit tree order (AttendanceStore.TraineesAsync), 打印 (js/print.js).
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class SheetModel(AttendanceStore store, HandEntries hand, Texts texts, Db db) : PageModel
{
    /// <summary>The class the session belongs to (printed above the sheet).</summary>
    public string CohortTitle { get; private set; } = "";
    /// <summary>Where the session is held: the session's venue, else its teaching point, else the class's venue.</summary>
    public string? Venue { get; private set; }

    private sealed class Heading { public string Title { get; init; } = ""; public string? Venue { get; init; } }

    private const string DoneKey = "ca.sheet";
    public CheckInSessionRow Session { get; private set; } = null!;
    public SessionAttendanceDto Attendance { get; private set; } = null!;
    public IReadOnlyList<CellError> ImportErrors { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>What the last upload or tick did (post-redirect-get), one line each.</summary>
    public IReadOnlyList<string> Done { get; private set; } = [];
    [BindProperty] public List<long> Ticked { get; set; } = [];

    private async Task<bool> LoadAsync(long id)
    {
        if (await store.SessionAsync(id, fresh: true) is not { } s) return false;
        Session = s;
        Attendance = await store.SessionAttendanceAsync(s);
        await using (var c = await db.OpenAsync())
        {
            var h = await c.QuerySingleAsync<Heading>("""
                SELECT c.title, COALESCE(NULLIF(s.venue, ''), NULLIF(tp.name, ''), c.venue) AS venue
                FROM sessions s JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN teaching_points tp ON tp.id = s.teaching_point_id
                WHERE s.id = @id
                """, new { id });
            (CohortTitle, Venue) = (h.Title, h.Venue);
        }
        if (TempData[DoneKey] is string done) Done = done.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return true;
    }

    private IActionResult Back(long id, IEnumerable<string> lines)
    {
        TempData[DoneKey] = string.Join('\n', lines);
        return Redirect($"/Attendance/Sheet/{id}#paper");
    }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetXlsxAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var date = Domain.Cohorts.ClassClock.ToLocal(Session.StartsAt, Session.TimeZone).ToString("yyyy-MM-dd");
        return File(hand.Xlsx(Session, Attendance), AttendanceReports.XlsxType, $"签到表（{date} {Session.Title}）.xlsx");
    }

    public async Task<IActionResult> OnPostUploadAsync(long id, IFormFile? upload)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (upload is null || upload.Length == 0) { ImportErrors = [new CellError(0, null, texts["Attendance.Paper.Choose"])]; Response.StatusCode = 400; return Page(); }
        await using var file = upload.OpenReadStream();
        var r = await hand.ImportAsync(HttpContext.Me(), Session, file, upload.FileName);
        if (r.Errors.Count > 0) { ImportErrors = r.Errors; Response.StatusCode = 422; return Page(); }
        return Back(id, new[] { texts["Attendance.Paper.Imported", r.SignIns, r.SignOuts] }.Concat(r.Kept));
    }

    public async Task<IActionResult> OnPostTicksAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Ticked.Count == 0) { Error = texts["Attendance.Paper.TicksNone"]; Response.StatusCode = 400; return Page(); }
        var r = await store.MarkAsync(HttpContext.Me(), Session, Ticked, AttendanceStatus.Present, 0, HandEntries.PaperReason);
        if (!r.IsOk && r.Error!.Code == "Attendance.SessionCancelled") { Error = texts.Error(r.Error); Response.StatusCode = 422; return Page(); }
        if (!r.IsOk) return NotFound();
        return Back(id, [texts["Attendance.Paper.Ticked", r.Value]]);
    }
}
