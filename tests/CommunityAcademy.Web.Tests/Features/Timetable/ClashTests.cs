using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// Each clash case through the real API, each in its own year so that tests sharing a database cannot meet:
/// every warning names both sessions.
/// </summary>
public abstract class ClashTests(TestApp app)
{
    private static List<JsonNode> Warnings(JsonNode saved) => saved["warnings"]!.AsArray().Select(w => w!).ToList();

    private static object S(string date, string start, string end, string title, object? extra = null)
    {
        var d = new Dictionary<string, object?> { ["date"] = date, ["start"] = start, ["end"] = end, ["title"] = title, ["type"] = "lecture" };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) d[p.Name] = p.GetValue(extra);
        return d;
    }

    [Fact]
    public async Task An_instructor_teaching_two_classes_at_once()
    {
        var c = await app.Api("organizer");
        var wang = await InstructorAsync(c, "王燕");
        var a = await CreateCohortAsync(app, "甲班", "2031-03-01", "2031-03-02", venue: "甲楼" + U());
        var b = await CreateCohortAsync(app, "乙班", "2031-03-01", "2031-03-02", venue: "乙楼" + U());
        Assert.Empty(Warnings(await AddOkAsync(c, a, S("2031-03-01", "14:30", "17:30", "如何有效动员农村治理资源", new { instructorIds = new[] { wang } }))));
        var saved = await AddOkAsync(c, b, S("2031-03-01", "16:00", "18:00", "开放空间讨论会", new { instructorIds = new[] { wang } }));
        var w = Assert.Single(Warnings(saved));
        Assert.Equal("instructor_double_booked", w.Value<string>("kind"));
        var msg = w.Value<string>("message");
        Assert.Contains("王燕", msg);
        Assert.Contains("“开放空间讨论会”（2031-03-01 16:00-18:00）", msg);
        Assert.Contains("“如何有效动员农村治理资源”（2031-03-01 14:30-17:30）", msg);
        Assert.Equal(2, w["sessions"]!.AsArray().Count);
        // The first class sees it too, naming the other class.
        var other = Assert.Single((await TimetableAsync(c, a))["warnings"]!.AsArray());
        Assert.Contains("乙班", other.Value<string>("message"));
        // A day later is fine.
        Assert.Empty(Warnings(await AddOkAsync(c, b, S("2031-03-02", "14:30", "17:30", "次日再讲", new { instructorIds = new[] { wang } }))));
    }

    [Fact]
    public async Task A_team_member_named_alone_while_the_team_teaches()
    {
        var c = await app.Api("organizer");
        var lead = await InstructorAsync(c, "袁方成");
        var member = await InstructorAsync(c, "助教");
        var team = await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name = "袁教授团队" + U(), leadInstructorId = lead, headcount = 3, memberIds = new[] { member } });
        Assert.Equal(HttpStatusCode.Created, team.StatusCode);
        var teamId = (await team.ReadJsonAsync()).Value<long>("id");
        var a = await CreateCohortAsync(app, "团城山书记沙龙", "2032-02-19", "2032-02-19", venue: "街道会议室" + U());
        var b = await CreateCohortAsync(app, "别的班", "2032-02-19", "2032-02-19", venue: "别处" + U());
        await AddOkAsync(c, a, S("2032-02-19", "09:00", "16:00", "社区品牌创建", new { teamIds = new[] { teamId }, type = "workshop", method = "salon" }));
        var w = Assert.Single(Warnings(await AddOkAsync(c, b, S("2032-02-19", "10:00", "11:00", "助教讲座", new { instructorIds = new[] { member } }))));
        Assert.Equal("instructor_double_booked", w.Value<string>("kind"));
        Assert.Contains("助教", w.Value<string>("message"));
        // The team itself booked twice is one warning naming the team.
        var t = Warnings(await AddOkAsync(c, b, S("2032-02-19", "13:00", "14:00", "团队点评", new { teamIds = new[] { teamId } })));
        var teamWarning = Assert.Single(t);
        Assert.Contains("袁教授团队", teamWarning.Value<string>("message"));
    }

    [Fact]
    public async Task A_venue_given_to_two_classes_at_once()
    {
        var c = await app.Api("organizer");
        var room = "共益园五楼" + U();
        var a = await CreateCohortAsync(app, "甲班", "2033-06-07", "2033-06-09", venue: room);
        var b = await CreateCohortAsync(app, "乙班", "2033-06-07", "2033-06-09");
        await AddOkAsync(c, a, S("2033-06-07", "08:30", "11:30", "上午课"));            // in the class's own room
        var w = Assert.Single(Warnings(await AddOkAsync(c, b, S("2033-06-07", "10:00", "12:00", "借用会场", new { venue = room.Replace("五楼", "五 楼") }))));
        Assert.Equal("venue_double_booked", w.Value<string>("kind"));
        Assert.Contains("“上午课”", w.Value<string>("message"));   // both sessions named,
        Assert.Contains("“借用会场”", w.Value<string>("message")); // whichever way the room was spelled
        // The same teaching point, too.
        var point = await TeachingPointAsync(c, "观山社区");
        await AddOkAsync(c, a, S("2033-06-08", "14:30", "17:30", "现场教学", new { type = "on_site_teaching", teachingPointId = point }));
        var w2 = Assert.Single(Warnings(await AddOkAsync(c, b, S("2033-06-08", "15:00", "16:00", "参访观山社区", new { type = "site_visit", teachingPointId = point }))));
        Assert.Equal("venue_double_booked", w2.Value<string>("kind"));
        // Two classes online at the same time share no room.
        await AddOkAsync(c, a, S("2033-06-09", "19:00", "21:00", "直播甲", new { type = "online_live" }));
        Assert.Empty(Warnings(await AddOkAsync(c, b, S("2033-06-09", "19:00", "21:00", "直播乙", new { type = "online_live" }))));
    }

    [Fact]
    public async Task The_class_in_two_places_at_once_and_overlapping_sessions()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "惠南镇工作坊", "2034-12-13", "2034-12-14", venue: "镇社区办" + U());
        await AddOkAsync(c, cohort, S("2034-12-13", "13:30", "15:00", "美丽庭院推进会"));
        var visit = await AddOkAsync(c, cohort, S("2034-12-13", "14:30", "16:30", "参访连民村民宿“宿宇”", new { type = "site_visit", venue = "连民村" }));
        var w = Assert.Single(Warnings(visit));
        Assert.Equal("class_in_two_places", w.Value<string>("kind"));
        Assert.Contains("美丽庭院推进会", w.Value<string>("message"));
        Assert.Contains("参访连民村民宿“宿宇”", w.Value<string>("message"));
        var overlap = Assert.Single(Warnings(await AddOkAsync(c, cohort, S("2034-12-14", "09:00", "11:00", "村民自治实务"))
            .ContinueWith(_ => AddOkAsync(c, cohort, S("2034-12-14", "10:30", "11:30", "人际沟通实用技巧"))).Unwrap()));
        Assert.Equal("overlap", overlap.Value<string>("kind"));
        Assert.Contains("课程时间重叠", overlap.Value<string>("message"));
        // Back to back is not a clash.
        Assert.Empty(Warnings(await AddOkAsync(c, cohort, S("2034-12-14", "11:30", "12:00", "小结"))));
        var all = (await (await c.GetAsync($"/api/v1/cohorts/{cohort}/clashes")).ReadArrayAsync()).Select(x => x.Value<string>("kind")).ToList();
        Assert.Equal(["class_in_two_places", "overlap"], all);
    }

    [Fact]
    public async Task Pushed_cases_never_clash_but_a_live_course_during_a_visit_does()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "先锋营", "2035-09-01", "2035-11-30");
        var point = await TeachingPointAsync(c, "霞石村");
        await AddOkAsync(c, cohort, S("2035-10-16", "09:00", "12:00", "参访伦教街道霞石村", new { type = "site_visit", teachingPointId = point }));
        Assert.Empty(Warnings(await AddOkAsync(c, cohort, S("2035-10-16", "08:00", "22:00", "线上案例推送：社区花园", new { type = "online_case", material = "案例：霞石村社区花园", studyHours = 1 }))));
        var live = Assert.Single(Warnings(await AddOkAsync(c, cohort, S("2035-10-16", "10:00", "11:00", "线上直播：业主组织的建设与运营", new { type = "online_live" }))));
        Assert.Equal("class_in_two_places", live.Value<string>("kind"));
    }

    [Fact]
    public async Task A_session_left_outside_the_class_days_when_the_dates_change()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "改期的班", "2036-03-22", "2036-03-26");
        await AddOkAsync(c, cohort, S("2036-03-26", "09:00", "11:00", "结业式", new { type = "closing" }));
        // The class is cut to four days by whoever edits classes; the session stays and is flagged.
        await using (var db = await app.Get<Db>().OpenAsync())
            await db.ExecuteAsync("UPDATE cohorts SET end_date = @end WHERE id = @cohort", new { end = new DateOnly(2036, 3, 25), cohort });
        var w = Assert.Single((await TimetableAsync(c, cohort))["warnings"]!.AsArray());
        Assert.Equal("outside_class_days", w.Value<string>("kind"));
        Assert.Contains("“结业式”（2036-03-26 09:00-11:00）不在本班培训日期（2036-03-22至2036-03-25）内", w.Value<string>("message"));
        var html = await (await app.Browser("organizer")).GetStringAsync($"/Timetable/{cohort}");
        Assert.Contains("data-kind=\"outside_class_days\"", html);
        // Trainees do not see warnings; only staff may ask for them.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).GetAsync($"/api/v1/cohorts/{cohort}/clashes")).StatusCode);
    }
}

public sealed class ClashTests_Sqlite(SqliteDemo app) : ClashTests(app), IClassFixture<SqliteDemo>;
public sealed class ClashTests_Postgres(PostgresDemo app) : ClashTests(app), IClassFixture<PostgresDemo>;

/// <summary>The class overview names the instructors a session links, when it has no printed label.</summary>
public abstract class OverviewInstructorTests(TestApp app)
{
    [Fact]
    public async Task Linked_instructors_show_on_the_overview_when_no_label_was_given()
    {
        var c = await app.Api("organizer");
        var wang = await InstructorAsync(c, "王燕");
        var cohort = await CreateCohortAsync(app, "概况班", "2034-05-01", "2034-05-01", venue: "概况楼" + U());
        await AddOkAsync(c, cohort, new Dictionary<string, object?> { ["date"] = "2034-05-01", ["start"] = "09:00", ["end"] = "11:00", ["title"] = "社区议事", ["type"] = "lecture", ["instructorIds"] = new[] { wang } });
        var overview = await (await c.GetAsync($"/api/v1/cohorts/{cohort}")).ReadJsonAsync();
        Assert.StartsWith("王燕", overview["sessions"]![0].Value<string>("instructors")); // the kit makes names unique
    }
}

public sealed class OverviewInstructorTests_Sqlite(SqliteDemo app) : OverviewInstructorTests(app), IClassFixture<SqliteDemo>;
public sealed class OverviewInstructorTests_Postgres(PostgresDemo app) : OverviewInstructorTests(app), IClassFixture<PostgresDemo>;
