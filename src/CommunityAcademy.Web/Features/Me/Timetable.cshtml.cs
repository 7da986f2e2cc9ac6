using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>My class's timetable as cards for a phone: today's sessions first, then every day; cancelled ones say 已取消.</summary>
public sealed class TimetableModel(MyTraining training, SessionStore sessions, TimeProvider clock) : MyPage(training)
{
    public TimetableView View { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Now = clock.GetUtcNow();
        Today = DateOnly.FromDateTime(ClassClock.ToLocal(Now, Mine.Cohort.TimeZone).DateTime);
        View = await sessions.TimetableAsync(Mine.Cohort, withWarnings: false);
        return Page();
    }
}
