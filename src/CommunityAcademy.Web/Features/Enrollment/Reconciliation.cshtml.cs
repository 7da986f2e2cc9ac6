using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class ReconciliationModel(ReconciliationService rec, RosterService roster, IAuthorizationService auth, Texts T) : PageModel
{
    public ReconciliationView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }
    /// <summary>The lock was refused: these people are named by two units (rows of the current receipts).</summary>
    public IReadOnlyList<IReadOnlyList<ReceivedRow>> LockBlockedBy { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostLockAsync(long id, bool mergeNamedTwice)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (await roster.LockAsync(id, HttpContext.Me().Id, mergeNamedTwice: mergeNamedTwice) == LockOutcome.NamedTwice)
        {
            // Never merged silently: the organizer sees who, and either has a unit drop them or confirms one entry each.
            LockBlockedBy = await roster.NamedTwiceAsync(id);
            Response.StatusCode = 409;
            return Page();
        }
        Message = T["Rec.LockedNow"];
        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        await roster.UnlockAsync(id, HttpContext.Me().Id, null);
        Message = T["Rec.Reopened"];
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var me = HttpContext.Me();
        if (await rec.BuildAsync(me, id) is not { } v) return false;
        View = v;
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        return true;
    }
}
