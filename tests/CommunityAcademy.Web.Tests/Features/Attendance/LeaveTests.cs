using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

public abstract class LeaveTests(TestApp app)
{
    [Fact]
    public async Task Approved_leave_makes_the_trainee_excused_and_a_refusal_does_not()
    {
        app.Clock.Reset();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromHours(-2), true, "t072", "t073");
        var start = app.Clock.GetUtcNow().AddHours(-2);
        var span = new { from = start.AddMinutes(-30), to = start.AddHours(2), reason = "参加街道防汛值班" };
        var bad = await (await app.Api("t072")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { from = start, to = start.AddHours(-1), reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"to\"", body);
        Assert.Contains("\"reason\"", body);

        var a = await (await (await app.Api("t072")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", span)).ReadJsonAsync();
        var b = await (await (await app.Api("t073")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", span)).ReadJsonAsync();
        Assert.Equal("pending", a.Value<string>("status"));
        Assert.Single(await (await (await app.Api("t072")).GetAsync($"/api/v1/cohorts/{cohort}/leave-requests")).ReadArrayAsync());

        var ht = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.OK, (await ht.PostAsJsonAsync($"/api/v1/leave-requests/{a.Value<long>("id")}/decision", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ht.PostAsJsonAsync($"/api/v1/leave-requests/{b.Value<long>("id")}/decision", new { approve = false, note = "本期不准假" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ht.PostAsJsonAsync($"/api/v1/leave-requests/{b.Value<long>("id")}/decision", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ht.PostAsJsonAsync("/api/v1/leave-requests/99999999/decision", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t072")).PostAsJsonAsync($"/api/v1/leave-requests/{a.Value<long>("id")}/decision", new { approve = true })).StatusCode);

        var lines = (await AttendanceAsync(app, session))["trainees"]!.AsArray().ToDictionary(l => l.Value<long>("traineeId"), l => l.Value<string>("status"));
        Assert.Equal("excused", lines[await EnrollmentIdAsync(app, cohort, "t072")]);
        Assert.Equal("absent", lines[await EnrollmentIdAsync(app, cohort, "t073")]);
    }
}

public sealed class LeaveTests_Sqlite(SqliteDemo app) : LeaveTests(app), IClassFixture<SqliteDemo>;
public sealed class LeaveTests_Postgres(PostgresDemo app) : LeaveTests(app), IClassFixture<PostgresDemo>;
