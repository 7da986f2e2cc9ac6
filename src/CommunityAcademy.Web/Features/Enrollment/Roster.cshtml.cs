using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class RosterModel(CohortStore cohorts, RosterService roster, IAuthorizationService auth, TimeProvider clock, Texts T,
    Db db, IConfiguration config) : PageModel
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
    /// <summary>A head teacher may show one trainee's number at a time (audited).</summary>
    public bool MayReveal { get; private set; }
    public (long Id, string Phone)? Revealed { get; private set; }

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

    /// <summary>"显示号码" without JavaScript: the same reveal as the API, the number shown in its row.</summary>
    public async Task<IActionResult> OnPostRevealAsync(long id, long enrollmentId)
    {
        var perHour = EnrollmentApi.RevealsPerHour(config);
        var r = await RosterPersonalData.RevealAsync(db, cohorts, clock, HttpContext.Me(), id, enrollmentId, perHour);
        switch (r.Outcome)
        {
            case RevealOutcome.NotFound: return NotFound();
            case RevealOutcome.Forbidden: return Forbid();
            case RevealOutcome.TooMany: Error = T["PersonalData.TooManyReveals", perHour]; Response.StatusCode = 429; break;
            default:
                Revealed = (enrollmentId, r.Phone!);
                Message = T["PersonalData.Revealed", r.Name!, r.Phone!];
                break;
        }
        return await LoadAsync(id) ? Page() : NotFound();
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
        MayReveal = PersonalData.For(me).MayReveal;
        if (CanManage) Substitutions = await roster.SubstitutionsAsync(id);
        return true;
    }
}
