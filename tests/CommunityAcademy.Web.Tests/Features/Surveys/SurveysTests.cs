using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Surveys.SurveyKit;

namespace CommunityAcademy.Web.Tests.Features.Surveys;

/// <summary>
/// Answering surveys (#23 points 2, 3, 7) through the pages, as phones do: a trainee's draft saved as typed then
/// submitted; a second answer, a closed survey, a 100,000-character text refused with a message (never a 500) and nothing
/// counted; anonymous answers not linked; a host's personal link without an account, once, refused when expired; the
/// public link one per device (a second flagged and left out of counts).
/// </summary>
public abstract class SurveysTests(TestApp app)
{
    [Fact]
    public async Task A_trainee_saves_a_draft_as_they_type_submits_once_and_a_second_answer_is_refused()
    {
        var (cohort, survey) = await SurveyAsync(app);
        var page = $"/Surveys/Answer/{cohort}/{survey}";
        var t = await app.Browser("t061");
        var form = await BodyAsync(await t.GetAsync(page));
        Assert.Contains("data-autosave=", form);
        Assert.Contains("name=\"q:overall\"", form);
        // the draft: incomplete is fine, and comes back in the form
        var draft = await PostAsync(t, page, page + "?handler=Autosave", [("q:advice", "希望多安排现场教学")]);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Contains("希望多安排现场教学", await BodyAsync(await t.GetAsync(page)));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_answers WHERE survey_id = @survey AND counted = @t", new { survey, t = true }));
        // submitting without a required question: refused with its title, nothing submitted
        var missing = await PostAsync(t, page, page, [("q:gain", "1")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("请回答“您对本期培训的总体满意度”", await BodyAsync(missing));
        var ok = await PostAsync(t, page, page, Answer(4, "希望多安排现场教学", 1, 3));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("id=\"survey-thanks\"", await BodyAsync(ok));
        // a second answer: refused, and the first stays the only one
        var again = await PostAsync(t, page, page, Answer(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("您已提交过这份问卷", await BodyAsync(again));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND submitted_at IS NOT NULL", new { survey }));
        Assert.Equal(4, await ScalarAsync(app, "SELECT SUM(value) FROM survey_answers WHERE survey_id = @survey AND question_key = 'overall' AND counted = @t", new { survey, t = true }));
        // named: the answer keeps its person
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND user_id IS NOT NULL", new { survey }));
        // someone the survey does not ask (a trainee of another class) cannot see it: the class check answers 404
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("t047")).GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_and_never_counted()
    {
        var now = app.Clock.GetUtcNow();
        var closes = Domain.Cohorts.ClassClock.ToLocal(now.AddHours(1), "Asia/Shanghai").ToString("yyyy-MM-dd'T'HH:mm");
        var (cohort, survey) = await SurveyAsync(app, closes: closes);
        var page = $"/Surveys/Answer/{cohort}/{survey}";
        var t = await app.Browser("t062");
        // 100,000 characters
        var longText = await PostAsync(t, page, page, Answer(5, new string('长', 100_000)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longText.StatusCode);
        Assert.Contains("回答太长", await BodyAsync(longText));
        // an option that does not exist, a rating off the scale
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(t, page, page, [("q:overall", "5"), ("q:gain", "9")])).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(t, page, page, [("q:overall", "6"), ("q:gain", "1")])).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND submitted_at IS NOT NULL", new { survey }));
        // closed: the page says so, and a post is refused
        app.Clock.Advance(TimeSpan.FromHours(2));
        try
        {
            Assert.Contains("问卷已截止", await BodyAsync(await t.GetAsync(page)));
            var closed = await PostAsync(t, page, page, Answer(5));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, closed.StatusCode);
            Assert.Contains("问卷已截止", await BodyAsync(closed));
            Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND submitted_at IS NOT NULL", new { survey }));
        }
        finally { app.Clock.Advance(TimeSpan.FromHours(-2)); }
        // a bad builder line: refused with the line, nothing made
        var org = await app.Browser("organizer");
        var bad = await PostAsync(org, $"/Surveys/{cohort}", $"/Surveys/{cohort}?handler=Create",
            [("Input.Title", "x"), ("Input.Audiences", "trainees"), ("Input.Definition", "overall|评分7|总体")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("第 1 行：题型“评分7”无效", await BodyAsync(bad));
    }

    [Fact]
    public async Task An_anonymous_answer_is_not_linked_to_the_person_who_still_answers_once()
    {
        var (cohort, survey) = await SurveyAsync(app, anonymous: true);
        var page = $"/Surveys/Answer/{cohort}/{survey}";
        var t = await app.Browser("t063");
        Assert.Contains("id=\"survey-anonymous\"", await BodyAsync(await t.GetAsync(page)));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(t, page, page + "?handler=Autosave", [("q:overall", "3")])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(t, page, page, Answer(3))).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND user_id IS NOT NULL", new { survey }));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_takers WHERE survey_id = @survey", new { survey }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(t, page, page, Answer(5))).StatusCode);
    }

    [Fact]
    public async Task A_host_answers_through_a_personal_link_without_an_account_once_and_not_after_it_expires()
    {
        var (cohort, survey) = await SurveyAsync(app, audiences: "trainees,hosts");
        var org = await app.Browser("organizer");
        var edit = $"/Surveys/Edit/{cohort}/{survey}";
        var expires = Domain.Cohorts.ClassClock.ToLocal(app.Clock.GetUtcNow().AddDays(3), "Asia/Shanghai").ToString("yyyy-MM-dd'T'HH:mm");
        var made = await PostAsync(org, edit, edit + "?handler=Host", [("HostName", "刘明先"), ("HostExpires", expires)]);
        var html = await BodyAsync(made);
        Assert.True(made.StatusCode == HttpStatusCode.OK, html);
        var link = new Uri(Regex.Match(html, "id=\"host-link\">([^<]+)<").Groups[1].Value);
        var second = await PostAsync(org, edit, edit + "?handler=Host", [("HostName", "金元社区书记"), ("HostExpires", expires)]);
        var link2 = new Uri(Regex.Match(await BodyAsync(second), "id=\"host-link\">([^<]+)<").Groups[1].Value);

        var host = app.Anonymous();
        var hostForm = await BodyAsync(await host.GetAsync(link.PathAndQuery));
        Assert.Contains("刘明先", hostForm);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, link.PathAndQuery, link.PathAndQuery + "?handler=Autosave", [("q:advice", "教学点可以多安排互动")])).StatusCode);
        var ok = await PostAsync(host, link.PathAndQuery, link.PathAndQuery, Answer(5, "教学点可以多安排互动"));
        Assert.Contains("id=\"survey-thanks\"", await BodyAsync(ok));
        Assert.Contains("您已提交过这份问卷", await BodyAsync(await host.GetAsync(link.PathAndQuery)));
        var again = await PostWithAsync(host, hostForm, link.PathAndQuery, Answer(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND audience = 'hosts' AND submitted_at IS NOT NULL", new { survey }));
        // an unknown link: 404; an expired one: a message, and a post refused
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/Surveys/Host/nope")).StatusCode);
        var other = app.Anonymous();
        var open = await (await other.GetAsync(link2.PathAndQuery)).Content.ReadAsStringAsync(); // the form opened in time, sent late
        app.Clock.Advance(TimeSpan.FromDays(4));
        try
        {
            Assert.Contains("这个个人链接已过期", await BodyAsync(await other.GetAsync(link2.PathAndQuery)));
            var late = await PostWithAsync(other, open, link2.PathAndQuery, Answer(5));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
            Assert.Contains("这个个人链接已过期", await BodyAsync(late));
        }
        finally { app.Clock.Advance(TimeSpan.FromDays(-4)); }
        Assert.Contains("✓", await BodyAsync(await org.GetAsync(edit)));
    }

    [Fact]
    public async Task The_public_link_takes_one_answer_per_device_and_flags_a_second_one_left_out_of_the_counts()
    {
        var (cohort, survey) = await SurveyAsync(app, audiences: "public");
        var org = await app.Browser("organizer");
        var edit = await BodyAsync(await org.GetAsync($"/Surveys/Edit/{cohort}/{survey}"));
        Assert.Contains("<svg", edit);
        var link = new Uri(Regex.Match(edit, "id=\"public-link\">([^<]+)<").Groups[1].Value).PathAndQuery;
        var phone = app.Anonymous();
        Assert.DoesNotContain("data-autosave=\"/", await BodyAsync(await phone.GetAsync(link)));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(phone, link, link, Answer(5))).StatusCode);
        var second = await PostAsync(phone, link, link, Answer(1));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("id=\"survey-duplicate\"", await BodyAsync(second));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(app.Anonymous(), link, link, Answer(3))).StatusCode);
        var figures = (await app.Get<CommunityAcademy.Web.Features.Surveys.SurveyResults>().ResultAsync(cohort, survey))!;
        Assert.Equal((2L, 1L), (figures.Answers, figures.Duplicates));
        await app.Get<CommunityAcademy.Web.Features.Surveys.SurveyTrend>().ForSurveyAsync(figures.Survey, 1);
        var resultsPage = await org.GetAsync($"/Surveys/Results/{cohort}/{survey}");
        var results = await BodyAsync(resultsPage);
        Assert.True(resultsPage.StatusCode == HttpStatusCode.OK, results);
        Assert.Contains("有效答卷 2 份", results);
        Assert.Contains("同一设备重复提交 1 份", results);
        Assert.Equal(8, await ScalarAsync(app, "SELECT SUM(value) FROM survey_answers WHERE survey_id = @survey AND question_key = 'overall' AND counted = @t", new { survey, t = true }));
        // a trainee may not build surveys
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.Browser("t061")).GetAsync($"/Surveys/Edit/{cohort}/{survey}")).StatusCode);
    }
}

public sealed class SurveysTests_Sqlite(SqliteDemo app) : SurveysTests(app), IClassFixture<SqliteDemo>;
public sealed class SurveysTests_Postgres(PostgresDemo app) : SurveysTests(app), IClassFixture<PostgresDemo>;
