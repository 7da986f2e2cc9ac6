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

/// <summary>The review store: the ranking.</summary>
public sealed partial class ReviewStore
{
    /// <summary>
    /// Per submission of a review, its panel sums as the scoring keeps them (review_panel_sums; none: not scored). No NULL
    /// comes back (0 for none: ids start at 1), so each column is read with one typed call.
    /// </summary>
    public const string RankSql = """
        SELECT s.id, COALESCE(s.group_id, 0), COALESCE(s.enrollment_id, 0), s.title, COALESCE(p.counted, 0), COALESCE(p.sum_x100, 0),
               COALESCE(p.min_x100, 0), COALESCE(p.max_x100, 0), COALESCE(p.older, 0)
        FROM review_submissions s
        LEFT JOIN review_panel_sums p ON p.submission_id = s.id
        WHERE s.review_id = @reviewId
        ORDER BY s.id
        """;

    /// <summary>
    /// The ranking itself: per submission the panel sums the scoring keeps (<see cref="ReviewPanelSums"/>: how many
    /// submitted totals the rubric counts — its version, or accepted — their sum, lowest and highest, and how many of an
    /// older version), the domain's panel rule on them (<see cref="Panel.FromSums"/>), ranked by <see cref="Ranking.Order"/>.
    /// Submissions without a counted score come last, unranked.
    /// </summary>
    public async Task<IReadOnlyList<(SubmissionDto Sub, int? Rank, PanelResult Panel)>> RankAsync(DbConnection c, long reviewId, Rubric rubric)
    {
        var (subs, panels, aggregates) = (new List<SubmissionDto>(), new List<PanelResult>(), new List<decimal?>());
        var titles = new List<string>();
        var same = new Dictionary<(int, long, long, long, int), PanelResult>();
        await using (var r = await c.ExecuteReaderAsync(RankSql, new { reviewId }))
        {
            // read by hand: the ranking of 20,000 submissions is measured against a plain AVG … GROUP BY
            while (await r.ReadAsync())
            {
                var (group, enrollment, title) = (r.GetInt64(1), r.GetInt64(2), r.GetString(3));
                subs.Add(new SubmissionDto(r.GetInt64(0), reviewId, group == 0 ? null : group, enrollment == 0 ? null : enrollment, title, 0, 0, 0));
                titles.Add(title);
                var sums = ((int)r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), (int)r.GetInt64(8));
                // submissions with the same sums share one (immutable) result: a panel's totals take few values
                if (!same.TryGetValue(sums, out var panel))
                    same[sums] = panel = Panel.FromSums(rubric, PanelSums.FromHundredths(sums.Item1, sums.Item2, sums.Item3, sums.Item4, sums.Item5));
                panels.Add(panel);
                aggregates.Add(panel.Aggregate);
            }
        }
        var (order, ranks) = Ranking.Order(aggregates, titles);
        var result = new List<(SubmissionDto Sub, int? Rank, PanelResult Panel)>(subs.Count);
        for (var k = 0; k < order.Length; k++) result.Add((subs[order[k]], ranks[k], panels[order[k]]));
        for (var i = 0; i < subs.Count; i++)
            if (aggregates[i] is null) result.Add((subs[i], null, panels[i]));
        return result;
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
}
