using System.Net;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Courses.CourseKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Courses;

/// <summary>课程开发 (#20) through the pages: the organizer's forms, a member scoring on the phone page, each refusal's message, who sees what.</summary>
public abstract class CoursePagesTests(TestApp app)
{
    private static string Html(HttpResponseMessage r) => WebUtility.HtmlDecode(r.Content.ReadAsStringAsync().Result);

    [Fact]
    public async Task An_expert_on_no_panel_is_told_so_and_may_change_nothing()
    {
        using var expert = await app.Browser("expert"); // the demo's 评审专家 of seed 000, on no review meeting
        var r = await expert.GetAsync("/Courses");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("您还不在任何评审会的评审组中", Html(r));
        Assert.DoesNotContain("handler=Meeting", Html(r)); // no forms
        var post = await TestApp.PostFormAsync(expert, "/Courses", new() { ["MeetingTitle"] = "专家自建" + app.Provider }, "Meeting");
        Assert.True(post.StatusCode == HttpStatusCode.Forbidden || post.Headers.Location?.OriginalString.Contains("AccessDenied") == true, $"{(int)post.StatusCode}");
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM course_meetings WHERE title = @t", new { t = "专家自建" + app.Provider }));
    }

    [Fact]
    public async Task The_organizer_creates_an_agreement_a_course_and_a_meeting_through_the_forms()
    {
        var w = await WorldAsync(app);
        var org = await app.Browser(w.Organizer);
        var r = await TestApp.PostFormAsync(org, "/Courses", new()
        {
            ["OwnerUnitId"] = w.Root.ToString(), ["PartnerUnitId"] = w.Partner.ToString(), ["AgreementTitle"] = "第二份协议", ["SignedOn"] = "2021-02-01",
        }, "Agreement");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var agreement = await ScalarAsync(app, "SELECT id FROM course_agreements WHERE title = '第二份协议' AND owner_unit_id = @root", new { root = w.Root });
        r = await TestApp.PostFormAsync(org, "/Courses", new()
        {
            ["AgreementId"] = agreement.ToString(), ["CourseTitle"] = "社区服务体系建设与“三感社区”推动", ["Topic"] = "社区服务", ["Format"] = "lecture", ["Hours"] = "3",
        }, "Course");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var course = await ScalarAsync(app, "SELECT id FROM courses WHERE agreement_id = @agreement", new { agreement });
        var page = await PageAsync(org, "/Courses");
        Assert.Contains("社区服务体系建设与“三感社区”推动", page);
        Assert.Contains("第二份协议", page);

        r = await TestApp.PostFormAsync(org, "/Courses", new() { ["AgreementId"] = agreement.ToString(), ["CourseTitle"] = "x", ["Format"] = "lecture", ["Hours"] = "0" }, "Course");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("学时“0”无效", Html(r));

        r = await TestApp.PostFormAsync(org, "/Courses", new()
        {
            ["OwnerUnitId"] = w.Root.ToString(), ["MeetingTitle"] = "课程评审会", ["Place"] = "区委党校", ["Date"] = "2031-03-07", ["From"] = "09:00", ["Until"] = "17:30",
        }, "Meeting");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var meeting = await ScalarAsync(app, "SELECT id FROM course_meetings WHERE owner_unit_id = @root", new { root = w.Root });
        var mp = $"/Courses/Meeting/{meeting}";
        Assert.Contains("试讲评分（示例）", await PageAsync(org, mp));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, mp, new() { ["Username"] = "mentor", ["Role"] = "worker" }, "Member")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, mp,
            new() { ["CourseId"] = course.ToString(), ["From"] = "09:30", ["Until"] = "10:10", ["Presenter"] = "王老师" }, "Lecture")).StatusCode);
        var bad = await TestApp.PostFormAsync(org, mp, new() { ["CourseId"] = course.ToString(), ["From"] = "18:00", ["Until"] = "18:30" }, "Lecture");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await PageAsync(org, mp);
        Assert.Contains("社区工作者代表", html);
        Assert.Contains("09:30–10:10", html);
    }

    private async Task<(World W, long Meeting, long Lecture, long Course, DateTimeOffset Starts, string Expert, string PartnerMember)> MeetingAsync()
    {
        var w = await WorldAsync(app);
        var org = await UserAsync(app, w.Organizer);
        var course = Ok(await app.Get<CourseStore>().CreateCourseAsync(org, w.Agreement, null, Fields("社区工作与社区工作者职业素养")));
        var day = app.Clock.GetUtcNow().AddDays(3);
        var meetings = app.Get<MeetingStore>();
        var m = Ok(await meetings.CreateAsync(org, new NewMeeting(w.Root, "课程评审会", "区委党校", day, day.AddHours(8))));
        var l = Ok(await meetings.AddLectureAsync(org, m, course, day.AddHours(1), day.AddHours(2), "张教授"));
        var expert = await ReviewerAsync(app, "expert", null);
        var partner = await ReviewerAsync(app, "expert", null);
        await SetUnitAsync(app, partner, w.Partner);
        Ok(await meetings.AddMemberAsync(org, m, expert, PanelRole.Expert));
        Ok(await meetings.AddMemberAsync(org, m, partner, PanelRole.Expert));
        return (w, m, l, course, day.AddHours(1), expert, partner);
    }

    private static Dictionary<string, string> Marks(string v) =>
        CourseRules.SampleRubric().Criteria.ToDictionary(c => $"Values[{c.Key}]", _ => v);

    [Fact]
    public async Task A_member_scores_from_the_phone_page_and_each_refusal_is_a_message()
    {
        var (w, m, l, course, starts, expert, partner) = await MeetingAsync();
        var page = $"/Courses/Score/{m}/{l}";
        app.Clock.Set(starts.AddMinutes(-5)); // signed in after the clock moved: the cookie lives 12 hours by the app's clock
        var phone = await app.Browser(expert);
        var r = await TestApp.PostFormAsync(phone, page, Marks("8"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("试讲尚未开始", Html(r));

        app.Clock.Set(starts.AddMinutes(5));
        Assert.Contains("教学流程", await PageAsync(phone, page));
        var form = Marks("9"); form["Opinion"] = "案例丰富";
        r = await TestApp.PostFormAsync(phone, page, form);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("评分已提交（88.89 分）", await PageAsync(phone, page));
        Assert.Equal(8889, await ScalarAsync(app, "SELECT total_x100 FROM meeting_scores WHERE lecture_id = @l", new { l }));

        var partnerPhone = await app.Browser(partner);
        r = await TestApp.PostFormAsync(partnerPhone, page, Marks("9"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("需回避评分", Html(r));

        // not on the panel: the page is not there for them
        var outsider = await app.Browser(await ReviewerAsync(app, "expert", null));
        await PageAsync(outsider, page, HttpStatusCode.NotFound);
        await PageAsync(outsider, $"/Courses/Meeting/{m}", HttpStatusCode.NotFound);

        app.Clock.Set(starts.AddHours(8));
        r = await TestApp.PostFormAsync(phone, page, Marks("7"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("评分已结束", Html(r));
        Assert.Equal(8889, await ScalarAsync(app, "SELECT total_x100 FROM meeting_scores WHERE lecture_id = @l", new { l }));

        // 评审意见汇总: the organizer's .docx with the scores by member, the opinions and the decision; members do not get it
        var org = await app.Browser(w.Organizer);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, $"/Courses/Meeting/{m}", new()
        {
            ["LectureId"] = l.ToString(), ["Opinion"] = "增加本地案例；压缩理论部分", ["Decision"] = "revise", ["CheckerId"] = (await UserAsync(app, expert)).Id.ToString(),
        }, "Decide")).StatusCode);
        var docx = await org.GetAsync($"/Courses/Summary/{m}");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var text = CommunityAcademy.Web.Infrastructure.Files.OfficialDocx.ReadText(await docx.Content.ReadAsStreamAsync());
        Assert.Contains("课程评审会评审意见汇总", text);
        Assert.Contains("一、社区工作与社区工作者职业素养", text);
        Assert.Contains("88.89", text);
        Assert.Contains("案例丰富", text);
        Assert.Contains("增加本地案例；压缩理论部分", text);
        Assert.Contains("评审结论：修改后通过", text);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync($"/Courses/Summary/{m}")).StatusCode);
    }

    [Fact]
    public async Task A_member_sees_the_meeting_and_not_the_organizer_pages()
    {
        var (w, m, _, course, _, expert, _) = await MeetingAsync();
        var member = await app.Browser(expert);
        var html = await PageAsync(member, $"/Courses/Meeting/{m}");
        Assert.Contains("社区工作与社区工作者职业素养", html);
        Assert.Contains("您在评审组中的身份：专家", html);
        Assert.DoesNotContain("加入评审组", html);
        var denied = await member.GetAsync($"/Courses/Course/{course}");
        Assert.Contains("/Accounts/AccessDenied", denied.Headers.Location?.ToString());
        var list = await PageAsync(member, "/Courses");
        Assert.Contains("课程评审会", list);
        Assert.DoesNotContain("合作协议", list);
        // another organizer sees neither the course nor the meeting
        var other = await app.Browser("organizer");
        await PageAsync(other, $"/Courses/Course/{course}", HttpStatusCode.NotFound);
        await PageAsync(other, $"/Courses/Meeting/{m}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_accepted_course_edited_without_a_new_version_is_refused_with_a_message()
    {
        var (w, m, l, course, _, _, _) = await MeetingAsync();
        var org = await app.Browser(w.Organizer);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, $"/Courses/Meeting/{m}",
            new() { ["LectureId"] = l.ToString(), ["Opinion"] = "结构清晰", ["Decision"] = "accepted" }, "Decide")).StatusCode);
        var page = $"/Courses/Course/{course}";
        Assert.Contains("已入库", await PageAsync(org, page));
        var fields = new Dictionary<string, string> { ["Version"] = "1", ["Title"] = "新名字", ["Format"] = "lecture", ["Hours"] = "2" };
        var r = await TestApp.PostFormAsync(org, page, new(fields), "Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不能直接修改：请另存为新版本", Html(r));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM course_versions WHERE course_id = @course", new { course }));
        r = await TestApp.PostFormAsync(org, page, new(fields), "NewVersion");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("入库版本：第 1 版", await PageAsync(org, page));

        var bad = await TestApp.PostFormAsync(org, $"/Courses/Meeting/{m}", new() { ["LectureId"] = l.ToString(), ["Decision"] = "revise" }, "Decide");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("须指定审核修改的评委", Html(bad));
    }

    // ---- session 8

    [Fact]
    public async Task The_organizer_edits_the_rubric_in_place_then_as_a_new_version_and_the_pages_show_older_scores_with_their_version()
    {
        var (w, m, l, _, starts, expert, _) = await MeetingAsync();
        var org = await app.Browser(w.Organizer);
        var mp = $"/Courses/Meeting/{m}";
        var html = await PageAsync(org, mp);
        Assert.Contains("id=\"rubric-sample\"", html);
        Assert.Contains("尚无评委评分：修改直接替换当前版本。", html);

        var bad = await TestApp.PostFormAsync(org, mp, new() { ["RubricName"] = "试讲评分", ["RubricText"] = "目标明确|很重|1-10", ["Rule"] = "Mean", ["FlagSpread"] = "20" }, "Rubric");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("目标明确|很重|1-10", Html(bad));
        var r = await TestApp.PostFormAsync(org, mp, new() { ["RubricName"] = "试讲评分", ["RubricText"] = "目标明确|2|1-10\n方法互动|1|1-10", ["Rule"] = "Mean", ["FlagSpread"] = "20" }, "Rubric");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        html = await PageAsync(org, mp);
        Assert.Contains("评分标准已保存（第 1 版）", html);
        Assert.DoesNotContain("id=\"rubric-sample\"", html);
        Assert.Contains("方法互动 · 权重 1 · 1–10", html);

        app.Clock.Set(starts.AddMinutes(5));
        org = await app.Browser(w.Organizer); // signed in again after the clock moved (the cookie lives 12 hours by the app's clock)
        var phone = await app.Browser(expert);
        var sp = $"/Courses/Score/{m}/{l}";
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(phone, sp, new() { ["Values[goals]"] = "10", ["Values[interaction]"] = "1" })).StatusCode);
        Assert.Contains("评委已开始评分：修改将生成新版本", await PageAsync(org, mp));
        r = await TestApp.PostFormAsync(org, mp, new() { ["RubricName"] = "试讲评分", ["RubricText"] = "目标明确|1|1-10\n方法互动|1|1-10", ["Rule"] = "Mean", ["FlagSpread"] = "20" }, "Rubric");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        html = await PageAsync(org, mp);
        Assert.Contains("评分标准已保存（第 2 版）", html);
        Assert.Contains("1 份旧版本评分未计入", html);
        Assert.Contains("按第 1 版评分标准", html);
        Assert.Contains("您此前按第 1 版评分标准评分，该评分不计入汇总；请按当前第 2 版重新评分。", await PageAsync(phone, sp));
        Assert.Contains("按第 1 版评分标准", await PageAsync(phone, mp));
        var docx = await org.GetAsync($"/Courses/Summary/{m}");
        var text = CommunityAcademy.Web.Infrastructure.Files.OfficialDocx.ReadText(await docx.Content.ReadAsStreamAsync());
        Assert.Contains("66.67（第 1 版，未计入）", text);
        Assert.Contains("评分标准：试讲评分，目标明确、方法互动。", text);

        // a member cannot change the rubric
        var denied = await TestApp.PostFormAsync(phone, mp, new() { ["RubricName"] = "x", ["RubricText"] = "目标明确|1|1-5", ["Rule"] = "Mean", ["FlagSpread"] = "20" }, "Rubric");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, denied.StatusCode);
        Assert.Contains("只有主办方才能这样做", Html(denied));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM meeting_rubrics WHERE meeting_id = @m", new { m })); // version 1 kept, nothing more
    }

    [Fact]
    public async Task A_member_of_the_partner_institution_sees_the_conflict_on_the_meeting_and_score_pages_before_trying()
    {
        var (w, m, l, _, starts, expert, partner) = await MeetingAsync();
        app.Clock.Set(starts.AddMinutes(-30)); // before the lecture: the conflict is already known
        var phone = await app.Browser(partner);
        var html = await PageAsync(phone, $"/Courses/Meeting/{m}");
        Assert.Contains($"data-conflict=\"{l}\"", html);
        Assert.Contains($"需回避（合作开发机构：测课大学{w.Suffix}）： 您所在单位是该课程的合作开发机构，需回避评分。", html);
        var score = await PageAsync(phone, $"/Courses/Score/{m}/{l}");
        Assert.Contains("id=\"score-conflict\"", score);
        Assert.DoesNotContain("id=\"score-form\"", score);
        app.Clock.Set(starts.AddMinutes(5));
        html = await PageAsync(phone, $"/Courses/Meeting/{m}");
        Assert.DoesNotContain($"/Courses/Score/{m}/{l}", html);
        // the expert without a conflict gets the link and the form
        var other = await app.Browser(expert);
        Assert.Contains($"/Courses/Score/{m}/{l}", await PageAsync(other, $"/Courses/Meeting/{m}"));
        Assert.Contains("id=\"score-form\"", await PageAsync(other, $"/Courses/Score/{m}/{l}"));
        Assert.DoesNotContain("data-conflict", await PageAsync(other, $"/Courses/Meeting/{m}"));
    }

    [Fact]
    public async Task The_organizer_edits_an_agreement_and_deletes_one_only_after_confirming_and_only_without_courses()
    {
        var (w, _, _, _, _, expert, _) = await MeetingAsync(); // a course under w.Agreement, heard at the meeting
        var org = await app.Browser(w.Organizer);
        var ap = $"/Courses/Agreement/{w.Agreement}";
        Assert.Contains(ap, await PageAsync(org, "/Courses"));
        var html = await PageAsync(org, ap);
        Assert.Contains("社区工作与社区工作者职业素养", html);
        Assert.DoesNotContain("id=\"confirm-delete\"", html);
        var r = await TestApp.PostFormAsync(org, ap, new()
        {
            ["PartnerUnitId"] = w.Partner.ToString(), ["AgreementTitle"] = "课程开发合作协议（2021）", ["SignedOn"] = "2021-01-12", ["Scope"] = "六门课程",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("协议已保存", await PageAsync(org, ap));
        r = await TestApp.PostFormAsync(org, ap, new() { ["PartnerUnitId"] = w.Community.ToString(), ["AgreementTitle"] = "换合作机构" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不能再更换合作机构", Html(r));
        Assert.Equal("课程开发合作协议（2021）", (await app.Get<CourseStore>().AgreementAsync(await UserAsync(app, w.Organizer), w.Agreement))!.Title);

        // deleting asks first; with a course under it, the panel says why and the POST is refused
        html = await PageAsync(org, ap + "?confirm=delete");
        Assert.Contains("该协议下已开发 1 门课程，课程依赖该协议，不能删除。", html);
        Assert.DoesNotContain("handler=Delete", html);
        r = await TestApp.PostFormAsync(org, ap, new(), "Delete");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不能删除", Html(r));
        Assert.NotNull(await app.Get<CourseStore>().AgreementAsync(await UserAsync(app, w.Organizer), w.Agreement));

        var spare = Ok(await app.Get<CourseStore>().CreateAgreementAsync(await UserAsync(app, w.Organizer), new NewAgreement(w.Root, w.Partner, "备用协议", null, null, null, null)));
        var sp = $"/Courses/Agreement/{spare}";
        html = await PageAsync(org, sp + "?confirm=delete");
        Assert.Contains("确定删除合作协议“备用协议”吗？", html);
        Assert.Contains("handler=Delete", html);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM course_agreements WHERE id = @spare", new { spare })); // the GET deleted nothing
        r = await TestApp.PostFormAsync(org, sp, new(), "Delete");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.EndsWith("/Courses", r.Headers.Location?.ToString());
        Assert.Contains("合作协议“备用协议”已删除。", await PageAsync(org, "/Courses"));
        await PageAsync(org, sp, HttpStatusCode.NotFound);

        // another organizer and a panel member do not get the page
        await PageAsync(await app.Browser("organizer"), ap, HttpStatusCode.NotFound);
        var member = await (await app.Browser(expert)).GetAsync(ap);
        Assert.Contains("/Accounts/AccessDenied", member.Headers.Location?.ToString());
    }
}

public sealed class CoursePagesTests_Sqlite(SqliteDemo app) : CoursePagesTests(app), IClassFixture<SqliteDemo>;
public sealed class CoursePagesTests_Postgres(PostgresDemo app) : CoursePagesTests(app), IClassFixture<PostgresDemo>;

/// <summary>课程库 (#20 point 4): an accepted course in the library, filled into a new session of a class, shown where taught; the library as .xlsx.</summary>
public abstract class CourseLibraryTests(TestApp app)
{
    [Fact]
    public async Task The_organizer_picks_a_library_course_for_a_session_and_the_course_shows_where_it_was_taught()
    {
        var w = await WorldAsync(app);
        var me = await UserAsync(app, w.Organizer);
        var store = app.Get<CourseStore>();
        var course = Ok(await store.CreateCourseAsync(me, w.Agreement, null, Fields("社区社会组织培育与社区治理", 3) with { Format = "workshop" }));
        var draft = Ok(await store.CreateCourseAsync(me, w.Agreement, null, Fields("尚未评审的课程")));
        var day = app.Clock.GetUtcNow().AddDays(1);
        var meetings = app.Get<MeetingStore>();
        var m = Ok(await meetings.CreateAsync(me, new NewMeeting(w.Root, "课程评审会", null, day, day.AddHours(4))));
        var l = Ok(await meetings.AddLectureAsync(me, m, course, day, day.AddHours(1), null));
        Ok(await meetings.DecideAsync(me, m, l, null, Decision.Accepted, null));

        var cohort = await Timetable.TimetableKit.CreateCohortAsync(app, "社区治理学校第一期", "2031-03-22", "2031-03-26");
        await using (var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE cohorts SET owner_unit_id = @unit WHERE id = @cohort", new { unit = w.Root, cohort });
        var org = await app.Browser(w.Organizer);
        var lib = await PageAsync(org, "/Courses/Library");
        Assert.Contains("社区社会组织培育与社区治理", lib);
        Assert.DoesNotContain("尚未评审的课程", lib);

        var edit = $"/Timetable/Edit/{cohort}?CourseId={course}";
        var html = await PageAsync(org, edit);
        Assert.Contains("value=\"社区社会组织培育与社区治理\"", html);
        Assert.Contains("<option value=\"workshop\" selected=\"selected\">", html);
        Assert.Contains("value=\"张教授、李老师\"", html);
        Assert.Contains("id=\"StudyHoursText\" name=\"StudyHoursText\" value=\"3\"", html);
        var r = await TestApp.PostFormAsync(org, edit, new()
        {
            ["CourseId"] = course.ToString(), ["Date"] = "2031-03-23", ["Start"] = "09:00", ["End"] = "11:30", ["Title"] = "社区社会组织培育与社区治理",
            ["Type"] = "workshop", ["Method"] = "world_cafe", ["InstructorsLabel"] = "张教授、李老师", ["StudyHoursText"] = "3", ["SignInRequired"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM session_courses sc JOIN sessions s ON s.id = sc.session_id WHERE sc.course_id = @course AND s.cohort_id = @cohort",
            new { course, cohort }));
        var uses = await PageAsync(org, $"/Courses/Course/{course}");
        Assert.Contains("社区治理学校第一期", uses);
        Assert.Contains("课程评审会", uses);

        // a course that is not in the library is not remembered
        Assert.Equal("Course.NotInLibrary", (await store.RecordTaughtAsync(me, 1, draft)).Error?.Code);

        var xlsx = await org.GetAsync("/Courses/Library?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var cells = string.Join("|", Workbooks.Read(await xlsx.Content.ReadAsByteArrayAsync()).SelectMany(row => row.Cells));
        Assert.Contains("社区社会组织培育与社区治理", cells);
        Assert.Contains("测课大学" + w.Suffix, cells);
    }
}

public sealed class CourseLibraryTests_Sqlite(SqliteDemo app) : CourseLibraryTests(app), IClassFixture<SqliteDemo>;
public sealed class CourseLibraryTests_Postgres(PostgresDemo app) : CourseLibraryTests(app), IClassFixture<PostgresDemo>;
