using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>What the questions partial draws: the survey, the sessions its matrix rates, what was typed so far, and where the draft autosaves (null: no autosave).</summary>
public sealed record SurveyFormView(SurveyDto Survey, IReadOnlyList<MatrixSession> Sessions, IReadOnlyDictionary<string, IReadOnlyList<string>> Values, string? AutosaveUrl);

/// <summary>
/// One way of answering for the three answer pages (signed in, a host's link, the public link): the form with the draft,
/// autosave (JSON for js/autosave.js), submit; every refusal is a message on the page (422), never a 500.
/// </summary>
public abstract class AnswerPage(SurveyStore surveys, SurveyAnswers answers, Texts texts) : PageModel
{
    public SurveyDto? Survey { get; protected set; }
    public IReadOnlyList<MatrixSession> Sessions { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
    public string? Error { get; protected set; }
    /// <summary>Why this respondent cannot answer now (closed, not yet open, answered, link expired): shown instead of the form.</summary>
    public string? Closed { get; protected set; }
    public bool Submitted { get; private set; }
    public bool Duplicate { get; private set; }
    public virtual bool Autosaves => true;

    /// <summary>Finds the survey and the respondent; null with <see cref="Closed"/> (or NotFound) set when they cannot answer.</summary>
    protected abstract Task<Respondent?> RespondentAsync();

    public SurveyFormView View() => new(Survey!, Sessions, Values, Autosaves ? Request.PathBase + Request.Path + "?handler=Autosave" : null);

    protected static IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> Posted(IFormCollection form) =>
        form.Select(kv => new KeyValuePair<string, IReadOnlyList<string>>(kv.Key, kv.Value.Select(v => v ?? "").ToList()));

    private async Task LoadAsync(Respondent who)
    {
        Sessions = Survey!.Form.Questions.Any(q => q.Kind == QuestionKind.SessionMatrix) ? await surveys.SessionsAsync(Survey.CohortId) : [];
        Values = await answers.DraftAsync(Survey, who);
        if (await answers.AnsweredAsync(Survey, who)) Closed = texts.Error(new Error("Survey.AlreadyAnswered"));
        else if (SurveyRules.Window(Survey.OpensAt, Survey.ClosesAt, HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) is { } shut)
            Closed = texts.Error(shut);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var who = await RespondentAsync();
        if (Survey is null) return NotFound();
        if (who is not null) await LoadAsync(who);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var who = await RespondentAsync();
        if (Survey is null) return NotFound();
        if (who is null) { Response.StatusCode = StatusCodes.Status422UnprocessableEntity; return Page(); }
        var r = await answers.SaveAsync(Survey, who, Posted(Request.Form), submit: true);
        if (r.IsOk) { Submitted = true; Duplicate = r.Value!.Duplicate; return Page(); }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(who);
        Closed = r.Error!.Code is "Survey.Closed" or "Survey.NotOpen" or "Survey.AlreadyAnswered" ? Error : Closed;
        Values = Posted(Request.Form).Where(kv => kv.Key.StartsWith("q:", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return Page();
    }

    /// <summary>The draft saved as one types (js/autosave.js): JSON, 422 with the message when refused.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        var who = await RespondentAsync();
        if (Survey is null) return NotFound();
        if (who is null || !Autosaves) return new JsonResult(new { error = Closed ?? texts.Error(new Error("Survey.NotForYou")) }) { StatusCode = 422 };
        var r = await answers.SaveAsync(Survey, who, Posted(Request.Form), submit: false);
        return r.IsOk ? new JsonResult(new { saved = true }) : new JsonResult(new { error = texts.Error(r.Error!) }) { StatusCode = 422 };
    }
}
