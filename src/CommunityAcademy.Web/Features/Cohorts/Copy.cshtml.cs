using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// A new class from an earlier one: choose the title and start date (and, if it differs in length, the end); the preview
/// says what is copied, the shift in days and the sessions that fall outside; creating it opens the new class (its
/// timetable when sessions are to be placed).
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class CopyModel(CohortStore cohorts, CohortEditor editor, Texts T) : PageModel
{
    public CohortOverview Source { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? StartDate { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? EndDate { get; set; }
    [BindProperty(SupportsGet = true)] public int? Number { get; set; }
    public CopyResult? Preview { get; private set; }
    public Dictionary<string, string> Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(long id, bool preview)
    {
        if (await cohorts.OverviewAsync(HttpContext.Me(), id) is not { } o) return NotFound();
        Source = o;
        if (!preview)
        {
            Title ??= o.Cohort.Title + T["Copy.TitleSuffix"];
            Number ??= o.Cohort.Number is { } n ? n + 1 : null;
            return Page();
        }
        if (Check()) await PreviewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await cohorts.OverviewAsync(HttpContext.Me(), id) is not { } o) return NotFound();
        Source = o;
        if (!Check())
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var r = await editor.CopyAsync(id, Title!, StartDate!.Value, EndDate, Number, HttpContext.Me().Id);
        if (r.Error is not null) return NotFound();
        var made = r.Value!;
        return Redirect(made.SessionsOutside.Count > 0 ? $"/Timetable/{made.Id}" : $"/Cohorts/Details/{made.Id}");
    }

    private bool Check()
    {
        if (string.IsNullOrWhiteSpace(Title)) Errors["title"] = T["Copy.TitleRequired"];
        if (StartDate is null) Errors["startDate"] = T["Copy.StartRequired"];
        if (StartDate is { } s && EndDate is { } e && e < s) Errors["endDate"] = T["Copy.EndBeforeStart"];
        if (Number is not null and (< 1 or > 10000)) Errors["number"] = T["Copy.BadNumber"];
        return Errors.Count == 0;
    }

    private async Task PreviewAsync()
    {
        var r = await editor.PreviewCopyAsync(Source.Cohort, StartDate!.Value, EndDate);
        Preview = r.Value;
    }
}
