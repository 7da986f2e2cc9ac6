using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Dashboard;

/// <summary>
/// 培训工作概览 (#24 point 2): an organizer's (or administrator's) classes of a year — classes, people trained, 学时,
/// attendance by district drilled down to units and classes, satisfaction by class and by instructor, trends across a
/// program's classes; each chart beside its table with an .xlsx. Bookmarkable: <c>/Dashboard?year=2023&amp;unit=ID</c>.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class IndexModel(DashboardStore store) : PageModel
{
    [FromQuery(Name = "year")] public int? Year { get; set; }
    [FromQuery(Name = "unit")] public long? UnitId { get; set; }
    [FromQuery(Name = "part")] public string? Part { get; set; }

    public DashboardDto Data { get; private set; } = null!;

    private async Task<IActionResult?> LoadAsync()
    {
        var year = Year ?? store.CurrentYear;
        if (!ModelState.IsValid || !LedgerApi.YearOk(year)) return Refused("Error.Ledger.BadYear");
        if (await store.ReadAsync(HttpContext.Me(), year, UnitId) is not { } d) return NotFound();
        Data = d;
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnGetXlsxAsync()
    {
        if (Part is not null && !DashboardExport.Parts.Contains(Part)) return Refused("Error.Dashboard.BadPart");
        if (await LoadAsync() is { } answer) return answer;
        return File(DashboardExport.Xlsx(Data, Part), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"dashboard-{Data.Year}{(Data.Unit is { } u ? "-" + u : "")}{(Part is null ? "" : "-" + Part)}.xlsx");
    }

    /// <summary>400 with the reason in words (a year or part typed into the address).</summary>
    private static ContentResult Refused(string key) =>
        new() { StatusCode = StatusCodes.Status400BadRequest, Content = Texts.Of(key), ContentType = "text/plain; charset=utf-8" };

    public static string Hours(int x10) => (x10 / 10m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
    public static string Mean(Surveys.Rating? r) => r is { } x ? x.Mean.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>The querystring of a link: this year, this unit (null: the top), a handler and part for a download.</summary>
    public string Link(long? unit, string? part = null, bool xlsx = false)
    {
        var q = new List<string> { "year=" + Data.Year };
        if (unit is { } u) q.Add("unit=" + u);
        if (xlsx) q.Add("handler=Xlsx");
        if (part is not null) q.Add("part=" + part);
        return "/Dashboard?" + string.Join("&", q);
    }
}
