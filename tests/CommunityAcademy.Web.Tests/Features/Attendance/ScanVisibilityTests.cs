using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// The phone page /Attendance/Scan?s=… of a session shows its title and times only to those who may see its class
/// (security issue #12, point 10): a trainee of another class gets 404, as the API answers.
/// </summary>
public abstract class ScanVisibilityTests(TestApp app)
{
    private async Task<(long Session, string Title)> FirstSessionAsync(string cohortTitle)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.QueryFirstAsync<(long, string)>("""
            SELECT s.id, s.title FROM sessions s JOIN cohorts c ON c.id = s.cohort_id
            WHERE c.title = @cohortTitle ORDER BY s.starts_at, s.id
            """, new { cohortTitle });
    }

    [Fact]
    public async Task A_trainee_of_another_class_gets_404_and_not_the_session()
    {
        // The demo's sign-in class has t081 … t090; t001 is a trainee of seed 000's class only.
        var (session, title) = await FirstSessionAsync(DemoSeeder.SignInClassTitle);
        var url = $"/Attendance/Scan?s={session}&t=x";

        var enrolled = await (await app.Browser("t081")).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains(title, await enrolled.Content.ReadAsStringAsync());

        var other = await (await app.Browser("t001")).GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(title, await other.Content.ReadAsStringAsync());

        // A unit contact whose units have no places in the class does not see it either; staff do.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("contact-echeng")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("headteacher")).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_session_that_does_not_exist_and_one_of_a_class_not_seen_answer_alike()
    {
        // 第三期 has no trainees yet: t081 sees nothing of it.
        await using var c = await app.Get<Db>().OpenAsync();
        var open = await c.QueryFirstAsync<long>("""
            SELECT s.id FROM sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.title = @t ORDER BY s.id
            """, new { t = DemoSeeder.OpenClassTitle });
        var max = await c.ExecuteScalarAsync<long>("SELECT MAX(id) FROM sessions");
        var b = await app.Browser("t081");
        var hidden = await b.GetAsync($"/Attendance/Scan?s={open}&t=x");
        var missing = await b.GetAsync($"/Attendance/Scan?s={max + 1000}&t=x");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        static string Body(string s) => System.Text.RegularExpressions.Regex.Replace(s, "\"(traceId|requestId)\":\"[^\"]*\"", "");
        Assert.Equal(Body(await missing.Content.ReadAsStringAsync()), Body(await hidden.Content.ReadAsStringAsync()));
    }
}

public sealed class ScanVisibilityTests_Sqlite(SqliteDemo app) : ScanVisibilityTests(app), IClassFixture<SqliteDemo>;
public sealed class ScanVisibilityTests_Postgres(PostgresDemo app) : ScanVisibilityTests(app), IClassFixture<PostgresDemo>;
