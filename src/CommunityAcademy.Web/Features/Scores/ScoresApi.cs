using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Web.Features.Me;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>One part of a score: attendance|tasks|plan|online, its value on 0–100 (null: not available), weight, contribution.</summary>
public sealed record ScorePartDto(string Part, decimal? Value, int Weight, decimal Contribution, int Unscored, int Of);
/// <summary>A trainee's class score: rank (null: disqualified), total, parts, why disqualified (in words), the attendance tally, each task's aggregate.</summary>
public sealed record TraineeScoreDto(long EnrollmentId, string Name, string? Unit, int? Rank, decimal Total, IReadOnlyList<ScorePartDto> Parts,
    IReadOnlyList<string> Disqualified, DisciplineTally Tally, IReadOnlyList<decimal?> Tasks);
public sealed record FormulaDto(int Attendance, int Tasks, int Plan, int Online, int? MaxDepartures, int? MaxAbsences, long? PlanReviewId, bool Stored);
public sealed record ClassScoresAnswer(FormulaDto Formula, IReadOnlyList<ScoredReview> Tasks, ScoredReview? Plan, IReadOnlyList<TraineeScoreDto> Rows);
public sealed record FormulaRequest(int? Attendance, int? Tasks, int? Plan, int? Online, int? MaxDepartures, int? MaxAbsences, long? PlanReviewId);

public sealed record OutstandingPickDto(int Position, long EnrollmentId, string Name, string? Unit, int? Rank, decimal Score, bool Added, string? Reason);
public sealed record OutstandingAnswer(SelectionRule? Rule, int? Target, bool Short, int TiedBeyond, IReadOnlyList<OutstandingPickDto> List,
    IReadOnlyList<OutstandingAdjustment> Adjustments, DateTimeOffset? ConfirmedAt, string? ConfirmedBy);
public sealed record AdjustRequest(long? EnrollmentId, string? Action, string? Reason);

/// <summary>
/// /api/v1/cohorts/{id}/scores and …/outstanding (#19): the class score and the outstanding trainees through the API, by the
/// same store methods as /Scores, /Scores/Formula and /Scores/Outstanding, under the same policies (organizers and head
/// teachers read; organizers change), and a trainee's own score (…/scores/mine, as /Me/Score). The /api/v1 group's class
/// check runs first (a class the caller may not see: 404). Trainees are named as the pages name them; no phone or user name
/// is given out.
/// </summary>
public static class ScoresApi
{
    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}").WithTags("Scores").RequireAuthorization();
        g.MapGet("/scores", List).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("结业成绩: the formula in force and every active trainee's score, ranked best first (ties share a rank), then the disqualified with the reasons.");
        g.MapGet("/scores/mine", Mine).WithSummary("My class score (a trainee of the class): each part, its weight and contribution, and why I am not eligible.");
        g.MapPut("/scores/formula", SaveFormula).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Sets the formula {attendance, tasks, plan, online, maxDepartures, maxAbsences, planReviewId}: whole-number weights summing to 100. 422 with the reason.");
        g.MapGet("/outstanding", Outstanding).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("优秀学员: the rule, the list it makes with the adjustments (short of the number, ties beyond it) and, once confirmed, the confirmed list.");
        g.MapPut("/outstanding/rule", SaveRule).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Sets the rule {count | share (percent), capPerUnit, capLevel}. 409 while the list is confirmed.");
        g.MapPost("/outstanding/adjustments", Adjust).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Adds or removes a trainee {enrollmentId, action: add|remove|undo, reason} (a reason is required to add or remove). 409 while confirmed.");
        g.MapPost("/outstanding/confirm", Confirm).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Confirms the list as it stands (the notice and the list can then be downloaded from the page).");
        g.MapPost("/outstanding/reopen", Reopen).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Takes the confirmation back so that the rule and the list can change again.");
        return api;
    }

    private static ProblemHttpResult Refused(Texts texts, Error e) => e.Code switch
    {
        "Outstanding.NoSuchTrainee" or "Score.NoSuchPlanReview" => Problems.Rule(texts, e, 404),
        "Outstanding.Confirmed" or "Outstanding.NotConfirmed" => Problems.Rule(texts, e, 409),
        _ => Problems.Rule(texts, e),
    };

    private static TraineeScoreDto Row(TraineeScore t, Texts texts) => new(t.EnrollmentId, t.Name, t.UnitName, t.Rank, t.Score.Total,
        t.Score.Parts.Select(p => new ScorePartDto(p.Part.ToString().ToLowerInvariant(), p.Value, p.Weight, p.Contribution, p.Unscored, p.Of)).ToList(),
        t.Score.Disqualified.Select(texts.Error).ToList(), t.Tally, t.Tasks);

    private static FormulaDto Formula(ScoreFormula f, bool stored) =>
        new(f.Attendance, f.Tasks, f.Plan, f.Online, f.MaxDepartures, f.MaxAbsences, f.PlanReviewId, stored);

    private static async Task<IResult> List(long id, ClassScoreStore scores, Texts texts)
    {
        var all = await scores.ScoresAsync(id);
        return TypedResults.Ok(new ClassScoresAnswer(Formula(all.Formula, all.Stored), all.Tasks, all.Plan, all.Rows.Select(r => Row(r, texts)).ToList()));
    }

    private static async Task<IResult> Mine(long id, HttpContext http, MyTraining training, ClassScoreStore scores, Texts texts)
    {
        if (await training.ClassAsync(http.Me(), id) is not { } mine) return Problems.NotFound();
        var all = await scores.ScoresAsync(id);
        if (all.Rows.FirstOrDefault(r => r.EnrollmentId == mine.EnrollmentId) is not { } row) return Problems.NotFound();
        return TypedResults.Ok(new ClassScoresAnswer(Formula(all.Formula, all.Stored), all.Tasks, all.Plan, [Row(row, texts)]));
    }

    private static async Task<IResult> SaveFormula(long id, FormulaRequest? body, HttpContext http, ClassScoreStore scores, Texts texts)
    {
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        var current = (await scores.FormulaAsync(id)).Formula;
        var f = new ScoreFormula(body.Attendance ?? 0, body.Tasks ?? 0, body.Plan ?? 0, body.Online ?? 0, body.MaxDepartures, body.MaxAbsences,
            body.PlanReviewId ?? current.PlanReviewId);
        if (await scores.SaveFormulaAsync(http.Me(), id, f) is { } e) return Refused(texts, e);
        var saved = await scores.FormulaAsync(id);
        return TypedResults.Ok(Formula(saved.Formula, saved.Stored));
    }

    private static async Task<IResult> Outstanding(long id, OutstandingStore store) => TypedResults.Ok(Answer(await store.GetAsync(id)));

    private static OutstandingAnswer Answer(OutstandingDto v)
    {
        var list = v.IsConfirmed
            ? v.Confirmed.Select(p => new OutstandingPickDto(p.Position, p.EnrollmentId, p.Name, p.Unit, p.Rank, p.Score, p.Added, v.AdjustmentOf(p.EnrollmentId)?.Reason)).ToList()
            : v.List.Select(p => new OutstandingPickDto(p.Position, p.Trainee.EnrollmentId, p.Trainee.Name, p.Trainee.UnitName, p.Trainee.Rank, p.Trainee.Score.Total,
                p.Added, p.Reason)).ToList();
        return new OutstandingAnswer(v.Rule, v.Selection?.Target, v.Selection?.Short ?? false, v.Selection?.TiedBeyond ?? 0, list, v.Adjustments,
            v.ConfirmedAt, v.ConfirmedBy);
    }

    private static async Task<IResult> SaveRule(long id, SelectionRule? body, HttpContext http, OutstandingStore store, Texts texts)
    {
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        if (await store.SaveRuleAsync(http.Me(), id, body) is { } e) return Refused(texts, e);
        return TypedResults.Ok(Answer(await store.GetAsync(id)));
    }

    private static async Task<IResult> Adjust(long id, AdjustRequest? body, HttpContext http, OutstandingStore store, Texts texts)
    {
        if (body?.EnrollmentId is not { } e) return Problems.Invalid("enrollmentId", texts["Outstanding.EnrollmentRequired"]);
        if (await store.AdjustAsync(http.Me(), id, e, body.Action ?? "", body.Reason) is { } bad) return Refused(texts, bad);
        return TypedResults.Ok(Answer(await store.GetAsync(id)));
    }

    private static async Task<IResult> Confirm(long id, HttpContext http, OutstandingStore store, Texts texts)
    {
        var r = await store.ConfirmAsync(http.Me(), id);
        if (!r.IsOk) return Refused(texts, r.Error!);
        return TypedResults.Ok(Answer(await store.GetAsync(id)));
    }

    private static async Task<IResult> Reopen(long id, HttpContext http, OutstandingStore store, Texts texts)
    {
        if (await store.ReopenAsync(http.Me(), id) is { } e) return Refused(texts, e);
        return TypedResults.Ok(Answer(await store.GetAsync(id)));
    }
}
