using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>学时台账 of a class (#21 point 4): the class's credit rule (organizers and administrators change it; the class's rows
/// are rewritten at once), every trainee's 学时 by category, 重新计算 on demand, the .xlsx. The class's staff read it.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(IAuthorizationService auth, CohortAccess access, CohortStore cohorts, LedgerStore store, LedgerExports exports, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public ClassLedgerDto? Ledger { get; private set; }

    [BindProperty] public string? Late { get; set; }
    [BindProperty] public string? EarlyLeave { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await access.CanSeeAsync(HttpContext.Me(), Id) ? await cohorts.FindAsync(Id) : null;
        if (Cohort is null) return;
        Ledger = await store.ClassAsync(Id);
        if (Request.Method != "POST") (Late, EarlyLeave) = (CreditRule.Code(Ledger.Rule.Late), CreditRule.Code(Ledger.Rule.EarlyLeave));
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        await LoadAsync();
        if (Cohort is null || Ledger is null) return NotFound();
        return File(await exports.ClassXlsxAsync(HttpContext.Me(), Cohort.Title, Ledger),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"学时台账-{Cohort.Id}.xlsx");
    }

    public Task<IActionResult> OnPostRuleAsync() => Manage(async () =>
    {
        if (!await access.CanSeeAsync(HttpContext.Me(), Id)) return texts.Error(new Domain.Error("Ledger.NoSuchClass"));
        if (!CreditRule.TryParse(Late, out var late) || !CreditRule.TryParse(EarlyLeave, out var early))
            return texts.Error(new Domain.Error("Ledger.BadMode", Late ?? EarlyLeave ?? ""));
        return await store.SaveRuleAsync(HttpContext.Me(), Id, new CreditRule(late, early)) is { } bad ? texts.Error(bad) : Done(texts["Ledger.RuleSaved"]);
    });

    public Task<IActionResult> OnPostRefreshAsync() => Manage(async () =>
    {
        if (!await access.CanSeeAsync(HttpContext.Me(), Id)) return texts.Error(new Domain.Error("Ledger.NoSuchClass"));
        await store.RefreshAsync(Id, force: true);
        return Done(texts["Ledger.Recomputed"]);
    });
}
