using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>Classes and sessions placed around the test clock, QR tokens and check-ins.</summary>
public static class AttendanceKit
{
    public static string Cid() => Guid.NewGuid().ToString("N");

    /// <summary>A class with one session starting <paramref name="startsIn"/> from the app's clock and lasting an hour;
    /// the trainees are enrolled. Returns (cohort, session).</summary>
    public static async Task<(long Cohort, long Session)> ClassWithSessionAsync(TestApp app, TimeSpan startsIn, bool leaveAllowed = false,
        params string[] trainees)
    {
        // The test clock starts at the real time: near midnight in 北京时间 the session, or the hour around it that the
        // tests sign in and out in, would fall on another day than today's there, so the clock is moved two hours away
        // from midnight first.
        var local0 = ClassClock.ToLocal(app.Clock.GetUtcNow(), "Asia/Shanghai");
        var at = local0.TimeOfDay + startsIn;
        if (at + TimeSpan.FromHours(1) >= TimeSpan.FromDays(1)) app.Clock.Advance(TimeSpan.FromHours(-2));
        else if (at - TimeSpan.FromHours(1) < TimeSpan.Zero) app.Clock.Advance(TimeSpan.FromHours(2));
        var now = app.Clock.GetUtcNow();
        var local = ClassClock.ToLocal(now, "Asia/Shanghai");
        var today = DateOnly.FromDateTime(local.DateTime);
        var cohort = await CreateCohortAsync(app, "签到测试班", today.AddDays(-1).ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd"));
        var session = await AddSessionAsync(app, cohort, now + startsIn, TimeSpan.FromHours(1));
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("UPDATE cohorts SET leave_allowed = @leaveAllowed, arrive_minutes_before = 10 WHERE id = @cohort", new { leaveAllowed, cohort });
        foreach (var t in trainees) await EnrollAsync(app, cohort, t);
        return (cohort, session);
    }

    public static async Task<long> AddSessionAsync(TestApp app, long cohort, DateTimeOffset startsAt, TimeSpan length, string title = "签到测试课")
    {
        startsAt = new DateTimeOffset(startsAt.UtcTicks - startsAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var a = ClassClock.ToLocal(startsAt, "Asia/Shanghai");
        var b = ClassClock.ToLocal(startsAt + length, "Asia/Shanghai");
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required)
            VALUES (@cohort, @date, @start, @end, @startsAt, @endsAt, @title, 'lecture', TRUE) RETURNING id
            """, new { cohort, date = DateOnly.FromDateTime(a.DateTime), start = a.ToString("HH:mm", CultureInfo.InvariantCulture),
                end = b.ToString("HH:mm", CultureInfo.InvariantCulture), startsAt, endsAt = startsAt + length, title = title + " " + U() });
    }

    public static async Task<string> TokenAsync(TestApp app, long session)
    {
        var r = await (await app.Api("headteacher")).GetAsync($"/api/v1/sessions/{session}/qr");
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var body = await r.ReadJsonAsync();
        Assert.Contains("<svg", body.Value<string>("svg"));
        return body.Value<string>("token");
    }

    public static Task<HttpResponseMessage> CheckInAsync(HttpClient c, long session, object body) =>
        c.PostAsJsonAsync($"/api/v1/sessions/{session}/checkins", body);

    public static async Task<JsonNode> AttendanceAsync(TestApp app, long session, string who = "headteacher")
    {
        var r = await (await app.Api(who)).GetAsync($"/api/v1/sessions/{session}/attendance");
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.ReadJsonAsync();
    }

    public static async Task<long> EnrollmentIdAsync(TestApp app, long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @username",
            new { cohort, username });
    }

    public static async Task<int> CheckInCountAsync(TestApp app, string clientId)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE client_id = @clientId", new { clientId });
    }
}
