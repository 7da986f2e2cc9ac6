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

/// <summary>The review store: submissions, versions: the owner's side.</summary>
public sealed partial class ReviewStore
{
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

    /// <summary>Who reads a submission's versions: its owners and the class's staff (the rule of the plan, compare and API).</summary>
    public async Task<bool> MayReadAsync(CurrentUser me, long submissionId) => me.IsStaff || await IsOwnerAsync(me.Id, submissionId);

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
            WHERE r.cohort_id = @cohortId AND r.kind <> 'task' AND (
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
            if (reviewId is null || await IsTaskAsync(c, tx, submissionId)) return new Error("Review.NotFound"); // a task's hand-ins: Features/Tasks
            if (!await IsOwnerAsync(c, tx, me.Id, submissionId)) return new Error("Plan.NotOwner");
            var body = ReviewJson.Write(clean);
            await c.ExecuteAsync("UPDATE review_submissions SET traits = @traits WHERE id = @submissionId", new { submissionId, traits = ReviewJson.Write(cleanTraits) }, tx);
            if (!handIn)
            {
                await SaveDraftInAsync(c, tx, me, submissionId, body, now);
                return Result<int>.Ok(0);
            }
            var v = await HandInVersionInAsync(c, tx, me, reviewId.Value, submissionId, body, now);
            return v.IsOk ? Result<int>.Ok(v.Value.Number) : v.Error!;
        });
    }

    /// <summary>Keeps the body as typed (the owner checked by the caller), inside the caller's transaction.</summary>
    internal static async Task SaveDraftInAsync(DbConnection c, DbTransaction tx, CurrentUser me, long submissionId, string body, DateTimeOffset now)
    {
        if (await c.ExecuteAsync("UPDATE submission_drafts SET body = @body, updated_by = @by, updated_at = @now WHERE submission_id = @submissionId",
                new { submissionId, body, by = me.Id, now }, tx) == 0)
            await c.ExecuteAsync("INSERT INTO submission_drafts (submission_id, body, updated_by, updated_at) VALUES (@submissionId, @body, @by, @now)",
                new { submissionId, body, by = me.Id, now }, tx);
    }

    /// <summary>
    /// The body handed in as the next version in the open round (refused when none is open), the draft gone, audited —
    /// inside the caller's transaction, the owner and the body checked by the caller.
    /// </summary>
    internal static async Task<Result<(int Number, long VersionId)>> HandInVersionInAsync(DbConnection c, DbTransaction tx, CurrentUser me, long reviewId,
        long submissionId, string body, DateTimeOffset now)
    {
        var rounds = await RoundsAsync(c, tx, reviewId);
        if (Rounds.CanSubmitVersion(rounds, now) is { } closed) return closed;
        var round = Rounds.Current(rounds, now)!;
        var number = 1 + await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(number), 0) FROM submission_versions WHERE submission_id = @submissionId", new { submissionId }, tx);
        var versionId = await c.ExecuteScalarAsync<long>("""
            INSERT INTO submission_versions (submission_id, number, round_number, body, created_by, created_at)
            VALUES (@submissionId, @number, @round, @body, @by, @now) RETURNING id
            """, new { submissionId, number, round = round.Number, body, by = me.Id, now }, tx);
        await c.ExecuteAsync("DELETE FROM submission_drafts WHERE submission_id = @submissionId", new { submissionId }, tx);
        await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "review.version", null, $"{number}:{round.Number}:{versionId}");
        return Result<(int, long)>.Ok((number, versionId));
    }

    internal static Task<bool> IsOwnerInAsync(DbConnection c, DbTransaction? tx, long userId, long submissionId) => IsOwnerAsync(c, tx, userId, submissionId);

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
}
