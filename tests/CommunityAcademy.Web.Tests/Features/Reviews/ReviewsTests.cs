using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>评审 (#18): a plan review through the pages, plans in rounds, assignment and conflicts, scoring, ranking, access.</summary>
public abstract class ReviewsTests(TestApp app)
{
    private static long ReviewIdFrom(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"create: {(int)r.StatusCode}");
        var m = Regex.Match(r.Headers.Location!.ToString(), @"/Reviews/Review/\d+/(\d+)$");
        Assert.True(m.Success, r.Headers.Location!.ToString());
        return long.Parse(m.Groups[1].Value);
    }

    private async Task<(long Cohort, long Review)> ReviewAsync()
    {
        var (cohort, _) = await ClassAsync(app);
        var org = await app.Browser("organizer");
        var review = ReviewIdFrom(await TestApp.PostFormAsync(org, $"/Reviews/{cohort}", new()
        {
            ["Title"] = "社区品牌创建工作方案", ["Owners"] = "groups", ["RoundNames"] = "提出\n讨论\n优化",
            ["RubricText"] = RubricText.Format(Rubric.DefaultForPlans()),
        }, "Create"));
        return (cohort, review);
    }

    [Fact]
    public async Task An_organizer_creates_a_plan_review_with_a_submission_per_working_group_and_opens_and_closes_rounds()
    {
        var (cohort, review) = await ReviewAsync();
        var store = app.Get<ReviewStore>();
        var subs = await store.SubmissionsAsync(review);
        Assert.Equal(3, subs.Count); // 滨湖社区, 段店镇, the one without a unit
        Assert.All(subs, s => Assert.NotNull(s.GroupId));
        var rubric = await store.RubricAsync(review);
        Assert.Equal(["可行性", "实用性", "创新性", "合理性", "持续性"], rubric.Criteria.Select(c => c.Name));
        Assert.Equal(["feasibility", "practicality", "innovation", "rationality", "sustainability"], rubric.Criteria.Select(c => c.Key));
        var rounds = await store.RoundsAsync(review);
        Assert.Equal(["提出", "讨论", "优化"], rounds.Select(r => r.Name));
        Assert.Equal(1, Rounds.Current(rounds, app.Clock.GetUtcNow())!.Number);

        var org = await app.Browser("organizer");
        var page = $"/Reviews/Review/{cohort}/{review}";
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Number"] = "2" }, "Open")).StatusCode);
        Assert.Equal(2, Rounds.Current(await store.RoundsAsync(review), app.Clock.GetUtcNow())!.Number); // round 1 closed as 2 opened
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Number"] = "2" }, "Close")).StatusCode);
        Assert.Null(Rounds.Current(await store.RoundsAsync(review), app.Clock.GetUtcNow()));
        var html = await PageAsync(org, page);
        Assert.Contains("讨论", html);

        // bad round names: refused with the message, nothing created
        var before = await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort });
        var bad = await TestApp.PostFormAsync(org, $"/Reviews/{cohort}", new() { ["Title"] = "x", ["Owners"] = "groups", ["RoundNames"] = "提出\n提出", ["RubricText"] = "可行性|1|1-10" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("轮次名称重复", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.Equal(before, await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort }));
    }
}

public sealed class ReviewsTests_Sqlite(SqliteDemo app) : ReviewsTests(app), IClassFixture<SqliteDemo>;
public sealed class ReviewsTests_Postgres(PostgresDemo app) : ReviewsTests(app), IClassFixture<PostgresDemo>;
