using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// The timetables of seeds 001–004, entered through the API as an organizer would. The seeds give 上午/下午/晚上
/// rather than clock times; the times here are plausible ones chosen for the test, the order and kinds are the seeds'.
/// </summary>
public abstract class SeedScenarioTests(TestApp app)
{
    private static object S(string date, string start, string end, string title, string type, object? extra = null)
    {
        var d = new Dictionary<string, object?> { ["date"] = date, ["start"] = start, ["end"] = end, ["title"] = title, ["type"] = type };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) d[p.Name] = p.GetValue(extra);
        return d;
    }

    [Fact]
    public async Task Seed_001_two_closed_days_with_an_evening_world_cafe()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "农村社区事务广角镜——社区自治成长工作坊", "2018-12-13", "2018-12-14", venue: "惠南镇社区办" + U());
        var zhang = await InstructorAsync(c, "张佳华", "陆家嘴社区公益基金会");
        var wang = await InstructorAsync(c, "王燕", "上海浦东新家园社区治理发展中心");
        var chen = await InstructorAsync(c, "陈烽", "国家二级心理咨询师");
        var meeting = await c.PostAsJsonAsync("/api/v1/session-types", new { name = "工作推进会" + U(), nameEn = "Work meeting" });
        var meetingType = (await meeting.ReadJsonAsync()).Value<string>("code");
        var lianmin = await TeachingPointAsync(c, "连民村", "特色民宿“宿宇”");

        object[] sessions =
        [
            S("2018-12-13", "08:30", "09:00", "开班动员", "opening_ceremony", new { instructors = "潘书记、富燕萍副镇长" }),
            S("2018-12-13", "09:00", "11:30", "《农村社区治理形势解读》", "lecture", new { instructors = "复旦大学政治学理论专业博士" }),
            S("2018-12-13", "13:30", "15:00", "美丽庭院建设暨“家门口”服务体系建设提质增能工作推进会", meetingType),
            S("2018-12-13", "15:15", "17:00", "参访连民村特色民宿“宿宇”", "site_visit", new { teachingPointId = lianmin }),
            S("2018-12-13", "19:00", "21:00", "“世界咖啡”引导技术培训", "workshop", new { method = "world_cafe", instructorIds = new[] { zhang } }),
            S("2018-12-14", "08:30", "10:00", "《村民自治实务》", "lecture", new { instructors = "华东理工大学社会学博士" }),
            S("2018-12-14", "10:15", "11:45", "《人际沟通实用技巧》", "lecture", new { instructorIds = new[] { chen } }),
            S("2018-12-14", "13:30", "16:30", "如何有效动员农村治理有关资源", "workshop", new { method = "开放空间", instructorIds = new[] { wang } }),
            S("2018-12-14", "16:30", "17:00", "总结", "closing", new { instructors = "惠南镇社建办主任" }),
        ];
        foreach (var s in sessions) Assert.Empty((await AddOkAsync(c, cohort, s))["warnings"]!.AsArray());

        var t = await TimetableAsync(c, cohort);
        var evening = t["sessions"]!.AsArray().Single(s => s.Value<string>("start") == "19:00")!;
        Assert.Equal(("2018-12-13T11:00:00+00:00", "世界咖啡", "第一天"), (evening.Value<string>("startsAt"), evening.Value<string>("methodName"), evening.Value<string>("dayLabel")));
        Assert.StartsWith("张佳华", evening.Value<string>("instructors"));
        Assert.Equal(18.5m, t.Value<decimal>("totalStudyHours"));

        var print = TableRows(await (await app.Browser("organizer")).GetStringAsync($"/Timetable/Print/{cohort}"), "print-table");
        Assert.Equal(["19:00-21:00", "“世界咖啡”引导技术培训"], print[5].Take(2));
        Assert.Equal("第二天", print[6][0]);

        await EnrollAsync(app, cohort, "t010");
        var today = await (await app.Browser("t010")).GetStringAsync("/Timetable/Today?date=2018-12-13");
        Assert.Contains("“世界咖啡”引导技术培训", today);
        Assert.Contains("19:00-21:00", today);
        var ics = IcsReader.Parse(await (await app.Api("t010")).GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics"));
        var e = ics.Events.Single(x => x["SUMMARY"] == "“世界咖啡”引导技术培训");
        Assert.Equal((new DateTimeOffset(2018, 12, 13, 11, 0, 0, TimeSpan.Zero), new DateTimeOffset(2018, 12, 13, 13, 0, 0, TimeSpan.Zero)), (e.Start, e.End));
        Assert.Contains("世界咖啡", e["DESCRIPTION"]);
    }

    [Fact]
    public async Task Seed_002_a_study_visit_then_a_seven_hour_salon()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "团城山街道“培育强基”书记沙龙", "2022-02-18", "2022-02-19", venue: "团城山街道" + U());
        var yangchahu = await TeachingPointAsync(c, "杨汊湖社区");
        var hengdi = await TeachingPointAsync(c, "横堤社区");
        var hetou = await TeachingPointAsync(c, "河头社区", "“社小联治”智慧平安小区");
        var yuan = await InstructorAsync(c, "袁方成", "华中师范大学政治学研究院");
        var team = (await (await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name = "袁教授团队" + U(), leadInstructorId = yuan })).ReadJsonAsync()).Value<long>("id");
        var hetouScene = (await (await c.GetAsync($"/api/v1/teaching-points/{hetou}")).ReadJsonAsync())["scenes"]![0].Value<long>("id");

        await AddOkAsync(c, cohort, S("2022-02-18", "09:00", "11:30", "学习“智慧养老”", "site_visit", new { teachingPointId = yangchahu }));
        await AddOkAsync(c, cohort, S("2022-02-18", "14:00", "15:30", "学习“邻里共治”", "site_visit", new { teachingPointId = hengdi }));
        await AddOkAsync(c, cohort, S("2022-02-18", "15:45", "17:00", "参观“社小联治”智慧平安小区建设", "site_visit", new { sceneId = hetouScene }));
        var salon = (await AddOkAsync(c, cohort, S("2022-02-19", "09:00", "16:00", "党建引领基层社会治理品牌创建“社区书记沙龙”", "workshop",
            new { method = "salon", teamIds = new[] { team }, studyHours = 7 })))["session"]!;
        Assert.Equal((7m, true, "沙龙"), (salon.Value<decimal>("studyHours"), salon.Value<bool>("studyHoursSet"), salon.Value<string>("methodName")));
        Assert.StartsWith("袁教授团队", salon.Value<string>("instructors"));

        var html = await (await app.Browser("organizer")).GetStringAsync($"/Timetable/{cohort}");
        var rows = TableRows(html, "timetable");
        Assert.Contains(rows, r => r.Any(x => x.StartsWith("河头社区") && x.Contains("“社小联治”智慧平安小区")));
        Assert.Contains("共 4 节课程，合计 13.5 学时", html); // 3 + 2 + 1.5 from the visits' lengths, 7 set for the salon
    }

    [Fact]
    public async Task Seed_003_five_closed_days_between_classroom_and_teaching_points()
    {
        var c = await app.Api("organizer");
        var school = "军创大厦教学基地" + U();
        var cohort = await CreateCohortAsync(app, "观山湖区委党校社区治理学校第一期社区工作者培训班", "2021-03-22", "2021-03-26", venue: school);
        var base_ = await TeachingPointAsync(c, "观山湖区新时代全面从严治党教育基地");
        var jinyuan = await TeachingPointAsync(c, "金阳街道金元社区", "“三网融合”大数据+服务治理");
        var guanshan = (await (await c.PostAsJsonAsync("/api/v1/teaching-points", new
        {
            name = "金阳街道观山社区" + U(), address = "贵阳市观山湖区金阳街道", hostName = "刘明先", hostPhone = "13985012345",
            latitude = 26.6012, longitude = 106.6274, description = "“一引领四联动”基层治理模式",
        })).ReadJsonAsync()).Value<long>("id");

        object[] sessions =
        [
            S("2021-03-22", "09:00", "09:30", "社区治理学校揭牌暨开班仪式", "opening_ceremony", new { instructors = "区委党校" }),
            S("2021-03-22", "09:30", "11:30", "党史学习教育", "red_education", new { instructors = "区委党校教师" }),
            S("2021-03-22", "14:30", "17:30", "社区工作与社区工作者职业素养", "lecture", new { instructors = "贵州民族大学" }),
            S("2021-03-23", "09:00", "11:30", "社区社会组织培育与社区治理", "lecture", new { instructors = "贵州民族大学" }),
            S("2021-03-23", "14:30", "17:30", "现场救护", "skills_drill", new { instructors = "省红十字会" }),
            S("2021-03-24", "09:00", "11:30", "参观新时代全面从严治党教育基地", "red_education", new { teachingPointId = base_ }),
            S("2021-03-24", "14:30", "16:00", "“三网融合”现场教学", "on_site_teaching", new { teachingPointId = jinyuan }),
            S("2021-03-24", "16:15", "17:45", "基层社会治理实例课", "on_site_teaching", new { teachingPointId = guanshan, instructors = "刘明先" }),
            S("2021-03-25", "09:00", "11:30", "社区服务体系建设与“三感社区”推动", "lecture", new { instructors = "贵州民族大学" }),
            S("2021-03-25", "14:30", "17:30", "动员社会力量参与社区建设", "lecture", new { instructors = "区委党校教师" }),
            S("2021-03-26", "09:00", "11:30", "学员交流与总结", "closing"),
        ];
        foreach (var s in sessions) Assert.Empty((await AddOkAsync(c, cohort, s))["warnings"]!.AsArray());

        var t = (await TimetableAsync(c, cohort))["sessions"]!.AsArray();
        Assert.Equal(8, t.Count(s => s!["teachingPointId"] is null));
        Assert.Equal(3, t.Count(s => s!["teachingPointId"] is not null));
        var print = TableRows(await (await app.Browser("headteacher")).GetStringAsync($"/Timetable/Print/{cohort}"), "print-table");
        Assert.Equal(["第一天", "第二天", "第三天", "第四天", "第五天"], print.Skip(1).Where(r => r.Count == 4).Select(r => r[0]));

        // A trainee going there sees the address and the host, but not the host's full phone number.
        await EnrollAsync(app, cohort, "t020");
        var point = await (await (await app.Api("t020")).GetAsync($"/api/v1/teaching-points/{guanshan}")).ReadJsonAsync();
        Assert.Equal(("贵阳市观山湖区金阳街道", "刘明先", "139****2345"), (point.Value<string>("address"), point.Value<string>("hostName"), point.Value<string>("hostPhone")));
        Assert.Equal(26.6012, point.Value<double>("latitude"));
        var full = await (await (await app.Api("organizer")).GetAsync($"/api/v1/teaching-points/{guanshan}")).ReadJsonAsync();
        Assert.Equal("13985012345", full.Value<string>("hostPhone"));
        var today = await (await app.Browser("t020")).GetStringAsync("/Timetable/Today?date=2021-03-24");
        Assert.Contains("贵阳市观山湖区金阳街道", today);
        Assert.Contains("当日 7 学时", today); // 3 + 2 + 2: mornings and afternoons at teaching points
    }

    [Fact]
    public async Task Seed_004_months_of_online_courses_case_pushes_and_two_visits()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "桂城街道关爱专员社区治理先锋营计划", "2021-09-01", "2021-11-30");
        var xiashi = await TeachingPointAsync(c, "伦教街道霞石村", "霞石民间生活体验馆", "社区花园");
        var wenhua = await TeachingPointAsync(c, "龙江镇文华花园");
        var zhenhua = await TeachingPointAsync(c, "容桂街道振华社区");
        var xianyong = await TeachingPointAsync(c, "陈村镇仙涌村");

        object[] sessions =
        [
            S("2021-09-15", "19:30", "21:00", "线上直播：业主组织的建设与运营", "online_live", new { onlineLink = "https://live.example.cn/guicheng/1" }),
            S("2021-09-22", "09:00", "10:00", "线上案例推送：老旧小区加装电梯", "online_case", new { material = "案例一：老旧小区加装电梯的协商议事", studyHours = 1 }),
            S("2021-10-13", "19:30", "21:00", "线上直播：社区营造行业发展新观察", "online_live", new { onlineLink = "https://live.example.cn/guicheng/2" }),
            S("2021-10-20", "09:00", "10:00", "线上案例推送：社区花园", "online_case", new { material = "案例二：社区花园与居民自组织", studyHours = 1 }),
            S("2021-10-27", "09:00", "10:00", "线上案例推送：社区导赏", "online_case", new { material = "案例三：社区导赏", studyHours = 1 }),
            S("2021-11-03", "09:00", "10:00", "线上案例推送：乡村社区营造", "online_case", new { material = "案例四：乡村社区营造", studyHours = 1 }),
            S("2021-11-06", "09:00", "11:30", "参访龙江镇文华花园：电梯改造与参与式规划", "site_visit", new { teachingPointId = wenhua }),
            S("2021-11-06", "14:30", "17:00", "参访伦教街道霞石村：社区营造", "site_visit", new { teachingPointId = xiashi }),
            S("2021-11-10", "09:00", "21:00", "多巴安线上主题课程", "online_case", new { material = "多巴安平台主题课程", studyHours = 2 }),
            S("2021-11-13", "09:00", "11:30", "参访容桂街道振华社区：老旧小区改造", "site_visit", new { teachingPointId = zhenhua }),
            S("2021-11-13", "14:30", "17:00", "参访陈村镇仙涌村：乡村文化振兴", "site_visit", new { teachingPointId = xianyong }),
            S("2021-11-24", "19:30", "21:00", "线上直播：社区场景营造：可持续发展的新探索", "online_live", new { onlineLink = "https://live.example.cn/guicheng/3" }),
        ];
        foreach (var s in sessions) Assert.Empty((await AddOkAsync(c, cohort, s))["warnings"]!.AsArray());

        var t = await TimetableAsync(c, cohort);
        var list = t["sessions"]!.AsArray();
        Assert.Equal(12, list.Count);
        Assert.Equal(3, list.Count(s => s.Value<string>("delivery") == "live_online"));
        Assert.Equal(5, list.Count(s => s.Value<string>("delivery") == "self_paced"));
        Assert.Equal(4, list.Count(s => s.Value<string>("type") == "site_visit"));
        // 3 × 2 live + 4 × 1 case + 2 programme + 4 × 3 visits
        Assert.Equal(24m, t.Value<decimal>("totalStudyHours"));
        Assert.Equal("9月15日", list[0].Value<string>("dayLabel")); // months long: dates, not 第N天

        var print = TableRows(await (await app.Browser("organizer")).GetStringAsync($"/Timetable/Print/{cohort}"), "print-table");
        Assert.Equal(["9月15日", "19:30-21:00", "线上直播：业主组织的建设与运营", ""], print[1]);
        var html = await (await app.Browser("organizer")).GetStringAsync($"/Timetable/{cohort}");
        Assert.Contains("href=\"https://live.example.cn/guicheng/1\"", html);
        Assert.Contains("案例二：社区花园与居民自组织", html);

        var ics = IcsReader.Parse(await c.GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics"));
        Assert.Equal(12, ics.Events.Count);
        var live = ics.Events.Single(e => e["SUMMARY"] == "线上直播：社区营造行业发展新观察");
        Assert.Equal(("https://live.example.cn/guicheng/2", "线上"), (live["URL"], live["LOCATION"]));
        Assert.Equal(new DateTimeOffset(2021, 10, 13, 11, 30, 0, TimeSpan.Zero), live.Start);
        var visit = ics.Events.Single(e => e["SUMMARY"].StartsWith("参访伦教街道霞石村"));
        Assert.StartsWith("伦教街道霞石村", visit["LOCATION"]);
        Assert.Contains("线上案例", ics.Events.Single(e => e["SUMMARY"] == "线上案例推送：社区导赏")["CATEGORIES"]);

        await EnrollAsync(app, cohort, "t030");
        var day = Assert.Single(await (await (await app.Api("t030")).GetAsync("/api/v1/timetable/today?date=2021-10-13")).ReadArrayAsync());
        Assert.Equal("https://live.example.cn/guicheng/2", day!["sessions"]![0].Value<string>("onlineLink"));
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("t030")).GetAsync($"/Timetable/{cohort}")).StatusCode);
    }
}

public sealed class SeedScenarioTests_Sqlite(SqliteDemo app) : SeedScenarioTests(app), IClassFixture<SqliteDemo>;
public sealed class SeedScenarioTests_Postgres(PostgresDemo app) : SeedScenarioTests(app), IClassFixture<PostgresDemo>;
