using System.Net;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>Seed 000's timetable as the demo holds it: the 7 sessions, typed, with 陈伟东's team, as the notice prints them.</summary>
public abstract class Seed000TimetableTests(TestApp app)
{
    // Section 五、培训安排 of seed 000, cell by cell (the first column is the day; blank under a merged cell).
    public static readonly string[][] SeedTable =
    [
        ["第一天", "08:30-08:45", "开班仪式", "领导讲话"],
        ["", "08:45-11:30", "新修订版社区品质生活场景星级标准使用方法", "陈伟东等"],
        ["", "14:30-17:30", "星级场景评定指标-场景行为解读", "陈伟东等"],
        ["第二天", "08:30-11:30", "星级场景评定指标-偏好识别卡使用方法", "陈伟东等"],
        ["", "14:30-17:30", "星级场景评定指标-三人小组理念解读", "陈伟东等"],
        ["第三天", "08:30-11:30", "星级场景评定指标-生活美学塑造法+场景品牌设计", "陈伟东等"],
        ["", "14:30-17:30", "星级场景提升策划与分享", "陈伟东等"],
    ];

    [Fact]
    public async Task The_printed_page_is_the_seed_table_cell_for_cell()
    {
        var c = await app.Browser("organizer");
        var r = await c.GetAsync("/Timetable/Print/1");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        var rows = TimetableKit.TableRows(html, "print-table");
        Assert.Equal(["", "时间", "课程安排", "授课专家"], rows[0]);
        var body = rows.Skip(1).ToList();
        Assert.Equal(SeedTable.Length, body.Count);
        for (var i = 0; i < SeedTable.Length; i++)
        {
            var expected = SeedTable[i][0] == "" ? SeedTable[i][1..] : SeedTable[i];
            Assert.Equal(expected, body[i]);
        }
        // One block per day: the day cell spans its sessions.
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "scope=\"rowgroup\"").Count);
        Assert.Contains("rowspan=\"3\" class=\"day\">第一天</th>", html);
        Assert.Contains("rowspan=\"2\" class=\"day\">第二天</th>", html);
        // A4 from its own stylesheet (the Content-Security-Policy allows no <style> block)
        Assert.Contains("/css/timetable-print.css", html);
        Assert.Contains("@page { size: A4 portrait;", await app.Anonymous().GetStringAsync("/css/timetable-print.css"));
        Assert.Contains("合计 23.5 学时", html);
        Assert.DoesNotContain("class=\"topbar\"", html); // a page of its own, without the site's menu
    }

    [Fact]
    public async Task The_api_gives_each_session_its_type_people_and_study_hours()
    {
        var t = await TimetableKit.TimetableAsync(await app.Api("organizer"), 1);
        var s = t["sessions"]!.AsArray();
        Assert.Equal(7, s.Count);
        Assert.Equal(["opening_ceremony", "lecture", "lecture", "practice", "workshop", "lecture", "workshop"], s.Select(x => x.Value<string>("type")));
        Assert.Equal(["开班仪式", "专题讲授", "专题讲授", "实操", "工作坊", "专题讲授", "工作坊"], s.Select(x => x.Value<string>("typeName")));
        Assert.Equal("领导讲话", s[0].Value<string>("instructors"));
        Assert.Empty(s[0]!["people"]!.AsArray());
        foreach (var x in s.Skip(1))
        {
            Assert.Equal("陈伟东等", x.Value<string>("instructors"));
            var team = Assert.Single(x!["people"]!.AsArray());
            Assert.Equal(("team", "华师陈伟东教授团队"), (team.Value<string>("kind"), team.Value<string>("name")));
        }
        Assert.Equal([0m, 3.5m, 4m, 4m, 4m, 4m, 4m], s.Select(x => x.Value<decimal>("studyHours")));
        Assert.Equal(23.5m, t.Value<decimal>("totalStudyHours"));
        Assert.All(s, x => Assert.True(x.Value<bool>("signInRequired")));
        Assert.Equal(["第一天", "第一天", "第一天", "第二天", "第二天", "第三天", "第三天"], s.Select(x => x.Value<string>("dayLabel")));
        Assert.Equal("2023-06-07T00:30:00+00:00", s[0].Value<string>("startsAt"));
        Assert.Equal("2023-06-09T09:30:00+00:00", s[6].Value<string>("endsAt"));
        Assert.Empty(t["warnings"]!.AsArray()); // the seed's timetable has no clash
    }

    [Fact]
    public async Task The_team_of_five_is_led_by_chen_weidong_who_is_the_mentor_account()
    {
        var c = await app.Api("organizer");
        var teams = await (await c.GetAsync("/api/v1/instructor-teams")).ReadArrayAsync();
        var team = teams.Single(t => t.Value<string>("name") == "华师陈伟东教授团队");
        Assert.Equal(5, team.Value<int>("headcount"));
        Assert.Equal("陈伟东", team.Value<string>("leadName"));
        var people = await (await c.GetAsync("/api/v1/instructors")).ReadArrayAsync();
        var chen = people.Single(p => p.Value<string>("name") == "陈伟东");
        Assert.Equal(("教授", "华中师范大学", "mentor"), (chen.Value<string>("title"), chen.Value<string>("organisation"), chen.Value<string>("username")));
        var points = await (await c.GetAsync("/api/v1/teaching-points")).ReadArrayAsync();
        var scenes = points.SelectMany(p => p!["scenes"]!.AsArray().Select(s => $"{p.Value<string>("name")}/{s.Value<string>("name")}")).ToList();
        foreach (var s in new[] { "镜园社区/镜园社区口袋公园", "雷山社区/雷山社区党群服务中心一楼一老一小场景", "菜园头社区/菜园头社区邻里缔造坊", "火车站社区/火车站社区国源小区轮胎公园" })
            Assert.Contains(s, scenes);
    }

    [Fact]
    public async Task A_trainee_sees_the_table_with_study_hours_but_no_warnings_or_editing()
    {
        var c = await app.Browser("t001");
        var html = await c.GetStringAsync("/Timetable/1");
        var rows = TimetableKit.TableRows(html, "timetable");
        Assert.Equal(["日期", "时间", "课程安排", "授课专家", "课程类型", "地点", "学时", "签到"], rows[0]);
        Assert.Equal(["第一天 6月7日 周三", "08:30-08:45", "开班仪式", "领导讲话", "开班仪式", "共益园五楼能力建设培训厅（莲花山社区党群服务中心楼上）", "0", "是"], rows[1]);
        Assert.Equal(["08:45-11:30", "新修订版社区品质生活场景星级标准使用方法", "陈伟东等", "专题讲授", "共益园五楼能力建设培训厅（莲花山社区党群服务中心楼上）", "3.5", "是"], rows[2]);
        Assert.Equal(["合计", "23.5"], rows[^1].Where(x => x.Length > 0));
        Assert.Contains("共 7 节课程，合计 23.5 学时", html);
        Assert.DoesNotContain("/Timetable/Edit/1", html);
        Assert.DoesNotContain("id=\"warnings\"", html);
        var api = await TimetableKit.TimetableAsync(await app.Api("t001"), 1);
        Assert.Equal(23.5m, api.Value<decimal>("totalStudyHours"));
        Assert.Empty(api["warnings"]!.AsArray());
    }

    [Fact]
    public async Task The_class_overview_links_to_its_timetable()
    {
        var html = await (await app.Browser("contact-gedian")).GetStringAsync("/Cohorts/Details/1");
        Assert.Contains("href=\"/Timetable/1\"", html);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("contact-gedian")).GetAsync("/Timetable/1")).StatusCode);
    }

    [Fact]
    public async Task A_trainee_sees_today_for_a_day_of_the_class()
    {
        var c = await app.Browser("t045");
        var html = await c.GetStringAsync("/Timetable/Today?date=2023-06-08");
        Assert.Contains("第二天", html);
        Assert.Contains("星级场景评定指标-偏好识别卡使用方法", html);
        Assert.Contains("星级场景评定指标-三人小组理念解读", html);
        Assert.DoesNotContain("开班仪式", html);
        Assert.Contains("当日 8 学时", html);
        Assert.Contains("需要签到", html);
        var none = await c.GetStringAsync("/Timetable/Today?date=2023-06-10");
        Assert.Contains("id=\"no-sessions\"", none);
        var api = await (await (await app.Api("t045")).GetAsync("/api/v1/timetable/today?date=2023-06-09")).ReadArrayAsync();
        var day = Assert.Single(api);
        Assert.Equal(("第三天", 8m), (day.Value<string>("dayLabel"), day.Value<decimal>("studyHours")));
        Assert.Equal(2, day!["sessions"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.Api("t045")).GetAsync("/api/v1/timetable/today?date=9.6.2023")).StatusCode);
    }

    [Fact]
    public async Task The_class_calendar_reads_back_to_the_same_instants()
    {
        var r = await (await app.Api("t001")).GetAsync("/api/v1/cohorts/1/timetable.ics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/calendar", r.Content.Headers.ContentType!.MediaType);
        var ics = IcsReader.Parse(await r.Content.ReadAsStringAsync());
        var api = (await TimetableKit.TimetableAsync(await app.Api("t001"), 1))["sessions"]!.AsArray();
        Assert.Equal(7, ics.Events.Count);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(DateTimeOffset.Parse(api[i].Value<string>("startsAt")), ics.Events[i].Start);
            Assert.Equal(DateTimeOffset.Parse(api[i].Value<string>("endsAt")), ics.Events[i].End);
            Assert.Equal(api[i].Value<string>("title"), ics.Events[i]["SUMMARY"]);
        }
        Assert.Equal(new DateTimeOffset(2023, 6, 7, 0, 30, 0, TimeSpan.Zero), ics.Events[0].Start);
        Assert.Contains("授课专家：领导讲话", ics.Events[0]["DESCRIPTION"]);
        Assert.Contains("学时：3.5", ics.Events[1]["DESCRIPTION"]);
        Assert.Equal("Asia/Shanghai", ics.Calendar["X-WR-TIMEZONE"]);
        Assert.Contains("DTSTART;TZID=Asia/Shanghai:20230607T083000", ics.PhysicalLines);
        Assert.All(ics.PhysicalLines, l => Assert.True(System.Text.Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.Equal(7, ics.Events.Select(e => e["UID"]).Distinct().Count());
    }

    [Fact]
    public async Task The_instructor_calendar_holds_the_six_sessions_of_his_team()
    {
        var c = await app.Api("organizer");
        var chen = (await (await c.GetAsync("/api/v1/instructors")).ReadArrayAsync()).Single(p => p.Value<string>("name") == "陈伟东").Value<long>("id");
        var ics = IcsReader.Parse(await (await app.Api("mentor")).GetStringAsync($"/api/v1/instructors/{chen}/timetable.ics"));
        // Six in the finished second class, six in the open third one.
        Assert.Equal(12, ics.Events.Count);
        Assert.Equal(6, ics.Events.Count(e => e["DESCRIPTION"].Contains("培训班：鄂州市城乡社区工作者场景塑造实务能力培训第二期")));
        Assert.Equal(6, ics.Events.Count(e => e["DESCRIPTION"].Contains("培训班：鄂州市城乡社区工作者场景塑造实务能力培训第三期")));
        Assert.Equal(new DateTimeOffset(2023, 6, 7, 0, 45, 0, TimeSpan.Zero), ics.Events[0].Start);
        // Another instructor's calendar is not a trainee's business.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).GetAsync($"/api/v1/instructors/{chen}/timetable.ics")).StatusCode);
    }
}

public sealed class Seed000TimetableTests_Sqlite(SqliteDemo app) : Seed000TimetableTests(app), IClassFixture<SqliteDemo>;
public sealed class Seed000TimetableTests_Postgres(PostgresDemo app) : Seed000TimetableTests(app), IClassFixture<PostgresDemo>;
