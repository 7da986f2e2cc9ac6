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

/// <summary>The review store: scoring: the reviewer's side.</summary>
public sealed partial class ReviewStore
{
    public async Task<bool> IsAssignedAsync(long userId, long submissionId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @submissionId AND user_id = @userId", new { submissionId, userId }) > 0;
    }

    private static async Task<bool> IsTaskAsync(DbConnection c, DbTransaction tx, long submissionId) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE s.id = @submissionId AND r.kind = 'task'",
            new { submissionId }, tx) > 0;

    /// <summary>A reviewer's to-do in a class: every assigned submission, its score's state, the current version, when the round closes.</summary>
    public async Task<IReadOnlyList<TodoDto>> TodoAsync(long cohortId, long userId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<(long ReviewId, string Review, long Id, string Title, string? Status, int? Version)>("""
            SELECT r.id, r.title, s.id, s.title, sc.status, (SELECT MAX(v.number) FROM submission_versions v WHERE v.submission_id = s.id)
            FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id JOIN reviews r ON r.id = s.review_id
            LEFT JOIN review_scores sc ON sc.submission_id = s.id AND sc.reviewer_id = a.user_id
            WHERE a.user_id = @userId AND r.cohort_id = @cohortId AND r.kind <> 'task' ORDER BY r.id, s.id
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
        // A practice task's scores go through its own store (Features/Tasks), which moves the task's state with them.
        return await db.InTransactionAsync(async (c, tx) => await IsTaskAsync(c, tx, submissionId)
            ? new Error("Review.NotFound")
            : await ScoreInAsync(c, tx, me, cohortId, submissionId, scoreId, values, opinion, verdicts, submit, now));
    }

    /// <summary><see cref="ScoreAsync"/> inside the caller's transaction (a practice task's state moves in the same one); opinion and verdicts checked.</summary>
    internal static async Task<Result<long>> ScoreInAsync(DbConnection c, DbTransaction tx, CurrentUser me, long cohortId, long submissionId, long? scoreId,
        IReadOnlyDictionary<string, decimal> values, string? opinion, IReadOnlyDictionary<string, TraitVerdict> verdicts, bool submit, DateTimeOffset now)
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
            if (submit && opinion is not null) await WriteOpinionInAsync(c, tx, version.Value.Id, me.Id, opinion, now);
            // a draft over a draft leaves the panel's sums as they were (the autosave writes one every few seconds of typing)
            if (submit || existing?.Status == "submitted") await ReviewPanelSums.OfSubmissionAsync(c, tx, submissionId);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_score", id, submit ? "review.score.submit" : "review.score.draft",
                existing is null ? null : $"{existing.Status}:{existing.Scores}:{existing.TotalX100}", $"{status}:{json}:{x100}");
            return Result<long>.Ok(id);
    }

    /// <summary>A reviewer's opinion (指导意见) on a version, replacing their earlier one on it.</summary>
    internal static async Task WriteOpinionInAsync(DbConnection c, DbTransaction tx, long versionId, long reviewerId, string opinion, DateTimeOffset now)
    {
        if (await c.ExecuteAsync("UPDATE review_opinions SET opinion = @opinion, updated_at = @now WHERE version_id = @v AND reviewer_id = @r",
                new { opinion, now, v = versionId, r = reviewerId }, tx) == 0)
            await c.ExecuteAsync("INSERT INTO review_opinions (version_id, reviewer_id, opinion, updated_at) VALUES (@v, @r, @opinion, @now)",
                new { opinion, now, v = versionId, r = reviewerId }, tx);
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
            if (n > 0)
            {
                await ReviewPanelSums.OfSubmissionAsync(c, tx, await c.ExecuteScalarAsync<long>("SELECT submission_id FROM review_scores WHERE id = @scoreId", new { scoreId }, tx));
                await Audit.WriteAsync(c, tx, me.Id, now, "review_score", scoreId, accepted ? "review.score.accept" : "review.score.unaccept");
            }
            return n > 0;
        });
    }
}
