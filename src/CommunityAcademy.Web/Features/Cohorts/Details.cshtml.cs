using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed class DetailsModel(CohortStore cohorts, Groups.CafeStore cafes, Tasks.TaskStore tasks, TimeProvider clock) : PageModel
{
    /// <summary>Practice tasks overdue or returned for revision (#19), for staff.</summary>
    public IReadOnlyList<Tasks.TaskAttention> TaskAttention { get; private set; } = [];
    /// <summary>The class's World Cafés (#16 point 2): session id → grouping id, linked for staff.</summary>
    public IReadOnlyDictionary<long, long> Cafes { get; private set; } = new Dictionary<long, long>();
    /// <summary>Today in the class's time zone: today's sessions link to their sign-in console.</summary>
    public DateOnly Today { get; private set; }
    public CohortOverview Overview { get; private set; } = null!;
    /// <summary>?confirm=archive|unarchive: the panel that asks first.</summary>
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }
    /// <summary>?saved=N after an edit: N statuses were settled again.</summary>
    [BindProperty(SupportsGet = true)] public int? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        // Not visible and not existing look the same.
        if (await cohorts.OverviewAsync(HttpContext.Me(), id) is not { } o) return NotFound();
        Overview = o;
        if (HttpContext.Me().IsStaff) Cafes = await cafes.OfClassAsync(id);
        if (HttpContext.Me().IsStaff) TaskAttention = await tasks.AttentionAsync(id);
        Today = DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(clock.GetUtcNow(), o.Cohort.TimeZone).DateTime);
        return Page();
    }
}
