using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>
/// 回执核对 with the lock and the reopening. Locking while districts or units are missing or short, or before the
/// deadline, asks first and names them (<see cref="LockCheck"/>); reopening says what it does before doing it
/// (<c>?confirm=unlock</c>). A done post redirects with a status message. People named by two units are never merged
/// silently: the lock is refused until the organizer drops one row or confirms one entry each.
/// </summary>
public sealed class ReconciliationModel(ReconciliationService rec, RosterService roster, ReceiptService receipts, IAuthorizationService auth, Texts T,
    TimeProvider clock) : PageModel
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
    [BindProperty(SupportsGet = true)] public bool Locked { get; set; }
    [BindProperty(SupportsGet = true)] public bool Reopened { get; set; }
    /// <summary>"unlock": the reopening is being confirmed.</summary>
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }
    /// <summary>The lock was confirmed with its concerns in view.</summary>
    [BindProperty] public bool Anyway { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>What a lock would override; shown with "仍然锁定" when not empty.</summary>
    public IReadOnlyList<Error> Concerns { get; private set; } = [];
    public bool AskingLock { get; private set; }
    public bool AskingUnlock => CanManage && Confirm == "unlock" && View.Locked;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Locked) Message = T["Rec.LockedNow"];
        else if (Reopened) Message = T["Rec.Reopened"];
        return Page();
    }

    public async Task<IActionResult> OnPostLockAsync(long id, bool mergeNamedTwice)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        Concerns = ConcernsOf(View, clock.GetUtcNow());
        if (Concerns.Count > 0 && !Anyway)
        {
            AskingLock = true;
            return Page();
        }
        if (await roster.LockAsync(id, HttpContext.Me().Id, mergeNamedTwice: mergeNamedTwice) == LockOutcome.NamedTwice)
        {
            // Never merged silently: the organizer sees who, and either has a unit drop them or confirms one entry each.
            LockBlockedBy = await roster.NamedTwiceAsync(id);
            Response.StatusCode = 409;
            return Page();
        }
        return Redirect($"/Enrollment/Reconciliation/{id}?locked=true");
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (reason is { Length: > 500 })
        {
            Confirm = "unlock";
            Message = null;
            ModelState.AddModelError(nameof(Reason), T["Rec.ReasonTooLong", 500]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page(); // the reason typed is kept
        }
        await roster.UnlockAsync(id, HttpContext.Me().Id, reason);
        return Redirect($"/Enrollment/Reconciliation/{id}?reopened=true");
    }

    /// <summary>What locking now would override, as <see cref="LockCheck"/> sees it on the class's own calendar.</summary>
    public static IReadOnlyList<Error> ConcernsOf(ReconciliationView v, DateTimeOffset now) =>
        LockCheck.Concerns(v.Report, v.Cohort.ReceiptDeadline, DateOnly.FromDateTime(ClassClock.ToLocal(now, v.Cohort.TimeZone).DateTime));

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
