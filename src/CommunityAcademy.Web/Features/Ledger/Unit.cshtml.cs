using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>年度学时汇总 of a unit (#21 point 4): the people of its subtree with their 学时 of a year by category, and the
/// totals; .xlsx. Administrators and organizers (an organizer of one office: the rows of its classes), a unit contact its
/// own subtree only (another unit answers 404).</summary>
[Authorize]
public sealed class UnitModel(LedgerStore store, LedgerExports exports, UnitStore units, CohortStore cohorts, TimeProvider clock) : PageModel
{
    [FromQuery(Name = "unit")] public long? UnitId { get; set; }
    [FromQuery(Name = "year")] public int? Year { get; set; }
    public IReadOnlyList<UnitNode> Units { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public UnitSummaryDto? Summary { get; private set; }
    public int ShownYear { get; private set; }

    /// <summary>Who may open the page (others are refused, and pages link here only for them).</summary>
    public static bool MayOpen(CurrentUser me) => me.IsAdmin || me.IsIn(Domain.Accounts.Role.Organizer) || me.IsIn(Domain.Accounts.Role.UnitContact);

    private async Task<IActionResult?> LoadAsync()
    {
        var me = HttpContext.Me();
        if (!MayOpen(me)) return Forbid();
        var (tree, visible) = await units.VisibleAsync(me);
        Units = visible;
        ShownYear = Year ?? LedgerApi.ThisYear(clock);
        if (!LedgerApi.YearOk(ShownYear)) return BadRequest();
        var years = (await store.YearsAsync()).ToList();
        if (!years.Contains(ShownYear)) years.Add(ShownYear);
        Years = years.OrderDescending().ToList();
        var unit = UnitId ?? (me.IsIn(Domain.Accounts.Role.UnitContact) ? me.UnitId : tree.Roots.FirstOrDefault()?.Id);
        if (unit is null) return null;
        var (ok, scope) = await LedgerApi.UnitScopeAsync(me, unit.Value, units, cohorts);
        if (!ok) return NotFound();
        Summary = await store.UnitAsync(unit.Value, ShownYear, scope);
        return Summary is null ? NotFound() : null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        if (await LoadAsync() is { } answer) return answer;
        if (Summary is null) return NotFound();
        return File(await exports.UnitXlsxAsync(HttpContext.Me(), Summary), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"年度学时-{Summary.UnitId}-{Summary.Year}.xlsx");
    }
}
