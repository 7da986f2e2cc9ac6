using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Infrastructure;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using SkiaSharp;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Me;

/// <summary>请假 on the pages (#14): the trainee asks (sessions or a span, a photo), the head teacher decides.</summary>
public abstract class LeavePagesTests(TestApp app)
{
    /// <summary>09:30 Beijing time on a class day.</summary>
    private static readonly DateTimeOffset Morning = new(2031, 3, 10, 1, 30, 0, TimeSpan.Zero);

    private static byte[] Photo() => AttachmentStoreTests.Jpeg(40, 30, SKColors.White, SKColors.Blue);

    /// <summary>A class taking leave with four sessions today: 10–11, 11–12, 14–15, 15–16.</summary>
    private async Task<(long Cohort, long[] Sessions)> ClassAsync(bool leaveAllowed, params string[] trainees)
    {
        app.Clock.Set(Morning);
        var (cohort, a) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(30), leaveAllowed, trainees);
        var b = await AddSessionAsync(app, cohort, Morning.AddMinutes(90), TimeSpan.FromHours(1));
        var c = await AddSessionAsync(app, cohort, Morning.AddMinutes(270), TimeSpan.FromHours(1));
        var d = await AddSessionAsync(app, cohort, Morning.AddMinutes(330), TimeSpan.FromHours(1));
        return (cohort, [a, b, c, d]);
    }

    private async Task<List<(DateTimeOffset From, DateTimeOffset To, long[] Sessions, long? Attachment, string Status)>> RequestsAsync(long cohort, string user)
    {
        var list = await (await (await app.Api(user)).GetAsync($"/api/v1/cohorts/{cohort}/leave-requests")).ReadArrayAsync();
        return list.Select(r => (r.Value<DateTimeOffset>("from"), r.Value<DateTimeOffset>("to"),
            r!["sessionIds"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray(), r["attachmentId"] is { } a ? a.GetValue<long?>() : null,
            r.Value<string>("status"))).OrderBy(r => r.Item1).ToList();
    }

    [Fact]
    public async Task Chosen_sessions_next_to_each_other_make_one_request_and_the_others_separate_ones()
    {
        var (cohort, s) = await ClassAsync(true, "t051");
        var trainee = await app.Browser("t051");
        var r = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}",
            [("SessionIds", s[0].ToString()), ("SessionIds", s[1].ToString()), ("SessionIds", s[3].ToString()), ("Reason", "社区防汛值班")]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode); // post-redirect-get
        var requests = await RequestsAsync(cohort, "t051");
        Assert.Equal(2, requests.Count);
        Assert.Equal([s[0], s[1]], requests[0].Sessions);
        Assert.Equal(Morning.AddMinutes(30), requests[0].From);
        Assert.Equal(Morning.AddMinutes(150), requests[0].To);
        Assert.Equal([s[3]], requests[1].Sessions);
        Assert.Equal(Morning.AddMinutes(330), requests[1].From);

        var page = await PageAsync(trainee, r.Headers.Location!.ToString());
        Assert.Contains("已提交 2 条请假申请", page);
        Assert.Contains("不相邻的分别提交为多条申请", page);
        Assert.Equal(2, Regex.Matches(page, "<strong class=\"leave-status\">待审批</strong>").Count);

        // An ended session cannot be chosen: it is not on the form and a POST naming it is refused, nothing stored.
        app.Clock.Set(Morning.AddHours(2));
        var again = await PageAsync(trainee, $"/Me/Leave/{cohort}");
        Assert.DoesNotContain($"value=\"{s[0]}\"", again);
        var late = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}", [("SessionIds", s[0].ToString()), ("Reason", "补请")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Equal(2, await LeaveCountAsync(app, cohort));
    }

    [Fact]
    public async Task A_span_with_a_photo_is_stored_and_the_photo_shown_only_to_the_trainee_and_the_class_staff()
    {
        var (cohort, s) = await ClassAsync(true, "t052", "t053");
        var trainee = await app.Browser("t052");
        var r = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}",
            [("From", "2031-03-10T10:30"), ("To", "2031-03-10T11:30"), ("Reason", "就医，附病假条")], ("Photo", Photo(), "note.jpg"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var one = Assert.Single(await RequestsAsync(cohort, "t052"));
        Assert.Equal(Morning.AddMinutes(60), one.From);                  // 10:30 Beijing time
        Assert.Equal(Morning.AddMinutes(120), one.To);
        Assert.Empty(one.Sessions);
        var photo = Assert.IsType<long>(one.Attachment);
        Assert.Contains($"/api/v1/attachments/{photo}?display=true", await PageAsync(trainee, $"/Me/Leave/{cohort}"));
        Assert.Contains($"/api/v1/attachments/{photo}?display=true", await PageAsync(await app.Browser("headteacher"), $"/Attendance/Leave/{cohort}"));

        foreach (var (user, expected) in new[] { ("t052", HttpStatusCode.OK), ("headteacher", HttpStatusCode.OK), ("organizer", HttpStatusCode.OK),
                     ("t053", HttpStatusCode.NotFound), ("mentor", HttpStatusCode.NotFound), ("contact-echeng", HttpStatusCode.NotFound) })
        {
            var get = await (await app.Api(user)).GetAsync($"/api/v1/attachments/{photo}");
            Assert.True(get.StatusCode == expected, $"{user}: {(int)get.StatusCode}");
            if (expected == HttpStatusCode.OK) Assert.Equal("image/jpeg", get.Content.Headers.ContentType!.MediaType);
        }

        // Not an image: refused, nothing stored, what was typed is still there.
        var bad = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}",
            [("From", "2031-03-10T14:00"), ("To", "2031-03-10T15:00"), ("Reason", "第二次")], ("Photo", "%PDF-1.4 x"u8.ToArray(), "note.pdf"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("value=\"2031-03-10T14:00\"", html);
        Assert.Contains(">第二次</textarea>", html);
        Assert.Equal(1, await LeaveCountAsync(app, cohort));
    }

    [Fact]
    public async Task Bad_input_gives_the_form_again_with_the_message_and_nothing_typed_lost()
    {
        var (cohort, s) = await ClassAsync(true, "t054");
        var trainee = await app.Browser("t054");
        foreach (var (fields, message) in new (IEnumerable<(string, string)> Fields, string Message)[]
                 {
                     ([("SessionIds", s[2].ToString()), ("Reason", "")], "请假事由"),
                     ([("From", "2031-03-10T15:00"), ("To", "2031-03-10T14:00"), ("Reason", "时间反了")], ""),
                     ([("SessionIds", s[2].ToString()), ("From", "2031-03-10T15:00"), ("Reason", "两样都填")], "二者选其一"),
                     ([("Reason", "什么都没选")], "请选择请假的课程"),
                 })
        {
            var r = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}", fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
            Assert.Contains("id=\"leave-error\"", html);
            Assert.Contains(message, html);
            foreach (var (name, value) in fields)
                if (name == "SessionIds") Assert.Matches($"value=\"{value}\" checked=\"checked\"", html);
                else if (name == "Reason") Assert.Contains($">{value}</textarea>", html);
                else Assert.Contains($"value=\"{value}\"", html);
        }
        Assert.Equal(0, await LeaveCountAsync(app, cohort));
    }

    [Fact]
    public async Task A_class_that_allows_no_leave_shows_its_rule_instead_of_the_form_and_refuses_a_post()
    {
        var (cohort, s) = await ClassAsync(false, "t055");
        var trainee = await app.Browser("t055");
        var page = await PageAsync(trainee, $"/Me/Leave/{cohort}");
        Assert.Contains("参训人员一律不准请假", page);
        Assert.DoesNotContain("id=\"leave-form\"", page);
        var r = await PostMultipartAsync(trainee, $"/Me/Leave/{cohort}", [("SessionIds", s[0].ToString()), ("Reason", "家中有事")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("参训人员一律不准请假", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        var api = await (await app.Api("t055")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { sessionIds = new[] { s[0] }, reason = "家中有事" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        Assert.Equal(0, await LeaveCountAsync(app, cohort));
    }

    [Fact]
    public async Task The_head_teacher_approves_or_refuses_with_a_reason_on_the_leave_page_and_the_trainee_sees_it()
    {
        var (cohort, s) = await ClassAsync(true, "t056", "t057");
        var api = await app.Api("t056");
        var made = await (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { sessionIds = new[] { s[0], s[2] }, reason = "参加街道会议" })).ReadArrayAsync();
        Assert.Equal(2, made.Count);
        long first = made[0].Value<long>("id"), second = made[1].Value<long>("id");

        var ht = await app.Browser("headteacher");
        // The home page's pending card and the class page lead to the leave page.
        Assert.Contains($"/Attendance/Leave/{cohort}", Card(await PageAsync(ht, "/"), "data-leave", first));
        Assert.Contains($"href=\"/Attendance/Leave/{cohort}\"", await PageAsync(ht, $"/Cohorts/Details/{cohort}"));
        Assert.DoesNotContain("/Attendance/Leave/", await PageAsync(await app.Browser("t056"), $"/Cohorts/Details/{cohort}"));
        var page = await PageAsync(ht, $"/Attendance/Leave/{cohort}");
        var waiting = Regex.Match(page, "<section id=\"leave-waiting\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"data-leave=\"{first}\"", waiting);
        Assert.Contains($"data-leave=\"{second}\"", waiting);

        // A refusal without a reason is refused; with one it is stored with the note.
        var r = await TestApp.PostFormAsync(ht, $"/Attendance/Leave/{cohort}", new() { ["LeaveId"] = first.ToString(), ["Note"] = " " }, "Refuse");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不批准时须填写审批意见", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/leave-requests/{first}/decision", new { approve = false })).StatusCode);
        r = await TestApp.PostFormAsync(ht, $"/Attendance/Leave/{cohort}", new() { ["LeaveId"] = first.ToString(), ["Note"] = "会议可改期" }, "Refuse");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        r = await TestApp.PostFormAsync(ht, $"/Attendance/Leave/{cohort}", new() { ["LeaveId"] = second.ToString(), ["Note"] = "" }, "Approve");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        page = await PageAsync(ht, $"/Attendance/Leave/{cohort}");
        var decided = Regex.Match(page, "<section id=\"leave-decided\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("已批准", Card(decided, "data-leave", second));
        Assert.Contains("会议可改期", Card(decided, "data-leave", first));
        var mine = await PageAsync(await app.Browser("t056"), $"/Me/Leave/{cohort}");
        Assert.Contains("已批准", Card(mine, "data-leave", second));
        Assert.Contains("未批准", Card(mine, "data-leave", first));
        Assert.Contains("审批意见：会议可改期", Card(mine, "data-leave", first));

        // A request of another class cannot be decided through this class's page.
        var (other, os) = await ClassAsync(true, "t057");
        var foreign = (await (await (await app.Api("t057")).PostAsJsonAsync($"/api/v1/cohorts/{other}/leave-requests", new { sessionIds = new[] { os[1] }, reason = "外出" })).ReadArrayAsync())[0].Value<long>("id");
        r = await TestApp.PostFormAsync(ht, $"/Attendance/Leave/{cohort}", new() { ["LeaveId"] = foreign.ToString(), ["Note"] = "" }, "Approve");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Single(await RequestsAsync(other, "t057"), x => x.Status == "pending");
    }

    [Fact]
    public async Task Decisions_on_an_archived_class_are_refused_on_the_page_and_in_the_api()
    {
        var (cohort, s) = await ClassAsync(true, "t058");
        var made = await (await (await app.Api("t058")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { sessionIds = new[] { s[1] }, reason = "家中有事" })).ReadArrayAsync();
        var id = made[0].Value<long>("id");
        var ht = await app.Browser("headteacher");
        var token = await PageAsync(ht, $"/Attendance/Leave/{cohort}"); // the form is there before the archive
        Assert.Contains("?handler=Approve", token);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{cohort}/archive", null)).StatusCode);

        var page = await TestApp.PostFormAsync(ht, $"/Attendance/Leave/{cohort}", new() { ["LeaveId"] = id.ToString(), ["Note"] = "" }, "Approve");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        var api = await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/leave-requests/{id}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        var ask = await PostMultipartAsync(await app.Browser("t058"), $"/Me/Leave/{cohort}", [("SessionIds", s[2].ToString()), ("Reason", "再请一次")]);
        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        Assert.Equal("pending", Assert.Single(await RequestsAsync(cohort, "t058")).Status);
        Assert.DoesNotContain("?handler=Approve", await PageAsync(ht, $"/Attendance/Leave/{cohort}"));
    }

    [Fact]
    public async Task The_api_takes_sessions_and_a_photo_uploaded_before_and_lists_them()
    {
        var (cohort, s) = await ClassAsync(true, "t059", "t060");
        var api = await app.Api("t059");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Photo()), "file", "note.jpg" } };
        var up = await api.PostAsync($"/api/v1/cohorts/{cohort}/leave-notes", form);
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
        var photo = (await up.ReadJsonAsync()).Value<long>("id");

        // Someone else's photo cannot be attached.
        var other = await (await app.Api("t060")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests",
            new { sessionIds = new[] { s[3] }, reason = "借用", attachmentId = photo });
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("attachmentId", await other.Content.ReadAsStringAsync());
        // Sessions and a span at once: refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests",
            new { sessionIds = new[] { s[3] }, from = Morning, to = Morning.AddHours(1), reason = "两样" })).StatusCode);

        var made = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { sessionIds = new[] { s[2], s[3] }, reason = "就医", attachmentId = photo });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var one = Assert.Single(await RequestsAsync(cohort, "t059"));
        Assert.Equal([s[2], s[3]], one.Sessions);
        Assert.Equal(photo, one.Attachment);
        // The span request answers as before: one request.
        var span = await (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { from = Morning.AddHours(7), to = Morning.AddHours(8), reason = "晚上" })).ReadJsonAsync();
        Assert.Equal("pending", span.Value<string>("status"));
    }
}

public sealed class LeavePagesTests_Sqlite(SqliteDemo app) : LeavePagesTests(app), IClassFixture<SqliteDemo>;
public sealed class LeavePagesTests_Postgres(PostgresDemo app) : LeavePagesTests(app), IClassFixture<PostgresDemo>;
