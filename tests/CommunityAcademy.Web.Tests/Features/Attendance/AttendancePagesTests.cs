using System.Net;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>The console, the phone page, the statistics and the paper sheet, as HTML.</summary>
public abstract class AttendancePagesTests(TestApp app)
{
    [Fact]
    public async Task The_console_shows_the_QR_code_the_trainees_and_marks_by_hand_with_a_reason()
    {
        app.Clock.Reset();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t074", "t075");
        var ht = await app.Browser("headteacher");
        var html = await ht.GetStringAsync($"/Attendance/Console/{session}");
        Assert.Contains($"id=\"qr\" data-session=\"{session}\"", html);
        Assert.Contains("/js/attendance.js", html);
        var a = await EnrollmentIdAsync(app, cohort, "t074");
        Assert.Contains($"id=\"t-{a}\"", html);

        var noReason = await TestApp.PostFormAsync(ht, $"/Attendance/Console/{session}", new() { ["Selected"] = a.ToString(), ["Status"] = "excused", ["Reason"] = "" }, "Mark");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var r = await TestApp.PostFormAsync(ht, $"/Attendance/Console/{session}", new() { ["Selected"] = a.ToString(), ["Status"] = "excused", ["Reason"] = "区里开会" }, "Mark");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        html = await ht.GetStringAsync($"/Attendance/Console/{session}");
        Assert.Contains("请假（区里开会）", html);
        Assert.Contains("区里开会", Between(html, "id=\"audit\"", "</table>"));

        var sheet = await ht.GetStringAsync($"/Attendance/Sheet/{session}");
        Assert.Equal(2, TimetableRows(sheet));
        var stats = await (await app.Browser("organizer")).GetStringAsync($"/Attendance/Stats/{cohort}");
        Assert.Contains("bulletin.docx", stats);
    }

    [Fact]
    public async Task The_phone_page_carries_a_scan_pass_for_the_offline_queue()
    {
        app.Clock.Reset();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t076");
        var token = await TokenAsync(app, session);
        var html = await (await app.Browser("t076")).GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Matches("data-pass=\"[^\"]+\"", html); // the scan pass the queue signs in with
        Assert.Contains("data-auto=\"in\"", html);
        Assert.Contains("__RequestVerificationToken", html);
        // a trainee of another class: the session is not there for them (ScanVisibilityTests); staff who are not
        // enrolled see the class and are told they are not one of its trainees
        var stranger = await (await app.Browser("t077")).GetAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        var staff = await (await app.Browser("mentor")).GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Contains("您不是本班学员", staff);
        Assert.DoesNotContain("data-pass", staff);
        // anonymous: sent to sign in, and back here afterwards
        var anon = await app.Anonymous().GetAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
        Assert.Contains("ReturnUrl", anon.Headers.Location!.OriginalString);
        // the static script exists and asks nobody outside
        var js = await app.Anonymous().GetStringAsync("/js/attendance.js");
        Assert.Contains("randomUUID", js);
        Assert.DoesNotContain("http://", js);
        Assert.DoesNotContain("https://", js);
    }

    private static string Between(string s, string from, string to)
    {
        var i = s.IndexOf(from, StringComparison.Ordinal);
        return s[i..s.IndexOf(to, i, StringComparison.Ordinal)];
    }

    private static int TimetableRows(string html) => Timetable.TimetableKit.TableRows(html, "sheet").Count - 1;
}

public sealed class AttendancePagesTests_Sqlite(SqliteDemo app) : AttendancePagesTests(app), IClassFixture<SqliteDemo>;
public sealed class AttendancePagesTests_Postgres(PostgresDemo app) : AttendancePagesTests(app), IClassFixture<PostgresDemo>;

/// <summary>The demo's sign-in class: seed 000's timetable from today, ten trainees, QR sign-in works live.</summary>
public abstract class DemoSignInClassTests(TestApp app)
{
    [Fact]
    public async Task The_demo_has_a_class_this_week_to_try_QR_sign_in()
    {
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        var id = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT id FROM cohorts WHERE title = @t",
            new { t = CommunityAcademy.Web.Features.Demo.DemoSeeder.SignInClassTitle });
        var sessions = (await Dapper.SqlMapper.QueryAsync<DateTimeOffset>(c, "SELECT starts_at FROM sessions WHERE cohort_id = @id ORDER BY starts_at", new { id })).ToList();
        Assert.Equal(7, sessions.Count);
        var today = DateOnly.FromDateTime(CommunityAcademy.Domain.Cohorts.ClassClock.ToLocal(TestClock.Start, "Asia/Shanghai").DateTime);
        Assert.Equal(today, DateOnly.FromDateTime(CommunityAcademy.Domain.Cohorts.ClassClock.ToLocal(sessions[0], "Asia/Shanghai").DateTime));
        Assert.Equal(10, await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM enrollments WHERE cohort_id = @id AND category = 'trainee'", new { id }));

        // t085 signs in to the first session at 08:20 on the first day
        var first = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT id FROM sessions WHERE cohort_id = @id ORDER BY starts_at LIMIT 1", new { id });
        app.Clock.Set(sessions[0].AddMinutes(-10));
        app.ForgetTokens();
        var token = await AttendanceKit.TokenAsync(app, first);
        var r = await AttendanceKit.CheckInAsync(await app.Api("t085"), first, new { kind = "in", clientId = AttendanceKit.Cid(), token });
        Assert.Equal(System.Net.HttpStatusCode.Created, r.StatusCode);
        app.Clock.Reset();
        app.ForgetTokens();
    }
}

public sealed class DemoSignInClassTests_Sqlite(SqliteDemo app) : DemoSignInClassTests(app), IClassFixture<SqliteDemo>;
public sealed class DemoSignInClassTests_Postgres(PostgresDemo app) : DemoSignInClassTests(app), IClassFixture<PostgresDemo>;
