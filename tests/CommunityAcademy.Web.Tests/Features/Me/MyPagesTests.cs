using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Me;

/// <summary>A trainee's own pages (#14 point 1): my classes, the timetable as cards, my attendance, the notice, the home page.</summary>
public abstract class MyPagesTests(TestApp app)
{
    /// <summary>09:30 Beijing time on a class day.</summary>
    private static readonly DateTimeOffset Morning = new(2031, 3, 10, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_pages_render_for_the_trainee_and_are_404_for_another_class_trainee_and_head_teacher()
    {
        app.Clock.Set(Morning);
        var (cohort, first) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(30), true, "t061");
        var cancelled = await AddSessionAsync(app, cohort, Morning.AddHours(4.5), TimeSpan.FromHours(1), "取消的课");
        var tomorrow = await AddSessionAsync(app, cohort, Morning.AddDays(1), TimeSpan.FromHours(1), "明天的课");
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("UPDATE sessions SET cancelled_at = @now WHERE id = @cancelled", new { now = Morning, cancelled });
        var (other, _) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(30), true, "t062");
        // A class whose staff are other people: the demo head teacher is not on it.
        var foreign = await TimetableKitCohortWithoutStaffAsync("t061");

        var trainee = await app.Browser("t061");
        var mine = await PageAsync(trainee, "/Me");
        Assert.Contains($"/Me/Timetable/{cohort}", mine);
        Assert.Contains($"/Me/Leave/{cohort}", mine);
        Assert.DoesNotContain($"/Me/Timetable/{other}", mine);

        var timetable = await PageAsync(trainee, $"/Me/Timetable/{cohort}");
        Assert.Contains("北京时间", timetable);
        var today = Regex.Match(timetable, "<section id=\"my-today\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"data-session=\"{first}\"", today);
        Assert.DoesNotContain($"data-session=\"{tomorrow}\"", today);
        Assert.Contains("已取消", Card(timetable, "data-session", cancelled));
        Assert.DoesNotContain("已取消", Card(timetable, "data-session", first));
        Assert.DoesNotContain("<table", timetable); // cards, not a table wider than the phone

        foreach (var page in new[] { "Attendance", "Leave", "Notice" })
            await PageAsync(trainee, $"/Me/{page}/{cohort}");
        foreach (var page in new[] { "Timetable", "Attendance", "Leave", "Notice" })
        {
            await PageAsync(trainee, $"/Me/{page}/{other}", HttpStatusCode.NotFound);          // another class's page
            await PageAsync(await app.Browser("t062"), $"/Me/{page}/{cohort}", HttpStatusCode.NotFound);
            await PageAsync(await app.Browser("headteacher"), $"/Me/{page}/{cohort}", HttpStatusCode.NotFound); // staff, not a trainee
        }
        await PageAsync(await app.Browser("headteacher"), $"/Attendance/Leave/{cohort}");
        await PageAsync(await app.Browser("headteacher"), $"/Attendance/Leave/{foreign}", HttpStatusCode.NotFound);
        var denied = await trainee.GetAsync($"/Attendance/Leave/{cohort}"); // not for trainees
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/Accounts/AccessDenied", denied.Headers.Location!.ToString());

        // The menu has the trainee's entries, a head teacher's has not.
        Assert.Contains("href=\"/Me/Attendance\"", mine);
        Assert.DoesNotContain("href=\"/Me/Attendance\"", await PageAsync(await app.Browser("headteacher"), "/"));
    }

    private async Task<long> TimetableKitCohortWithoutStaffAsync(string trainee)
    {
        var today = DateOnly.FromDateTime(ClassClock.ToLocal(app.Clock.GetUtcNow(), "Asia/Shanghai").DateTime);
        var id = await Timetable.TimetableKit.CreateCohortAsync(app, "别班", today.ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd"), withStaff: false);
        await Timetable.TimetableKit.EnrollAsync(app, id, trainee);
        return id;
    }

    [Fact]
    public async Task My_attendance_says_what_the_console_says_and_lists_only_my_discipline_records()
    {
        app.Clock.Set(Morning); // long after seed 000's class: its statuses are settled
        var staff = await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/attendance")).ReadJsonAsync();
        var sessions = staff["sessions"]!.AsArray().Select(s => s.Value<long>("id")).ToList();
        var row = staff["trainees"]!.AsArray().Single(t => t.Value<string>("name") == "王建华"); // t001
        var html = await PageAsync(await app.Browser("t001"), "/Me/Attendance/1");
        var statuses = row!["statuses"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains("late", statuses);
        for (var j = 0; j < sessions.Count; j++)
        {
            var card = Card(html, "data-session", sessions[j]);
            Assert.StartsWith($"card status-{statuses[j]} ", card);
            Assert.Contains(AttendanceReports.StatusName(statuses[j]), card);
        }
        Assert.Contains("迟到 5 分钟", html); // five minutes late to the second session, as the rules count it

        var discipline = await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync();
        var own = discipline.Where(d => d.Value<string>("name") == "王建华").ToList();
        Assert.NotEmpty(own);
        Assert.True(discipline.Count > own.Count);
        var section = Regex.Match(html, "<section id=\"my-discipline\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(own.Count, Regex.Matches(section, "<li class=\"card\">").Count);
        Assert.DoesNotContain("缺勤", section); // t002's absence is not mine
    }

    [Fact]
    public async Task A_head_teachers_mark_shows_with_its_reason_and_the_same_status_as_the_session_console()
    {
        app.Clock.Set(Morning);
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-30), true, "t063", "t064");
        var ht = await app.Api("headteacher");
        var t063 = await EnrollmentIdAsync(app, cohort, "t063");
        var t064 = await EnrollmentIdAsync(app, cohort, "t064");
        // t063 signed in 5 minutes after the start (due 10 minutes before it); t064 marked present from the paper sheet.
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(ht, session, new { kind = "in", clientId = Cid(), at = Morning.AddMinutes(-25), traineeId = t063, reason = "手机没电" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks",
            new { traineeIds = new[] { t064 }, status = "present", reason = "纸质签到表" })).StatusCode);

        var console = (await AttendanceAsync(app, session))["trainees"]!.AsArray();
        foreach (var (user, id) in new[] { ("t063", t063), ("t064", t064) })
        {
            var line = console.Single(l => l.Value<long>("traineeId") == id);
            var card = Card(await PageAsync(await app.Browser(user), $"/Me/Attendance/{cohort}"), "data-session", session);
            Assert.StartsWith($"card status-{line.Value<string>("status")} ", card);
            if (line.Value<string>("status") == "late") Assert.Contains($"迟到 {line.Value<int>("lateMinutes")} 分钟", card);
        }
        Assert.Contains("late", console.Single(l => l.Value<long>("traineeId") == t063).Value<string>("status"));
        Assert.Contains("班主任标记，原因：纸质签到表", Card(await PageAsync(await app.Browser("t064"), $"/Me/Attendance/{cohort}"), "data-session", session));
    }

    [Fact]
    public async Task A_trainees_home_shows_todays_sessions_with_their_own_status()
    {
        app.Clock.Set(Morning);
        var (cohort, now) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-30), true, "t065", "t066");
        var later = await AddSessionAsync(app, cohort, Morning.AddHours(4.5), TimeSpan.FromHours(1), "下午的课");
        var ht = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(ht, now, new { kind = "in", clientId = Cid(), at = Morning.AddMinutes(-25),
            traineeId = await EnrollmentIdAsync(app, cohort, "t065"), reason = "手机没电" })).StatusCode);

        var home = await PageAsync(await app.Browser("t065"), "/");
        Assert.Contains("id=\"home-my-today\"", home);
        Assert.Contains("迟到 15 分钟 · 已签到 09:05", Card(home, "data-session", now)); // due at 08:50, ten minutes before 09:00
        Assert.Contains("未签到", Card(home, "data-session", later));
        Assert.Contains("href=\"/Me/Leave\"", home);
        Assert.Contains("未签到", Card(await PageAsync(await app.Browser("t066"), "/"), "data-session", now));
        Assert.DoesNotContain("id=\"home-my-today\"", await PageAsync(await app.Browser("headteacher"), "/")); // other roles' home as it was
    }
}

public sealed class MyPagesTests_Sqlite(SqliteDemo app) : MyPagesTests(app), IClassFixture<SqliteDemo>;
public sealed class MyPagesTests_Postgres(PostgresDemo app) : MyPagesTests(app), IClassFixture<PostgresDemo>;
