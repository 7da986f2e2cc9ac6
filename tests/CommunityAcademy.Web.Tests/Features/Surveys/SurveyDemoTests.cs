using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Surveys.SurveyKit;

namespace CommunityAcademy.Web.Tests.Features.Surveys;

/// <summary>The demo (#23 point 6): seed 003's class has a three-audience survey answered by trainees, instructors and the hosts of 金元社区 and 观山社区.</summary>
public abstract class SurveyDemoTests(TestApp app)
{
    [Fact]
    public async Task Seed_003s_class_has_its_three_audience_survey_answered()
    {
        var cohort = await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed003.Title });
        var survey = await ScalarAsync(app, "SELECT id FROM surveys WHERE cohort_id = @cohort AND title = @t", new { cohort, t = Seed003Survey.Title });
        var r = (await app.Get<SurveyResults>().ResultAsync(cohort, survey))!;
        Assert.True(r.ByAudience[Audience.Trainees] >= 30);
        Assert.Equal(3, r.ByAudience[Audience.Instructors]);
        Assert.Equal(2, r.ByAudience[Audience.Hosts]);
        Assert.Equal(["刘明先（观山社区党支部书记）", "金元社区负责人（示例）"], (await app.Get<SurveyStore>().HostsAsync(survey)).Where(h => h.Answered).Select(h => h.Name).Order());
        Assert.Contains(r.Questions.Single(q => q.Question.Key == "advice").Terms, t => t.Term == "现场" && t.Answers >= 2);
        Assert.NotEmpty(r.Sessions.Where(s => s.Raters > 0));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND user_id IS NOT NULL", new { survey })); // anonymous
        // session ratings flow into the course library (the class was built from it)
        var library = await (await (await app.Browser(Seed003.Organizer)).GetAsync("/Courses/Library")).Content.ReadAsStringAsync();
        Assert.Contains("data-rating=", library);
    }
}

public sealed class SurveyDemoTests_Sqlite(SqliteDemo app) : SurveyDemoTests(app), IClassFixture<SqliteDemo>;
public sealed class SurveyDemoTests_Postgres(PostgresDemo app) : SurveyDemoTests(app), IClassFixture<PostgresDemo>;
