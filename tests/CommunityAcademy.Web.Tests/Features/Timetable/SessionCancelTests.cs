using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// Issue #13 point 6: a session with sign-ins is not deleted but cancelled (已取消). Seed 000's finished class (cohort 1:
/// 90 trainees × 7 sessions, 630 counted, 628 attended, 6 discipline records, t003 left the last session without
/// permission) loses its last session from every count when it is cancelled, keeps its records, and counts it again
/// when it is restored.
/// </summary>
public abstract class SessionCancelTests(TestApp app) : IAsyncLifetime
{
    private static DateTimeOffset Local(string s) => new DateTimeOffset(DateTime.Parse(s), TimeSpan.FromHours(8)).ToUniversalTime();
    private long _last;
    private string _t003 = "";

    public async Task InitializeAsync()
    {
        // the clock is today's: the class of 2023 is over, every session settled
        await using var c = await app.Get<Db>().OpenAsync();
        _last = await c.ExecuteScalarAsync<long>("""
            SELECT id FROM sessions WHERE cohort_id = 1 AND sign_in_required = TRUE AND session_date = '2023-06-09'
            ORDER BY starts_at DESC LIMIT 1
            """);
        _t003 = await c.ExecuteScalarAsync<string>("""
            SELECT e.name FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = 1 AND u.username = 't003'
            """) ?? "";
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> RecordsAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            SELECT (SELECT COUNT(*) FROM check_ins WHERE session_id = @s) + (SELECT COUNT(*) FROM attendance WHERE session_id = @s)
                 + (SELECT COUNT(*) FROM discipline_records WHERE session_id = @s)
            """, new { s = _last });
    }

    private async Task<(int Counted, int Attended, int Records, decimal Hours, string Bulletin)> CountsAsync()
    {
        var org = await app.Api("organizer");
        var summary = await (await org.GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        var records = await (await org.GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync();
        var timetable = await (await org.GetAsync("/api/v1/cohorts/1/sessions")).ReadJsonAsync();
        var bulletin = OfficialDocx.ReadText(await (await org.GetAsync("/api/v1/cohorts/1/bulletin.docx")).Content.ReadAsStreamAsync());
        return (summary.Value<int>("counted"), summary.Value<int>("attended"), records.Count, timetable.Value<decimal>("totalStudyHours"), bulletin);
    }

    [Fact]
    public async Task A_session_with_sign_ins_is_refused_deletion_then_cancelled_counts_nowhere_and_restored_counts_again()
    {
        var org = await app.Api("organizer");
        var before = await CountsAsync();
        Assert.Equal((630, 628, 6), (before.Counted, before.Attended, before.Records));
        Assert.Contains(_t003, before.Bulletin);
        var records = await RecordsAsync();
        Assert.True(records > 0);
        var hours = (await (await org.GetAsync($"/api/v1/sessions/{_last}")).ReadJsonAsync()).Value<decimal>("studyHours");
        Assert.True(hours > 0);

        var del = await org.DeleteAsync($"/api/v1/sessions/{_last}");
        Assert.Equal(HttpStatusCode.Conflict, del.StatusCode);
        Assert.Contains($"/api/v1/sessions/{_last}/cancel", await del.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await org.GetAsync($"/api/v1/sessions/{_last}")).StatusCode);

        var cancel = await org.PostAsJsonAsync($"/api/v1/sessions/{_last}/cancel", new { reason = "授课专家临时有事" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var dto = await cancel.ReadJsonAsync();
        Assert.True(dto.Value<bool>("cancelled"));
        Assert.Equal("授课专家临时有事", dto.Value<string>("cancelReason"));

        var after = await CountsAsync();
        Assert.Equal(records, await RecordsAsync()); // its records stay
        Assert.Equal((540, 539, 5), (after.Counted, after.Attended, after.Records));
        Assert.Equal(before.Hours - hours, after.Hours);
        Assert.Contains("应到540人次，实到539人次", after.Bulletin);
        Assert.DoesNotContain(_t003, after.Bulletin);
        var grid = await (await org.GetAsync("/api/v1/cohorts/1/attendance")).ReadJsonAsync();
        Assert.Equal(6, grid["sessions"]!.AsArray().Count);
        var ics = await (await org.GetAsync("/api/v1/cohorts/1/timetable.ics")).Content.ReadAsStringAsync();
        Assert.Contains("STATUS:CANCELLED", ics);

        // closed for sign-in, whoever asks
        var ht = await app.Api("headteacher");
        var trainee = await TraineeAsync("t010");
        var r = await ht.PostAsJsonAsync($"/api/v1/sessions/{_last}/checkins",
            new { kind = "in", clientId = Guid.NewGuid().ToString("N"), at = Local("2023-06-09T14:00:00"), traineeId = trainee, reason = "纸质签到表" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("已取消", await r.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await org.PostAsync($"/api/v1/sessions/{_last}/restore", null)).StatusCode);
        var again = await CountsAsync();
        Assert.Equal((630, 628, 6, before.Hours), (again.Counted, again.Attended, again.Records, again.Hours));
        Assert.Contains(_t003, again.Bulletin);
    }

    [Fact]
    public async Task Cancelling_checks_its_reason_and_its_caller()
    {
        var org = await app.Api("organizer");
        var r = await org.PostAsJsonAsync($"/api/v1/sessions/{_last}/cancel", new { reason = new string('长', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("reason", await r.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await org.PostAsJsonAsync("/api/v1/sessions/987654/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.PostAsync("/api/v1/sessions/987654/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/sessions/{_last}/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).PostAsync($"/api/v1/sessions/{_last}/restore", null)).StatusCode);
        Assert.False((await (await org.GetAsync($"/api/v1/sessions/{_last}")).ReadJsonAsync()).Value<bool>("cancelled"));
    }

    [Fact]
    public async Task The_page_asks_before_deleting_and_offers_cancelling_a_session_with_sign_ins()
    {
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync("/Timetable/1");
        Assert.Contains($"/Timetable/1?confirm={_last}", page); // a link to the question, not a form that deletes at once
        Assert.DoesNotContain("handler=Delete", page);

        var ask = await b.GetStringAsync($"/Timetable/1?confirm={_last}");
        Assert.Contains("不能删除", ask);
        Assert.Contains("改为取消这节课", ask);

        // posting the deletion anyway is refused and asks again
        var del = await PostAsync(b, _last, "Delete");
        Assert.Equal(HttpStatusCode.Conflict, del.StatusCode);
        Assert.Contains("改为取消这节课", await del.Content.ReadAsStringAsync());

        // a reason too long: the page again, the input kept
        var longReason = new string('雨', 201);
        var bad = await PostAsync(b, _last, "Cancel", longReason);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(longReason, await bad.Content.ReadAsStringAsync());

        var ok = await PostAsync(b, _last, "Cancel", "暴雨停课");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var shown = await b.GetStringAsync(ok.LocationPath());
        Assert.Contains("课程已取消", shown);
        Assert.Contains("已取消", shown);
        Assert.Contains("暴雨停课", shown);
        Assert.Contains("class=\"cancelled\"", shown);

        var restore = await PostAsync(b, _last, "Restore");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.DoesNotContain("class=\"cancelled\"", await b.GetStringAsync("/Timetable/1"));
    }

    [Fact]
    public async Task A_session_without_records_is_deleted_after_the_question()
    {
        var org = await app.Api("organizer");
        var created = await org.PostAsJsonAsync("/api/v1/cohorts/1/sessions",
            new { date = "2023-06-09", start = "19:00", end = "20:00", title = "晚间答疑", type = "lecture" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["session"].Value<long>("id");
        var b = await app.Browser("organizer");
        var ask = await b.GetStringAsync($"/Timetable/1?confirm={id}");
        Assert.Contains("确定删除“晚间答疑”", ask);
        var del = await PostAsync(b, id, "Delete");
        Assert.Equal(HttpStatusCode.Redirect, del.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.GetAsync($"/api/v1/sessions/{id}")).StatusCode);
    }

    private static readonly System.Text.RegularExpressions.Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    /// <summary>Posts a form of the timetable page with the antiforgery token of the confirmation panel, as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient b, long session, string handler, string? reason = null)
    {
        var html = await b.GetStringAsync($"/Timetable/1?confirm={session}");
        var token = WebUtility.HtmlDecode(TokenField.Match(html).Groups[1].Value);
        var fields = new Dictionary<string, string> { ["sessionId"] = session.ToString(), ["__RequestVerificationToken"] = token };
        if (reason is not null) fields["Reason"] = reason;
        return await b.PostAsync($"/Timetable/1?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private async Task<long> TraineeAsync(string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = 1 AND u.username = @username",
            new { username });
    }
}

public sealed class SessionCancelTests_Sqlite(SqliteDemo app) : SessionCancelTests(app), IClassFixture<SqliteDemo>;
public sealed class SessionCancelTests_Postgres(PostgresDemo app) : SessionCancelTests(app), IClassFixture<PostgresDemo>;
