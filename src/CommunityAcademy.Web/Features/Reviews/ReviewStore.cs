using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Plans;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Reviews;

public sealed record ReviewDto(long Id, long CohortId, string Kind, string Title, int RubricVersion, DateTimeOffset CreatedAt);
public sealed record SubmissionDto(long Id, long ReviewId, long? GroupId, long? EnrollmentId, string Title, int Versions, int Reviewers, int Submitted);
public sealed record VersionDto(long Id, int Number, int Round, IReadOnlyDictionary<string, string> Sections, DateTimeOffset CreatedAt, string? By);
public sealed record OpinionDto(long VersionId, string Reviewer, string Opinion, DateTimeOffset At);
public sealed record ScoreDto(long Id, long SubmissionId, long? VersionId, long ReviewerId, string Reviewer, int RubricVersion,
    IReadOnlyDictionary<string, decimal> Values, decimal? Total, string? Opinion, IReadOnlyDictionary<string, TraitVerdict> Verdicts,
    string Status, bool Accepted, DateTimeOffset UpdatedAt)
{
    public bool IsSubmitted => Status == "submitted";
}
public sealed record AssignedDto(long SubmissionId, long UserId, string Username, string DisplayName);
public sealed record TodoDto(long ReviewId, string Review, long SubmissionId, string Title, string? Status, int? VersionNumber, DateTimeOffset? Due);
public sealed record RankRow(SubmissionDto Submission, int? Rank, PanelResult Panel, IReadOnlyList<ScoreDto> Scores);
public sealed record RankingDto(ReviewDto Review, Rubric Rubric, IReadOnlyList<RankRow> Rows);

/// <summary>
/// 评审 (#18): one store for every kind of review — a class's plans now, practice tasks and course proposals later.
/// The rules are the domain's (<see cref="Rubric"/>, <see cref="Panel"/>, <see cref="Ranking"/>, <see cref="Assigner"/>,
/// <see cref="Rounds"/>, <see cref="PlanTemplate"/>); this keeps them in the database, each change in one transaction, audited.
/// </summary>
public sealed partial class ReviewStore(Db db, CohortAccess access, TimeProvider clock)
{
    private readonly Db db = db;
    private readonly CohortAccess access = access;
    private readonly TimeProvider clock = clock;

    public const int MaxTitle = 100;
    public const int MaxOpinion = 4000;
    public const int MaxTrait = 500;

    // ---------------------------------------------------------------- reviews, rubric, rounds

    public async Task<IReadOnlyList<ReviewDto>> ListAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<ReviewRow>(SelectReview + " WHERE cohort_id = @cohortId ORDER BY id", new { cohortId })).Select(r => r.ToDto()).ToList();
    }

    public async Task<ReviewDto?> GetAsync(long cohortId, long reviewId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QuerySingleOrDefaultAsync<ReviewRow>(SelectReview + " WHERE id = @reviewId AND cohort_id = @cohortId", new { reviewId, cohortId }))?.ToDto();
    }

    public async Task<Rubric> RubricAsync(long reviewId, int? version = null)
    {
        await using var c = await db.OpenAsync();
        return await RubricAsync(c, null, reviewId, version);
    }

    private static async Task<Rubric> RubricAsync(DbConnection c, DbTransaction? tx, long reviewId, int? version = null) =>
        ReviewJson.Rubric(await c.ExecuteScalarAsync<string>(version is null
            ? "SELECT b.body FROM review_rubrics b JOIN reviews r ON r.id = b.review_id AND r.rubric_version = b.version WHERE b.review_id = @reviewId"
            : "SELECT body FROM review_rubrics WHERE review_id = @reviewId AND version = @version", new { reviewId, version }, tx) ?? throw new InvalidOperationException("no rubric"));

    public async Task<IReadOnlyList<ReviewRound>> RoundsAsync(long reviewId)
    {
        await using var c = await db.OpenAsync();
        return await RoundsAsync(c, null, reviewId);
    }

    private static async Task<IReadOnlyList<ReviewRound>> RoundsAsync(DbConnection c, DbTransaction? tx, long reviewId) =>
        (await c.QueryAsync<RoundRow>("SELECT number, name, opens, closes, closed_by_hand FROM review_rounds WHERE review_id = @reviewId ORDER BY number",
            new { reviewId }, tx)).Select(r => new ReviewRound(r.Number, r.Name, r.Opens, r.Closes, r.ClosedByHand)).ToList();

    /// <summary>
    /// Creates a review of a class: the rubric's first version, the rounds (the first open from now, the others not yet),
    /// and a submission per working group of the class (<paramref name="owners"/> "groups") or per active trainee ("trainees").
    /// </summary>
    public async Task<Result<long>> CreateAsync(CurrentUser me, long cohortId, string kind, string? title, string? roundNames, string owners, Rubric? rubric = null)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > MaxTitle) return new Error("Review.TitleRequired", MaxTitle);
        if (kind is not ("plan" or "task" or "proposal")) return new Error("Review.BadKind", kind);
        var names = Rounds.ParseNames(roundNames);
        if (!names.IsOk) return names.Error!;
        rubric ??= Rubric.DefaultForPlans();
        if (rubric.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync((c, tx) => CreateInAsync(c, tx, me, cohortId, kind, title, names.Value!, owners, rubric, now));
    }

    /// <summary><see cref="CreateAsync"/> inside the caller's transaction (a practice task adds its own row in the same one); arguments checked.</summary>
    internal static async Task<Result<long>> CreateInAsync(DbConnection c, DbTransaction tx, CurrentUser me, long cohortId, string kind, string title,
        IReadOnlyList<string> roundNames, string owners, Rubric rubric, DateTimeOffset now)
    {
            List<(long? Group, long? Enrollment, string Title)> subs;
            if (owners == "groups")
            {
                subs = (await c.QueryAsync<(long, string)>("""
                    SELECT x.id, x.name FROM groups x JOIN groupings g ON g.id = x.grouping_id
                    WHERE g.cohort_id = @cohortId AND g.kind = 'working' ORDER BY x.sort_order, x.id
                    """, new { cohortId }, tx)).Select(r => ((long?)r.Item1, (long?)null, r.Item2)).ToList();
                if (subs.Count == 0) return new Error("Review.NoWorkingGroups");
            }
            else if (owners == "trainees")
            {
                subs = (await c.QueryAsync<(long, string)>("""
                    SELECT id, name FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active' ORDER BY id
                    """, new { cohortId }, tx)).Select(r => ((long?)null, (long?)r.Item1, r.Item2)).ToList();
                if (subs.Count == 0) return new Error("Review.NoTrainees");
            }
            else return new Error("Review.BadOwners", owners);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO reviews (cohort_id, kind, title, rubric_version, created_at, created_by)
                VALUES (@cohortId, @kind, @title, @version, @now, @by) RETURNING id
                """, new { cohortId, kind, title, version = rubric.Version, now, by = me.Id }, tx);
            await c.ExecuteAsync("INSERT INTO review_rubrics (review_id, version, body, created_at) VALUES (@id, @version, @body, @now)",
                new { id, version = rubric.Version, body = ReviewJson.Rubric(rubric), now }, tx);
            for (var i = 0; i < roundNames.Count; i++)
                await c.ExecuteAsync("""
                    INSERT INTO review_rounds (review_id, number, name, opens, closes, closed_by_hand) VALUES (@id, @number, @name, @opens, NULL, @closed)
                    """, new { id, number = i + 1, name = roundNames[i], opens = i == 0 ? now : (DateTimeOffset?)null, closed = i != 0 }, tx);
            foreach (var s in subs)
                await c.ExecuteAsync("INSERT INTO review_submissions (review_id, group_id, enrollment_id, title) VALUES (@id, @g, @e, @t)",
                    new { id, g = s.Group, e = s.Enrollment, t = s.Title }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review", id, "review.create", null, $"{kind}:{owners}:{subs.Count}");
            return Result<long>.Ok(id);
    }

    /// <summary>Opens a round (any other open one closes; <paramref name="closes"/>: when it closes by itself) or closes it by hand.</summary>
    public async Task<Result<bool>> SetRoundAsync(CurrentUser me, long cohortId, long reviewId, int number, bool open, DateTimeOffset? closes = null)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        if (open && closes is { } cl && cl <= now) return new Error("Review.ClosesInPast");
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (!await OfClassAsync(c, tx, cohortId, reviewId)) return new Error("Review.NotFound");
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_rounds WHERE review_id = @reviewId AND number = @number", new { reviewId, number }, tx) == 0)
                return new Error("Review.NoSuchRound", number);
            if (open)
            {
                await c.ExecuteAsync("UPDATE review_rounds SET closed_by_hand = @t, closes = @now WHERE review_id = @reviewId AND number <> @number AND closed_by_hand = @f",
                    new { reviewId, number, now, t = true, f = false }, tx);
                await c.ExecuteAsync("UPDATE review_rounds SET closed_by_hand = @f, opens = @now, closes = @closes WHERE review_id = @reviewId AND number = @number",
                    new { reviewId, number, now, closes = closes is { } x ? Instant.Truncate(x) : (DateTimeOffset?)null, f = false }, tx);
            }
            else
                await c.ExecuteAsync("UPDATE review_rounds SET closed_by_hand = @t, closes = @now WHERE review_id = @reviewId AND number = @number",
                    new { reviewId, number, now, t = true }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review", reviewId, open ? "review.round.open" : "review.round.close", null, number.ToString());
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>A new rubric version: scores given under the older one are shown with it and left out of the ranking unless accepted.</summary>
    public async Task<Result<int>> NewRubricAsync(CurrentUser me, long cohortId, long reviewId, string? text, AggregateRule rule, decimal flagSpread)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            if (!await OfClassAsync(c, tx, cohortId, reviewId)) return new Error("Review.NotFound");
            var previous = await RubricAsync(c, tx, reviewId);
            var parsed = RubricText.Parse(text, previous, rule, flagSpread);
            if (!parsed.IsOk) return parsed.Error!;
            var r = parsed.Value!;
            await c.ExecuteAsync("INSERT INTO review_rubrics (review_id, version, body, created_at) VALUES (@reviewId, @version, @body, @now)",
                new { reviewId, version = r.Version, body = ReviewJson.Rubric(r), now }, tx);
            await c.ExecuteAsync("UPDATE reviews SET rubric_version = @version WHERE id = @reviewId", new { reviewId, version = r.Version }, tx);
            await ReviewPanelSums.OfReviewAsync(c, tx, reviewId);
            await Audit.WriteAsync(c, tx, me.Id, now, "review", reviewId, "review.rubric", previous.Version.ToString(), r.Version.ToString());
            return Result<int>.Ok(r.Version);
        });
    }

    // ---------------------------------------------------------------- helpers and rows

    private static readonly IReadOnlyDictionary<string, decimal> NoValues = new Dictionary<string, decimal>();
    private static readonly IReadOnlyDictionary<string, TraitVerdict> NoVerdicts = new Dictionary<string, TraitVerdict>();

    private static async Task<bool> OfClassAsync(DbConnection c, DbTransaction tx, long cohortId, long reviewId) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reviews WHERE id = @reviewId AND cohort_id = @cohortId", new { reviewId, cohortId }, tx) > 0;

    private static async Task<bool> SubmissionOfAsync(DbConnection c, DbTransaction tx, long cohortId, long reviewId, long submissionId) =>
        await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE s.id = @submissionId AND r.id = @reviewId AND r.cohort_id = @cohortId
            """, new { cohortId, reviewId, submissionId }, tx) > 0;

    private const string SelectReview = "SELECT id, cohort_id, kind, title, rubric_version, created_at FROM reviews";
    private const string SelectSubmission = """
        SELECT s.id, s.review_id, s.group_id, s.enrollment_id, s.title,
               (SELECT COUNT(*) FROM submission_versions v WHERE v.submission_id = s.id) AS versions,
               (SELECT COUNT(*) FROM review_assignments a WHERE a.submission_id = s.id) AS reviewers,
               (SELECT COUNT(*) FROM review_scores x WHERE x.submission_id = s.id AND x.status = 'submitted') AS submitted
        FROM review_submissions s
        """;
    private const string SelectScore = """
        SELECT sc.id, sc.submission_id, sc.version_id, sc.reviewer_id, u.display_name AS reviewer, sc.rubric_version, sc.scores, sc.total_x100,
               sc.opinion, sc.verdicts, sc.status, sc.accepted, sc.updated_at
        FROM review_scores sc JOIN users u ON u.id = sc.reviewer_id
        """;

    private sealed class ReviewRow
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public string Kind { get; init; } = "";
        public string Title { get; init; } = "";
        public int RubricVersion { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public ReviewDto ToDto() => new(Id, CohortId, Kind, Title, RubricVersion, CreatedAt);
    }

    private sealed class RoundRow
    {
        public int Number { get; init; }
        public string Name { get; init; } = "";
        public DateTimeOffset? Opens { get; init; }
        public DateTimeOffset? Closes { get; init; }
        public bool ClosedByHand { get; init; }
    }

    private sealed class SubmissionRow
    {
        public long Id { get; init; }
        public long ReviewId { get; init; }
        public long? GroupId { get; init; }
        public long? EnrollmentId { get; init; }
        public string Title { get; init; } = "";
        public long Versions { get; init; }
        public long Reviewers { get; init; }
        public long Submitted { get; init; }
        public SubmissionDto ToDto() => new(Id, ReviewId, GroupId, EnrollmentId, Title, (int)Versions, (int)Reviewers, (int)Submitted);
    }

    private sealed class ScoreRow
    {
        public long Id { get; init; }
        public long SubmissionId { get; init; }
        public long? VersionId { get; init; }
        public long ReviewerId { get; init; }
        public string Reviewer { get; init; } = "";
        public int RubricVersion { get; init; }
        public string Scores { get; init; } = "{}";
        public long? TotalX100 { get; init; }
        public string? Opinion { get; init; }
        public string? Verdicts { get; init; }
        public string Status { get; init; } = "";
        public bool Accepted { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public ScoreDto ToDto() => new(Id, SubmissionId, VersionId, ReviewerId, Reviewer, RubricVersion, ReviewJson.Map<decimal>(Scores),
            TotalX100 is { } t ? t / 100m : null, Opinion, ReviewJson.Map<TraitVerdict>(Verdicts), Status, Accepted, UpdatedAt);
    }
}
