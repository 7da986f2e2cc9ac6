using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class ReconciliationModel(ReconciliationService rec, RosterService roster, ReceiptService receipts, IAuthorizationService auth, Texts T) : PageModel
{
    public ReconciliationView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }
    /// <summary>The lock was refused: these people are named by two units (rows of the current receipts).</summary>
    public IReadOnlyList<IReadOnlyList<ReceivedRow>> LockBlockedBy { get; private set; } = [];
    /// <summary>For the organizer before the lock: the rows naming one person twice, each of which may be dropped.</summary>
    public IReadOnlyList<IReadOnlyList<ReceivedRow>> Twice { get; private set; } = [];

    /// <summary>Resolves a person named twice: the row leaves its unit's current receipt (the old receipt stays in the history).</summary>
    public async Task<IActionResult> OnPostDropAsync(long id, long rowId)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        var r = await receipts.DropRowAsync(HttpContext.Me(), id, rowId);
        if (r.Outcome == SubmitOutcome.NotFound) return NotFound();
        if (!await LoadAsync(id)) return NotFound();
        if (r.Outcome == SubmitOutcome.Locked) { Response.StatusCode = 409; Message = r.Message; }
        else Message = T["Rec.Dropped", r.Message!];
        return Page();
    }

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
        Twice = CanManage && !v.Locked ? await roster.NamedTwiceAsync(id) : [];
        return true;
    }
}
