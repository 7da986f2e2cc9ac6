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
    /// <summary>The answers behind the term after this answer (the "more" link's page).</summary>
    [BindProperty(SupportsGet = true, Name = "after")] public long After { get; set; }
    /// <summary>The answers behind the picked term, a page of <see cref="SurveyResults.BehindShown"/>, and whether more follow.</summary>
    public IReadOnlyList<TextAnswer> Behind { get; private set; } = [];
    public bool BehindMore { get; private set; }
    public CohortRow? Cohort { get; private set; }
    public SurveyResult? Result { get; private set; }
    public IReadOnlyList<TrendLine> Trend { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Result = Cohort is null ? null : await results.ResultAsync(Id, SurveyId);
        if (Result is null) return NotFound();
        Trend = await trend.ForSurveyAsync(Result.Survey, Cohort!.ProgramId);
        if (PickedTerm(Result.Questions.FirstOrDefault(q => q.Question.Key == TermQuestion)) is { } picked)
            (Behind, BehindMore) = await results.BehindAsync(SurveyId, TermQuestion!, picked.Term, Math.Max(0, After));
        return Page();
    }

    /// <summary>The frequent term picked under this question, if it is one of its frequent terms.</summary>
    public Domain.Surveys.FrequentTerm? PickedTerm(QuestionResult? q) =>
        q is not null && q.Question.Key == TermQuestion ? q.Terms.FirstOrDefault(t => t.Term == Term) : null;

    public async Task<IActionResult> OnGetExportAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Result = Cohort is null ? null : await results.ResultAsync(Id, SurveyId);
        if (Result is null) return NotFound();
        var bytes = SurveyExport.Workbook(Result, HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.Texts>());
        return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"survey-{SurveyId}.xlsx");
    }
}
