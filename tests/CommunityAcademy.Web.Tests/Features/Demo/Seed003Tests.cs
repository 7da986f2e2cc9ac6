using System.Net;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Demo;

/// <summary>Seed 003 (#20): the agreement, six courses, the panel of five and its trial lectures, one revision, the class built from the library.</summary>
public abstract class Seed003Tests(TestApp app)
{
    private async Task<long> ClassAsync() => await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed003.Title });

    [Fact]
    public async Task The_agreement_six_courses_a_panel_of_five_and_its_scores_one_revision_all_accepted()
    {
        var org = await UserAsync(app, Seed003.Organizer);
        var courses = app.Get<CourseStore>();
        var agreement = (await courses.AgreementsAsync(org)).Single();
        Assert.Equal((Seed003.AgreementTitle, Seed003.Partner, Seed003.School, 6L), (agreement.Title, agreement.PartnerUnit, agreement.OwnerUnit, agreement.Courses));
        var library = await courses.LibraryAsync(org);
        Assert.Equal(Seed003.Courses.Select(k => k.Title).Order(), library.Select(k => k.Title).Order());
        Assert.Equal(3, library.Count(k => k.Title.EndsWith(DemoClassKit.SampleMark)));
        Assert.Contains(library, k => k.Title == "社区服务体系建设与“三感社区”推动");
        var revised = library.Single(k => k.Title == Seed003.Courses[Seed003.RevisedCourse].Title);
        Assert.Equal(2, revised.Version);
        Assert.All(library, k => Assert.Equal(1, k.Taught));

        var meetings = app.Get<MeetingStore>();
        var meeting = (await meetings.MeetingsAsync(org)).Single();
        var members = await meetings.MembersAsync(meeting.Id);
        Assert.Equal(["expert", "expert", "official", "official", "worker"], members.Select(m => m.Role));
        var results = await meetings.ResultsAsync(meeting);
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal(5, r.Panel.Counted));
        Assert.Equal(["accepted", "revise", "accepted", "accepted", "accepted", "accepted"], results.Select(r => r.Lecture.Decision));
        var rev = results[Seed003.RevisedCourse].Lecture;
        Assert.Equal((Seed003.Panel[0].Name, 2), (rev.Checker, rev.RevisionVersion!.Value));
        Assert.True(meeting.IsClosed(app.Clock.GetUtcNow()));
        Assert.True(meeting.StartsAt < app.Clock.GetUtcNow());
        // a member of the panel sees the meeting; its scoring is over
        var member = await app.Browser(Seed003.Panel[4].Username);
        Assert.Contains("社区工作者代表", await PageAsync(member, $"/Courses/Meeting/{meeting.Id}"));
        var lecture = results[0].Lecture.Id;
        var r0 = await TestApp.PostFormAsync(member, $"/Courses/Score/{meeting.Id}/{lecture}",
            Domain.Courses.CourseRules.SampleRubric().Criteria.ToDictionary(c => $"Values[{c.Key}]", _ => "8"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r0.StatusCode);
        // the 汇总 names every course
        var docx = await (await app.Browser(Seed003.Organizer)).GetAsync($"/Courses/Summary/{meeting.Id}");
        var text = OfficialDocx.ReadText(await docx.Content.ReadAsStreamAsync());
        Assert.All(Seed003.Courses, k => Assert.Contains(k.Title, text));
        Assert.Contains("修改后通过", text);
    }

    [Fact]
    public async Task The_first_class_has_50_trainees_5_days_two_teaching_points_a_head_teacher_and_sessions_from_the_library()
    {
        var id = await ClassAsync();
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(50, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM enrollments WHERE cohort_id = @id AND status = 'active'", new { id }));
        var (start, end) = await c.QuerySingleAsync<(DateOnly, DateOnly)>("SELECT start_date, end_date FROM cohorts WHERE id = @id", new { id });
        Assert.Equal(4, end.DayNumber - start.DayNumber);
        Assert.Equal(["观山社区", "金元社区"], (await c.QueryAsync<string>("""
            SELECT DISTINCT tp.name FROM sessions s JOIN teaching_points tp ON tp.id = s.teaching_point_id WHERE s.cohort_id = @id ORDER BY tp.name
            """, new { id })).Order(StringComparer.Ordinal));
        Assert.Equal(Seed003.HeadTeacher, await c.ExecuteScalarAsync<string>("""
            SELECT u.username FROM cohort_staff cs JOIN users u ON u.id = cs.user_id WHERE cs.cohort_id = @id AND cs.role = 'head_teacher'
            """, new { id }));
        Assert.Equal(6, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM session_courses sc JOIN sessions s ON s.id = sc.session_id WHERE s.cohort_id = @id", new { id }));
        // seen by its own organizer only (not the ezhou organizer)
        var seen = await (await app.Browser(Seed003.Organizer)).GetAsync($"/Timetable/{id}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{id}")).StatusCode);
    }
}

public sealed class Seed003Tests_Sqlite(SqliteDemo app) : Seed003Tests(app), IClassFixture<SqliteDemo>;
public sealed class Seed003Tests_Postgres(PostgresDemo app) : Seed003Tests(app), IClassFixture<PostgresDemo>;
