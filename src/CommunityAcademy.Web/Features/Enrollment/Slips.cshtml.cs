using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>登录码条: an A4 sheet of slips, one per trainee whose code is still waiting (or one trainee's), to cut and hand out.</summary>
[Authorize(Policy = Policies.ReadTraineeCodes)]
public sealed class SlipsModel(TraineeCodes codes, PublicLinks links, TimeProvider clock) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<TraineeCode> Slips { get; private set; } = [];
    public int Skipped { get; private set; }
    public DateTimeOffset Now { get; private set; }
    /// <summary>Where to sign in, from the configured public address (never the request's own Host unless allowed); null: none to print.</summary>
    public string? LoginAddress { get; private set; }
    [BindProperty(SupportsGet = true, Name = "enrollment")] public long? EnrollmentId { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var (outcome, cohort, list) = await codes.ListAsync(HttpContext.Me(), id, auditAs: "codes.print");
        if (outcome == CodeListOutcome.NotFound) return NotFound();
        Cohort = cohort!;
        Now = clock.GetUtcNow();
        var chosen = EnrollmentId is { } one ? list.Where(x => x.Trainee.Id == one).ToList() : list;
        if (EnrollmentId is not null && chosen.Count == 0) return NotFound();
        Slips = chosen.Where(x => x.State.Usable(Now)).ToList();
        Skipped = chosen.Count - Slips.Count;
        LoginAddress = links.Link(Request, "/Accounts/Login");
        return Page();
    }
}
