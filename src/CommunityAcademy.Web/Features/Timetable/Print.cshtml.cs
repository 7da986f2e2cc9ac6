using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>The timetable on one A4 page, laid out as the notice prints it (时间 / 课程安排 / 授课专家).</summary>
public sealed class PrintModel(SessionStore store) : PageModel
{
    public TimetableView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is not { } cohort) return NotFound();
        View = await store.TimetableAsync(cohort, withWarnings: false);
        return Page();
    }
}
