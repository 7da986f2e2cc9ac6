using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// A trainee's day: the sessions of their classes today (in each class's own time zone), where, with whom,
/// how many 学时, and which one is on now. ?date=yyyy-MM-dd shows another day.
/// </summary>
public sealed class TodayModel(SessionStore store, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(CohortRow Cohort, DateOnly Date, IReadOnlyList<SessionView> Sessions)> Days { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    public bool BadDate { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow();
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (SessionClock.TryParseDate(Date, out var d)) day = d;
            else BadDate = true;
        }
        Days = await store.DayAsync(HttpContext.Me(), day, Now);
    }

    public string Status(SessionView s) => Now < s.Row.StartsAt ? "later" : Now < s.Row.EndsAt ? "now" : "done";
}
