using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Scores;

/// <summary>
/// The class score's online part (#19 point 2 / #21) on seed 004's class (two live courses, four case pushes half
/// completed, a theme course): the Formula page opens the online weight with its explanation, a formula with online 30
/// is stored, one trainee's score is checked by hand from their attendance rate, tasks and completed items, and both
/// explanation pages show the online part; a class without online items refuses an online weight with the reason.
/// </summary>
public abstract class OnlineScoreTests(TestApp app)
{
    private Task<long> ClassAsync() => ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });

    private static decimal R(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task An_online_weight_counts_the_share_of_items_completed_and_the_pages_explain_it()
    {
        var cohort = await ClassAsync();
        OnlineProgress progress;
        await using (var c = await app.Get<Db>().OpenAsync()) progress = await OnlineStore.ProgressAsync(c, cohort);
        var items = progress.Items.Count;
        Assert.True(items >= 7, $"seed 004 has {items} online items");

        // the Formula page: the online weight open, with the explanation
        var orgPages = await app.Browser(Seed004.Organizer);
        var formula = await orgPages.GetStringAsync($"/Scores/Formula/{cohort}");
        Assert.Matches("<input type=\"number\" name=\"Online\" value=\"0\" min=\"0\" max=\"100\"", formula);
        Assert.Contains($"本班有 {items} 项线上学习", formula);

        // 40 / 30 / 0 / 30, set on the page
        var saved = await TestApp.PostFormAsync(orgPages, $"/Scores/Formula/{cohort}",
            new() { ["Attendance"] = "40", ["Tasks"] = "30", ["Plan"] = "0", ["Online"] = "30", ["MaxDepartures"] = "", ["MaxAbsences"] = "" });
        Assert.True(saved.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync()}");
        var all = await app.Get<ClassScoreStore>().ScoresAsync(cohort);
        Assert.Equal((40, 30, 0, 30), (all.Formula.Attendance, all.Formula.Tasks, all.Formula.Plan, all.Formula.Online));
        Assert.Equal(items, all.OnlineItems);

        // the trainee who completed the fewest items (not none, not all: seed 004 completes half the case pushes)
        var completed = progress.Trainees.ToDictionary(t => t.EnrollmentId, t => progress.Items.Count(i => progress.Of(i.SessionId, t.EnrollmentId).Completed));
        var (who, done) = completed.OrderBy(x => x.Value).ThenBy(x => x.Key).Select(x => (x.Key, x.Value)).First();
        Assert.InRange(done, 1, items - 1);
        var row = all.Rows.Single(r => r.EnrollmentId == who);

        // by hand: attendance rate × 100 × 40 %, the tasks' mean (an unscored one 0) × 30 %, completed / items × 100 × 30 %
        var attendance = R(row.Tally.Rate * 100m);
        var tasks = R(row.Tasks.Count == 0 ? 0m : row.Tasks.Sum(t => t ?? 0m) / row.Tasks.Count);
        var online = R((decimal)done / items * 100m);
        var expected = R(attendance * 40m / 100m) + R(tasks * 30m / 100m) + R(online * 30m / 100m);
        Assert.Equal(expected, row.Score.Total);
        var part = row.Score.Parts.Single(p => p.Part == Domain.Scores.ScorePart.Online);
        Assert.Equal((online, 30, R(online * 30m / 100m)), (part.Value!.Value, part.Weight, part.Contribution));

        // the explanation on the organizer's page and on the trainee's own
        var onlineRow = new Regex("data-part=\"Online\">\\s*<td>[^<]*</td>\\s*<td>([^<]*)</td>\\s*<td>30%</td>\\s*<td>([^<]*)</td>");
        var username = await ScalarStringAsync($"SELECT u.username FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.id = {who}");
        foreach (var (client, page) in new[] { (orgPages, $"/Scores/{cohort}?trainee={who}"), (await app.Browser(username), $"/Me/Score/{cohort}") })
        {
            var html = await client.GetStringAsync(page);
            var m = onlineRow.Match(html);
            Assert.True(m.Success, $"no online part on {page}");
            Assert.Equal((online.ToString("0.00"), R(online * 30m / 100m).ToString("0.00")), (m.Groups[1].Value, m.Groups[2].Value));
            Assert.Contains($"<span id=\"score-total\">{expected:0.00}</span>", html);
            Assert.Contains($"线上学习：完成 {done} 项（共 {items} 项，{online:0.##}%）", html);
        }
        // the class's list has the online column
        Assert.Contains($"线上学习 (30%)", await orgPages.GetStringAsync($"/Scores/{cohort}"));
    }

    [Fact]
    public async Task A_class_without_online_items_refuses_an_online_weight_with_the_reason()
    {
        long cohort = 0;
        await using (var c = await app.Get<Db>().OpenAsync())
            foreach (var id in await c.QueryAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = SeedCertificates.Seed000Title }))
                if (await OnlineStore.ItemCountAsync(c, id) == 0) cohort = id;
        Assert.NotEqual(0, cohort);
        var before = (await app.Get<ClassScoreStore>().FormulaAsync(cohort)).Formula;

        var api = await app.Api("organizer");
        var r = await api.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/scores/formula", new { attendance = 40, tasks = 30, plan = 0, online = 30 });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)r.StatusCode} {body}");
        Assert.Contains("本班没有线上学习项目", body);
        Assert.Equal(before, (await app.Get<ClassScoreStore>().FormulaAsync(cohort)).Formula);

        var page = await app.Browser("organizer");
        var html = await page.GetStringAsync($"/Scores/Formula/{cohort}");
        Assert.Matches("name=\"Online\"[^>]*max=\"0\"[^>]*disabled=\"disabled\"", html);
        Assert.Contains("本班没有线上学习项目", html);
        var posted = await TestApp.PostFormAsync(page, $"/Scores/Formula/{cohort}",
            new() { ["Attendance"] = "40", ["Tasks"] = "30", ["Plan"] = "0", ["Online"] = "30" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("线上学习的权重须为 0（现为 30%）", await posted.Content.ReadAsStringAsync());
        Assert.Equal(before, (await app.Get<ClassScoreStore>().FormulaAsync(cohort)).Formula);
    }

    private async Task<string> ScalarStringAsync(string sql)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<string>(sql) ?? "";
    }
}

public sealed class OnlineScoreTests_Sqlite(SqliteDemo app) : OnlineScoreTests(app), IClassFixture<SqliteDemo>;
public sealed class OnlineScoreTests_Postgres(PostgresDemo app) : OnlineScoreTests(app), IClassFixture<PostgresDemo>;
