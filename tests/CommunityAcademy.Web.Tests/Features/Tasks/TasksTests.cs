using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Features.Tasks;
using CommunityAcademy.Web.Tests.Infrastructure;
using CommunityAcademy.Web.Tests.Support;
using SkiaSharp;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Tasks;

/// <summary>
/// 实践任务 (#19 point 1) through the pages: the organizer defines a task; trainees hand in on /Me/Tasks (empty and
/// incomplete refused, nothing written; late marked); a mentor returns it with an opinion, the trainee hands in again,
/// the mentor's score accepts it and its 学时 show; overdue and returned show on the class page; nobody sees another's hand-in.
/// </summary>
public abstract class TasksTests(TestApp app)
{
    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    /// <summary>GETs <paramref name="page"/> for its token and posts the fields to <paramref name="url"/> (the page with its query and handler).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient c, string page, string url, Dictionary<string, string> fields)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var m = Token.Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Value);
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> BodyAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    /// <summary>A class of six trainees and a task due in <paramref name="dueInHours"/> hours (class time), defined on the page.</summary>
    private async Task<(long Cohort, long Task, long Due)> TaskAsync(int dueInHours = 48)
    {
        var (cohort, _) = await ClassAsync(app);
        var org = await app.Browser("organizer");
        var due = Domain.Cohorts.ClassClock.ToLocal(app.Clock.GetUtcNow().AddHours(dueInHours), "Asia/Shanghai");
        var r = await TestApp.PostFormAsync(org, $"/Tasks/{cohort}", new()
        {
            ["Input.Title"] = "挖掘社区居民骨干", ["Input.Instructions"] = "在本社区找到居民骨干，了解其特长。",
            ["Input.DueDate"] = due.ToString("yyyy-MM-dd"), ["Input.DueTime"] = due.ToString("HH:mm"),
            ["Input.Spec"] = "表格|居民骨干|姓名,特长|3\n文本|挖掘过程|10\n照片|活动照片|0", ["Input.Hours"] = "2.5",
            ["Input.Rubric"] = Domain.Reviews.RubricText.Format(TaskRules.DefaultRubric()),
        }, "Create");
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"create: {(int)r.StatusCode} {await BodyAsync(r)}");
        var task = long.Parse(Regex.Match(r.Headers.Location!.ToString(), @"/Tasks/Task/\d+/(\d+)$").Groups[1].Value);
        return (cohort, task, 0);
    }

    private Task<long> SubmissionAsync(long task, string username) => ScalarAsync(app, """
        SELECT s.id FROM review_submissions s JOIN enrollments e ON e.id = s.enrollment_id JOIN users u ON u.id = e.user_id
        WHERE s.review_id = @task AND u.username = @username
        """, new { task, username });

    private static Dictionary<string, string> Rows(int rows, string process = "入户走访、楼长推荐，找到热心居民。", bool blankCell = false)
    {
        var f = new Dictionary<string, string> { ["T[f2]"] = process };
        string[][] people = [["陈阿姨", "广场舞"], ["李伯", "调解纠纷"], ["小王", "摄影"]];
        for (var i = 0; i < rows; i++) { f[$"C[f1][{i}][0]"] = people[i][0]; f[$"C[f1][{i}][1]"] = blankCell && i == 1 ? "" : people[i][1]; }
        return f;
    }

    private async Task<HttpResponseMessage> HandInAsync(HttpClient c, long cohort, long task, Dictionary<string, string> fields, string handler = "HandIn") =>
        await PostAsync(c, $"/Me/Tasks/{cohort}?task={task}", $"/Me/Tasks/{cohort}?task={task}&handler={handler}", fields);

    private async Task<string> MentorAsync(long cohort, long task, long submission)
    {
        var mentor = await ReviewerAsync(app, "mentor", null);
        var r = await app.Get<ReviewStore>().AssignAsync(await UserAsync(app, "organizer"), cohort, task, submission, mentor);
        Assert.True(r.IsOk, r.Error?.ToString());
        return mentor;
    }

    [Fact]
    public async Task A_task_is_handed_in_returned_handed_in_again_late_and_accepted_with_its_hours()
    {
        var (cohort, task, _) = await TaskAsync(dueInHours: 24);
        var sub = await SubmissionAsync(task, "t061");
        var t061 = await app.Browser("t061");
        var mine = await PageAsync(t061, $"/Me/Tasks/{cohort}");
        Assert.Contains("挖掘社区居民骨干", mine);
        Assert.Contains("未提交", mine);

        // empty, then incomplete: refused with the rule, nothing written
        var empty = await HandInAsync(t061, cohort, task, new() { ["T[f2]"] = "  ", ["C[f1][0][0]"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("提交内容为空", await BodyAsync(empty));
        var two = await HandInAsync(t061, cohort, task, Rows(2));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, two.StatusCode);
        var twoBody = await BodyAsync(two);
        Assert.Contains("“居民骨干”须不少于 3 行，现有 2 行", twoBody);
        Assert.Contains("value=\"李伯\"", twoBody); // what was typed is kept
        var blank = await HandInAsync(t061, cohort, task, Rows(3, blankCell: true));
        Assert.Contains("“居民骨干”第 2 行的“特长”未填写", await BodyAsync(blank));
        var shortText = await HandInAsync(t061, cohort, task, Rows(3, process: "走访"));
        Assert.Contains("“挖掘过程”须不少于 10 字，现有 2 字", await BodyAsync(shortText));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM task_submissions WHERE submission_id = @sub", new { sub }));

        // a draft is kept as typed, incomplete as it is
        Assert.Equal(HttpStatusCode.Redirect, (await HandInAsync(t061, cohort, task, Rows(2), "Save")).StatusCode);
        Assert.Contains("value=\"调解纠纷\"", await PageAsync(t061, $"/Me/Tasks/{cohort}?task={task}"));

        Assert.Equal(HttpStatusCode.Redirect, (await HandInAsync(t061, cohort, task, Rows(3))).StatusCode);
        var (t, s) = (await app.Get<TaskStore>().SubmissionAsync(cohort, sub))!.Value;
        Assert.Equal((TaskState.HandedIn, false, 1), (s.State, s.Late, s.Versions));

        // the mentor returns it with an opinion; the trainee and the head teacher's class page see it
        var mentorName = await MentorAsync(cohort, task, sub);
        var mentor = await app.Browser(mentorName);
        var score = $"/Tasks/Score/{cohort}/{sub}";
        Assert.Contains("小王", await PageAsync(mentor, score));
        var noOpinion = await TestApp.PostFormAsync(mentor, score, new() { ["ReturnOpinion"] = " " }, "Return");
        Assert.Contains("退回修改须写明修改意见", await BodyAsync(noOpinion));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(mentor, score, new() { ["ReturnOpinion"] = "请补充每位骨干的联系方式和可参与的活动。" }, "Return")).StatusCode);
        var returned = await PageAsync(t061, $"/Me/Tasks/{cohort}?task={task}");
        Assert.Contains("退回修改", returned);
        Assert.Contains("请补充每位骨干的联系方式和可参与的活动。", returned);
        var classPage = await PageAsync(await app.Browser("headteacher"), $"/Cohorts/Details/{cohort}");
        Assert.Contains("class-task-attention", classPage);
        // a returned task is not scored until handed in again
        var early = await TestApp.PostFormAsync(mentor, score, new() { ["Values[completion]"] = "90", ["Values[performance]"] = "80" }, "Submit");
        Assert.Contains("学员重新提交后才能评分", await BodyAsync(early));

        // handed in again after the due time: accepted as late, marked
        app.Clock.Advance(TimeSpan.FromHours(30));
        t061 = await app.Browser("t061"); // signed in again: a day later
        mentor = await app.Browser(mentorName);
        Assert.Equal(HttpStatusCode.Redirect, (await HandInAsync(t061, cohort, task, Rows(3, process: "入户走访、楼长推荐；已补充联系方式。"))).StatusCode);
        (t, s) = (await app.Get<TaskStore>().SubmissionAsync(cohort, sub))!.Value;
        Assert.Equal((TaskState.HandedIn, true, 2), (s.State, s.Late, s.Versions));
        Assert.Contains("逾期提交", await PageAsync(t061, $"/Me/Tasks/{cohort}"));

        // a score off the scale is refused; a full score accepts the task and awards its 学时
        var off = await TestApp.PostFormAsync(mentor, score, new() { ["Values[completion]"] = "120", ["Values[performance]"] = "80" }, "Submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, off.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(mentor, score, new() { ["Values[completion]"] = "90", ["Values[performance]"] = "80" }, "Submit")).StatusCode);
        (t, s) = (await app.Get<TaskStore>().SubmissionAsync(cohort, sub))!.Value;
        Assert.Equal((TaskState.Accepted, 1, 85m), (s.State, s.Scored, s.Mean));
        var accepted = await PageAsync(t061, $"/Me/Tasks/{cohort}");
        Assert.Contains("已获 2.5 学时", accepted);
        // accepted: no more hand-ins
        var again = await app.Get<TaskStore>().SaveAsync(await UserAsync(app, "t061"), cohort, sub,
            TaskForm.Read(new Microsoft.AspNetCore.Http.FormCollection([]), t.Spec), true);
        Assert.Equal("Task.AlreadyAccepted", again.Error!.Code);
    }

    [Fact]
    public async Task An_overdue_task_shows_on_the_class_page_and_the_trainees_page()
    {
        var (cohort, task, _) = await TaskAsync(dueInHours: 1);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var html = await PageAsync(await app.Browser("headteacher"), $"/Cohorts/Details/{cohort}");
        var panel = html[html.IndexOf("class-task-attention", StringComparison.Ordinal)..];
        Assert.Contains("逾期未交", panel);
        var t062 = await app.Browser("t062");
        Assert.Contains("逾期未交", await PageAsync(t062, $"/Me/Tasks/{cohort}"));
        Assert.Contains(await app.Get<TaskStore>().AttentionAsync(cohort), a => a.Overdue && a.TaskId == task);
    }

    [Fact]
    public async Task A_trainee_hands_in_photos_and_nobody_else_sees_the_hand_in()
    {
        var (cohort, task, _) = await TaskAsync();
        var sub = await SubmissionAsync(task, "t061");
        var t061 = await app.Browser("t061");
        var page = $"/Me/Tasks/{cohort}?task={task}";
        var jpeg = AttachmentStoreTests.Jpeg(64, 48, SKColors.Red, SKColors.Blue);
        var fields = Rows(3).Select(kv => (kv.Key, kv.Value)).ToList();
        var html = await (await t061.GetAsync(page)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Token.Match(html).Groups[1].Value);
        using (var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } })
        {
            foreach (var (k, v) in fields) form.Add(new StringContent(v), k);
            form.Add(new ByteArrayContent(jpeg), "upload-f3", "骨干合影.jpg");
            var r = await t061.PostAsync($"/Me/Tasks/{cohort}?task={task}&handler=File&field=f3", form);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        // not a photo: refused with the store's message
        using (var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } })
        {
            form.Add(new ByteArrayContent("不是照片"u8.ToArray()), "upload-f3", "a.jpg");
            var r = await t061.PostAsync($"/Me/Tasks/{cohort}?task={task}&handler=File&field=f3", form);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await HandInAsync(t061, cohort, task, Rows(3))).StatusCode);
        var attachment = await ScalarAsync(app, "SELECT attachment_id FROM task_files WHERE submission_id = @sub", new { sub });
        Assert.Equal(HttpStatusCode.OK, (await t061.GetAsync($"/api/v1/attachments/{attachment}")).StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT handed_in_version FROM task_files WHERE submission_id = @sub", new { sub }));

        // another trainee: their own (empty) task only, no way to the photo, the mentor's page or t061's submission
        var t064 = await app.Browser("t064");
        var theirs = await PageAsync(t064, page);
        Assert.DoesNotContain("陈阿姨", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await t064.GetAsync($"/api/v1/attachments/{attachment}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await t064.GetAsync($"/Tasks/Score/{cohort}/{sub}")).StatusCode);
        var forged = await app.Get<TaskStore>().SaveAsync(await UserAsync(app, "t064"), cohort, sub, HandIn.Empty, false);
        Assert.Equal("Task.NotFound", forged.Error!.Code);
        // a mentor not assigned to it: not found; the assigned one sees the photo
        var other = await app.Browser(await ReviewerAsync(app, "mentor", null));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Tasks/Score/{cohort}/{sub}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/attachments/{attachment}")).StatusCode);
        var mentor = await app.Browser(await MentorAsync(cohort, task, sub));
        Assert.Contains($"/api/v1/attachments/{attachment}", await PageAsync(mentor, $"/Tasks/Score/{cohort}/{sub}"));
        Assert.Equal(HttpStatusCode.OK, (await mentor.GetAsync($"/api/v1/attachments/{attachment}")).StatusCode);
        // a handed-in photo stays
        var fileId = await ScalarAsync(app, "SELECT id FROM task_files WHERE submission_id = @sub", new { sub });
        Assert.Equal("Task.FileHandedIn", (await app.Get<TaskStore>().RemoveFileAsync(await UserAsync(app, "t061"), cohort, sub, fileId)).Error!.Code);
    }

    [Fact]
    public async Task A_bad_task_is_refused_with_the_rule_and_nothing_is_created_and_an_edit_is_kept()
    {
        var (cohort, task, _) = await TaskAsync();
        var org = await app.Browser("organizer");
        var before = await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort });
        var bad = await TestApp.PostFormAsync(org, $"/Tasks/{cohort}", new()
        {
            ["Input.Title"] = "发掘社区需求", ["Input.Instructions"] = "列出需求", ["Input.DueDate"] = "2031-06-01", ["Input.DueTime"] = "18:00",
            ["Input.Spec"] = "图表|需求|3", ["Input.Hours"] = "2",
        }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("“图表”不是可用的种类", await BodyAsync(bad));
        var hours = await TestApp.PostFormAsync(org, $"/Tasks/{cohort}", new()
        {
            ["Input.Title"] = "发掘社区需求", ["Input.Instructions"] = "列出需求", ["Input.DueDate"] = "2031-06-01", ["Input.DueTime"] = "18:00",
            ["Input.Spec"] = "清单|社区需求及发现方式|3", ["Input.Hours"] = "1.25",
        }, "Create");
        Assert.Contains("学时“1.25”", await BodyAsync(hours));
        Assert.Equal(before, await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort }));

        // edited: a new due time (class time) and 学时
        var edit = await TestApp.PostFormAsync(org, $"/Tasks/Task/{cohort}/{task}", new()
        {
            ["Input.Title"] = "挖掘社区居民骨干", ["Input.Instructions"] = "找到3名居民骨干。", ["Input.DueDate"] = "2031-06-01", ["Input.DueTime"] = "18:00",
            ["Input.Spec"] = "表格|居民骨干|姓名,特长,联系方式|3", ["Input.Hours"] = "3",
        }, "Edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var t = (await app.Get<TaskStore>().GetAsync(cohort, task))!;
        Assert.Equal((new DateTimeOffset(2031, 6, 1, 10, 0, 0, TimeSpan.Zero), 3m, 3), (t.DueAt, t.Hours, t.Spec.Fields[0].ColumnNames.Count));
        // an archived class refuses every change, a hand-in too (409), and writes nothing
        await using (var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE cohorts SET archived_at = @now WHERE id = @cohort", new { now = app.Clock.GetUtcNow(), cohort });
        var archived = await HandInAsync(await app.Browser("t062"), cohort, task, Rows(3));
        Assert.Equal(HttpStatusCode.Conflict, archived.StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM task_submissions s JOIN review_submissions r ON r.id = s.submission_id WHERE r.review_id = @task", new { task }));
        // a trainee may not define tasks
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.Browser("t061")).GetAsync($"/Tasks/{cohort}")).StatusCode);
    }
}

public sealed class TasksTests_Sqlite(SqliteDemo app) : TasksTests(app), IClassFixture<SqliteDemo>;
public sealed class TasksTests_Postgres(PostgresDemo app) : TasksTests(app), IClassFixture<PostgresDemo>;
