using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Courses.CourseKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Courses;

/// <summary>
/// /api/v1/course-agreements, /api/v1/courses, /api/v1/course-meetings (#20, session 8): the pages' store methods through
/// the API — reading by the organizer's scope, agreements edited and deleted, a member's to-do and score with each refusal
/// (writing nothing), the rubric changed as a new version once scoring started.
/// </summary>
public abstract class CoursesApiTests(TestApp app)
{
    private static async Task<string> ProblemAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {body}");
        Assert.StartsWith("application/problem+json", r.Content.Headers.ContentType?.MediaType ?? "");
        var n = JsonNode.Parse(body)!;
        return n["title"]?.GetValue<string>() + " " + n["detail"]?.GetValue<string>() + " " + n["code"]?.GetValue<string>() + " " + n["errors"]?.ToJsonString();
    }

    private static Dictionary<string, decimal> Marks(decimal v) => CourseRules.SampleRubric().Criteria.ToDictionary(c => c.Key, _ => v);

    private Task<long> ScoresOfAsync(long lecture) => ScalarAsync(app, "SELECT COUNT(*) FROM meeting_scores WHERE lecture_id = @lecture", new { lecture });

    [Fact]
    public async Task Agreements_courses_and_the_library_are_read_edited_and_deleted_by_the_organizer_only()
    {
        var w = await WorldAsync(app);
        var me = await UserAsync(app, w.Organizer);
        var course = Ok(await app.Get<CourseStore>().CreateCourseAsync(me, w.Agreement, null, Fields("社区工作与社区工作者职业素养")));
        var meetings = app.Get<MeetingStore>();
        var day = app.Clock.GetUtcNow().AddDays(1);
        var m = Ok(await meetings.CreateAsync(me, new NewMeeting(w.Root, "课程评审会", null, day, day.AddHours(8))));
        var l = Ok(await meetings.AddLectureAsync(me, m, course, day.AddHours(1), day.AddHours(2), null));
        Ok(await meetings.DecideAsync(me, m, l, "好", Decision.Accepted, null));

        var org = await app.Api(w.Organizer);
        var list = await (await org.GetAsync("/api/v1/course-agreements")).ReadArrayAsync();
        Assert.Equal([w.Agreement], list.Select(a => a!.Value<long>("id")));
        Assert.Equal(1, list[0]!.Value<int>("courses"));
        Assert.Equal("测课大学" + w.Suffix, (await (await org.GetAsync($"/api/v1/course-agreements/{w.Agreement}")).ReadJsonAsync()).Value<string>("partnerUnit"));

        var courses = await (await org.GetAsync("/api/v1/courses?status=accepted")).ReadArrayAsync();
        Assert.Equal([course], courses.Select(k => k!.Value<long>("id")));
        await ProblemAsync(await org.GetAsync("/api/v1/courses?status=maybe"), HttpStatusCode.BadRequest);
        var detail = await (await org.GetAsync($"/api/v1/courses/{course}")).ReadJsonAsync();
        Assert.Equal(1, detail["versions"]!.AsArray().Count);
        Assert.Equal("张教授、李老师", detail["versions"]![0]!["fields"]!.Value<string>("instructors"));
        Assert.Equal("meeting", detail["uses"]![0]!.Value<string>("kind"));
        var library = await (await org.GetAsync("/api/v1/courses/library")).ReadArrayAsync();
        Assert.Equal([course], library.Select(k => k!.Value<long>("id")));

        // another organizer: nothing of it; a trainee and a panel expert: not an organizer at all
        var other = await app.Api("organizer");
        Assert.DoesNotContain((await (await other.GetAsync("/api/v1/course-agreements")).ReadArrayAsync()), a => a!.Value<long>("id") == w.Agreement);
        await ProblemAsync(await other.GetAsync($"/api/v1/courses/{course}"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.DeleteAsync($"/api/v1/course-agreements/{w.Agreement}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).GetAsync("/api/v1/courses/library")).StatusCode);

        // create, edit, refusals, delete
        var created = await org.PostAsJsonAsync("/api/v1/course-agreements", new { ownerUnitId = w.Root, partnerUnitId = w.Partner, title = "第二份协议", signedOn = "2021-02-01" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = (await created.ReadJsonAsync()).Value<long>("id");
        await ProblemAsync(await org.PostAsJsonAsync("/api/v1/course-agreements", new { title = "x" }), HttpStatusCode.BadRequest);
        Assert.Contains("协议结束日期不能早于开始日期", await ProblemAsync(await org.PutAsJsonAsync($"/api/v1/course-agreements/{second}",
            new { partnerUnitId = w.Partner, title = "第二份协议", startsOn = "2021-05-01", endsOn = "2021-04-01" }), HttpStatusCode.UnprocessableEntity));
        var edited = await org.PutAsJsonAsync($"/api/v1/course-agreements/{second}", new { partnerUnitId = w.Community, title = "第二份协议（修订）", scope = "两门课" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(("第二份协议（修订）", w.Community), ((await edited.ReadJsonAsync()).Value<string>("title"), (await edited.ReadJsonAsync()).Value<long>("partnerUnitId")));
        Assert.Contains("Course.PartnerHeard", await ProblemAsync(await org.PutAsJsonAsync($"/api/v1/course-agreements/{w.Agreement}",
            new { partnerUnitId = w.Community, title = "x" }), HttpStatusCode.Conflict));
        Assert.Contains("该协议下已开发 1 门课程", await ProblemAsync(await org.DeleteAsync($"/api/v1/course-agreements/{w.Agreement}"), HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.NoContent, (await org.DeleteAsync($"/api/v1/course-agreements/{second}")).StatusCode);
        await ProblemAsync(await org.GetAsync($"/api/v1/course-agreements/{second}"), HttpStatusCode.NotFound);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM course_agreements WHERE id = @id", new { id = w.Agreement }));
    }

    [Fact]
    public async Task A_member_reads_the_agenda_and_to_do_and_scores_with_the_pages_refusals_writing_nothing()
    {
        var w = await WorldAsync(app);
        var me = await UserAsync(app, w.Organizer);
        var course = Ok(await app.Get<CourseStore>().CreateCourseAsync(me, w.Agreement, null, Fields("社区社会组织培育与社区治理")));
        var meetings = app.Get<MeetingStore>();
        var day = app.Clock.GetUtcNow().AddDays(2);
        var m = Ok(await meetings.CreateAsync(me, new NewMeeting(w.Root, "课程评审会", "区委党校", day, day.AddHours(8))));
        var starts = day.AddHours(1);
        var l = Ok(await meetings.AddLectureAsync(me, m, course, starts, starts.AddMinutes(40), "李老师"));
        var expert = await ReviewerAsync(app, "expert", null);
        var partner = await ReviewerAsync(app, "expert", null);
        var outsider = await ReviewerAsync(app, "expert", null);
        await SetUnitAsync(app, partner, w.Partner);
        Ok(await meetings.AddMemberAsync(me, m, expert, PanelRole.Expert));
        Ok(await meetings.AddMemberAsync(me, m, partner, PanelRole.Official));
        var b = $"/api/v1/course-meetings/{m}";
        var score = $"{b}/lectures/{l}/score";

        // before the lecture: the partner's conflict is already in the to-do; scoring is refused (409) and writes nothing
        app.Clock.Set(starts.AddMinutes(-10));
        var (e, p, o, org) = (await app.Api(expert), await app.Api(partner), await app.Api(outsider), await app.Api(w.Organizer));
        var todo = (await (await p.GetAsync($"{b}/todo")).ReadArrayAsync()).Single()!;
        Assert.Equal((false, "Course.LectureNotStarted", "Course.PartnerConflict"), (todo.Value<bool>("canScore"), todo.Value<string>("refusalCode"), todo.Value<string>("conflictCode")));
        Assert.Contains("需回避评分", todo.Value<string>("conflict"));
        Assert.Null((await (await e.GetAsync($"{b}/todo")).ReadArrayAsync()).Single()!["conflictCode"]);
        Assert.Contains("试讲尚未开始", await ProblemAsync(await e.PutAsJsonAsync(score, new { values = Marks(8) }), HttpStatusCode.Conflict));
        Assert.Equal(0, await ScoresOfAsync(l));

        app.Clock.Set(starts.AddMinutes(5));
        (e, p, o, org) = (await app.Api(expert), await app.Api(partner), await app.Api(outsider), await app.Api(w.Organizer));
        await ProblemAsync(await o.GetAsync(b), HttpStatusCode.NotFound);
        await ProblemAsync(await o.GetAsync($"{b}/todo"), HttpStatusCode.NotFound);
        await ProblemAsync(await o.PutAsJsonAsync(score, new { values = Marks(8) }), HttpStatusCode.NotFound);
        Assert.Contains("Course.PartnerConflict", await ProblemAsync(await p.PutAsJsonAsync(score, new { values = Marks(8) }), HttpStatusCode.Forbidden));
        Assert.Contains("Review.OutOfScale", await ProblemAsync(await e.PutAsJsonAsync(score, new { values = Marks(11) }), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("Review.Missing", await ProblemAsync(await e.PutAsJsonAsync(score, new { values = new { goals = 8 } }), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(0, await ScoresOfAsync(l));
        var saved = await e.PutAsJsonAsync(score, new { values = Marks(8), opinion = "案例贴近实际" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal((77.78m, 1), ((await saved.ReadJsonAsync()).Value<decimal>("total"), (await saved.ReadJsonAsync()).Value<int>("rubricVersion")));
        Assert.Equal(77.78m, (await (await e.GetAsync($"{b}/todo")).ReadArrayAsync()).Single()!["mine"]!.Value<decimal>("total"));

        // the agenda: the member sees their own score and no panel; the organizer the panel, the members and every score
        var seen = await (await e.GetAsync(b)).ReadJsonAsync();
        Assert.Equal(("member", "expert", true), (seen.Value<string>("standing"), seen.Value<string>("role"), seen.Value<bool>("rubricIsSample")));
        Assert.Empty(seen["members"]!.AsArray());
        Assert.Null(seen["agenda"]![0]!["panel"]);
        Assert.Single(seen["agenda"]![0]!["scores"]!.AsArray());
        var full = await (await org.GetAsync(b)).ReadJsonAsync();
        Assert.Equal(2, full["members"]!.AsArray().Count);
        Assert.Equal(1, full["agenda"]![0]!["panel"]!.Value<int>("counted"));
        Assert.Contains((await (await e.GetAsync("/api/v1/course-meetings")).ReadArrayAsync()), x => x!.Value<long>("id") == m);

        // the rubric: a member may not change it; the organizer's change is a new version now, and the older score is left out
        Assert.Contains("Course.NotOrganizer", await ProblemAsync(await e.PutAsJsonAsync($"{b}/rubric", new { name = "x", text = "目标明确|1|1-5" }), HttpStatusCode.Forbidden));
        await ProblemAsync(await org.PutAsJsonAsync($"{b}/rubric", new { name = "试讲评分", text = "目标明确|1|1-5", rule = "Median" }), HttpStatusCode.BadRequest);
        var rubric = await org.PutAsJsonAsync($"{b}/rubric", new { name = "试讲评分", text = "目标明确|1|1-5\n方法互动|1|1-5" });
        Assert.Equal(HttpStatusCode.OK, rubric.StatusCode);
        Assert.Equal((2, "试讲评分", "TrimmedMean"), ((await rubric.ReadJsonAsync()).Value<int>("version"), (await rubric.ReadJsonAsync()).Value<string>("name"), (await rubric.ReadJsonAsync()).Value<string>("rule")));
        full = await (await org.GetAsync(b)).ReadJsonAsync();
        Assert.False(full.Value<bool>("rubricIsSample"));
        Assert.Equal((0, 1), (full["agenda"]![0]!["panel"]!.Value<int>("counted"), full["agenda"]![0]!["panel"]!.Value<int>("olderVersion")));
        Assert.Equal(1, full["agenda"]![0]!["scores"]![0]!.Value<int>("rubricVersion"));

        // after the close: refused, nothing changes
        app.Clock.Set(day.AddHours(8));
        e = await app.Api(expert);
        Assert.Contains("评分已结束", await ProblemAsync(await e.PutAsJsonAsync(score, new { values = new { goals = 5, interaction = 5 } }), HttpStatusCode.Conflict));
        Assert.Equal(7778, await ScalarAsync(app, "SELECT total_x100 FROM meeting_scores WHERE lecture_id = @l", new { l }));
    }
}

public sealed class CoursesApiTests_Sqlite(SqliteDemo app) : CoursesApiTests(app), IClassFixture<SqliteDemo>;
public sealed class CoursesApiTests_Postgres(PostgresDemo app) : CoursesApiTests(app), IClassFixture<PostgresDemo>;
