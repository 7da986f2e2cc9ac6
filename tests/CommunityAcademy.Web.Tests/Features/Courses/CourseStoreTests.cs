using CommunityAcademy.Domain.Courses;
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
}

public sealed class CourseStoreTests_Sqlite(SqliteDemo app) : CourseStoreTests(app), IClassFixture<SqliteDemo>;
public sealed class CourseStoreTests_Postgres(PostgresDemo app) : CourseStoreTests(app), IClassFixture<PostgresDemo>;
