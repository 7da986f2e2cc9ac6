using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// A class's timetable, day by day; clash warnings and editing for those who run it. Deleting asks first
/// (<c>?confirm=</c> shows a panel with the form); a session with sign-ins or marks is not deleted but cancelled (已取消),
/// and a cancelled one can be restored.
/// </summary>
public sealed class IndexModel(SessionStore store, IAuthorizationService auth, Texts texts, TimeProvider clock) : PageModel
{
    public TimetableView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool SeesWarnings { get; private set; }
    [BindProperty(SupportsGet = true)] public long? Saved { get; set; }
    [BindProperty(SupportsGet = true)] public bool Deleted { get; set; }
    [BindProperty(SupportsGet = true)] public long? Cancelled { get; set; }
    [BindProperty(SupportsGet = true)] public long? Restored { get; set; }
    /// <summary>The session whose deletion is being confirmed.</summary>
    [BindProperty(SupportsGet = true)] public long? Confirm { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>The session asked about, and how many records it holds (more than 0: it is offered for cancelling).</summary>
    public SessionView? Asked { get; private set; }
    public long AskedRecords { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Confirm is { } sid && CanManage)
        {
            if (View.Sessions.FirstOrDefault(s => s.Row.Id == sid) is not { } s) return NotFound();
            Asked = s;
            AskedRecords = await store.RecordsAsync(sid);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, long sessionId)
    {
        if (await ManagedAsync(id, sessionId) is { } refused) return refused;
        switch (await store.DeleteAsync(sessionId))
        {
            case SessionStore.DeleteOutcome.Deleted:
                return Redirect($"/Timetable/{id}?deleted=true");
            case SessionStore.DeleteOutcome.HasRecords:
                // Records came in since the question was asked: the page asks again, offering to cancel.
                await LoadAsync(id);
                Asked = View.Sessions.First(s => s.Row.Id == sessionId);
                AskedRecords = await store.RecordsAsync(sessionId);
                Error = texts.Error(new Domain.Error("Timetable.SessionHasRecords", Asked.Row.Title, sessionId));
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, long sessionId)
    {
        if (await ManagedAsync(id, sessionId) is { } refused) return refused;
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (reason is { Length: > TimetableApi.CancelReasonMax })
        {
            await LoadAsync(id);
            Asked = View.Sessions.First(s => s.Row.Id == sessionId);
            AskedRecords = await store.RecordsAsync(sessionId);
            Error = texts["Timetable.CancelReasonTooLong", TimetableApi.CancelReasonMax];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page(); // Reason is bound: the input is kept
        }
        if (!await store.CancelAsync(sessionId, HttpContext.Me().Id, reason, clock.GetUtcNow())) return NotFound();
        return Redirect($"/Timetable/{id}?cancelled={sessionId}#session-{sessionId}");
    }

    public async Task<IActionResult> OnPostRestoreAsync(long id, long sessionId)
    {
        if (await ManagedAsync(id, sessionId) is { } refused) return refused;
        if (!await store.RestoreAsync(sessionId, HttpContext.Me().Id, clock.GetUtcNow())) return NotFound();
        return Redirect($"/Timetable/{id}?restored={sessionId}#session-{sessionId}");
    }

    /// <summary>Null when the caller may change this session of this class; otherwise the answer.</summary>
    private async Task<IActionResult?> ManagedAsync(long id, long sessionId)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is null) return NotFound();
        if (await store.GetAsync(sessionId) is not { } s || s.Row.CohortId != id) return NotFound();
        return null;
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
