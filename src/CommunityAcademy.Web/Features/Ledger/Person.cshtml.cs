using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>A person's 学时 across classes and years, by year and category, with every entry: the person themselves (/Me/Ledger,
/// on the phone), the staff of their classes (those classes' rows), administrators and organizers, a unit contact (the rows under its
/// subtree); with the certificates issued to the person (the person's own link to download each in force). Someone else's
/// ledger with nothing the caller may see answers 404.</summary>
[Authorize]
public sealed class PersonModel(LedgerStore store, CohortStore cohorts) : PageModel
{
    public PersonLedgerDto? Ledger { get; private set; }
    public bool Mine { get; private set; }
    public IReadOnlyList<LedgerCertificateDto> Certificates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? userId, int? year)
    {
        if (year is { } y && !LedgerApi.YearOk(y)) return BadRequest();
        var me = HttpContext.Me();
        Mine = userId is null || userId == me.Id;
        var who = userId ?? me.Id;
        var scope = Mine ? new LedgerStore.Scope(null, null) : await store.ScopeForPersonAsync(me, who, cohorts);
        if (scope is not null) await store.RefreshForUserAsync(who);
        if (scope is null || await store.PersonAsync(who, scope, year) is not { } ledger) return NotFound();
        Ledger = ledger;
        Certificates = await store.CertificatesAsync(who, scope);
        return Page();
    }
}
