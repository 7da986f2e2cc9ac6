using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features;

/// <summary>The home page shows each role what is due (#13 point 4), "today" being the test clock's day in the class's zone.</summary>
public abstract class HomePageTests(TestApp app)
{
    private DateOnly Today => DateOnly.FromDateTime(ClassClock.ToLocal(app.Clock.GetUtcNow(), "Asia/Shanghai").DateTime);

    private async Task<long> ClassIdAsync(string title)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @title", new { title });
    }

    private async Task<string> HomeAsync(string user)
    {
        var r = await (await app.Browser(user)).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    private static string Card(string html, string attribute, long id)
    {
        var m = Regex.Match(html, $"<li class=\"card\" {attribute}=\"{id}\">(.*?)</li>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no card {attribute}={id}");
        return m.Groups[1].Value;
    }

    private async Task<IReadOnlyList<long>> SessionsTodayAsync(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<long>("SELECT id FROM sessions WHERE cohort_id = @cohort AND session_date = @today", new { cohort, today = Today })).ToList();
    }

    [Fact]
    public async Task An_organizer_sees_enrollment_progress_and_todays_sessions_with_the_console_a_click_away()
    {
        var open = await ClassIdAsync(DemoSeeder.OpenClassTitle);
        var live = await ClassIdAsync(DemoSeeder.SignInClassTitle);
        var html = await HomeAsync("organizer");

        var card = Card(html, "data-cohort", open);
        Assert.Contains("已报 0 / 名额 90", card);                  // 90 places, nothing returned yet
        Assert.Contains("5 个单位未报", card);                       // five districts' submitting units
        Assert.Contains("距截止 7 天", card);                        // the deadline is a week after the demo was loaded
        Assert.Contains($"/Enrollment/Reconciliation/{open}", card);
        Assert.DoesNotContain("data-cohort=\"1\"", html);           // the finished class is not in progress

        var sessions = await SessionsTodayAsync(live);
        Assert.NotEmpty(sessions);
        foreach (var s in sessions) Assert.Contains($"/Attendance/Console/{s}", Card(html, "data-session", s));
        await using var c = await app.Get<Db>().OpenAsync();   // every class here is the organizer's (鄂州市民政局)
        var all = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE session_date = @today", new { today = Today });
        Assert.Equal(all, Regex.Matches(html, "data-session=").Count);
    }

    [Fact]
    public async Task A_contact_sees_the_classes_waiting_for_its_receipt_with_deadline_status_and_a_link()
    {
        var organizer = await app.Api("organizer");
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long unit(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        async Task<long> ClassAsync(int deadlineInDays)
        {
            // Without the automatic lock at the deadline, so that a class can be late (逾期) rather than closed.
            var r = await organizer.PostAsJsonAsync("/api/v1/cohorts", new
            {
                program = "首页测试", title = "首页测试班" + Guid.NewGuid().ToString("N")[..4],
                startDate = Today.AddDays(20).ToString("yyyy-MM-dd"), endDate = Today.AddDays(21).ToString("yyyy-MM-dd"),
                receiptDeadline = Today.AddDays(deadlineInDays).ToString("yyyy-MM-dd"), rules = new { autoLock = false },
                categories = new[] { new { category = "trainee", headcount = 3 } },
                quotas = new[] { new { unitId = unit("段店镇"), position = "主任", places = 3 } },
                submitters = new[] { new { scopeUnitId = unit("华容区"), submitterUnitId = unit("华容区民政局") } },
            });
            Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            return (await r.ReadJsonAsync()).Value<long>("id");
        }
        var soon = await ClassAsync(3);
        var late = await ClassAsync(-1);
        var typed = await (await app.Api("contact-huarong")).PostAsJsonAsync($"/api/v1/cohorts/{soon}/receipts/form", new
        {
            rows = new[] { new { unit = "段店镇", name = "首页甲", position = "主任", phone = "13900007001" } },
        });
        Assert.True(typed.StatusCode == HttpStatusCode.OK, await typed.Content.ReadAsStringAsync());

        var html = await HomeAsync("contact-huarong");
        var s = Card(html, "data-cohort", soon);
        Assert.Contains("未报满", s);
        Assert.Contains("已报 1 / 名额 3", s);
        Assert.Contains("距截止 3 天", s);
        Assert.Contains($"/Enrollment/Receipts/{soon}", s);
        var l = Card(html, "data-cohort", late);
        Assert.Contains("逾期", l);
        Assert.Contains("已报 0 / 名额 3", l);
        var open = Card(html, "data-cohort", await ClassIdAsync(DemoSeeder.OpenClassTitle));
        Assert.Matches("receipt-status\">未报<", open);
        Assert.DoesNotContain("data-cohort=\"1\"", html);           // its roster is locked: nothing is due

        // 鄂城区's contact has no place in these classes.
        Assert.DoesNotContain($"data-cohort=\"{soon}\"", await HomeAsync("contact-echeng"));
    }

    [Fact]
    public async Task A_head_teacher_sees_todays_sessions_of_its_classes_and_the_leave_waiting()
    {
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(30), leaveAllowed: true, "t071");
        var start = app.Clock.GetUtcNow().AddDays(1);
        var leave = await (await app.Api("t071")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { from = start, to = start.AddHours(2), reason = "家中有事" });
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);

        var html = await HomeAsync("headteacher");
        Assert.Contains($"href=\"/Attendance/Console/{session}\"", Card(html, "data-session", session));
        Assert.Contains("待审批的请假 (1)", html);
        Assert.Contains("家中有事", html);

        // A head teacher not on the class sees neither.
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("DELETE FROM cohort_staff WHERE cohort_id = @cohort", new { cohort });
        app.Get<CommunityAcademy.Web.Features.Cohorts.CohortAccess>().Forget(cohort);
        html = await HomeAsync("headteacher");
        Assert.DoesNotContain($"data-session=\"{session}\"", html);
        Assert.Contains("待审批的请假 (0)", html);

        // A mentor has no console and no leave to decide.
        var mentor = await HomeAsync("mentor");
        Assert.DoesNotContain("id=\"home-today\"", mentor);
        Assert.DoesNotContain("id=\"home-leave\"", mentor);
    }
}

public sealed class HomePageTests_Sqlite(SqliteDemo app) : HomePageTests(app), IClassFixture<SqliteDemo>;
public sealed class HomePageTests_Postgres(PostgresDemo app) : HomePageTests(app), IClassFixture<PostgresDemo>;
