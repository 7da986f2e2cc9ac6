using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>
/// The panel sums the scoring keeps (review_panel_sums, #18/#19) are always what the domain's <see cref="PanelSums.Of"/>
/// makes of the scores themselves: after the demo's plans and tasks, after a new rubric version, after an acceptance.
/// </summary>
public abstract class ReviewPanelSumsTests(TestApp app)
{
    private async Task AssertKeptAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var scores = (await c.QueryAsync<(long Submission, int Current, int Version, bool Accepted, long Total)>("""
            SELECT sc.submission_id, r.rubric_version, sc.rubric_version, sc.accepted, sc.total_x100
            FROM review_scores sc JOIN review_submissions s ON s.id = sc.submission_id JOIN reviews r ON r.id = s.review_id
            WHERE sc.status = 'submitted'
            """)).ToList();
        Assert.NotEmpty(scores);
        var expected = scores.GroupBy(x => x.Submission).ToDictionary(g => g.Key, g =>
        {
            var rubric = Rubric.DefaultForPlans() with { Version = g.First().Current };
            return PanelSums.Of(rubric, g.Select((x, i) => new ReviewerScore(i + 1, x.Total / 100m, x.Version, x.Accepted)));
        });
        var kept = (await c.QueryAsync<(long Submission, int Counted, long Sum, long? Min, long? Max, int Older)>(
            "SELECT submission_id, counted, sum_x100, min_x100, max_x100, older FROM review_panel_sums")).ToDictionary(x => x.Submission,
            x => PanelSums.FromHundredths(x.Counted, x.Sum, x.Min ?? 0, x.Max ?? 0, x.Older));
        Assert.Equal(expected.OrderBy(x => x.Key), kept.OrderBy(x => x.Key));
    }

    [Fact]
    public async Task The_kept_sums_are_the_domains_sums_of_the_scores_through_a_new_rubric_and_an_acceptance()
    {
        await AssertKeptAsync(); // the demo: seed 002's plans, seed 004's tasks, scored through the stores
        await using var c = await app.Get<Db>().OpenAsync();
        var (cohort, review) = await c.QueryFirstAsync<(long, long)>("""
            SELECT r.cohort_id, r.id FROM reviews r WHERE r.kind = 'plan'
            AND EXISTS (SELECT 1 FROM review_scores sc JOIN review_submissions s ON s.id = sc.submission_id WHERE s.review_id = r.id AND sc.status = 'submitted')
            ORDER BY r.id
            """);
        var organizer = await UserAsync(app, "admin");
        var store = app.Get<ReviewStore>();
        var v = await store.NewRubricAsync(organizer, cohort, review, RubricText.Format(Rubric.DefaultForPlans()), AggregateRule.TrimmedMean, 20);
        Assert.True(v.IsOk, v.Error?.ToString());
        await AssertKeptAsync(); // every score is older now
        var score = await c.ExecuteScalarAsync<long>("""
            SELECT sc.id FROM review_scores sc JOIN review_submissions s ON s.id = sc.submission_id WHERE s.review_id = @review AND sc.status = 'submitted' ORDER BY sc.id
            """, new { review });
        Assert.True(await store.AcceptAsync(organizer, cohort, review, score, true));
        await AssertKeptAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT counted FROM review_panel_sums WHERE submission_id = (SELECT submission_id FROM review_scores WHERE id = @score)", new { score }));
    }
}

public sealed class ReviewPanelSumsTests_Sqlite(SqliteDemo app) : ReviewPanelSumsTests(app), IClassFixture<SqliteDemo>;
public sealed class ReviewPanelSumsTests_Postgres(PostgresDemo app) : ReviewPanelSumsTests(app), IClassFixture<PostgresDemo>;
