using System.Net;
using CommunityAcademy.Web.Features.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>
/// Scene behaviour (#25 point 3): a three-person team of the class's 三人小组 grouping records an observation on a phone
/// and the scene's summary shows the team, its class and members; a team of one, a group of another kind of grouping, a
/// team the recorder is not in, an unknown team and a staff member in no team are refused with the reason, nothing stored.
/// </summary>
public abstract class ObservationTests(TestApp app)
{
    private static Dictionary<string, string> Form(long group) => new()
    {
        ["GroupId"] = group.ToString(), ["Place"] = "滑梯旁", ["People"] = "7", ["Activity"] = "带孩子玩耍",
    };

    private Task<long> CountAsync(long scene) =>
        SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM scene_observations WHERE scene_id = @scene", new { scene });

    [Fact]
    public async Task A_team_of_three_records_scene_behaviour_on_a_phone_and_the_scene_shows_the_team()
    {
        var scene = await SceneKit.SceneAsync(app, "镜园社区口袋公园");
        long team, solo, byHand, others;
        string cohortTitle;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var (cohort, mine) = await c.QuerySingleAsync<(long, long)>(
                "SELECT e.cohort_id, e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.username = 't001' ORDER BY e.id LIMIT 1");
            cohortTitle = await c.ExecuteScalarAsync<string>("SELECT title FROM cohorts WHERE id = @cohort", new { cohort }) ?? "";
            var mates = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort AND id <> @mine ORDER BY id LIMIT 5", new { cohort, mine })).ToList();
            async Task<long> Grouping(string kind, string name) => await c.ExecuteScalarAsync<long>(
                "INSERT INTO groupings (cohort_id, kind, name, created_at) VALUES (@cohort, @kind, @name, @now) RETURNING id",
                new { cohort, kind, name = name + app.Provider, now = DateTimeOffset.UtcNow });
            async Task<long> Group(long grouping, string name, params long[] members)
            {
                var id = await c.ExecuteScalarAsync<long>("INSERT INTO groups (grouping_id, name, sort_order) VALUES (@grouping, @name, 1) RETURNING id", new { grouping, name });
                foreach (var e in members)
                    await c.ExecuteAsync("INSERT INTO group_members (group_id, grouping_id, enrollment_id) VALUES (@id, @grouping, @e)", new { id, grouping, e });
                return id;
            }
            var teams = await Grouping("teams", "三人小组");
            team = await Group(teams, "第1组", mine, mates[0], mates[1]);
            others = await Group(teams, "第2组", mates[2], mates[3], mates[4]);
            solo = await Group(await Grouping("teams", "三人小组（补）"), "单人组", mine);
            byHand = await Group(await Grouping("other", "讨论分组"), "讨论一组", mine, mates[0], mates[1]);
        }
        using var trainee = await app.Browser("t001");
        var form = await (await trainee.GetAsync($"/Scenes/Observe/{scene}")).Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{team}\"", form);
        Assert.Contains("第1组（3人）", form);
        Assert.DoesNotContain($"value=\"{byHand}\"", form); // only the 三人小组 groupings' teams are offered
        Assert.DoesNotContain($"value=\"{others}\"", form);

        var r = await TestApp.PostFormAsync(trainee, $"/Scenes/Observe/{scene}", Form(team));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var summary = await app.Get<ObservationStore>().SummaryAsync(scene);
        Assert.Contains(summary.Activities, a => a.Activity == "带孩子玩耍" && a.People >= 7);
        var t = Assert.Single(summary.Teams, x => x.GroupId == team);
        Assert.Equal(("第1组", 3, 1), (t.Team, t.Members.Count, t.Observations));
        Assert.Equal(cohortTitle, t.Cohort);
        using var organizer = await app.Browser("organizer");
        var page = await (await organizer.GetAsync($"/Scenes/Scene/{scene}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-team=\"{team}\"", page);
        Assert.Contains(string.Join("、", t.Members), page);

        var before = await CountAsync(scene);
        async Task Refused(HttpClient who, long group, string says)
        {
            var bad = await TestApp.PostFormAsync(who, $"/Scenes/Observe/{scene}", Form(group));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains(says, await bad.Content.ReadAsStringAsync());
        }
        await Refused(trainee, solo, "有 1 人，不是三人小组");
        await Refused(trainee, byHand, "不是班级三人小组分组中的小组");
        await Refused(trainee, others, "您不在三人小组“第2组”中");
        await Refused(trainee, 999999, "请选择您所在的三人小组");
        // staff in no team see no form, and a post made anyway (the token from the scene's page) is refused with the reason
        var staffView = await organizer.GetStringAsync($"/Scenes/Observe/{scene}");
        Assert.DoesNotContain("id=\"observe-form\"", staffView);
        Assert.Contains("您不在任何三人小组中", staffView);
        var token = System.Text.RegularExpressions.Regex.Match(await organizer.GetStringAsync($"/Scenes/Scene/{scene}"),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = Form(team);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        var staffPost = await organizer.PostAsync($"/Scenes/Observe/{scene}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, staffPost.StatusCode);
        Assert.Contains("您不在三人小组“第1组”中", await staffPost.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync(scene));

        using var t047 = await app.Browser("t047");
        var denied = await t047.GetAsync($"/Scenes/Observe/{scene}");
        Assert.Contains("AccessDenied", denied.Headers.Location?.ToString() ?? "");
    }
}

public sealed class ObservationTests_Sqlite(SqliteDemo app) : ObservationTests(app), IClassFixture<SqliteDemo>;
public sealed class ObservationTests_Postgres(PostgresDemo app) : ObservationTests(app), IClassFixture<PostgresDemo>;
