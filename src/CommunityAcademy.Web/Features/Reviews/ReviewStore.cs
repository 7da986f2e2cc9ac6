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
public sealed class ReviewStore(Db db, CohortAccess access, TimeProvider clock)
{
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
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
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
            for (var i = 0; i < names.Value!.Count; i++)
                await c.ExecuteAsync("""
                    INSERT INTO review_rounds (review_id, number, name, opens, closes, closed_by_hand) VALUES (@id, @number, @name, @opens, NULL, @closed)
                    """, new { id, number = i + 1, name = names.Value[i], opens = i == 0 ? now : (DateTimeOffset?)null, closed = i != 0 }, tx);
            foreach (var s in subs)
                await c.ExecuteAsync("INSERT INTO review_submissions (review_id, group_id, enrollment_id, title) VALUES (@id, @g, @e, @t)",
                    new { id, g = s.Group, e = s.Enrollment, t = s.Title }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review", id, "review.create", null, $"{kind}:{owners}:{subs.Count}");
            return Result<long>.Ok(id);
        });
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
            await Audit.WriteAsync(c, tx, me.Id, now, "review", reviewId, "review.rubric", previous.Version.ToString(), r.Version.ToString());
            return Result<int>.Ok(r.Version);
        });
    }

    // ---------------------------------------------------------------- submissions, versions (the owner's side)

    public async Task<IReadOnlyList<SubmissionDto>> SubmissionsAsync(long reviewId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<SubmissionRow>(SelectSubmission + " WHERE s.review_id = @reviewId ORDER BY s.id", new { reviewId })).Select(s => s.ToDto()).ToList();
    }

    /// <summary>A submission of the class's review; null when there is none in this class.</summary>
    public async Task<(SubmissionDto Submission, ReviewDto Review)?> SubmissionAsync(long cohortId, long submissionId)
    {
        await using var c = await db.OpenAsync();
        var s = await c.QuerySingleOrDefaultAsync<SubmissionRow>(SelectSubmission + " WHERE s.id = @submissionId", new { submissionId });
        if (s is null) return null;
        var r = await c.QuerySingleOrDefaultAsync<ReviewRow>(SelectReview + " WHERE id = @id AND cohort_id = @cohortId", new { id = s.ReviewId, cohortId });
        return r is null ? null : (s.ToDto(), r.ToDto());
    }

    /// <summary>Whether the user owns the submission: the trainee, or a member of the group.</summary>
    public async Task<bool> IsOwnerAsync(long userId, long submissionId)
    {
        await using var c = await db.OpenAsync();
        return await IsOwnerAsync(c, null, userId, submissionId);
    }

    private static async Task<bool> IsOwnerAsync(DbConnection c, DbTransaction? tx, long userId, long submissionId) =>
        await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM review_submissions s
            WHERE s.id = @submissionId AND (
                EXISTS (SELECT 1 FROM enrollments e WHERE e.id = s.enrollment_id AND e.user_id = @userId AND e.status = 'active')
                OR EXISTS (SELECT 1 FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id
                           WHERE m.group_id = s.group_id AND e.user_id = @userId AND e.status = 'active'))
            """, new { submissionId, userId }, tx) > 0;

    /// <summary>The submissions the user owns in the class (their group's, their own).</summary>
    public async Task<IReadOnlyList<(SubmissionDto Submission, string Review)>> MineAsync(long cohortId, long userId)
    {
        await using var c = await db.OpenAsync();
        var rows = await c.QueryAsync<SubmissionRow>(SelectSubmission + """
             JOIN reviews r ON r.id = s.review_id
            WHERE r.cohort_id = @cohortId AND (
                EXISTS (SELECT 1 FROM enrollments e WHERE e.id = s.enrollment_id AND e.user_id = @userId AND e.status = 'active')
                OR EXISTS (SELECT 1 FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id
                           WHERE m.group_id = s.group_id AND e.user_id = @userId AND e.status = 'active'))
            ORDER BY s.id
            """, new { cohortId, userId });
        var titles = (await c.QueryAsync<(long, string)>("SELECT id, title FROM reviews WHERE cohort_id = @cohortId", new { cohortId })).ToDictionary(x => x.Item1, x => x.Item2);
        return rows.Select(r => (r.ToDto(), titles[r.ReviewId])).ToList();
    }

    public async Task<IReadOnlyList<VersionDto>> VersionsAsync(long submissionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, int Number, int Round, string Body, DateTimeOffset At, string? By)>("""
            SELECT v.id, v.number, v.round_number, v.body, v.created_at, u.display_name
            FROM submission_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.submission_id = @submissionId ORDER BY v.number
            """, new { submissionId })).Select(v => new VersionDto(v.Id, v.Number, v.Round, ReviewJson.Map<string>(v.Body), v.At, v.By)).ToList();
    }

    /// <summary>The draft being written (saved as typed), and the declared brand traits.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Sections, IReadOnlyDictionary<string, string> Traits)> DraftAsync(long submissionId)
    {
        await using var c = await db.OpenAsync();
        var body = await c.ExecuteScalarAsync<string?>("SELECT body FROM submission_drafts WHERE submission_id = @submissionId", new { submissionId });
        body ??= await c.ExecuteScalarAsync<string?>("SELECT body FROM submission_versions WHERE submission_id = @submissionId ORDER BY number DESC LIMIT 1", new { submissionId });
        var traits = await c.ExecuteScalarAsync<string?>("SELECT traits FROM review_submissions WHERE id = @submissionId", new { submissionId });
        return (ReviewJson.Map<string>(body), ReviewJson.Map<string>(traits));
    }

    /// <summary>
    /// The owner saves the plan as typed (<paramref name="handIn"/> false) or hands it in as the next version of the
    /// open round (true; refused when no round is open). Sections and traits are checked first; nothing is half-written.
    /// </summary>
    public async Task<Result<int>> SaveAsync(CurrentUser me, long cohortId, long submissionId, IReadOnlyDictionary<string, string> sections,
        IReadOnlyDictionary<string, string> traits, bool handIn)
    {
        var clean = sections.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        if (PlanTemplate.Check(PlanTemplate.Default, clean) is { } bad) return bad;
        var cleanTraits = traits.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        if (cleanTraits.Keys.FirstOrDefault(k => BrandTraits.All.All(t => t.Key != k)) is { } unknown) return new Error("Plan.UnknownTrait", unknown);
        if (cleanTraits.FirstOrDefault(kv => kv.Value.Length > MaxTrait) is { Key: not null } tooLong)
            return new Error("Plan.SectionTooLong", BrandTraits.All.First(t => t.Key == tooLong.Key).Name, MaxTrait);
        if (handIn && clean.Count == 0) return new Error("Plan.Empty");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            var reviewId = await c.ExecuteScalarAsync<long?>("""
                SELECT s.review_id FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE s.id = @submissionId AND r.cohort_id = @cohortId
                """, new { submissionId, cohortId }, tx);
            if (reviewId is null) return new Error("Review.NotFound");
            if (!await IsOwnerAsync(c, tx, me.Id, submissionId)) return new Error("Plan.NotOwner");
            var body = ReviewJson.Write(clean);
            await c.ExecuteAsync("UPDATE review_submissions SET traits = @traits WHERE id = @submissionId", new { submissionId, traits = ReviewJson.Write(cleanTraits) }, tx);
            if (!handIn)
            {
                if (await c.ExecuteAsync("UPDATE submission_drafts SET body = @body, updated_by = @by, updated_at = @now WHERE submission_id = @submissionId",
                        new { submissionId, body, by = me.Id, now }, tx) == 0)
                    await c.ExecuteAsync("INSERT INTO submission_drafts (submission_id, body, updated_by, updated_at) VALUES (@submissionId, @body, @by, @now)",
                        new { submissionId, body, by = me.Id, now }, tx);
                return Result<int>.Ok(0);
            }
            var rounds = await RoundsAsync(c, tx, reviewId.Value);
            if (Rounds.CanSubmitVersion(rounds, now) is { } closed) return closed;
            var round = Rounds.Current(rounds, now)!;
            var number = 1 + await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(number), 0) FROM submission_versions WHERE submission_id = @submissionId", new { submissionId }, tx);
            var versionId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO submission_versions (submission_id, number, round_number, body, created_by, created_at)
                VALUES (@submissionId, @number, @round, @body, @by, @now) RETURNING id
                """, new { submissionId, number, round = round.Number, body, by = me.Id, now }, tx);
            await c.ExecuteAsync("DELETE FROM submission_drafts WHERE submission_id = @submissionId", new { submissionId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "review.version", null, $"{number}:{round.Number}:{versionId}");
            return Result<int>.Ok(number);
        });
    }

    /// <summary>The submitted opinions (指导意见) on each version, for the owner and staff.</summary>
    public async Task<IReadOnlyList<OpinionDto>> OpinionsAsync(long submissionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string, string, DateTimeOffset)>("""
            SELECT o.version_id, u.display_name, o.opinion, o.updated_at FROM review_opinions o
            JOIN submission_versions v ON v.id = o.version_id JOIN users u ON u.id = o.reviewer_id
            WHERE v.submission_id = @submissionId ORDER BY v.number DESC, u.display_name
            """, new { submissionId })).Select(o => new OpinionDto(o.Item1, o.Item2, o.Item3, o.Item4)).ToList();
    }

    // ---------------------------------------------------------------- assignment

    public async Task<IReadOnlyList<AssignedDto>> AssignmentsAsync(long reviewId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, long, string, string)>("""
            SELECT a.submission_id, u.id, u.username, u.display_name FROM review_assignments a
            JOIN review_submissions s ON s.id = a.submission_id JOIN users u ON u.id = a.user_id
            WHERE s.review_id = @reviewId ORDER BY a.submission_id, u.display_name
            """, new { reviewId })).Select(r => new AssignedDto(r.Item1, r.Item2, r.Item3, r.Item4)).ToList();
    }

    /// <summary>Everyone who may review (active mentors and experts), with their unit and how many submissions of this review they have.</summary>
    public async Task<IReadOnlyList<(Reviewer Reviewer, string Username, string? Unit)>> CandidatesAsync(long reviewId)
    {
        await using var c = await db.OpenAsync();
        return await CandidatesAsync(c, null, reviewId);
    }

    private static async Task<IReadOnlyList<(Reviewer Reviewer, string Username, string? Unit)>> CandidatesAsync(DbConnection c, DbTransaction? tx, long reviewId) =>
        (await c.QueryAsync<(long Id, string Username, string Name, string? Path, string? Unit, long Load)>("""
            SELECT u.id, u.username, u.display_name, un.path, un.name,
                   (SELECT COUNT(*) FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id
                    WHERE a.user_id = u.id AND s.review_id = @reviewId)
            FROM users u LEFT JOIN units un ON un.id = u.unit_id
            WHERE u.is_active = @t AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('mentor', 'expert'))
            ORDER BY u.display_name, u.id
            """, new { reviewId, t = true }, tx)).Select(r => (new Reviewer(r.Id, r.Name, r.Path, (int)r.Load), r.Username, r.Unit)).ToList();

    /// <summary>Per submission, the candidates who must not review it (a conflict of interest by unit), as the rule words it.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Error>>> ConflictsAsync(long reviewId)
    {
        await using var c = await db.OpenAsync();
        var candidates = await CandidatesAsync(c, null, reviewId);
        var map = new Dictionary<long, IReadOnlyList<Error>>();
        foreach (var s in await c.QueryAsync<long>("SELECT id FROM review_submissions WHERE review_id = @reviewId", new { reviewId }))
        {
            var paths = await OwnerPathsAsync(c, null, s);
            map[s] = candidates.Select(x => Assigner.Check(x.Reviewer, paths)).OfType<Error>().ToList();
        }
        return map;
    }

    /// <summary>The unit paths of a submission's owners: the trainee's unit, or every group member's.</summary>
    private static async Task<IReadOnlyList<string?>> OwnerPathsAsync(DbConnection c, DbTransaction? tx, long submissionId) =>
        (await c.QueryAsync<string?>("""
            SELECT un.path FROM review_submissions s
            JOIN enrollments e ON e.id = s.enrollment_id OR e.id IN (SELECT m.enrollment_id FROM group_members m WHERE m.group_id = s.group_id)
            LEFT JOIN units un ON un.id = e.unit_id
            WHERE s.id = @submissionId
            """, new { submissionId }, tx)).ToList();

    /// <summary>Assigns one reviewer (by user name) to a submission, refusing a conflict of interest; the reviewer joins the class's staff.</summary>
    public async Task<Result<bool>> AssignAsync(CurrentUser me, long cohortId, long reviewId, long submissionId, string? username)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        var r = await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (!await SubmissionOfAsync(c, tx, cohortId, reviewId, submissionId)) return new Error("Review.NotFound");
            var who = (await CandidatesAsync(c, tx, reviewId)).FirstOrDefault(x => string.Equals(x.Username, (username ?? "").Trim(), StringComparison.OrdinalIgnoreCase));
            if (who.Username is null) return new Error("Review.NotAReviewer", (username ?? "").Trim());
            if (Assigner.Check(who.Reviewer, await OwnerPathsAsync(c, tx, submissionId)) is { } conflict) return conflict;
            if (!await InsertAssignmentAsync(c, tx, cohortId, submissionId, who.Reviewer.Id, now)) return Result<bool>.Ok(false);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "review.assign", null, who.Username);
            return Result<bool>.Ok(true);
        });
        access.Forget(cohortId);
        return r;
    }

    /// <summary>Spreads the chosen reviewers over every submission of the review so each has <paramref name="perSubmission"/>, without conflicts.</summary>
    public async Task<Result<Assignment>> SpreadAsync(CurrentUser me, long cohortId, long reviewId, int perSubmission, IReadOnlyCollection<long> userIds)
    {
        if (perSubmission is < 1 or > 20) return new Error("Review.PerSubmission");
        if (userIds.Count == 0) return new Error("Review.NoReviewersChosen");
        var now = Instant.Truncate(clock.GetUtcNow());
        var r = await db.InTransactionAsync<Result<Assignment>>(async (c, tx) =>
        {
            if (!await OfClassAsync(c, tx, cohortId, reviewId)) return new Error("Review.NotFound");
            var reviewers = (await CandidatesAsync(c, tx, reviewId)).Where(x => userIds.Contains(x.Reviewer.Id)).Select(x => x.Reviewer).ToList();
            var subs = (await c.QueryAsync<long>("SELECT id FROM review_submissions WHERE review_id = @reviewId ORDER BY id", new { reviewId }, tx)).ToList();
            var assigned = (await c.QueryAsync<(long S, long U)>("""
                SELECT a.submission_id, a.user_id FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id WHERE s.review_id = @reviewId
                """, new { reviewId }, tx)).ToLookup(x => x.S, x => x.U);
            var toAssign = new List<ToAssign>();
            foreach (var s in subs) toAssign.Add(new ToAssign(s, await OwnerPathsAsync(c, tx, s), assigned[s].ToList()));
            var plan = Assigner.Spread(toAssign, reviewers, perSubmission);
            foreach (var (s, u) in plan.Pairs) await InsertAssignmentAsync(c, tx, cohortId, s, u, now);
            await Audit.WriteAsync(c, tx, me.Id, now, "review", reviewId, "review.spread", null, $"{plan.Pairs.Count}:{plan.Short.Count}");
            return Result<Assignment>.Ok(plan);
        });
        access.Forget(cohortId);
        return r;
    }

    public async Task<bool> UnassignAsync(CurrentUser me, long cohortId, long reviewId, long submissionId, long userId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            if (!await SubmissionOfAsync(c, tx, cohortId, reviewId, submissionId)) return false;
            var n = await c.ExecuteAsync("DELETE FROM review_assignments WHERE submission_id = @submissionId AND user_id = @userId", new { submissionId, userId }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "review.unassign", userId.ToString());
            return n > 0;
        });
    }

    private static async Task<bool> InsertAssignmentAsync(DbConnection c, DbTransaction tx, long cohortId, long submissionId, long userId, DateTimeOffset now)
    {
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @submissionId AND user_id = @userId",
                new { submissionId, userId }, tx) > 0) return false;
        await c.ExecuteAsync("INSERT INTO review_assignments (submission_id, user_id, assigned_at) VALUES (@submissionId, @userId, @now)",
            new { submissionId, userId, now }, tx);
        var role = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_roles WHERE user_id = @userId AND role = 'mentor'", new { userId }, tx) > 0 ? Role.Mentor : Role.Expert;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cohort_staff WHERE cohort_id = @cohortId AND user_id = @userId AND role = @role",
                new { cohortId, userId, role }, tx) == 0)
            await CohortStaff.AddAsync(c, tx, cohortId, userId, role, now);
        return true;
    }

    // ---------------------------------------------------------------- scoring (the reviewer's side)

    public async Task<bool> IsAssignedAsync(long userId, long submissionId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @submissionId AND user_id = @userId", new { submissionId, userId }) > 0;
    }

    /// <summary>A reviewer's to-do in a class: every assigned submission, its score's state, the current version, when the round closes.</summary>
    public async Task<IReadOnlyList<TodoDto>> TodoAsync(long cohortId, long userId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<(long ReviewId, string Review, long Id, string Title, string? Status, int? Version)>("""
            SELECT r.id, r.title, s.id, s.title, sc.status, (SELECT MAX(v.number) FROM submission_versions v WHERE v.submission_id = s.id)
            FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id JOIN reviews r ON r.id = s.review_id
            LEFT JOIN review_scores sc ON sc.submission_id = s.id AND sc.reviewer_id = a.user_id
            WHERE a.user_id = @userId AND r.cohort_id = @cohortId ORDER BY r.id, s.id
            """, new { cohortId, userId })).ToList();
        var now = clock.GetUtcNow();
        var due = new Dictionary<long, DateTimeOffset?>();
        foreach (var id in rows.Select(r => r.ReviewId).Distinct()) due[id] = Rounds.Current(await RoundsAsync(c, null, id), now)?.Closes;
        return rows.Select(r => new TodoDto(r.ReviewId, r.Review, r.Id, r.Title, r.Status, r.Version, due[r.ReviewId]))
            .OrderBy(t => t.Status == "submitted" ? 1 : 0).ThenBy(t => t.SubmissionId).ToList();
    }

    public async Task<IReadOnlyList<ScoreDto>> ScoresAsync(long submissionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<ScoreRow>(SelectScore + " WHERE sc.submission_id = @submissionId ORDER BY u.display_name, sc.id", new { submissionId }))
            .Select(s => s.ToDto()).ToList();
    }

    /// <summary>
    /// A reviewer saves a draft (<paramref name="submit"/> false: values so far, each on its scale) or submits the score
    /// (every criterion, the total under the current rubric). The score is of the current version; the opinion goes
    /// with that version; brand-trait verdicts are checked. <paramref name="scoreId"/>: the score the form was showing —
    /// someone else's is refused. Each change is audited with the values before and after.
    /// </summary>
    public async Task<Result<long>> ScoreAsync(CurrentUser me, long cohortId, long submissionId, long? scoreId,
        IReadOnlyDictionary<string, decimal> values, string? opinion, IReadOnlyDictionary<string, TraitVerdict> verdicts, bool submit)
    {
        opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
        if (opinion?.Length > MaxOpinion) return new Error("Review.OpinionTooLong", MaxOpinion);
        foreach (var (key, v) in verdicts)
        {
            if (BrandTraits.All.All(t => t.Key != key)) return new Error("Plan.UnknownTrait", key);
            if (!Enum.TryParse<BrandTraits.Verdict>(v.Verdict, true, out var verdict)) return new Error("Plan.BadVerdict", v.Verdict);
            if (BrandTraits.CheckVerdict(verdict, v.Reason) is { } bad) return bad;
        }
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var reviewId = await c.ExecuteScalarAsync<long?>("""
                SELECT s.review_id FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE s.id = @submissionId AND r.cohort_id = @cohortId
                """, new { submissionId, cohortId }, tx);
            if (reviewId is null) return new Error("Review.NotFound");
            var assigned = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @submissionId AND user_id = @id",
                new { submissionId, id = me.Id }, tx) > 0;
            var existing = scoreId is { } sid
                ? await c.QuerySingleOrDefaultAsync<ScoreRow>(SelectScore + " WHERE sc.id = @sid", new { sid }, tx)
                : await c.QuerySingleOrDefaultAsync<ScoreRow>(SelectScore + " WHERE sc.submission_id = @submissionId AND sc.reviewer_id = @id", new { submissionId, id = me.Id }, tx);
            if (scoreId is not null && (existing is null || existing.SubmissionId != submissionId)) return new Error("Review.NotYourScore");
            if (Rounds.CanScore(await RoundsAsync(c, tx, reviewId.Value), now, assigned, existing?.ReviewerId ?? me.Id, me.Id) is { } refused) return refused;
            var version = await c.QuerySingleOrDefaultAsync<(long Id, int Number)?>(
                "SELECT id, number FROM submission_versions WHERE submission_id = @submissionId ORDER BY number DESC LIMIT 1", new { submissionId }, tx);
            if (version is null) return new Error("Review.NoVersion");
            var rubric = await RubricAsync(c, tx, reviewId.Value);
            decimal? total = null;
            if (submit)
            {
                var t = rubric.Total(values);
                if (!t.IsOk) return t.Error!;
                total = t.Value;
            }
            else
            {
                foreach (var (key, v) in values)
                {
                    var cr = rubric.Criteria.FirstOrDefault(x => x.Key == key);
                    if (cr is null) return new Error("Review.UnknownCriterion", key);
                    if (cr.Scale.Check(v, cr.Name) is { } off) return off;
                }
            }
            var status = submit ? "submitted" : "draft";
            var json = ReviewJson.Write(values);
            var verdictJson = ReviewJson.Write(verdicts);
            var x100 = total is { } tv ? (long?)Math.Round(tv * 100) : null;
            long id;
            if (existing is null)
                id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO review_scores (submission_id, version_id, reviewer_id, rubric_version, scores, total_x100, opinion, verdicts, status, accepted, updated_at)
                    VALUES (@submissionId, @versionId, @reviewer, @rubric, @json, @x100, @opinion, @verdictJson, @status, @f, @now) RETURNING id
                    """, new { submissionId, versionId = version.Value.Id, reviewer = me.Id, rubric = rubric.Version, json, x100, opinion, verdictJson, status, f = false, now }, tx);
            else
            {
                id = existing.Id;
                await c.ExecuteAsync("""
                    UPDATE review_scores SET version_id = @versionId, rubric_version = @rubric, scores = @json, total_x100 = @x100, opinion = @opinion,
                        verdicts = @verdictJson, status = @status, accepted = @f, updated_at = @now WHERE id = @id
                    """, new { id, versionId = version.Value.Id, rubric = rubric.Version, json, x100, opinion, verdictJson, status, f = false, now }, tx);
            }
            if (submit && opinion is not null)
            {
                if (await c.ExecuteAsync("UPDATE review_opinions SET opinion = @opinion, updated_at = @now WHERE version_id = @v AND reviewer_id = @r",
                        new { opinion, now, v = version.Value.Id, r = me.Id }, tx) == 0)
                    await c.ExecuteAsync("INSERT INTO review_opinions (version_id, reviewer_id, opinion, updated_at) VALUES (@v, @r, @opinion, @now)",
                        new { opinion, now, v = version.Value.Id, r = me.Id }, tx);
            }
            await Audit.WriteAsync(c, tx, me.Id, now, "review_score", id, submit ? "review.score.submit" : "review.score.draft",
                existing is null ? null : $"{existing.Status}:{existing.Scores}:{existing.TotalX100}", $"{status}:{json}:{x100}");
            return Result<long>.Ok(id);
        });
    }

    /// <summary>The organizer accepts (or no longer accepts) a score given under an older rubric version for the ranking.</summary>
    public async Task<bool> AcceptAsync(CurrentUser me, long cohortId, long reviewId, long scoreId, bool accepted)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                UPDATE review_scores SET accepted = @accepted WHERE id = @scoreId AND status = 'submitted'
                AND submission_id IN (SELECT s.id FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE r.id = @reviewId AND r.cohort_id = @cohortId)
                """, new { scoreId, reviewId, cohortId, accepted }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "review_score", scoreId, accepted ? "review.score.accept" : "review.score.unaccept");
            return n > 0;
        });
    }

    // ---------------------------------------------------------------- ranking

    /// <summary>
    /// The ranking itself: per submission the database sums the submitted totals the rubric counts (its version, or
    /// accepted) — how many, their sum, lowest and highest, and how many of an older version — and the domain's panel rule
    /// (<see cref="Panel.FromSums"/>) aggregates them; ranked by <see cref="Ranking.Rank"/>. Submissions without a
    /// counted score come last, unranked.
    /// </summary>
    public async Task<IReadOnlyList<(SubmissionDto Sub, int? Rank, PanelResult Panel)>> RankAsync(DbConnection c, long reviewId, Rubric rubric)
    {
        var panels = new List<(SubmissionDto Sub, PanelResult Panel)>();
        await using (var r = await c.ExecuteReaderAsync("""
            SELECT s.id, s.group_id, s.enrollment_id, s.title,
                   COUNT(CASE WHEN sc.rubric_version = @version OR sc.accepted THEN 1 END),
                   SUM(CASE WHEN sc.rubric_version = @version OR sc.accepted THEN sc.total_x100 END),
                   MIN(CASE WHEN sc.rubric_version = @version OR sc.accepted THEN sc.total_x100 END),
                   MAX(CASE WHEN sc.rubric_version = @version OR sc.accepted THEN sc.total_x100 END),
                   COUNT(CASE WHEN NOT (sc.rubric_version = @version OR sc.accepted) THEN 1 END)
            FROM review_submissions s
            LEFT JOIN review_scores sc ON sc.submission_id = s.id AND sc.status = 'submitted'
            WHERE s.review_id = @reviewId
            GROUP BY s.id
            ORDER BY s.id
            """, new { reviewId, version = rubric.Version }))
        {
            // read by hand: the ranking of 20,000 submissions is measured against a plain AVG … GROUP BY
            while (await r.ReadAsync())
            {
                var counted = (int)Convert.ToInt64(r.GetValue(4));
                var sums = counted == 0 ? PanelSums.None with { OlderVersion = (int)Convert.ToInt64(r.GetValue(8)) }
                    : new PanelSums(counted, Convert.ToDecimal(r.GetValue(5)) / 100m, Convert.ToInt64(r.GetValue(6)) / 100m,
                        Convert.ToInt64(r.GetValue(7)) / 100m, (int)Convert.ToInt64(r.GetValue(8)));
                panels.Add((new SubmissionDto(r.GetInt64(0), reviewId, r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2),
                    r.GetString(3), 0, 0, 0), Panel.FromSums(rubric, sums)));
            }
        }
        var ranked = Ranking.Rank(panels.Select(p => (p, p.Panel.Aggregate)), p => p.Sub.Title);
        return ranked.Select(x => (x.Item.Sub, (int?)x.Rank, x.Item.Panel))
            .Concat(panels.Where(p => p.Panel.Aggregate is null).Select(p => (p.Sub, (int?)null, p.Panel))).ToList();
    }

    /// <summary>A review's ranking alone (what the bench measures against a plain AVG … GROUP BY); null: no such review in the class.</summary>
    public async Task<IReadOnlyList<(SubmissionDto Sub, int? Rank, PanelResult Panel)>?> RankAsync(long cohortId, long reviewId)
    {
        await using var c = await db.OpenAsync();
        if (await c.ExecuteScalarAsync<long?>("SELECT id FROM reviews WHERE id = @reviewId AND cohort_id = @cohortId", new { reviewId, cohortId }) is null) return null;
        return await RankAsync(c, reviewId, await RubricAsync(c, null, reviewId));
    }

    /// <summary>The ranking page and export: <see cref="RankAsync"/>, with each submission's submitted scores to show beside it.</summary>
    public async Task<RankingDto?> RankingAsync(long cohortId, long reviewId)
    {
        await using var c = await db.OpenAsync();
        var review = (await c.QuerySingleOrDefaultAsync<ReviewRow>(SelectReview + " WHERE id = @reviewId AND cohort_id = @cohortId", new { reviewId, cohortId }))?.ToDto();
        if (review is null) return null;
        var rubric = await RubricAsync(c, null, reviewId);
        var ranked = await RankAsync(c, reviewId, rubric);
        var names = (await c.QueryAsync<(long Id, string Name)>("""
            SELECT u.id, u.display_name FROM users u WHERE u.id IN (SELECT a.user_id FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id WHERE s.review_id = @reviewId)
            """, new { reviewId })).ToDictionary(x => x.Id, x => x.Name);
        var scores = new Dictionary<long, List<ScoreDto>>();
        await using (var r = await c.ExecuteReaderAsync("""
            SELECT sc.submission_id, sc.id, sc.reviewer_id, sc.rubric_version, sc.total_x100, sc.accepted
            FROM review_scores sc JOIN review_submissions s ON s.id = sc.submission_id
            WHERE s.review_id = @reviewId AND sc.status = 'submitted'
            """, new { reviewId }))
        {
            while (await r.ReadAsync())
            {
                var sub = r.GetInt64(0);
                if (!scores.TryGetValue(sub, out var list)) scores[sub] = list = [];
                var reviewer = r.GetInt64(2);
                list.Add(new ScoreDto(r.GetInt64(1), sub, null, reviewer, names.GetValueOrDefault(reviewer, ""), r.GetInt32(3), NoValues,
                    r.GetInt64(4) / 100m, null, NoVerdicts, "submitted", r.GetBoolean(5), default));
            }
        }
        var rows = ranked.Select(x => new RankRow(x.Sub, x.Rank, x.Panel, scores.TryGetValue(x.Sub.Id, out var l) ? l : [])).ToList();
        return new RankingDto(review, rubric, rows);
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
