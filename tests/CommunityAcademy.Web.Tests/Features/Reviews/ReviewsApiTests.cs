using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>/api/v1/cohorts/{id}/reviews (#18): reading by the pages' rules, the owner's draft and hand-in, scoring and each refusal.</summary>
public abstract class ReviewsApiTests(TestApp app)
{
    private static readonly string[] Keys = ["feasibility", "practicality", "innovation", "rationality", "sustainability"];

    private static Dictionary<string, decimal> Values(params decimal[] v) => Keys.Zip(v).ToDictionary(x => x.First, x => x.Second);

    private static object Plan(string goal) => new
    {
        sections = new Dictionary<string, string> { ["problem"] = "老旧小区多", ["goal"] = goal },
        traits = new Dictionary<string, string> { ["differentiated"] = "五个站点" },
    };

    private static async Task<string> ProblemAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {body}");
        Assert.StartsWith("application/problem+json", r.Content.Headers.ContentType?.MediaType ?? "");
        var n = JsonNode.Parse(body)!;
        return n["title"]?.GetValue<string>() + " " + n["detail"]?.GetValue<string>() + " " + n["errors"]?.ToJsonString();
    }

    private Task<long> CountAsync(string sql, object args) => ScalarAsync(app, sql, args);

    /// <summary>A class with a plan review and a version handed in by each group (t061: 滨湖社区, t064: 段店镇, t066).</summary>
    private async Task<(long Cohort, long Review, string Base)> HandedInAsync()
    {
        var (cohort, _) = await ClassAsync(app);
        var review = await PlanReviewAsync(app, cohort);
        var b = $"/api/v1/cohorts/{cohort}/reviews";
        foreach (var t in new[] { "t061", "t064", "t066" })
        {
            var sub = await SubmissionOfAsync(app, review, t);
            var r = await (await app.Api(t)).PostAsJsonAsync($"{b}/submissions/{sub}/versions", Plan(t + "方案"));
            Assert.True(r.StatusCode == HttpStatusCode.Created, $"{t}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            Assert.Equal(1, (await r.ReadJsonAsync()).Value<int>("number"));
        }
        return (cohort, review, b);
    }

    [Fact]
    public async Task Reviews_rubric_rounds_submissions_versions_and_the_ranking_are_read_by_the_pages_rules()
    {
        var (cohort, review, b) = await HandedInAsync();
        var org = await app.Api("organizer");
        var list = await (await org.GetAsync(b)).ReadArrayAsync();
        Assert.Equal([review], list.Select(x => x!.Value<long>("id")));

        var detail = await (await org.GetAsync($"{b}/{review}")).ReadJsonAsync();
        Assert.Equal(Keys, detail["rubric"]!["criteria"]!.AsArray().Select(c => c!.Value<string>("key")));
        Assert.Equal(10, detail["rubric"]!["criteria"]![0]!.Value<int>("max"));
        Assert.Equal(["提出", "讨论", "优化"], detail["rounds"]!.AsArray().Select(r => r!.Value<string>("name")));
        Assert.Equal(1, detail.Value<int>("currentRound"));
        var subs = await (await (await app.Api("mentor")).GetAsync($"{b}/{review}/submissions")).ReadArrayAsync();
        Assert.Equal(3, subs.Count);
        Assert.All(subs, s => Assert.Equal(1, s!.Value<int>("versions")));

        // the ranking: organizers and head teachers, as the page; not a mentor, not a trainee
        var ranking = await org.GetAsync($"{b}/{review}/ranking");
        Assert.Equal(HttpStatusCode.OK, ranking.StatusCode);
        Assert.Equal(3, (await ranking.ReadJsonAsync())["rows"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).GetAsync($"{b}/{review}/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("mentor")).GetAsync($"{b}/{review}/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t061")).GetAsync($"{b}/{review}/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t061")).GetAsync(b)).StatusCode);

        // versions: the owners and the staff; another group's trainee gets 404, as on the plan page
        var sub = await SubmissionOfAsync(app, review, "t061");
        var mine = await (await (await app.Api("t062")).GetAsync($"{b}/submissions/{sub}/versions")).ReadArrayAsync();
        Assert.Equal("t061方案", mine.Single()!["sections"]!["goal"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("mentor")).GetAsync($"{b}/submissions/{sub}/versions")).StatusCode);
        await ProblemAsync(await (await app.Api("t064")).GetAsync($"{b}/submissions/{sub}/versions"), HttpStatusCode.NotFound);

        // a review of another class through this class's id, and a mentor not on the class: 404
        var (other, _) = await ClassAsync(app);
        var otherReview = await PlanReviewAsync(app, other);
        await ProblemAsync(await org.GetAsync($"{b}/{otherReview}"), HttpStatusCode.NotFound);
        await ProblemAsync(await org.GetAsync($"{b}/{otherReview}/ranking"), HttpStatusCode.NotFound);
        var outsider = await app.Api(await ReviewerAsync(app, "mentor", null));
        await ProblemAsync(await outsider.GetAsync(b), HttpStatusCode.NotFound);
        await ProblemAsync(await outsider.GetAsync($"{b}/{review}"), HttpStatusCode.NotFound);

        // described in the OpenAPI document
        var paths = (await (await app.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync())["paths"]!.AsObject();
        foreach (var p in new[] { "", "/{reviewId}", "/{reviewId}/submissions", "/{reviewId}/ranking", "/submissions/{submissionId}/versions",
                     "/submissions/{submissionId}/draft", "/submissions/{submissionId}/score", "/todo" })
            Assert.True(paths.ContainsKey("/api/v1/cohorts/{id}/reviews" + p), p);
    }

    [Fact]
    public async Task The_owner_saves_a_draft_and_hands_in_and_every_refusal_writes_nothing()
    {
        var (cohort, _) = await ClassAsync(app);
        var review = await PlanReviewAsync(app, cohort);
        var b = $"/api/v1/cohorts/{cohort}/reviews";
        var sub = await SubmissionOfAsync(app, review, "t061");
        var t061 = await app.Api("t061");
        var versions = "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub";

        var draft = await t061.PutAsJsonAsync($"{b}/submissions/{sub}/draft", Plan("幸福家园"));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal("幸福家园", (await draft.ReadJsonAsync())["sections"]!["goal"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync(versions, new { sub }));
        Assert.Equal("幸福家园", (await (await (await app.Api("t062")).GetAsync($"{b}/submissions/{sub}/draft")).ReadJsonAsync())["sections"]!["goal"]!.GetValue<string>());

        // not the owner: staff are told why (403); another group's trainee does not see it (404); a section the template lacks: 422
        Assert.Contains("只有本组成员", await ProblemAsync(await (await app.Api("mentor")).PutAsJsonAsync($"{b}/submissions/{sub}/draft", Plan("x")), HttpStatusCode.Forbidden));
        await ProblemAsync(await (await app.Api("t064")).PostAsJsonAsync($"{b}/submissions/{sub}/versions", Plan("x")), HttpStatusCode.NotFound);
        var unknown = new { sections = new Dictionary<string, string> { ["budget"] = "10万" } };
        Assert.Contains("方案模板中没有", await ProblemAsync(await t061.PutAsJsonAsync($"{b}/submissions/{sub}/draft", unknown), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("方案还是空的", await ProblemAsync(await t061.PostAsJsonAsync($"{b}/submissions/{sub}/versions", new { }), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("幸福家园", (await app.Get<ReviewStore>().DraftAsync(sub)).Sections["goal"]);

        var created = await t061.PostAsJsonAsync($"{b}/submissions/{sub}/versions", Plan("幸福石榴园，服务520"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((1, 1), ((await created.ReadJsonAsync()).Value<int>("number"), (await created.ReadJsonAsync()).Value<int>("round")));

        // the round closed: a version is refused (409), nothing written
        Assert.True((await app.Get<ReviewStore>().SetRoundAsync(await UserAsync(app, "organizer"), cohort, review, 1, false)).IsOk);
        Assert.Contains("当前没有开放的评审轮次", await ProblemAsync(await t061.PostAsJsonAsync($"{b}/submissions/{sub}/versions", Plan("第二版")), HttpStatusCode.Conflict));
        Assert.Equal(1, await CountAsync(versions, new { sub }));
    }

    [Fact]
    public async Task A_reviewer_scores_through_the_api_and_each_refusal_is_a_problem_that_writes_nothing()
    {
        var (cohort, review, b) = await HandedInAsync();
        var store = app.Get<ReviewStore>();
        var org = await UserAsync(app, "organizer");
        var sub = await SubmissionOfAsync(app, review, "t064");
        var binhu = await SubmissionOfAsync(app, review, "t061");
        var (ra, rb) = (await ReviewerAsync(app, "mentor", null), await ReviewerAsync(app, "expert", null));
        foreach (var u in new[] { ra, rb }) Assert.True((await store.AssignAsync(org, cohort, review, sub, u)).IsOk);
        var a = await app.Api(ra);
        var url = $"{b}/submissions/{sub}/score";
        var scores = "SELECT COUNT(*) FROM review_scores WHERE submission_id = @sub";

        // a draft with one value, then the to-do shows it
        var draft = await a.PutAsJsonAsync(url, new { values = new Dictionary<string, decimal> { ["feasibility"] = 8 } });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var draftJson = await draft.ReadJsonAsync();
        Assert.Equal("draft", draftJson.Value<string>("status"));
        var todo = await (await a.GetAsync($"{b}/todo")).ReadArrayAsync();
        Assert.Equal([(sub, "draft")], todo.Select(t => (t!.Value<long>("submissionId"), t.Value<string>("status"))));

        // outside the scale: 422 with the message; the draft unchanged
        Assert.Contains("实用性：11 不在 1–10 分之内", await ProblemAsync(await a.PostAsJsonAsync(url, new { values = Values(8, 11, 7, 7, 7) }), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("请为“实用性”评分", await ProblemAsync(await a.PostAsJsonAsync(url, new { values = new Dictionary<string, decimal> { ["feasibility"] = 8 } }), HttpStatusCode.UnprocessableEntity));
        var kept = (await store.ScoresAsync(sub)).Single();
        Assert.Equal(("draft", 8m, 1), (kept.Status, kept.Values["feasibility"], kept.Values.Count));

        var submitted = await a.PostAsJsonAsync(url, new { values = Values(8, 6, 7, 9, 10), opinion = "举措要细化到小区", scoreId = draftJson.Value<long>("id") });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var mine = await submitted.ReadJsonAsync();
        Assert.Equal(("submitted", 77.78m), (mine.Value<string>("status"), mine.Value<decimal>("total")));

        // another reviewer sends A's score id: 403, A's score unchanged
        var b2 = await app.Api(rb);
        Assert.Contains("不能修改其他评审人的评分", await ProblemAsync(await b2.PostAsJsonAsync(url, new { values = Values(1, 1, 1, 1, 1), scoreId = mine.Value<long>("id") }), HttpStatusCode.Forbidden));
        Assert.Equal(77.78m, (await store.ScoresAsync(sub)).Single().Total);

        // a conflicted reviewer (滨湖社区) is never assigned to 滨湖社区's plan, so cannot score it: 403, nothing written
        var conflicted = await ReviewerAsync(app, "mentor", "滨湖社区");
        Assert.Equal("Review.Conflict", (await store.AssignAsync(org, cohort, review, binhu, conflicted)).Error?.Code);
        Assert.True((await store.AssignAsync(org, cohort, review, sub, conflicted)).IsOk); // on the class through another plan
        Assert.Contains("您未被分配评审此项", await ProblemAsync(await (await app.Api(conflicted)).PostAsJsonAsync($"{b}/submissions/{binhu}/score",
            new { values = Values(9, 9, 9, 9, 9) }), HttpStatusCode.Forbidden));
        Assert.Equal(0, await CountAsync(scores, new { sub = binhu }));

        // the round closed: B's score is refused (409), nothing written; an unknown submission is 404
        Assert.True((await store.SetRoundAsync(org, cohort, review, 1, false)).IsOk);
        Assert.Contains("当前没有开放的评审轮次", await ProblemAsync(await b2.PostAsJsonAsync(url, new { values = Values(5, 5, 5, 5, 5) }), HttpStatusCode.Conflict));
        Assert.Equal(1, await CountAsync(scores, new { sub }));
        await ProblemAsync(await b2.PostAsJsonAsync($"{b}/submissions/987654/score", new { values = Values(5, 5, 5, 5, 5) }), HttpStatusCode.NotFound);
        // a trainee may not score at all
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t064")).PostAsJsonAsync(url, new { values = Values(5, 5, 5, 5, 5) })).StatusCode);

        // the ranking shows the submitted score by display name only (no user names: nothing to mask)
        var ranking = await (await app.Api("organizer")).GetAsync($"{b}/{review}/ranking");
        var text = await ranking.Content.ReadAsStringAsync();
        Assert.Contains("评审" + ra[2..], text);
        Assert.DoesNotContain("\"username\"", text);
        Assert.DoesNotContain(ra + "\"", text);
        // every score change audited: A's draft and submission
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'review_score' AND entity_id IN (SELECT id FROM review_scores WHERE submission_id = @sub)", new { sub }));
    }
}

public sealed class ReviewsApiTests_Sqlite(SqliteDemo app) : ReviewsApiTests(app), IClassFixture<SqliteDemo>;
public sealed class ReviewsApiTests_Postgres(PostgresDemo app) : ReviewsApiTests(app), IClassFixture<PostgresDemo>;
