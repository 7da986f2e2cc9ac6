using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.LearningLogs;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Infrastructure;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using SkiaSharp;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.LearningLogs;

/// <summary>学员日志 (#23 point 1): a trainee writes on the phone (saved as typed), the head teacher reads, comments and marks good ones.</summary>
public abstract class LearningLogTests(TestApp app)
{
    /// <summary>A class from yesterday to tomorrow with a session an hour from now; the trainees enrolled; today in the class's calendar.</summary>
    private async Task<(long Cohort, long Session, string Today)> ClassAsync(params string[] trainees)
    {
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromHours(1), false, trainees);
        var today = DateOnly.FromDateTime(ClassClock.ToLocal(app.Clock.GetUtcNow(), "Asia/Shanghai").DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (cohort, session, today);
    }

    private async Task<long> LogIdAsync(long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            SELECT l.id FROM learning_logs l JOIN enrollments e ON e.id = l.enrollment_id JOIN users u ON u.id = e.user_id
            WHERE l.cohort_id = @cohort AND u.username = @username
            """, new { cohort, username });
    }

    [Fact]
    public async Task A_trainee_writes_on_the_phone_the_head_teacher_comments_and_marks_it_and_the_trainee_reads_the_comment()
    {
        var (cohort, session, today) = await ClassAsync("t061", "t062");
        var trainee = await app.Browser("t061");
        var page = await PageAsync(trainee, $"/Me/Logs/{cohort}");
        Assert.Contains("data-autosave=", page);
        Assert.Contains($"value=\"{session}\"", page); // today's session to tie the entry to

        // Saved as typed: the autosave handler stores the text and the session, no button pressed.
        var auto = await PostMultipartAsync(trainee, $"/Me/Logs/{cohort}",
            [("Day", today), ("Body", "上午参观教育基地，<b>很受教育</b>"), ("SessionIds", session.ToString())], handler: "Autosave");
        Assert.Equal(HttpStatusCode.OK, auto.StatusCode);
        Assert.Contains("\"saved\":true", await auto.Content.ReadAsStringAsync());

        // 保存 with a photo: the same entry (one a day), the photo kept with it.
        var photo = AttachmentStoreTests.Jpeg(40, 30, SKColors.White, SKColors.Blue);
        var saved = await PostMultipartAsync(trainee, $"/Me/Logs/{cohort}",
            [("Day", today), ("Body", "上午参观教育基地，<b>很受教育</b>。下午现场教学。"), ("SessionIds", session.ToString())], ("Photo", photo, "day.jpg"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var logId = await LogIdAsync(cohort, "t061");
        var mine = await app.Get<LearningLogStore>().ListAsync(cohort, new LogFilter());
        var entry = Assert.Single(mine);
        Assert.Equal(logId, entry.Id);
        Assert.Equal([session], entry.SessionIds);
        var photoId = Assert.Single(entry.PhotoIds);

        // The head teacher reads it: markup shown as text, the photo served to them; filters by day, trainee and unit.
        var head = await app.Browser("headteacher");
        var list = await (await head.GetAsync($"/LearningLogs/{cohort}?day={today}")).Content.ReadAsStringAsync();
        Assert.Contains("&lt;b&gt;很受教育&lt;/b&gt;", list);
        Assert.DoesNotContain("<b>很受教育</b>", list);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).GetAsync($"/api/v1/attachments/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t062")).GetAsync($"/api/v1/attachments/{photoId}")).StatusCode); // another trainee
        Assert.Empty(await app.Get<LearningLogStore>().ListAsync(cohort, new LogFilter(Day: DateOnly.Parse(today).AddDays(-1))));
        Assert.Single(await app.Get<LearningLogStore>().ListAsync(cohort, new LogFilter(EnrollmentId: entry.EnrollmentId)));

        var commented = await TestApp.PostFormAsync(head, $"/LearningLogs/{cohort}?day={today}&handler=Comment", new() { ["LogId"] = logId.ToString(), ["Comment"] = "记录具体，继续保持！" });
        Assert.Equal(HttpStatusCode.Redirect, commented.StatusCode);
        Assert.Equal($"/LearningLogs/{cohort}?day={today}", commented.Headers.Location!.ToString()); // back to the same filter
        var marked = await TestApp.PostFormAsync(head, $"/LearningLogs/{cohort}", new() { ["LogId"] = logId.ToString(), ["Featured"] = "true" }, "Mark");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal([logId], (await app.Get<LearningLogStore>().FeaturedAsync(cohort)).Select(e => e.Id));
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'learning_log' AND entity_id = @logId AND action = 'log.feature'", new { logId }));

        // The trainee sees the comment and the mark on the phone.
        var after = Card(await PageAsync(trainee, $"/Me/Logs/{cohort}"), "data-log", logId);
        Assert.Contains("记录具体，继续保持！", after);
        Assert.Contains("精选", after);
    }

    [Fact]
    public async Task A_too_long_entry_is_refused_with_a_message_and_what_was_typed_stays_in_the_form()
    {
        var (cohort, _, today) = await ClassAsync("t063");
        var trainee = await app.Browser("t063");
        var huge = "很长的日志" + new string('字', 100_000 - 5);
        var r = await PostMultipartAsync(trainee, $"/Me/Logs/{cohort}", [("Day", today), ("Body", huge)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("日志最多 5000 字，本篇有 100000 字", html);
        Assert.Contains(huge, html); // nothing typed is lost
        var auto = await PostMultipartAsync(trainee, $"/Me/Logs/{cohort}", [("Day", today), ("Body", huge)], handler: "Autosave");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, auto.StatusCode);
        Assert.Contains("5000", (await auto.ReadJsonAsync()).Value<string>("error"));
        Assert.Equal(0, await LogIdAsync(cohort, "t063"));
    }

    [Fact]
    public async Task The_api_writes_ones_own_entries_and_refuses_other_days_and_the_class_list_to_trainees()
    {
        var (cohort, session, today) = await ClassAsync("t064", "t065");
        var api = await app.Api("t064");
        var ok = await api.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine/{today}", new { body = "今天的课很有意义", sessionIds = new[] { session } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var tomorrow = DateOnly.Parse(today).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ahead = await api.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine/{tomorrow}", new { body = "提前写" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ahead.StatusCode);
        Assert.Equal("Logs.DayInFuture", (await ahead.ReadJsonAsync()).Value<string>("code"));
        var yesterday = DateOnly.Parse(today).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var wrongSession = await api.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine/{yesterday}", new { body = "昨天", sessionIds = new[] { session } });
        Assert.Equal("Logs.SessionNotOfDay", (await wrongSession.ReadJsonAsync()).Value<string>("code"));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine/3月1日", new { body = "x" })).StatusCode);

        await (await app.Api("t065")).PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine/{today}", new { body = "别人的日志" });
        var own = await (await api.GetAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine")).ReadArrayAsync();
        Assert.Equal(["今天的课很有意义"], own.Select(e => e.Value<string>("body")));          // only one's own
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/cohorts/{cohort}/learning-logs")).StatusCode);

        var head = await app.Api("headteacher");
        var all = await (await head.GetAsync($"/api/v1/cohorts/{cohort}/learning-logs?day={today}")).ReadArrayAsync();
        Assert.Equal(2, all.Count);
        var logId = await LogIdAsync(cohort, "t064");
        var comment = await head.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/{logId}/comments", new { body = "很好" });
        Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await head.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/{logId}/comments", new { body = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/learning-logs/{logId}/featured", new { featured = true })).StatusCode);
        var featured = await (await head.GetAsync($"/api/v1/cohorts/{cohort}/learning-logs?featured=true")).ReadArrayAsync();
        Assert.Equal([logId], featured.Select(e => e.Value<long>("id")));
        var mineAfter = await (await api.GetAsync($"/api/v1/cohorts/{cohort}/learning-logs/mine")).ReadArrayAsync();
        Assert.Equal("很好", mineAfter[0]!["comments"]![0].Value<string>("body"));
        Assert.True(mineAfter[0].Value<bool>("featured"));

        // An entry of another class is not this class's: 404.
        var (other, _, _) = await ClassAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync($"/api/v1/cohorts/{other}/learning-logs/{logId}/comments", new { body = "错班" })).StatusCode);
        // A mentor of the class does not read the logs; a trainee's page of the class list is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("mentor")).GetAsync($"/api/v1/cohorts/{cohort}/learning-logs")).StatusCode);
    }
}

public sealed class LearningLogTests_Sqlite(SqliteDemo app) : LearningLogTests(app), IClassFixture<SqliteDemo>;
public sealed class LearningLogTests_Postgres(PostgresDemo app) : LearningLogTests(app), IClassFixture<PostgresDemo>;
