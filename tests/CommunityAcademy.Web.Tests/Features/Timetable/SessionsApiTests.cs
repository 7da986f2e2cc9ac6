using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

public abstract class SessionsApiTests(TestApp app)
{
    private static object Lecture(string date, string start, string end, object? extra = null)
    {
        var d = new Dictionary<string, object?> { ["date"] = date, ["start"] = start, ["end"] = end, ["title"] = "专题讲授 " + U(), ["type"] = "lecture" };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) d[p.Name] = p.GetValue(extra);
        return d;
    }

    [Fact]
    public async Task A_session_is_added_read_changed_and_deleted()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "增删改查", "2024-04-01", "2024-04-03", venue: "区委党校报告厅");
        var saved = await AddOkAsync(c, cohort, new { date = "2024-04-01", start = "09:00", end = "11:30", title = "社区治理形势解读", type = "专题讲授" });
        var s = saved["session"]!;
        var id = s.Value<long>("id");
        Assert.Equal(("lecture", "专题讲授", "09:00", "11:30"), (s.Value<string>("type"), s.Value<string>("typeName"), s.Value<string>("start"), s.Value<string>("end")));
        Assert.True(s.Value<bool>("signInRequired")); // default yes
        Assert.Equal(3m, s.Value<decimal>("studyHours")); // 150 minutes at 45 a 学时, down to a half
        Assert.False(s.Value<bool>("studyHoursSet"));
        Assert.Equal("2024-04-01T01:00:00+00:00", s.Value<string>("startsAt"));
        Assert.Equal("第一天", s.Value<string>("dayLabel"));

        var got = await (await c.GetAsync($"/api/v1/sessions/{id}")).ReadJsonAsync();
        Assert.Equal("社区治理形势解读", got.Value<string>("title"));

        var put = await c.PutAsJsonAsync($"/api/v1/sessions/{id}", new
        {
            date = "2024-04-02", start = "14:00", end = "17:00", title = "人际沟通实用技巧", type = "practice",
            signInRequired = false, studyHours = 3.5, venue = "二楼教室",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var changed = (await put.ReadJsonAsync())["session"]!;
        Assert.Equal(("2024-04-02", "实操", false, 3.5m, true, "二楼教室"), (changed.Value<string>("date"), changed.Value<string>("typeName"),
            changed.Value<bool>("signInRequired"), changed.Value<decimal>("studyHours"), changed.Value<bool>("studyHoursSet"), changed.Value<string>("venue")));

        var list = await TimetableAsync(c, cohort);
        Assert.Equal(3.5m, list.Value<decimal>("totalStudyHours"));
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Empty((await TimetableAsync(c, cohort))["sessions"]!.AsArray());
    }

    // Every bad input names its field; nothing is stored.
    public static TheoryData<string, object, string, string> BadInput => new()
    {
        { "end before start", new { date = "2024-05-01", start = "11:30", end = "08:30", title = "x", type = "lecture" }, "end", "早于开始时间" },
        { "end equals start", new { date = "2024-05-01", start = "08:30", end = "08:30", title = "x", type = "lecture" }, "end", "不能与开始时间相同" },
        { "past midnight, not marked", new { date = "2024-05-01", start = "20:00", end = "00:30", title = "x", type = "lecture" }, "end", "跨零点" },
        { "marked past midnight, but is not", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", pastMidnight = true }, "pastMidnight", "已标记跨零点" },
        { "unknown time zone", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", timeZone = "Mars/Olympus" }, "timeZone", "未知的时区“Mars/Olympus”" },
        { "not a day of the class", new { date = "2024-05-04", start = "08:30", end = "11:30", title = "x", type = "lecture" }, "date", "不是本班的培训日" },
        { "a day before the class", new { date = "2024-04-30", start = "08:30", end = "11:30", title = "x", type = "lecture" }, "date", "不是本班的培训日" },
        { "date in another format", new { date = "2024/05/01", start = "08:30", end = "11:30", title = "x", type = "lecture" }, "date", "格式有误" },
        { "time not a time", new { date = "2024-05-01", start = "上午", end = "11:30", title = "x", type = "lecture" }, "start", "格式有误" },
        { "no title", new { date = "2024-05-01", start = "08:30", end = "11:30", title = " ", type = "lecture" }, "title", "课程名称" },
        { "no type", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x" }, "type", "课程类型" },
        { "unknown type", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "party" }, "type", "未知的课程类型" },
        { "method on a lecture", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", method = "world_cafe" }, "method", "不设工作坊形式" },
        { "unknown method", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "workshop", method = "karaoke" }, "method", "未知的工作坊形式" },
        { "unknown instructor", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", instructorIds = new[] { 987654 } }, "instructorIds[0]", "987654" },
        { "unknown team", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", teamIds = new[] { 987654 } }, "teamIds[0]", "987654" },
        { "unknown teaching point", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "site_visit", teachingPointId = 987654 }, "teachingPointId", "教学点" },
        { "unknown scene", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "site_visit", sceneId = 987654 }, "sceneId", "实景" },
        { "study hours out of range", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", studyHours = 30 }, "studyHours", "0 到 24" },
        { "study hours too fine", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "lecture", studyHours = 1.25 }, "studyHours", "一位小数" },
        { "a link that is not a web address", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "online_live", onlineLink = "javascript:alert(1)" }, "onlineLink", "http" },
        { "a link with a line break", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "online_live", onlineLink = "https://x\r\nATTENDEE:mailto:evil@x" }, "onlineLink", "控制字符" },
        { "a link with a tab", new { date = "2024-05-01", start = "08:30", end = "11:30", title = "x", type = "online_live", onlineLink = "https://live.example.cn/\t1" }, "onlineLink", "控制字符" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_a_400_naming_the_field(string name, object body, string field, string message)
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, name, "2024-05-01", "2024-05-03");
        var r = await AddAsync(c, cohort, body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var errors = (await r.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{name}: fields {string.Join(",", errors.Select(e => e.Key))}");
        Assert.Contains(message, errors[field]!.AsArray()[0]!.GetValue<string>());
        Assert.Empty((await TimetableAsync(c, cohort))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once_and_a_body_that_is_not_json_is_a_400()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "多处错误", "2024-05-01", "2024-05-03");
        var r = await AddAsync(c, cohort, new { date = "明天", start = "8点", end = "", type = "nope", timeZone = "Nowhere/Town" });
        var errors = (await r.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "date", "start", "end", "title", "type", "timeZone" }, errors);
        var raw = await c.PostAsync($"/api/v1/cohorts/{cohort}/sessions", Json.Raw("{\"date\": "));
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        var wrongType = await c.PostAsync($"/api/v1/cohorts/{cohort}/sessions", Json.Raw("{\"instructorIds\": \"陈伟东\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task An_evening_may_run_past_midnight_when_marked_so()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "跨零点", "2024-06-01", "2024-06-02");
        var s = (await AddOkAsync(c, cohort, new { date = "2024-06-02", start = "20:00", end = "00:30", pastMidnight = true, title = "篝火夜谈", type = "workshop", method = "开放空间" }))["session"]!;
        Assert.True(s.Value<bool>("pastMidnight"));
        Assert.Equal("2024-06-02T12:00:00+00:00", s.Value<string>("startsAt"));
        Assert.Equal("2024-06-02T16:30:00+00:00", s.Value<string>("endsAt"));
        Assert.Equal(("open_space", "开放空间"), (s.Value<string>("method"), s.Value<string>("methodName")));
        Assert.Equal(6m, s.Value<decimal>("studyHours"));
        var html = await (await app.Browser("organizer")).GetStringAsync($"/Timetable/{cohort}");
        Assert.Contains("20:00-次日00:30", html);
    }

    [Fact]
    public async Task Times_given_in_another_zone_are_kept_in_the_class_zone()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "异地主讲", "2024-07-01", "2024-07-02");
        // A lecturer in Berlin: 03:00–05:00 CEST = 09:00–11:00 in Shanghai.
        var s = (await AddOkAsync(c, cohort, new { date = "2024-07-01", start = "03:00", end = "05:00", timeZone = "Europe/Berlin", title = "线上分享", type = "online_live", onlineLink = "https://live.example.cn/room/1" }))["session"]!;
        Assert.Equal(("2024-07-01", "09:00", "11:00"), (s.Value<string>("date"), s.Value<string>("start"), s.Value<string>("end")));
        Assert.Equal("2024-07-01T01:00:00+00:00", s.Value<string>("startsAt"));
        Assert.Equal("live_online", s.Value<string>("delivery"));
    }

    [Fact]
    public async Task Teaching_point_and_scene_are_checked_against_each_other()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "现场教学", "2024-08-01", "2024-08-02");
        var jinyuan = await TeachingPointAsync(c, "金元社区", "三网融合展示厅");
        var guanshan = await TeachingPointAsync(c, "观山社区", "一引领四联动议事厅");
        var points = await (await c.GetAsync("/api/v1/teaching-points")).ReadArrayAsync();
        long scene(long point) => points.Single(p => p.Value<long>("id") == point)!["scenes"]!.AsArray()[0].Value<long>("id");

        // A scene alone says where the session is.
        var s = (await AddOkAsync(c, cohort, new { date = "2024-08-01", start = "14:30", end = "17:30", title = "三网融合现场教学", type = "on_site_teaching", sceneId = scene(jinyuan) }))["session"]!;
        Assert.Equal((jinyuan, "三网融合展示厅"), (s.Value<long>("teachingPointId"), s.Value<string>("sceneName")));
        var wrong = await AddAsync(c, cohort, new { date = "2024-08-02", start = "14:30", end = "17:30", title = "x", type = "site_visit", teachingPointId = jinyuan, sceneId = scene(guanshan) });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("不属于教学点", (await wrong.ReadJsonAsync())["errors"]!["sceneId"]![0]!.GetValue<string>());
        // A teaching point in use cannot be deleted.
        var del = await c.DeleteAsync($"/api/v1/teaching-points/{jinyuan}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, del.StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_a_session_is_not_moved_by_its_body()
    {
        var c = await app.Api("organizer");
        Assert.Equal(HttpStatusCode.NotFound, (await AddAsync(c, 987654, Lecture("2023-06-07", "08:30", "09:00"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/cohorts/987654/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/cohorts/987654/timetable.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/v1/sessions/987654", Lecture("2023-06-07", "08:30", "09:00"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync("/api/v1/sessions/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/instructors/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/teaching-points/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/v1/session-types/nope", new { name = "无" })).StatusCode);
    }

    [Fact]
    public async Task Visibility_follows_the_class_a_trainee_or_contact_elsewhere_gets_404()
    {
        var org = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "另一个班", "2024-09-01", "2024-09-02");
        var id = (await AddOkAsync(org, cohort, Lecture("2024-09-01", "09:00", "10:00")))["session"].Value<long>("id");
        foreach (var user in new[] { "t001", "contact-echeng" })
        {
            var c = await app.Api(user);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/cohorts/{cohort}/sessions")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/cohorts/{cohort}/timetable.ics")).StatusCode);
            var b = await app.Browser(user);
            Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/Timetable/{cohort}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/Timetable/Print/{cohort}")).StatusCode);
        }
        await EnrollAsync(app, cohort, "t002");
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("t002")).GetAsync($"/api/v1/cohorts/{cohort}/sessions")).StatusCode);
        // Staff who only read (head teacher) see it but cannot change it.
        var ht = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.OK, (await ht.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ht.DeleteAsync($"/api/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t002")).PutAsJsonAsync($"/api/v1/sessions/{id}", Lecture("2024-09-01", "09:00", "10:00"))).StatusCode);
    }

    [Fact]
    public async Task Session_types_and_methods_are_data_the_organizer_extends()
    {
        var c = await app.Api("organizer");
        var types = await (await c.GetAsync("/api/v1/session-types")).ReadArrayAsync();
        Assert.Equal(["开班仪式", "专题讲授", "现场教学", "参访", "工作坊", "实操", "技能实训", "红色教育", "线上直播", "线上案例", "结业"],
            types.Take(11).Select(t => t.Value<string>("name")));
        var methods = await (await c.GetAsync("/api/v1/workshop-methods")).ReadArrayAsync();
        Assert.Equal(["世界咖啡", "开放空间", "圆桌会谈", "沙龙", "头脑风暴"], methods.Take(5).Select(m => m.Value<string>("name")));

        var name = "摆摊分享" + U();
        var m = await c.PostAsJsonAsync("/api/v1/workshop-methods", new { name, nameEn = "Stall sharing" });
        Assert.Equal(HttpStatusCode.Created, m.StatusCode);
        var methodCode = (await m.ReadJsonAsync()).Value<string>("code");
        Assert.StartsWith("custom_", methodCode);
        var typeName = "书记沙龙" + U();
        var t = await c.PostAsJsonAsync("/api/v1/session-types", new { name = typeName, delivery = "in_person", hasMethod = true, code = "salon_" + U() });
        Assert.Equal(HttpStatusCode.Created, t.StatusCode);
        var typeCode = (await t.ReadJsonAsync()).Value<string>("code");

        // Both are usable at once, by name.
        var cohort = await CreateCohortAsync(app, "书记沙龙", "2022-02-19", "2022-02-19");
        var s = (await AddOkAsync(c, cohort, new { date = "2022-02-19", start = "09:00", end = "16:00", title = "社区品牌创建", type = typeName, method = name, studyHours = 6 }))["session"]!;
        Assert.Equal((typeCode, methodCode, 6m), (s.Value<string>("type"), s.Value<string>("method"), s.Value<decimal>("studyHours")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsJsonAsync("/api/v1/session-types", new { name = "专题讲授" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsJsonAsync("/api/v1/session-types", new { name = "x", delivery = "by_pigeon" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsJsonAsync("/api/v1/session-types", new { name = "", code = "Bad Code" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.DeleteAsync("/api/v1/session-types/lecture")).StatusCode);  // built in
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.DeleteAsync($"/api/v1/session-types/{typeCode}")).StatusCode); // in use
        var renamed = await c.PutAsJsonAsync($"/api/v1/session-types/{typeCode}", new { name = typeName + "（改）", delivery = "in_person", hasMethod = true });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsJsonAsync("/api/v1/session-types", new { name = "x" })).StatusCode);
    }
}

public sealed class SessionsApiTests_Sqlite(SqliteDemo app) : SessionsApiTests(app), IClassFixture<SqliteDemo>;
public sealed class SessionsApiTests_Postgres(PostgresDemo app) : SessionsApiTests(app), IClassFixture<PostgresDemo>;
