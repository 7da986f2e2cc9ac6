using System.Data.Common;
using Dapper;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>
/// The one writer of review_panel_sums (migration 0028): each submission's panel sums, rewritten in the transaction that
/// changes a score, an acceptance or a review's rubric version, so the ranking and the class score read ready rows.
/// The rule of what counts is the same as the domain's <see cref="Domain.Reviews.PanelSums.Of"/> (tested against it).
/// </summary>
public static class ReviewPanelSums
{
    private const string Insert = """
        INSERT INTO review_panel_sums (submission_id, review_id, counted, sum_x100, min_x100, max_x100, older)
        SELECT s.id, s.review_id,
               COUNT(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN 1 END),
               CAST(COALESCE(SUM(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END), 0) AS BIGINT),
               MIN(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END),
               MAX(CASE WHEN sc.rubric_version = r.rubric_version OR sc.accepted THEN sc.total_x100 END),
               COUNT(CASE WHEN NOT (sc.rubric_version = r.rubric_version OR sc.accepted) THEN 1 END)
        FROM review_scores sc
        JOIN review_submissions s ON s.id = sc.submission_id
        JOIN reviews r ON r.id = s.review_id
        WHERE sc.status = 'submitted' AND 
        """;

    /// <summary>One submission's sums, after one of its scores changed.</summary>
    public static async Task OfSubmissionAsync(DbConnection c, DbTransaction tx, long submissionId)
    {
        await c.ExecuteAsync("DELETE FROM review_panel_sums WHERE submission_id = @submissionId", new { submissionId }, tx);
        await c.ExecuteAsync(Insert + "s.id = @submissionId GROUP BY s.id, s.review_id", new { submissionId }, tx);
    }

    /// <summary>Every submission's sums of a review, after its rubric version changed (what counts changes for all).</summary>
    public static async Task OfReviewAsync(DbConnection c, DbTransaction tx, long reviewId)
    {
        await c.ExecuteAsync("DELETE FROM review_panel_sums WHERE review_id = @reviewId", new { reviewId }, tx);
        await c.ExecuteAsync(Insert + "s.review_id = @reviewId GROUP BY s.id, s.review_id", new { reviewId }, tx);
    }
}
