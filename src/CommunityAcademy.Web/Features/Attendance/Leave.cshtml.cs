using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 请假审批 (#14 point 2): a class's leave requests, waiting ones first, each with its photo; approve, or refuse with a
/// reason. Decisions go through <see cref="LeaveStore.DecideAsync"/> (audited, reopens settled statuses); an archived
/// class refuses them (ArchivedClassGuard); a class the caller may not see is 404 (CohortAccess on /Attendance).
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class LeaveModel(CohortStore cohorts, LeaveStore leave, Texts texts, IAuthorizationService auth)
    : ManagedPageModel(auth, Policies.TakeAttendance)
{
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<LeaveDto> Waiting { get; private set; } = [];
    public IReadOnlyList<LeaveDto> Decided { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Titles { get; private set; } = new Dictionary<long, string>();
    [BindProperty] public long LeaveId { get; set; }
    [BindProperty] public string? Note { get; set; }

    private long _id;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        _id = id;
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is null) return NotFound();
        await LoadAsync();
        return Page();
    }

    protected override async Task LoadAsync()
    {
        Cohort = (await cohorts.FindAsync(_id))!;
        var all = await leave.ListAsync(_id, null);
        Waiting = all.Where(r => r.Status == "pending").OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).ToList();
        Decided = all.Where(r => r.Status != "pending").OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).ToList();
        Titles = (await leave.SlotsAsync(_id)).ToDictionary(s => s.Id, s => s.Title);
    }

    public Task<IActionResult> OnPostApproveAsync(long id) => DecideAsync(id, true);
    public Task<IActionResult> OnPostRefuseAsync(long id) => DecideAsync(id, false);

    private async Task<IActionResult> DecideAsync(long id, bool approve)
    {
        _id = id;
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is null) return NotFound();
        if (await leave.CohortOfAsync(LeaveId) != id) return NotFound(); // a request of another class
        return await Manage(async () =>
        {
            if (Note is { Length: > 500 }) return texts["Leave.NoteTooLong"];
            var r = await leave.DecideAsync(HttpContext.Me(), LeaveId, approve, Note);
            if (!r.IsOk) return texts.Error(r.Error!);
            return Done(texts[approve ? "Leave.Approved" : "Leave.Refused", r.Value!.TraineeName]);
        });
    }
}
