using System.Net;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>The pages as a browser uses them: forms with their antiforgery token, errors shown against fields.</summary>
public abstract class TimetablePagesTests(TestApp app)
{
    private static Dictionary<string, string> Form(params (string, string)[] fields) => fields.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public async Task An_organizer_adds_edits_and_deletes_a_session_through_the_form()
    {
        var cohort = await CreateCohortAsync(app, "页面录入", "2026-06-07", "2026-06-09", venue: "共益园" + U());
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync($"/Timetable/Edit/{cohort}");
        Assert.Contains("min=\"2026-06-07\" max=\"2026-06-09\"", page);
        Assert.Contains("华师陈伟东教授团队", page); // teams to choose from

        var teamId = (await (await (await app.Api("organizer")).GetAsync("/api/v1/instructor-teams")).ReadArrayAsync())
            .Single(t => t.Value<string>("name") == "华师陈伟东教授团队").Value<long>("id");
        var r = await TestApp.PostFormAsync(b, $"/Timetable/Edit/{cohort}", Form(
            ("Date", "2026-06-08"), ("Start", "14:30"), ("End", "17:30"), ("Title", "星级场景提升策划与分享"), ("Type", "workshop"),
            ("Method", "brainstorm"), ("TeamIds", teamId.ToString()), ("InstructorsLabel", "陈伟东等"), ("SignInRequired", "false"), ("StudyHoursText", "")));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith($"/Timetable/{cohort}?saved=", r.LocationPath());
        var html = await b.GetStringAsync(r.LocationPath());
        Assert.Contains("课程已保存", html);
        var s = (await TimetableAsync(await app.Api("organizer"), cohort))["sessions"]![0]!;
        Assert.Equal(("头脑风暴", "陈伟东等", false, 4m), (s.Value<string>("methodName"), s.Value<string>("instructors"), s.Value<bool>("signInRequired"), s.Value<decimal>("studyHours")));
        var id = s.Value<long>("id");

        // The edit form comes back filled in; the checkbox posts "true" before its hidden "false".
        var edit = await b.GetStringAsync($"/Timetable/Edit/{cohort}/{id}");
        Assert.Contains("value=\"星级场景提升策划与分享\"", edit);
        var r2 = await TestApp.PostFormAsync(b, $"/Timetable/Edit/{cohort}/{id}", Form(
            ("Date", "2026-06-08"), ("Start", "14:30"), ("End", "17:00"), ("Title", "星级场景提升策划与分享"), ("Type", "workshop"),
            ("TeamIds", teamId.ToString()), ("SignInRequired", "true"), ("StudyHoursText", "3.5")));
        Assert.Equal(HttpStatusCode.Redirect, r2.StatusCode);
        var s2 = (await TimetableAsync(await app.Api("organizer"), cohort))["sessions"]![0]!;
        Assert.Equal(("17:00", true, 3.5m, (string?)null), (s2.Value<string>("end"), s2.Value<bool>("signInRequired"), s2.Value<decimal>("studyHours"), s2.Value<string>("method")));

        var del = await TestApp.PostFormAsync(b, $"/Timetable/{cohort}", Form(("sessionId", id.ToString())), handler: "Delete");
        Assert.Equal(HttpStatusCode.Redirect, del.StatusCode);
        Assert.Empty((await TimetableAsync(await app.Api("organizer"), cohort))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task Bad_form_input_is_shown_against_each_field_and_nothing_is_saved()
    {
        var cohort = await CreateCohortAsync(app, "页面错误", "2026-07-01", "2026-07-02");
        var b = await app.Browser("organizer");
        var r = await TestApp.PostFormAsync(b, $"/Timetable/Edit/{cohort}", Form(
            ("Date", "2026-07-05"), ("Start", "11:30"), ("End", "08:30"), ("Title", ""), ("Type", "lecture"), ("StudyHoursText", "许多"),
            ("OnlineLink", "ftp://x")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        foreach (var text in new[] { "不是本班的培训日", "早于开始时间", "请填写课程名称", "学时须为数字", "http" })
            Assert.Contains(text, html);
        Assert.Contains("id=\"err-date\"", html);
        Assert.Contains("aria-describedby=\"err-date\"", html);
        Assert.Contains("value=\"2026-07-05\"", html); // what was typed stays in the form
        Assert.Empty((await TimetableAsync(await app.Api("organizer"), cohort))["sessions"]!.AsArray());
        // Without the antiforgery token the form is refused.
        var forged = await b.PostAsync($"/Timetable/Edit/{cohort}", new FormUrlEncodedContent(Form(("Date", "2026-07-01"), ("Start", "09:00"), ("End", "10:00"), ("Title", "x"), ("Type", "lecture"))));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Empty((await TimetableAsync(await app.Api("organizer"), cohort))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task Warnings_show_on_the_timetable_page_for_staff_only()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "页面冲突", "2026-08-01", "2026-08-01");
        await AddOkAsync(c, cohort, new { date = "2026-08-01", start = "09:00", end = "11:00", title = "甲", type = "lecture" });
        await AddOkAsync(c, cohort, new { date = "2026-08-01", start = "10:00", end = "12:00", title = "乙", type = "lecture" });
        var staff = await (await app.Browser("headteacher")).GetStringAsync($"/Timetable/{cohort}");
        Assert.Contains("冲突提醒（1 条）", staff);
        Assert.Contains("课程时间重叠：“甲”（2026-08-01 09:00-11:00）与“乙”（2026-08-01 10:00-12:00）", staff);
        Assert.DoesNotContain($"/Timetable/Edit/{cohort}", staff); // a head teacher reads, organizers edit
        await EnrollAsync(app, cohort, "t050");
        var trainee = await (await app.Browser("t050")).GetStringAsync($"/Timetable/{cohort}");
        Assert.DoesNotContain("冲突提醒", trainee);
    }

    [Fact]
    public async Task Teaching_points_instructors_and_types_are_kept_through_their_pages()
    {
        var b = await app.Browser("organizer");
        var point = "菜园头社区" + U();
        var r = await TestApp.PostFormAsync(b, "/Timetable/TeachingPoints", Form(("Name", point), ("Address", "鄂州市凤凰街道"), ("HostName", "社区书记"),
            ("HostPhone", "13907110000"), ("Latitude", "30.39"), ("Longitude", "114.89")), handler: "Create");
        Assert.Contains($"已新增教学点“{point}”", await DoneAsync(b, r));
        var pointId = (await (await (await app.Api("organizer")).GetAsync("/api/v1/teaching-points")).ReadArrayAsync()).Single(p => p.Value<string>("name") == point).Value<long>("id");
        var s = await TestApp.PostFormAsync(b, "/Timetable/TeachingPoints", Form(("Id", pointId.ToString()), ("Name", "邻里缔造坊")), handler: "AddScene");
        Assert.Contains("已新增实景“邻里缔造坊”", await DoneAsync(b, s));
        var bad = await TestApp.PostFormAsync(b, "/Timetable/TeachingPoints", Form(("Name", "坐标不全" + U()), ("Latitude", "30.39")), handler: "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("经度和纬度须同时填写", await bad.Content.ReadAsStringAsync());
        // A trainee reads the page with the phone masked, and has no forms.
        var trainee = await (await app.Browser("t001")).GetStringAsync("/Timetable/TeachingPoints");
        Assert.Contains("139****0000", trainee);
        Assert.DoesNotContain("13907110000", trainee);
        Assert.DoesNotContain("handler=Create", trainee);

        var name = "张佳华" + U();
        var i = await TestApp.PostFormAsync(b, "/Timetable/Instructors", Form(("Name", name), ("Title", "执行秘书长"), ("Organisation", "陆家嘴社区公益基金会"), ("Phone", "13800001111")), handler: "Create");
        Assert.Contains($"已新增专家“{name}”", await DoneAsync(b, i));
        var dup = await TestApp.PostFormAsync(b, "/Timetable/Instructors", Form(("Name", name), ("Organisation", "陆家嘴社区公益基金会")), handler: "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dup.StatusCode);
        var headteacher = await (await app.Browser("headteacher")).GetStringAsync("/Timetable/Instructors");
        Assert.Contains("138****1111", headteacher);

        var type = "摆摊分享" + U();
        var t = await TestApp.PostFormAsync(b, "/Timetable/Types", Form(("Name", type), ("NameEn", "Stall"), ("Delivery", "in_person"), ("HasMethod", "true")), handler: "AddType");
        Assert.Contains($"已新增课程类型“{type}”", await DoneAsync(b, t));
        // Pages answer a forbidden form the site's way: to the access-denied page.
        var denied = await TestApp.PostFormAsync(await app.Browser("headteacher"), "/Timetable/Types", Form(("Name", "x" + U())), handler: "AddType");
        Assert.StartsWith("/Accounts/AccessDenied", denied.LocationPath());
    }

    /// <summary>A change that is done sends the browser back to the page (post-redirect-get), which says once what was done.</summary>
    private static async Task<string> DoneAsync(HttpClient b, HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await b.GetStringAsync(r.Headers.Location);
        var again = await b.GetStringAsync(r.Headers.Location);
        Assert.DoesNotContain("class=\"ok\"", again); // said once
        return page;
    }

    [Fact]
    public async Task The_timetable_reads_in_english_too()
    {
        var b = await app.Browser("organizer");
        await b.GetAsync("/culture?c=en&returnUrl=%2F");
        var html = await b.GetStringAsync("/Timetable/1");
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("7 sessions, 23.5 study hours in all", html);
        Assert.Contains("Export calendar (.ics)", html);
    }
}

public sealed class TimetablePagesTests_Sqlite(SqliteDemo app) : TimetablePagesTests(app), IClassFixture<SqliteDemo>;
public sealed class TimetablePagesTests_Postgres(PostgresDemo app) : TimetablePagesTests(app), IClassFixture<PostgresDemo>;
