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
        app.Clock.Set(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
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
    public async Task The_phone_page_carries_the_token_for_the_offline_queue()
    {
        app.Clock.Set(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t076");
        var token = await TokenAsync(app, session);
        var html = await (await app.Browser("t076")).GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Contains($"data-token=\"{token}\"", html);
        Assert.Contains("data-auto=\"in\"", html);
        Assert.Contains("__RequestVerificationToken", html);
        var stranger = await (await app.Browser("t077")).GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Contains("您不是本班学员", stranger);
        Assert.DoesNotContain("data-token", stranger);
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
