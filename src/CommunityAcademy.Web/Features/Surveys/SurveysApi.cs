using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Surveys;

public sealed record SurveyListItem(long Id, string Title, IReadOnlyList<string> Audiences, bool Anonymous, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
    string? MyAudience, bool Answered, long? Answers);
public sealed record CountDto(int Value, string Label, long Count);
public sealed record TermDto(string Term, int Answers);
public sealed record QuestionDto(string Key, string Kind, string Title, string? Section, bool Required, long Respondents, decimal? Mean,
    IReadOnlyList<CountDto>? Counts, IReadOnlyList<TermDto>? Terms, IReadOnlyList<string>? Texts);
public sealed record SessionRatingDto(long SessionId, DateOnly Date, string Title, string Instructors, decimal? Content, decimal? Instructor, decimal? Usefulness, long Raters);
public sealed record InstructorRatingDto(long InstructorId, string Name, decimal Mean, long Ratings);
public sealed record SurveyResultDto(long Id, string Title, long Answers, long Duplicates, IReadOnlyDictionary<string, long> ByAudience,
    IReadOnlyList<QuestionDto> Questions, IReadOnlyList<SessionRatingDto> Sessions, IReadOnlyList<InstructorRatingDto> Instructors);
/// <param name="Answers">Field → values, as the form posts them: "q:key" (a choice's 1-based option number, a rating, a text), "q:key:sessionId:aspect" for a matrix cell.</param>
/// <param name="Submit">true: submit (required questions answered); false: save a draft.</param>
public sealed record AnswerRequest(Dictionary<string, string[]>? Answers, bool Submit = true);
public sealed record AnswerResult(long ResponseId, bool Submitted);

/// <summary>
/// Surveys' API (#23), under the class's route group (its class check first): the surveys of a class (staff: all, with
/// counts; others: those they may answer), a survey's results (staff), and answering as a signed-in person
/// (named or anonymous; a second answer, a closed survey, an invalid or too long answer: 422 problem details).
/// </summary>
public static class SurveysApi
{
    public static void AddSurveys(IServiceCollection services)
    {
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<SurveyAnswers>();
        services.AddSingleton<SurveyResults>();
        services.AddSingleton<SurveyTrend>();
        services.AddSingleton<SurveyRatings>();
        services.AddHostedService<SegmenterWarmup>();
    }

    public static RouteGroupBuilder MapSurveysApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/surveys").WithTags("Surveys");
        g.MapGet("/", List).WithSummary("The class's surveys: staff see all with their answer counts; trainees and instructors those they may answer.");
        g.MapGet("/{surveyId:long}/results", Results).RequireAuthorization(Policies.Staff)
            .WithSummary("A survey's figures: answers by audience (duplicates left out), per question counts or frequent words, per session and per instructor ratings.");
        g.MapPost("/{surveyId:long}/answers", Answer)
            .WithSummary("Answers a survey as the signed-in person (or saves a draft with submit=false). 422: closed, answered already, not asked, invalid.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<SurveyListItem>>> List(long id, HttpContext http, SurveyStore surveys, SurveyAnswers answers, SurveyResults results)
    {
        var me = http.Me();
        var list = new List<SurveyListItem>();
        foreach (var s in await surveys.ListAsync(id))
        {
            var mine = await answers.AudienceOfAsync(me, s);
            if (!me.IsStaff && mine is null) continue;
            var answered = mine is { } a && await answers.AnsweredAsync(s, new Respondent(a, UserId: me.Id));
            list.Add(new SurveyListItem(s.Id, s.Title, s.Audiences.Select(SurveyRules.Word).ToList(), s.Anonymous, s.OpensAt, s.ClosesAt,
                mine is { } m ? SurveyRules.Word(m) : null, answered, me.IsStaff ? await results.CountAsync(s.Id) : null));
        }
        return TypedResults.Ok<IReadOnlyList<SurveyListItem>>(list);
    }

    private static async Task<Results<Ok<SurveyResultDto>, ProblemHttpResult>> Results(long id, long surveyId, SurveyResults results)
    {
        if (await results.ResultAsync(id, surveyId) is not { } r) return Problems.NotFound();
        return TypedResults.Ok(ToDto(r));
    }

    public static SurveyResultDto ToDto(SurveyResult r) => new(r.Survey.Id, r.Survey.Title, r.Answers, r.Duplicates,
        r.ByAudience.ToDictionary(a => SurveyRules.Word(a.Key), a => a.Value),
        r.Questions.Select(q => new QuestionDto(q.Question.Key, q.Question.Kind.ToString(), q.Question.Title, q.Question.Section, q.Question.Required, q.Respondents,
            q.Tally?.Mean is { } m && q.Question.Scale is not null ? Math.Round(m, 2) : null,
            q.Tally?.Counts.Select(c => new CountDto(c.Value, SurveyExport.Label(q.Question, c.Value), c.Count)).ToList(),
            q.Question.Kind == QuestionKind.Text ? q.Terms.Select(t => new TermDto(t.Term, t.Answers)).ToList() : null,
            q.Question.Kind == QuestionKind.Text ? q.Texts.Select(t => t.Text).ToList() : null)).ToList(),
        r.Sessions.Select(s => new SessionRatingDto(s.SessionId, s.Date, s.Title, s.Instructors, s.Means[SessionAspects.Content], s.Means[SessionAspects.Instructor],
            s.Means[SessionAspects.Usefulness], s.Raters)).ToList(),
        r.Instructors.Select(i => new InstructorRatingDto(i.InstructorId, i.Name, Math.Round(i.Mean, 2), i.Ratings)).ToList());

    private static async Task<Results<Created<AnswerResult>, Ok<AnswerResult>, ProblemHttpResult>> Answer(long id, long surveyId, AnswerRequest body,
        HttpContext http, SurveyStore surveys, SurveyAnswers answers, Texts texts)
    {
        if (await surveys.GetAsync(id, surveyId) is not { } s) return Problems.NotFound();
        var me = http.Me();
        if (await answers.AudienceOfAsync(me, s) is not { } audience) return Problems.Rule(texts, new Domain.Error("Survey.NotForYou"));
        var posted = (body.Answers ?? []).Select(kv => new KeyValuePair<string, IReadOnlyList<string>>(kv.Key, kv.Value ?? []));
        var r = await answers.SaveAsync(s, new Respondent(audience, UserId: me.Id), posted, body.Submit);
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        var result = new AnswerResult(r.Value!.ResponseId, r.Value.Submitted);
        return body.Submit ? TypedResults.Created($"/api/v1/cohorts/{id}/surveys/{surveyId}", result) : TypedResults.Ok(result);
    }
}
