using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Scores;

/// <summary>
/// /api/v1/cohorts/{id}/scores and …/outstanding (#19) on seed 004's class (formula 40/60, a rule of 3 at most one per
/// community): the API gives the pages' scores, a trainee reads only their own, a bad formula stores nothing, and the
/// outstanding list is adjusted, confirmed and reopened with the page's refusals.
/// </summary>
public abstract class ScoresApiTests(TestApp app)
{
    private Task<long> ClassAsync() => ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });

    private static async Task AssertProblemAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {body}");
        Assert.StartsWith("application/problem+json", r.Content.Headers.ContentType?.MediaType ?? "");
    }

    [Fact]
    public async Task The_scores_are_the_pages_scores_and_a_trainee_reads_only_their_own()
    {
        var cohort = await ClassAsync();
        var b = $"/api/v1/cohorts/{cohort}";
        var answer = await (await (await app.Api(Seed004.Organizer)).GetAsync($"{b}/scores")).ReadJsonAsync();
        var expected = await app.Get<ClassScoreStore>().ScoresAsync(cohort); // the formula may have been changed by another test
        Assert.Equal(expected.Formula.Attendance, answer["formula"]!.Value<int>("attendance"));
        Assert.Equal(expected.Formula.Tasks, answer["formula"]!.Value<int>("tasks"));
        Assert.Equal(3, answer["tasks"]!.AsArray().Count);

        var rows = answer["rows"]!.AsArray();
        Assert.Equal(12, rows.Count);
        Assert.Equal(expected.Rows.Select(r => (r.EnrollmentId, r.Rank, r.Score.Total)),
            rows.Select(r => (r!.Value<long>("enrollmentId"), r!["rank"]?.GetValue<int?>(), r!.Value<decimal>("total"))));
        var first = rows[0]!;
        Assert.Equal(1, first.Value<int>("rank"));
        Assert.Equal(["attendance", "tasks", "plan", "online"], first["parts"]!.AsArray().Select(p => p!.Value<string>("part")));
        Assert.Equal(first.Value<decimal>("total"), first["parts"]!.AsArray().Sum(p => p!.Value<decimal>("contribution")));

        var gc01 = await app.Api("gc01");
        Assert.Equal(HttpStatusCode.Forbidden, (await gc01.GetAsync($"{b}/scores")).StatusCode);
        var mine = await (await gc01.GetAsync($"{b}/scores/mine")).ReadJsonAsync();
        var me = await EnrollmentIdAsync(app, cohort, "gc01");
        Assert.Equal([me], mine["rows"]!.AsArray().Select(r => r!.Value<long>("enrollmentId")));
        Assert.Equal(expected.Rows.Single(r => r.EnrollmentId == me).Score.Total, mine["rows"]![0]!.Value<decimal>("total"));
        // someone else's class: not there
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).GetAsync($"{b}/scores/mine")).StatusCode);
    }

    [Fact]
    public async Task A_formula_not_summing_to_100_is_refused_and_stores_nothing_a_good_one_is_stored_and_audited()
    {
        var cohort = await ClassAsync();
        var b = $"/api/v1/cohorts/{cohort}";
        var org = await app.Api(Seed004.Organizer);
        Assert.Equal(40, (await (await org.GetAsync($"{b}/scores")).ReadJsonAsync())["formula"]!.Value<int>("attendance")); // the demo's
        var audits = await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'score.formula' AND entity_id = @cohort", new { cohort });

        await AssertProblemAsync(await org.PutAsJsonAsync($"{b}/scores/formula", new { attendance = 50, tasks = 40 }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(40, (await (await org.GetAsync($"{b}/scores")).ReadJsonAsync())["formula"]!.Value<int>("attendance"));
        Assert.Equal(audits, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'score.formula' AND entity_id = @cohort", new { cohort }));

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("gc01")).PutAsJsonAsync($"{b}/scores/formula", new { attendance = 50, tasks = 50 })).StatusCode);

        var r = await org.PutAsJsonAsync($"{b}/scores/formula", new { attendance = 50, tasks = 50, maxDepartures = 0 });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var f = (await (await org.GetAsync($"{b}/scores")).ReadJsonAsync())["formula"]!;
        Assert.Equal((50, 50, 0, true), (f.Value<int>("attendance"), f.Value<int>("tasks"), f.Value<int>("maxDepartures"), f.Value<bool>("stored")));
        Assert.Equal(audits + 1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'score.formula' AND entity_id = @cohort", new { cohort }));
    }

    [Fact]
    public async Task The_outstanding_list_is_adjusted_confirmed_and_reopened_with_the_pages_refusals()
    {
        var cohort = await ClassAsync();
        var b = $"/api/v1/cohorts/{cohort}";
        var org = await app.Api(Seed004.Organizer);
        var o = await (await org.GetAsync($"{b}/outstanding")).ReadJsonAsync();
        Assert.Equal(3, o["rule"]!.Value<int>("count"));
        Assert.Equal(1, o["rule"]!.Value<int>("capPerUnit"));
        Assert.NotNull(o["confirmedAt"]?.GetValue<DateTimeOffset?>()); // the demo's organizer confirmed it for the 优秀学员证书 (#22)
        await org.PostAsJsonAsync($"{b}/outstanding/reopen", new { });
        o = await (await org.GetAsync($"{b}/outstanding")).ReadJsonAsync();
        Assert.Null(o["confirmedAt"]?.GetValue<DateTimeOffset?>());
        var listed = o["list"]!.AsArray().Select(p => p!.Value<long>("enrollmentId")).ToHashSet();
        Assert.NotEmpty(listed);

        var scores = await app.Get<ClassScoreStore>().ScoresAsync(cohort);
        var other = scores.Rows.First(r => !r.Score.IsDisqualified && !listed.Contains(r.EnrollmentId)).EnrollmentId;
        await AssertProblemAsync(await org.PostAsJsonAsync($"{b}/outstanding/adjustments", new { enrollmentId = other, action = "add" }), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await org.PostAsJsonAsync($"{b}/outstanding/adjustments", new { action = "add", reason = "x" }), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("gc01")).PostAsJsonAsync($"{b}/outstanding/confirm", new { })).StatusCode);

        var added = await (await org.PostAsJsonAsync($"{b}/outstanding/adjustments", new { enrollmentId = other, action = "add", reason = "社区推荐，事迹突出" })).ReadJsonAsync();
        var pick = added["list"]!.AsArray().Single(p => p!.Value<long>("enrollmentId") == other)!;
        Assert.True(pick.Value<bool>("added"));
        Assert.Equal("社区推荐，事迹突出", pick.Value<string>("reason"));

        var confirmed = await (await org.PostAsJsonAsync($"{b}/outstanding/confirm", new { })).ReadJsonAsync();
        Assert.NotNull(confirmed["confirmedAt"]?.GetValue<DateTimeOffset?>());
        Assert.Equal(listed.Count + 1, confirmed["list"]!.AsArray().Count);
        await AssertProblemAsync(await org.PostAsJsonAsync($"{b}/outstanding/adjustments", new { enrollmentId = other, action = "remove", reason = "改主意" }), HttpStatusCode.Conflict);
        Assert.Equal(listed.Count + 1, (await (await org.GetAsync($"{b}/outstanding")).ReadJsonAsync())["list"]!.AsArray().Count);

        var reopened = await (await org.PostAsJsonAsync($"{b}/outstanding/reopen", new { })).ReadJsonAsync();
        Assert.Null(reopened["confirmedAt"]?.GetValue<DateTimeOffset?>());
        await AssertProblemAsync(await org.PostAsJsonAsync($"{b}/outstanding/reopen", new { }), HttpStatusCode.Conflict);
    }
}

public sealed class ScoresApiTests_Sqlite(SqliteDemo app) : ScoresApiTests(app), IClassFixture<SqliteDemo>;
public sealed class ScoresApiTests_Postgres(PostgresDemo app) : ScoresApiTests(app), IClassFixture<PostgresDemo>;
