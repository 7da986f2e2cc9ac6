using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>
/// 学员登录码: who still has to sign in for the first time, the slips to print, the list a unit contact downloads, and a
/// new code for a trainee who lost theirs (asked first: the old password stops working).
/// </summary>
[Authorize(Policy = Policies.ReadTraineeCodes)]
public sealed class CodesModel(TraineeCodes codes, IAuthorizationService auth, IOptions<OneTimeCodeOptions> options, TimeProvider clock, Texts T) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<TraineeCode> Codes { get; private set; } = [];
    public bool NotLocked { get; private set; }
    public bool CanReissue { get; private set; }
    public int LifetimeDays => options.Value.LifetimeDays;
    public DateTimeOffset Now { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    /// <summary>A code just issued: shown once on this answer.</summary>
    public (IssuedCode Code, RosterEntry Trainee)? Issued { get; private set; }
    [BindProperty(SupportsGet = true, Name = "reissue")] public long? ReissueId { get; set; }
    [BindProperty(SupportsGet = true, Name = "all")] public bool ConfirmAll { get; set; }

    public TraineeCode? ToConfirm => ReissueId is { } id ? Codes.FirstOrDefault(c => c.Trainee.Id == id) : null;

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReissueAsync(long id, long enrollmentId)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.TakeAttendance)).Succeeded) return Forbid();
        var issued = await codes.ReissueAsync(HttpContext.Me(), id, enrollmentId);
        if (issued is null) return NotFound();
        Issued = issued;
        ReissueId = null;
        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostReissueAllAsync(long id)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.TakeAttendance)).Succeeded) return Forbid();
        var (outcome, n) = await codes.ReissueUnusedAsync(HttpContext.Me(), id);
        if (outcome == CodeListOutcome.NotFound) return NotFound();
        return RedirectToPage(new { id, done = n });
    }

    private async Task<bool> LoadAsync(long id)
    {
        var (outcome, cohort, list) = await codes.ListAsync(HttpContext.Me(), id, auditAs: "codes.view");
        if (outcome == CodeListOutcome.NotFound) return false;
        Cohort = cohort!;
        NotLocked = outcome == CodeListOutcome.NotLocked;
        Codes = list;
        Now = clock.GetUtcNow();
        CanReissue = (await auth.AuthorizeAsync(User, Policies.TakeAttendance)).Succeeded;
        if (int.TryParse(Request.Query["done"], out var done)) Message = T["Codes.ReissuedAll", done];
        return true;
    }
}
