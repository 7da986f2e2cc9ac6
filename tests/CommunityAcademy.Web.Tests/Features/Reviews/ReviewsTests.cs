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

    /// <summary>The submission of the group the trainee is in.</summary>
    private Task<long> SubmissionOfAsync(long review, string username) => ScalarAsync(app, """
        SELECT s.id FROM review_submissions s JOIN group_members m ON m.group_id = s.group_id JOIN enrollments e ON e.id = m.enrollment_id
        JOIN users u ON u.id = e.user_id WHERE s.review_id = @review AND u.username = @username
        """, new { review, username });

    private static Dictionary<string, string> Plan(string problem, string goal) => new()
    {
        ["Sections[problem]"] = problem, ["Sections[goal]"] = goal, ["Declared[differentiated]"] = "五个站点、两条主线",
    };

    [Fact]
    public async Task A_group_writes_its_plan_hands_in_a_version_per_open_round_and_compares_two_versions()
    {
        var (cohort, review) = await ReviewAsync();
        var sub = await SubmissionOfAsync(review, "t061");
        var t061 = await app.Browser("t061");
        var page = $"/Reviews/Plan/{cohort}/{sub}";
        Assert.Contains("问题与背景", await PageAsync(t061, page));
        // saved as typed: no version yet
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t061, page, Plan("老旧小区多，老人多", "幸福家园"), "Save")).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));
        Assert.Contains("老旧小区多，老人多", await PageAsync(t061, page));
        // handed in: version 1 in round 1
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t061, page, Plan("老旧小区多，老人多", "幸福家园"), "HandIn")).StatusCode);
        var versions = await app.Get<ReviewStore>().VersionsAsync(sub);
        Assert.Equal((1, 1), (versions.Single().Number, versions.Single().Round));
        Assert.Equal("幸福家园", versions.Single().Sections["goal"]);

        // the round closed: a version is refused with the message, nothing written
        var org = await app.Browser("organizer");
        await TestApp.PostFormAsync(org, $"/Reviews/Review/{cohort}/{review}", new() { ["Number"] = "1" }, "Close");
        var refused = await TestApp.PostFormAsync(t061, page, Plan("老旧小区多", "幸福石榴园，服务520"), "HandIn");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("当前没有开放的评审轮次", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));

        await TestApp.PostFormAsync(org, $"/Reviews/Review/{cohort}/{review}", new() { ["Number"] = "2" }, "Open");
        var t062 = await app.Browser("t062"); // another member of the group revises
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t062, page, Plan("老旧小区多", "幸福石榴园，服务520"), "HandIn")).StatusCode);
        versions = await app.Get<ReviewStore>().VersionsAsync(sub);
        Assert.Equal([(1, 1), (2, 2)], versions.Select(v => (v.Number, v.Round)));

        var diff = await PageAsync(t061, $"/Reviews/Compare/{cohort}/{sub}?a=1&b=2");
        Assert.Contains("<del class=\"diff-del\">，老人多</del>", diff);
        // by character: 幸福家园 → 幸福石榴园，服务520 keeps 幸福 and 园
        Assert.Contains("幸福<del class=\"diff-del\">家</del>园", diff);
        Assert.Contains("幸福<ins class=\"diff-ins\">石榴</ins>园<ins class=\"diff-ins\">，服务520</ins>", diff);
        Assert.DoesNotContain("style=", diff);

        // a trainee of another group: the plan does not exist for them; a section unknown to the template is refused
        await PageAsync(await app.Browser("t064"), page, HttpStatusCode.NotFound);
        var unknown = await TestApp.PostFormAsync(t061, page, new() { ["Sections[budget]"] = "10万" }, "Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
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
