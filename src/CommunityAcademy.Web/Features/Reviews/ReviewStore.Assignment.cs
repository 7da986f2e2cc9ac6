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

/// <summary>The review store: assignment of reviewers, conflicts, the reviewer's to-do.</summary>
public sealed partial class ReviewStore
{
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
}
