using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 待确认的离线签到 of one session: sign-ins uploaded as made offline without a scan pass (they may come from a photo of
/// the code forwarded to someone who is not there). The head teacher checks and counts or refuses each, with a note;
/// both are audited. The console links here with the count waiting.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class HeldModel(AttendanceStore store, HeldCheckIns held, CheckInReadings readings, Texts texts, IAuthorizationService auth)
    : ManagedPageModel(auth, Policies.TakeAttendance)
{
    [FromRoute] public long Id { get; set; }
    public CheckInSessionRow Session { get; private set; } = null!;
    public IReadOnlyList<HeldDto> Rows { get; private set; } = [];
    [BindProperty] public string? Note { get; set; }

    protected override async Task LoadAsync()
    {
        Session = (await store.SessionAsync(Id, fresh: true))!;
        Rows = await held.ListAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await store.SessionAsync(Id, fresh: true) is null) return NotFound();
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(long heldId) => DecideAsync(heldId, true);
    public Task<IActionResult> OnPostRefuseAsync(long heldId) => DecideAsync(heldId, false);

    private async Task<IActionResult> DecideAsync(long heldId, bool accept)
    {
        if (await store.SessionAsync(Id, fresh: true) is not { } s) return NotFound();
        return await Manage(async () =>
        {
            var r = await held.DecideAsync(HttpContext.Me(), Id, heldId, accept, Note);
            if (!r.IsOk) return texts.Error(r.Error!);
            readings.Forget(s.CohortId);
            Done(texts[accept ? "Held.Accepted" : "Held.Refused", r.Value!.TraineeName]);
            return null;
        });
    }
}
