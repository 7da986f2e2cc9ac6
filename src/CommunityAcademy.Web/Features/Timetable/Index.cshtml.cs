using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>A class's timetable, day by day; clash warnings and editing for those who run it.</summary>
public sealed class IndexModel(SessionStore store, IAuthorizationService auth) : PageModel
{
    public TimetableView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool SeesWarnings { get; private set; }
    [BindProperty(SupportsGet = true)] public long? Saved { get; set; }
    [BindProperty(SupportsGet = true)] public bool Deleted { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDeleteAsync(long id, long sessionId)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is null) return NotFound();
        if (await store.GetAsync(sessionId) is not { } s || s.Row.CohortId != id) return NotFound();
        await store.DeleteAsync(sessionId);
        return Redirect($"/Timetable/{id}?deleted=true");
    }

    private async Task<bool> LoadAsync(long id)
    {
        var me = HttpContext.Me();
        if (await store.VisibleCohortAsync(me, id) is not { } cohort) return false; // hidden and unknown look the same
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        SeesWarnings = me.IsStaff;
        View = await store.TimetableAsync(cohort, withWarnings: SeesWarnings);
        return true;
    }
}
