using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Courses.CourseKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Courses;

/// <summary>课程开发 (#20): agreements, proposals with versions and files, the review meeting, its refusals, decisions, acceptance.</summary>
public abstract class CourseStoreTests(TestApp app)
{
    private CourseStore Courses => app.Get<CourseStore>();
    private MeetingStore Meetings => app.Get<MeetingStore>();

    [Fact]
    public async Task A_proposal_under_an_agreement_keeps_versions_and_files_and_an_accepted_course_changes_only_as_a_new_version()
    {
        var w = await WorldAsync(app);
        var org = await UserAsync(app, w.Organizer);
        var a = (await Courses.AgreementsAsync(org)).Single(x => x.Id == w.Agreement);
        Assert.Equal(("测课大学" + w.Suffix, new DateOnly(2021, 1, 12), 0L), (a.PartnerUnit, a.SignedOn!.Value, a.Courses));

        var id = Ok(await Courses.CreateCourseAsync(org, w.Agreement, null, Fields("社区工作与社区工作者职业素养")));
        Assert.Equal(1, Ok(await Courses.SaveAsync(org, id, 1, Fields("社区工作与社区工作者职业素养", 3), false)));
        Assert.Equal(2, Ok(await Courses.SaveAsync(org, id, 1, Fields("社区工作与社区工作者职业素养", 4), true, "按评委意见修改")));
        var versions = await Courses.VersionsAsync(id);
        Assert.Equal([(1, 3m), (2, 4m)], versions.Select(v => (v.Number, v.Fields.Hours!.Value)));
        Assert.Equal("Course.Stale", (await Courses.SaveAsync(org, id, 1, Fields("x"), false)).Error?.Code);
        Assert.Equal("Course.BadFormat", (await Courses.SaveAsync(org, id, 2, Fields("x") with { Format = "party" }, false)).Error?.Code);

        var file = Ok(await Courses.AddFileAsync(org, id, "%PDF-1.4\n% slides\n"u8.ToArray(), "课件.pdf"));
        Assert.Equal(file, (await Courses.FilesAsync(versions[1].Id)).Single().Id);
        Assert.True(await Courses.MaySeeAsync(org, versions[1].Id));
        Assert.False(await Courses.MaySeeAsync(await UserAsync(app, "t001"), versions[1].Id));
        Assert.Equal("Course.FileRefused", (await Courses.AddFileAsync(org, id, "MZ not a document"u8.ToArray(), "x.exe")).Error?.Code);

        // accepted by a meeting: editing in place is refused (nothing changes), a new version is fine and the library keeps the accepted one
        var m = Ok(await Meetings.CreateAsync(org, new NewMeeting(w.Root, "课程评审会", "区委党校", app.Clock.GetUtcNow().AddDays(1), app.Clock.GetUtcNow().AddDays(1).AddHours(8))));
        var l = Ok(await Meetings.AddLectureAsync(org, m, id, app.Clock.GetUtcNow().AddDays(1).AddHours(1), app.Clock.GetUtcNow().AddDays(1).AddHours(2), "张教授"));
        Ok(await Meetings.DecideAsync(org, m, l, "目标清楚。", Decision.Accepted, null));
        var refused = await Courses.SaveAsync(org, id, 2, Fields("改过的名字"), false);
        Assert.Equal("Course.AcceptedNeedsVersion", refused.Error?.Code);
        Assert.Equal("社区工作与社区工作者职业素养", (await Courses.CourseAsync(org, id))!.Title);
        Assert.Equal("Course.AcceptedNeedsVersion", (await Courses.AddFileAsync(org, id, "%PDF-1.4\n"u8.ToArray(), "讲义.pdf")).Error?.Code);
        Assert.Equal(3, Ok(await Courses.SaveAsync(org, id, 2, Fields("社区工作与社区工作者职业素养（第二版）"), true)));
        var k = (await Courses.CourseAsync(org, id))!;
        Assert.Equal(("accepted", 3, 2), (k.Status, k.CurrentVersion, k.AcceptedVersion!.Value));
    }

    [Fact]
    public async Task An_organizer_bound_to_a_unit_sees_only_what_is_owned_within_it()
    {
        var w = await WorldAsync(app);
        var huinan = await UserAsync(app, "organizer"); // the demo organizer, of 鄂州市民政局
        Assert.DoesNotContain(await Courses.AgreementsAsync(huinan), a => a.Id == w.Agreement);
        Assert.Null(await Courses.AgreementAsync(huinan, w.Agreement));
        Assert.Equal("Course.UnknownAgreement", (await Courses.CreateCourseAsync(huinan, w.Agreement, null, Fields("x"))).Error?.Code);
        Assert.Equal("Course.UnknownUnit", (await Courses.CreateAgreementAsync(huinan, new NewAgreement(w.Root, w.Partner, "x", null, null, null, null))).Error?.Code);
        var t001 = await UserAsync(app, "t001");
        Assert.Empty(await Courses.AgreementsAsync(t001));
    }

    [Fact]
    public async Task Bad_agreements_are_refused()
    {
        var w = await WorldAsync(app);
        var org = await UserAsync(app, w.Organizer);
        Assert.Equal("Course.AgreementTitleRequired", (await Courses.CreateAgreementAsync(org, new NewAgreement(w.Root, w.Partner, " ", null, null, null, null))).Error?.Code);
        Assert.Equal("Course.PartnerIsOwner", (await Courses.CreateAgreementAsync(org, new NewAgreement(w.Root, w.Root, "x", null, null, null, null))).Error?.Code);
        Assert.Equal("Course.AgreementDates", (await Courses.CreateAgreementAsync(org,
            new NewAgreement(w.Root, w.Partner, "x", null, new DateOnly(2021, 5, 1), new DateOnly(2021, 4, 1), null))).Error?.Code);
    }

    private async Task<(World W, long Meeting, long Lecture, long Course, DateTimeOffset Starts, DateTimeOffset Closes, string[] Panel)> MeetingAsync()
    {
        var w = await WorldAsync(app);
        var org = await UserAsync(app, w.Organizer);
        var course = Ok(await Courses.CreateCourseAsync(org, w.Agreement, null, Fields("社区社会组织培育与社区治理")));
        var day = app.Clock.GetUtcNow().AddDays(2);
        var m = Ok(await Meetings.CreateAsync(org, new NewMeeting(w.Root, "课程评审会", "区委党校", day, day.AddHours(8))));
        var starts = day.AddHours(1);
        var l = Ok(await Meetings.AddLectureAsync(org, m, course, starts, starts.AddMinutes(40), "李老师"));
        string[] panel = [await ReviewerAsync(app, "expert", null), await ReviewerAsync(app, "expert", null), await ReviewerAsync(app, "unit_contact", null)];
        await SetUnitAsync(app, panel[1], w.PartnerDept);   // a member of the partner institution
        await SetUnitAsync(app, panel[2], w.Community);     // a community worker of the district
        Ok(await Meetings.AddMemberAsync(org, m, panel[0], PanelRole.Expert));
        Ok(await Meetings.AddMemberAsync(org, m, panel[1], PanelRole.Expert));
        Ok(await Meetings.AddMemberAsync(org, m, panel[2], PanelRole.Worker));
        return (w, m, l, course, starts, day.AddHours(8), panel);
    }

    private static Dictionary<string, decimal> Marks(decimal v) => CourseRules.SampleRubric().Criteria.ToDictionary(c => c.Key, _ => v);

    [Fact]
    public async Task Members_score_a_lecture_between_its_start_and_the_close_and_the_refusals_say_why()
    {
        var (w, m, l, _, starts, closes, panel) = await MeetingAsync();
        var expert = await UserAsync(app, panel[0]);
        var partnerMember = await UserAsync(app, panel[1]);
        var worker = await UserAsync(app, panel[2]);
        var outsider = await UserAsync(app, await ReviewerAsync(app, "expert", null));

        app.Clock.Set(starts.AddMinutes(-1));
        Assert.Equal("Course.LectureNotStarted", (await Meetings.ScoreAsync(expert, m, l, Marks(8), "好")).Error?.Code);
        app.Clock.Set(starts.AddMinutes(10));
        Assert.Equal("Course.NotMember", (await Meetings.ScoreAsync(outsider, m, l, Marks(8), null)).Error?.Code);
        Assert.Equal("Course.PartnerConflict", (await Meetings.ScoreAsync(partnerMember, m, l, Marks(8), null)).Error?.Code);
        Assert.Equal("Review.Missing", (await Meetings.ScoreAsync(expert, m, l, new Dictionary<string, decimal> { ["goals"] = 8 }, null)).Error?.Code);
        Assert.Equal("Review.OutOfScale", (await Meetings.ScoreAsync(expert, m, l, Marks(11), null)).Error?.Code);
        Assert.Equal(77.78m, Ok(await Meetings.ScoreAsync(expert, m, l, Marks(8), "案例贴近实际"))); // 8 on 1–10 → (8−1)/9
        Ok(await Meetings.ScoreAsync(worker, m, l, Marks(10), "互动可以再多"));
        app.Clock.Set(closes);
        Assert.Equal("Course.MeetingClosed", (await Meetings.ScoreAsync(worker, m, l, Marks(9), null)).Error?.Code);

        var meeting = (await Meetings.ContextAsync(await UserAsync(app, w.Organizer), m))!.Value.Meeting;
        var result = (await Meetings.ResultsAsync(meeting)).Single();
        Assert.Equal(2, result.Panel.Counted);
        Assert.Equal(88.89m, result.Panel.Aggregate);
        Assert.Equal(["案例贴近实际", "互动可以再多"], result.Scores.OrderBy(s => s.Total).Select(s => s.Opinion));
    }

    [Fact]
    public async Task A_member_sees_the_meeting_only_and_an_outsider_nothing()
    {
        var (w, m, _, course, _, _, panel) = await MeetingAsync();
        var expert = await UserAsync(app, panel[0]);
        var ctx = await Meetings.ContextAsync(expert, m);
        Assert.NotNull(ctx);
        Assert.False(ctx.Value.Organizer);
        Assert.Equal("expert", ctx.Value.Member!.Role);
        Assert.Null(await Meetings.ContextAsync(await UserAsync(app, "mentor"), m));
        Assert.Null(await Courses.CourseAsync(expert, course)); // the course pages are the organizer's
        Assert.Equal("Course.NotOrganizer", (await Meetings.AddMemberAsync(expert, m, "mentor", PanelRole.Expert)).Error?.Code);
        Assert.Equal("Course.MeetingNotFound", (await Meetings.CloseAsync(await UserAsync(app, "organizer"), m)).Error?.Code);
    }

    [Fact]
    public async Task After_revision_the_named_member_checks_the_new_version_and_the_organizer_records_acceptance()
    {
        var (w, m, l, course, starts, _, panel) = await MeetingAsync();
        var org = await UserAsync(app, w.Organizer);
        var checker = await UserAsync(app, panel[0]);
        Assert.Equal("Course.CheckerNeeded", (await Meetings.DecideAsync(org, m, l, "流程要更清楚", Decision.Revise, null)).Error?.Code);
        var outsider = await UserAsync(app, "mentor");
        Assert.Equal("Course.CheckerNotMember", (await Meetings.DecideAsync(org, m, l, "流程要更清楚", Decision.Revise, outsider.Id)).Error?.Code);
        Ok(await Meetings.DecideAsync(org, m, l, "流程要更清楚", Decision.Revise, checker.Id));
        Assert.Equal("Course.NotRevised", (await Meetings.CheckRevisionAsync(checker, m, l)).Error?.Code);
        Assert.Equal("Course.NotRevised", (await Meetings.AcceptRevisionAsync(org, m, l)).Error?.Code);
        Ok(await Courses.SaveAsync(org, course, 1, Fields("社区社会组织培育与社区治理", 3), true, "按修改意见"));
        Assert.Equal("Course.NotChecked", (await Meetings.AcceptRevisionAsync(org, m, l)).Error?.Code);
        Assert.Equal("Course.NotChecker", (await Meetings.CheckRevisionAsync(await UserAsync(app, panel[2]), m, l)).Error?.Code);
        Ok(await Meetings.CheckRevisionAsync(checker, m, l));
        Ok(await Meetings.AcceptRevisionAsync(org, m, l));
        var k = (await Courses.CourseAsync(org, course))!;
        Assert.Equal(("accepted", 2), (k.Status, k.AcceptedVersion!.Value));
        Assert.Contains(await Courses.CoursesAsync(org, "accepted"), x => x.Id == course);
    }

    [Fact]
    public async Task Slots_lie_within_the_meeting_and_a_course_is_heard_once()
    {
        var (w, m, _, course, starts, closes, _) = await MeetingAsync();
        var org = await UserAsync(app, w.Organizer);
        Assert.Equal("Course.SlotOutsideMeeting", (await Meetings.AddLectureAsync(org, m, course, closes.AddMinutes(-5), closes.AddMinutes(30), null)).Error?.Code);
        Assert.Equal("Course.SlotOrder", (await Meetings.AddLectureAsync(org, m, course, starts, starts, null)).Error?.Code);
        Assert.Equal("Course.AlreadyOnAgenda", (await Meetings.AddLectureAsync(org, m, course, starts, starts.AddMinutes(30), null)).Error?.Code);
        Assert.Equal("Course.UnknownUser", (await Meetings.AddMemberAsync(org, m, "nobody-" + w.Suffix, PanelRole.Official)).Error?.Code);
    }

    // ---- session 8: the rubric edited and versioned, conflicts known before scoring, agreements edited and deleted

    [Fact]
    public async Task The_rubric_changes_in_place_before_any_score_and_as_a_new_version_after_and_older_scores_are_left_out()
    {
        var (w, m, l, _, starts, _, panel) = await MeetingAsync();
        var org = await UserAsync(app, w.Organizer);
        var expert = await UserAsync(app, panel[0]);
        var worker = await UserAsync(app, panel[2]);
        Assert.False(await Meetings.ScoringStartedAsync(m));
        Assert.Equal("Course.NotOrganizer", (await Meetings.EditRubricAsync(expert, m, "x", "目标明确|1|1-10", AggregateRule.Mean, 20m)).Error?.Code);

        // before any score: the version stays 1, the sample label goes
        Assert.Equal(1, Ok(await Meetings.EditRubricAsync(org, m, "试讲评分", "目标明确|2|1-10\n方法互动|1|1-10", AggregateRule.Mean, 20m)));
        var rubric = (await Meetings.ContextAsync(org, m))!.Value.Meeting.RubricValue;
        Assert.Equal((1, "试讲评分", false), (rubric.Version, rubric.Name, CourseRules.IsSample(rubric)));
        Assert.Equal(["goals", "interaction"], rubric.Criteria.Select(c => c.Key));
        Assert.Single(await Meetings.RubricVersionsAsync(m));

        app.Clock.Set(starts.AddMinutes(5));
        var two = new Dictionary<string, decimal> { ["goals"] = 10, ["interaction"] = 1 };
        Assert.Equal(66.67m, Ok(await Meetings.ScoreAsync(expert, m, l, two, "好")));
        Assert.True(await Meetings.ScoringStartedAsync(m));

        // once scoring started: a new version; the old one is kept; refused edits change nothing
        Assert.Equal("Review.RubricLine", (await Meetings.EditRubricAsync(org, m, "试讲评分", "目标明确|x|1-10", AggregateRule.Mean, 20m)).Error?.Code);
        Assert.Equal(2, Ok(await Meetings.EditRubricAsync(org, m, "试讲评分", "目标明确|1|1-10\n方法互动|1|1-10\n时间把控|1|1-10", AggregateRule.Mean, 20m)));
        Assert.Equal([1, 2], (await Meetings.RubricVersionsAsync(m)).Select(r => r.Version));
        Assert.Equal(2, (await Meetings.RubricVersionsAsync(m))[0].Criteria.Count);
        Assert.Equal("Review.Missing", (await Meetings.ScoreAsync(worker, m, l, two, null)).Error?.Code);
        var three = new Dictionary<string, decimal> { ["goals"] = 10, ["interaction"] = 10, ["c3"] = 10 };
        Assert.Equal(100m, Ok(await Meetings.ScoreAsync(worker, m, l, three, null)));

        var meeting = (await Meetings.ContextAsync(org, m))!.Value.Meeting;
        var result = (await Meetings.ResultsAsync(meeting)).Single();
        Assert.Equal((1, 1, 100m), (result.Panel.Counted, result.Panel.OlderVersion, result.Panel.Aggregate!.Value));
        Assert.Equal((1, 2), (result.Scores.Single(s => s.UserId == expert.Id).RubricVersion, result.Scores.Single(s => s.UserId == worker.Id).RubricVersion));
        Assert.Equal(2, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'course_meeting' AND entity_id = @m AND action = 'course.meeting.rubric'", new { m }));
    }

    [Fact]
    public async Task A_members_to_do_names_the_conflict_before_the_lecture_and_the_window_as_the_store_applies_it()
    {
        var (_, m, l, _, starts, closes, panel) = await MeetingAsync();
        var expert = await UserAsync(app, panel[0]);
        var partnerMember = await UserAsync(app, panel[1]);
        app.Clock.Set(starts.AddMinutes(-30));
        var before = (await Meetings.TodoAsync(partnerMember, m)).Single();
        Assert.Equal(("Course.LectureNotStarted", "Course.PartnerConflict"), (before.Refusal?.Code, before.Conflict?.Code));
        Assert.Null((await Meetings.TodoAsync(expert, m)).Single().Conflict);
        app.Clock.Set(starts.AddMinutes(1));
        var now = (await Meetings.TodoAsync(partnerMember, m)).Single();
        Assert.Equal(("Course.PartnerConflict", "Course.PartnerConflict", false), (now.Refusal?.Code, now.Conflict?.Code, now.CanScore));
        var mine = (await Meetings.TodoAsync(expert, m)).Single();
        Assert.True(mine.CanScore);
        Ok(await Meetings.ScoreAsync(expert, m, l, Marks(7), null));
        Assert.Equal(66.67m, (await Meetings.TodoAsync(expert, m)).Single().Mine!.Total);
        app.Clock.Set(closes);
        Assert.Equal("Course.MeetingClosed", (await Meetings.TodoAsync(expert, m)).Single().Refusal?.Code);
        Assert.Empty(await Meetings.TodoAsync(await UserAsync(app, "mentor"), m));
    }

    [Fact]
    public async Task An_agreement_is_edited_its_partner_stays_once_heard_and_it_is_deleted_only_without_courses()
    {
        var w = await WorldAsync(app);
        var org = await UserAsync(app, w.Organizer);
        var edit = new AgreementEdit(w.Community, "社区工作者培训课程体系开发合作协议（修订）", new DateOnly(2021, 1, 13), null, null, "合作开发六门课程");
        Ok(await Courses.UpdateAgreementAsync(org, w.Agreement, edit));
        var a = (await Courses.AgreementAsync(org, w.Agreement))!;
        Assert.Equal(("社区工作者培训课程体系开发合作协议（修订）", w.Community, new DateOnly(2021, 1, 13), "合作开发六门课程"), (a.Title, a.PartnerUnitId, a.SignedOn!.Value, a.Scope));
        Assert.Equal("Course.AgreementDates", (await Courses.UpdateAgreementAsync(org, w.Agreement, edit with { StartsOn = new DateOnly(2021, 5, 1), EndsOn = new DateOnly(2021, 4, 1) })).Error?.Code);
        Assert.Equal("Course.AgreementTitleRequired", (await Courses.UpdateAgreementAsync(org, w.Agreement, edit with { Title = " " })).Error?.Code);
        Assert.Equal("Course.PartnerIsOwner", (await Courses.UpdateAgreementAsync(org, w.Agreement, edit with { PartnerUnitId = w.Root })).Error?.Code);
        var huinan = await UserAsync(app, "organizer");
        Assert.Equal("Course.UnknownAgreement", (await Courses.UpdateAgreementAsync(huinan, w.Agreement, edit with { Title = "别人的" })).Error?.Code);
        Assert.Equal("Course.UnknownAgreement", (await Courses.DeleteAgreementAsync(huinan, w.Agreement)).Error?.Code);
        Assert.Equal("社区工作者培训课程体系开发合作协议（修订）", (await Courses.AgreementAsync(org, w.Agreement))!.Title);

        // a course heard at a meeting: the partner stays; the agreement is not deleted while the course depends on it
        Ok(await Courses.UpdateAgreementAsync(org, w.Agreement, edit with { PartnerUnitId = w.Partner }));
        var course = Ok(await Courses.CreateCourseAsync(org, w.Agreement, null, Fields("社区工作与社区工作者职业素养")));
        var day = app.Clock.GetUtcNow().AddDays(1);
        var m = Ok(await Meetings.CreateAsync(org, new NewMeeting(w.Root, "课程评审会", null, day, day.AddHours(8))));
        Ok(await Meetings.AddLectureAsync(org, m, course, day.AddHours(1), day.AddHours(2), null));
        Assert.Equal("Course.PartnerHeard", (await Courses.UpdateAgreementAsync(org, w.Agreement, edit)).Error?.Code);
        Ok(await Courses.UpdateAgreementAsync(org, w.Agreement, edit with { PartnerUnitId = w.Partner, Title = "仍可改名" }));
        var refused = await Courses.DeleteAgreementAsync(org, w.Agreement);
        Assert.Equal(("Course.AgreementHasCourses", (object)1L), (refused.Error?.Code, refused.Error!.Args[0]));
        Assert.NotNull(await Courses.AgreementAsync(org, w.Agreement));

        var spare = Ok(await Courses.CreateAgreementAsync(org, new NewAgreement(w.Root, w.Partner, "备用协议", null, null, null, null)));
        Assert.True(Ok(await Courses.DeleteAgreementAsync(org, spare)));
        Assert.Null(await Courses.AgreementAsync(org, spare));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'course_agreement' AND entity_id = @spare AND action = 'course.agreement.delete' AND old_value LIKE '备用协议|%'", new { spare }));
        Assert.Equal(3, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'course_agreement' AND entity_id = @id AND action = 'course.agreement.edit'", new { id = w.Agreement }));
    }
}

public sealed class CourseStoreTests_Sqlite(SqliteDemo app) : CourseStoreTests(app), IClassFixture<SqliteDemo>;
public sealed class CourseStoreTests_Postgres(PostgresDemo app) : CourseStoreTests(app), IClassFixture<PostgresDemo>;
