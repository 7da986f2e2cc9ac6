using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Reviews;

/// <param name="Sections">Section key → text, as the plan template names them (problem, goal, …).</param>
/// <param name="Traits">Brand trait key → what the owner declares (differentiated, …).</param>
public sealed record SavePlanRequest(Dictionary<string, string>? Sections, Dictionary<string, string>? Traits);
/// <param name="Values">Criterion key → the value on its scale (a draft may leave some out).</param>
/// <param name="Verdicts">Brand trait key → {verdict: Confirmed|Questioned, reason} (a question needs a reason).</param>
/// <param name="ScoreId">The score the client was showing; someone else's is refused (403).</param>
public sealed record ScoreRequest(Dictionary<string, decimal>? Values, string? Opinion, Dictionary<string, TraitVerdict>? Verdicts, long? ScoreId);

public sealed record ReviewDetailDto(ReviewDto Review, ReviewJson.RubricBody Rubric, IReadOnlyList<ReviewRound> Rounds, int? CurrentRound);
public sealed record DraftDto(long SubmissionId, IReadOnlyDictionary<string, string> Sections, IReadOnlyDictionary<string, string> Traits);
public sealed record RankingRowDto(SubmissionDto Submission, int? Rank, PanelResult Panel, IReadOnlyList<ScoreDto> Scores);
public sealed record RankingAnswerDto(ReviewDto Review, ReviewJson.RubricBody Rubric, IReadOnlyList<RankingRowDto> Rows);

/// <summary>
/// /api/v1/cohorts/{id}/reviews (#18): the pages' review module through the API. The /api/v1 group's class check runs first
/// (a class the caller may not see: 404); the reading endpoints follow the pages' policies (a review and its submissions:
/// the class's staff; the ranking: organizers and head teachers, as /Reviews/Ranking); owners and reviewers are checked by
/// <see cref="ReviewStore"/> itself — the same methods the plan and score pages call, so the rules live in one place.
/// No user names are given out (reviewers and authors by display name only), so nothing needs masking.
/// </summary>
public static class ReviewsApi
{
    public static RouteGroupBuilder MapReviewsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/reviews").WithTags("Reviews").RequireAuthorization();
        g.MapGet("/", List).RequireAuthorization(Policies.Staff).WithSummary("The class's reviews (评审).");
        g.MapGet("/{reviewId:long}", Get).RequireAuthorization(Policies.Staff)
            .WithSummary("A review with its current rubric (criteria, weights, scales, the panel rule) and its rounds (currentRound: the open one).");
        g.MapGet("/{reviewId:long}/submissions", Submissions).RequireAuthorization(Policies.Staff)
            .WithSummary("The review's submissions: versions handed in, reviewers assigned, scores submitted.");
        g.MapGet("/{reviewId:long}/ranking", RankingOf).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("The ranking (organizers and head teachers): per submission the panel's aggregate (0–100), rank (ties share one), spread flag and the submitted scores.");
        g.MapGet("/submissions/{submissionId:long}/versions", Versions)
            .WithSummary("The versions of a submission (its owners and the class's staff), oldest first, each with its round and sections.");
        g.MapGet("/submissions/{submissionId:long}/draft", Draft)
            .WithSummary("The owner's draft as saved (the last version's text when none), with the declared brand traits.");
        g.MapPut("/submissions/{submissionId:long}/draft", SaveDraft)
            .WithSummary("The owner saves the plan as typed: {sections, traits}. No version is made. 403 for anyone but the owners.");
        g.MapPost("/submissions/{submissionId:long}/versions", HandIn)
            .WithSummary("The owner hands the plan in as the next version of the open round: {sections, traits}. 201; 409 when no round is open.");
        g.MapGet("/todo", Todo).RequireAuthorization(Policies.Staff)
            .WithSummary("My to-do as a reviewer in the class: every assigned submission, not yet submitted first, with the current version and when the round closes.");
        g.MapPut("/submissions/{submissionId:long}/score", (long id, long submissionId, ScoreRequest? body, HttpContext http, ReviewStore store, Texts texts) =>
                ScoreAsync(id, submissionId, body, false, http, store, texts)).RequireAuthorization(Policies.Staff)
            .WithSummary("An assigned reviewer saves a draft score: {values, opinion, verdicts, scoreId}; each value on its criterion's scale.");
        g.MapPost("/submissions/{submissionId:long}/score", (long id, long submissionId, ScoreRequest? body, HttpContext http, ReviewStore store, Texts texts) =>
                ScoreAsync(id, submissionId, body, true, http, store, texts)).RequireAuthorization(Policies.Staff)
            .WithSummary("An assigned reviewer submits the score of the current version: every criterion, the total under the current rubric, the opinion (指导意见) with the version. " +
                         "422: outside the scale or missing; 403: not assigned (a conflicted reviewer never is) or another reviewer's score; 409: no round open.");
        return api;
    }

    /// <summary>How a refusal of the store is answered: not there 404, not one's own 403, a closed round 409, bad input 422.</summary>
    private static ProblemHttpResult Refused(Texts texts, Error e) => e.Code switch
    {
        "Review.NotFound" => Problems.NotFound(texts.Error(e)),
        "Review.NotAssigned" or "Review.NotYourScore" or "Plan.NotOwner" => Problems.Rule(texts, e, 403),
        "Review.RoundClosed" => Problems.Rule(texts, e, 409),
        _ => Problems.Rule(texts, e),
    };

    private static async Task<IResult> List(long id, ReviewStore store) => TypedResults.Ok(await store.ListAsync(id));

    private static async Task<IResult> Get(long id, long reviewId, ReviewStore store, TimeProvider clock)
    {
        if (await store.GetAsync(id, reviewId) is not { } review) return Problems.NotFound();
        var rounds = await store.RoundsAsync(reviewId);
        return TypedResults.Ok(new ReviewDetailDto(review, ReviewJson.Body(await store.RubricAsync(reviewId)), rounds,
            Rounds.Current(rounds, clock.GetUtcNow())?.Number));
    }

    private static async Task<IResult> Submissions(long id, long reviewId, ReviewStore store) =>
        await store.GetAsync(id, reviewId) is null ? Problems.NotFound() : TypedResults.Ok(await store.SubmissionsAsync(reviewId));

    private static async Task<IResult> RankingOf(long id, long reviewId, ReviewStore store) =>
        await store.RankingAsync(id, reviewId) is { } r
            ? TypedResults.Ok(new RankingAnswerDto(r.Review, ReviewJson.Body(r.Rubric), r.Rows.Select(x => new RankingRowDto(x.Submission, x.Rank, x.Panel, x.Scores)).ToList()))
            : Problems.NotFound();

    /// <summary>The submission when the caller may read it (owners and staff); otherwise 404, as the pages answer.</summary>
    private static async Task<(SubmissionDto? Submission, IResult? Answer)> ReadableAsync(long id, long submissionId, HttpContext http, ReviewStore store)
    {
        if (await store.SubmissionAsync(id, submissionId) is not { } found || !await store.MayReadAsync(http.Me(), submissionId)) return (null, Problems.NotFound());
        return (found.Submission, null);
    }

    private static async Task<IResult> Versions(long id, long submissionId, HttpContext http, ReviewStore store)
    {
        var (_, answer) = await ReadableAsync(id, submissionId, http, store);
        return answer ?? TypedResults.Ok(await store.VersionsAsync(submissionId));
    }

    private static async Task<IResult> Draft(long id, long submissionId, HttpContext http, ReviewStore store)
    {
        var (_, answer) = await ReadableAsync(id, submissionId, http, store);
        if (answer is not null) return answer;
        var (sections, traits) = await store.DraftAsync(submissionId);
        return TypedResults.Ok(new DraftDto(submissionId, sections, traits));
    }

    private static Task<Result<int>> SaveAsync(long id, long submissionId, SavePlanRequest? body, bool handIn, HttpContext http, ReviewStore store) =>
        store.SaveAsync(http.Me(), id, submissionId, body?.Sections ?? [], body?.Traits ?? [], handIn);

    private static async Task<IResult> SaveDraft(long id, long submissionId, SavePlanRequest? body, HttpContext http, ReviewStore store, Texts texts)
    {
        var (_, answer) = await ReadableAsync(id, submissionId, http, store);
        if (answer is not null) return answer;
        var r = await SaveAsync(id, submissionId, body, false, http, store);
        if (!r.IsOk) return Refused(texts, r.Error!);
        var (sections, traits) = await store.DraftAsync(submissionId);
        return TypedResults.Ok(new DraftDto(submissionId, sections, traits));
    }

    private static async Task<IResult> HandIn(long id, long submissionId, SavePlanRequest? body, HttpContext http, ReviewStore store, Texts texts)
    {
        var (_, answer) = await ReadableAsync(id, submissionId, http, store);
        if (answer is not null) return answer;
        var r = await SaveAsync(id, submissionId, body, true, http, store);
        if (!r.IsOk) return Refused(texts, r.Error!);
        var version = (await store.VersionsAsync(submissionId)).Single(v => v.Number == r.Value);
        return TypedResults.Created($"/api/v1/cohorts/{id}/reviews/submissions/{submissionId}/versions", version);
    }

    private static async Task<IResult> Todo(long id, HttpContext http, ReviewStore store) => TypedResults.Ok(await store.TodoAsync(id, http.Me().Id));

    private static async Task<IResult> ScoreAsync(long id, long submissionId, ScoreRequest? body, bool submit, HttpContext http, ReviewStore store, Texts texts)
    {
        if (await store.SubmissionAsync(id, submissionId) is null) return Problems.NotFound();
        var r = await store.ScoreAsync(http.Me(), id, submissionId, body?.ScoreId, body?.Values ?? [], body?.Opinion, body?.Verdicts ?? [], submit);
        if (!r.IsOk) return Refused(texts, r.Error!);
        return TypedResults.Ok((await store.ScoresAsync(submissionId)).Single(s => s.Id == r.Value));
    }
}
