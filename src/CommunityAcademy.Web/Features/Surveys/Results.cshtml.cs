using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// The analysis of a survey (#23 point 4), for the class's staff: answers by audience (devices' duplicates left out),
/// per question a chart with its table beside it, per session and per instructor the matrix's ratings, free texts'
/// frequent words and phrases with the answers behind each; the same question across the program's classes; .xlsx.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class ResultsModel(CohortStore cohorts, SurveyResults results, SurveyTrend trend) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SurveyId { get; set; }
    /// <summary>A frequent term picked: the answers behind it are listed.</summary>
    [BindProperty(SupportsGet = true, Name = "term")] public string? Term { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? TermQuestion { get; set; }
    public CohortRow? Cohort { get; private set; }
    public SurveyResult? Result { get; private set; }
    public IReadOnlyList<TrendLine> Trend { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Result = Cohort is null ? null : await results.ResultAsync(Id, SurveyId);
        if (Result is null) return NotFound();
        Trend = await trend.ForSurveyAsync(Result.Survey, Cohort!.ProgramId);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Result = Cohort is null ? null : await results.ResultAsync(Id, SurveyId);
        if (Result is null) return NotFound();
        var bytes = SurveyExport.Workbook(Result, HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.Texts>());
        return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"survey-{SurveyId}.xlsx");
    }
}
