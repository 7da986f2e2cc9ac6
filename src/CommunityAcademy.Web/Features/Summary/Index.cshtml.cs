using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Summary;

/// <summary>
/// 培训总结 of a class (#24 point 1) for its organizer or head teacher: the sections previewed from the same figures the
/// .docx is written from, the closing section (结语/下一步工作) and the learning-log entries to include (default: the
/// 精选 ones), saved together; a save from an older page is refused and shows both texts, the typed one kept in the box.
/// The download is <c>/Summary/{id}?handler=Docx</c>.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class IndexModel(CohortStore cohorts, SummaryReader reader, SummaryStore store, Texts texts, TimeProvider clock) : PageModel
{
    private const string DoneKey = "ca.done";

    [FromRoute] public long Id { get; set; }
    [BindProperty] public string? Closing { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public List<long> LogIds { get; set; } = [];

    public SummaryFigures Figures { get; private set; } = null!;
    /// <summary>The text stored by another save when this one was stale (shown beside the kept one).</summary>
    public SummaryDraft? Theirs { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlySet<long> Chosen { get; private set; } = new HashSet<long>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Closing = Figures.Draft.Closing;
        Version = Figures.Draft.Version;
        Chosen = Figures.Logs.Select(e => e.Id).ToHashSet();
        Message = TempData[DoneKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync()
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), Id) is not { } cohort) return NotFound();
        var f = await reader.ReadAsync(cohort);
        var today = DateOnly.FromDateTime(ClassClock.ToLocal(clock.GetUtcNow(), cohort.TimeZone).DateTime);
        return File(SummaryDocx.Write(f, today), AttendanceReports.DocxType, $"培训总结（{cohort.Title}）.docx");
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), Id) is null) return NotFound();
        var r = await store.SaveAsync(HttpContext.Me(), Id, Closing, LogIds, Version);
        if (r.Error is null)
        {
            TempData[DoneKey] = texts["Summary.Saved"];
            return Redirect($"{Request.PathBase}/Summary/{Id}");
        }
        Error = texts.Error(r.Error);
        Response.StatusCode = r.Error.Code == "Summary.Stale" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        Chosen = LogIds.ToHashSet();
        if (r.Current is { } current)
        {
            Theirs = current;
            Version = current.Version; // the next save, with the typed text kept below, replaces theirs knowingly
        }
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), Id) is not { } cohort) return false;
        Figures = await reader.ReadAsync(cohort);
        return true;
    }
}
