using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class RosterModel(CohortStore cohorts, RosterService roster, IAuthorizationService auth, TimeProvider clock, Texts T) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<RosterEntry> Entries { get; private set; } = [];
    public IReadOnlyList<SubstitutionRow> Substitutions { get; private set; } = [];
    public bool Locked { get; private set; }
    public bool CanManage { get; private set; }
    public bool CanSeeCodes { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    [BindProperty(SupportsGet = true, Name = "substitute")] public long? SubstituteId { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSubstituteAsync(long id, long enrollmentId, string? newName, string? newPhone, string? reason)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var (newId, problem) = await roster.SubstituteAsync(id, enrollmentId, new NewPerson(newName ?? "", newPhone ?? "", null, null, null), reason ?? "", HttpContext.Me().Id);
        if (problem == "NotFound") return NotFound();
        if (problem is not null) { Error = problem; Response.StatusCode = 422; }
        else Message = T["Roster.Substituted", newName!.Trim()];
        await LoadAsync(id);
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var me = HttpContext.Me();
        if (await cohorts.FindVisibleAsync(me, id) is not { } cohort) return false;
        Cohort = cohort;
        Entries = await roster.VisibleAsync(me, id) ?? [];
        Locked = cohort.IsRosterLocked(clock.GetUtcNow());
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        CanSeeCodes = (await auth.AuthorizeAsync(User, Policies.ReadTraineeCodes)).Succeeded;
        if (CanManage) Substitutions = await roster.SubstitutionsAsync(id);
        return true;
    }
}
