using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Surveys.SurveyKit;

namespace CommunityAcademy.Web.Tests.Features.Surveys;

/// <summary>
/// Hosts' personal links on the survey's Edit page (#23 point 3): listed with their state and never their token, withdrawn
/// after a question that works without JavaScript, issued anew (the old token stops working, the host keeps the row),
/// each change audited; a withdrawn or expired link answers a page with a message, and a post through it is refused.
/// </summary>
public abstract class SurveyHostLinkTests(TestApp app)
{
    private static Uri LinkIn(string html) => new(Regex.Match(html, "id=\"host-link\">([^<]+)<").Groups[1].Value);

    private string Local(TimeSpan from) => Domain.Cohorts.ClassClock.ToLocal(app.Clock.GetUtcNow().Add(from), "Asia/Shanghai").ToString("yyyy-MM-dd'T'HH:mm");

    [Fact]
    public async Task An_organizer_lists_withdraws_and_reissues_host_links_and_a_withdrawn_link_answers_a_message()
    {
        var (cohort, survey) = await SurveyAsync(app, audiences: "trainees,hosts");
        var org = await app.Browser("organizer");
        var edit = $"/Surveys/Edit/{cohort}/{survey}";
        var made = await PostAsync(org, edit, edit + "?handler=Host", [("HostName", "观山社区书记"), ("HostExpires", Local(TimeSpan.FromDays(3)))]);
        var madeHtml = await BodyAsync(made);
        Assert.True(made.StatusCode == HttpStatusCode.OK, madeHtml);
        var link = LinkIn(madeHtml).PathAndQuery;
        var token = link[(link.LastIndexOf('/') + 1)..];
        var hostId = await ScalarAsync(app, "SELECT id FROM survey_hosts WHERE survey_id = @survey", new { survey });

        // the list: name, expiry, not answered, valid; the token is not shown again
        var page = await BodyAsync(await org.GetAsync(edit));
        var row = Regex.Match(page, $"<tr data-host=\"{hostId}\" data-state=\"(\\w+)\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.Equal("active", row.Groups[1].Value);
        Assert.Contains("观山社区书记", row.Groups[2].Value);
        Assert.Contains("有效", row.Groups[2].Value);
        Assert.DoesNotContain(token, page);

        // withdrawing asks first: the question is a page of its own (no JavaScript), nothing changes by reading it
        var ask = await BodyAsync(await org.GetAsync($"{edit}?confirm=revoke&host={hostId}"));
        Assert.Contains("id=\"confirm-host\"", ask);
        Assert.Contains("确定撤销“观山社区书记”的个人链接", ask);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_hosts WHERE id = @hostId AND revoked_at IS NOT NULL", new { hostId }));
        var host = app.Anonymous();
        var openForm = await BodyAsync(await host.GetAsync(link)); // a host's phone has the form open
        Assert.Contains("观山社区书记", openForm);
        var revoked = await PostAsync(org, $"{edit}?confirm=revoke&host={hostId}", edit + "?handler=Revoke", [("host", hostId.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = await BodyAsync(await org.GetAsync(edit));
        Assert.Contains("“观山社区书记”的个人链接已撤销", after);
        Assert.Matches($"<tr data-host=\"{hostId}\" data-state=\"revoked\">", after);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'survey_host' AND entity_id = @hostId AND action = 'survey.host_revoke'", new { hostId }));

        // the withdrawn link: a page with a message (no form, no name), a post and an autosave refused, nothing stored
        var gone = await host.GetAsync(link);
        var goneHtml = await BodyAsync(gone);
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        Assert.Contains("id=\"survey-closed\"", goneHtml);
        Assert.Contains("这个个人链接已被撤销", goneHtml);
        Assert.DoesNotContain("观山社区书记", goneHtml);
        var late = await PostWithAsync(host, openForm, link, Answer(5, "来晚了"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("这个个人链接已被撤销", await BodyAsync(late));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostWithAsync(host, openForm, link + "?handler=Autosave", [("q:advice", "草稿")])).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_responses WHERE host_id = @hostId", new { hostId }));
        // withdrawing twice: a message, not a 500
        var twice = await PostAsync(org, edit, edit + "?handler=Revoke", [("host", hostId.ToString())]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("这个个人链接已撤销", await BodyAsync(twice));

        // issued anew after a question: a new link shown once, the old token stops working, the row stands again
        Assert.Contains("旧链接立即失效", await BodyAsync(await org.GetAsync($"{edit}?confirm=reissue&host={hostId}")));
        var reissued = await PostAsync(org, $"{edit}?confirm=reissue&host={hostId}", edit + "?handler=Reissue",
            [("host", hostId.ToString()), ("HostExpires", Local(TimeSpan.FromDays(10)))]);
        var reissuedHtml = await BodyAsync(reissued);
        Assert.True(reissued.StatusCode == HttpStatusCode.OK, reissuedHtml);
        var link2 = LinkIn(reissuedHtml).PathAndQuery;
        Assert.NotEqual(link, link2);
        Assert.Matches($"<tr data-host=\"{hostId}\" data-state=\"active\">", reissuedHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(link)).StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_hosts WHERE survey_id = @survey", new { survey }));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'survey_host' AND entity_id = @hostId AND action = 'survey.host_reissue'", new { hostId }));
        var phone = app.Anonymous();
        Assert.Contains("观山社区书记", await BodyAsync(await phone.GetAsync(link2)));
        Assert.Contains("id=\"survey-thanks\"", await BodyAsync(await PostAsync(phone, link2, link2, Answer(4, "教学点的讲解很细致"))));
        Assert.Contains("✓", Regex.Match(await BodyAsync(await org.GetAsync(edit)), $"<tr data-host=\"{hostId}\".*?</tr>", RegexOptions.Singleline).Value);

        // an expiry in the past is refused with a message; a link of another survey is not found
        var past = await PostAsync(org, edit, edit + "?handler=Reissue", [("host", hostId.ToString()), ("HostExpires", Local(TimeSpan.FromDays(-1)))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Contains("有效期须晚于现在", await BodyAsync(past));
        var (otherCohort, otherSurvey) = await SurveyAsync(app, audiences: "hosts");
        var otherEdit = $"/Surveys/Edit/{otherCohort}/{otherSurvey}";
        var foreign = await PostAsync(org, otherEdit, otherEdit + "?handler=Revoke", [("host", hostId.ToString())]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Contains("没有这个个人链接", await BodyAsync(foreign));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_hosts WHERE id = @hostId AND revoked_at IS NOT NULL", new { hostId }));
    }

    [Fact]
    public async Task An_expired_link_is_listed_as_expired_and_issued_anew_it_works_again()
    {
        var (cohort, survey) = await SurveyAsync(app, audiences: "hosts");
        var org = await app.Browser("organizer");
        var edit = $"/Surveys/Edit/{cohort}/{survey}";
        var link = LinkIn(await BodyAsync(await PostAsync(org, edit, edit + "?handler=Host", [("HostName", "金元社区主任"), ("HostExpires", Local(TimeSpan.FromDays(1)))]))).PathAndQuery;
        var hostId = await ScalarAsync(app, "SELECT id FROM survey_hosts WHERE survey_id = @survey", new { survey });
        app.Clock.Advance(TimeSpan.FromDays(2));
        try
        {
            Assert.Contains("这个个人链接已过期", await BodyAsync(await app.Anonymous().GetAsync(link)));
            org = await app.Browser("organizer"); // signed in again two days on
            Assert.Matches($"<tr data-host=\"{hostId}\" data-state=\"expired\">", await BodyAsync(await org.GetAsync(edit)));
            var again = LinkIn(await BodyAsync(await PostAsync(org, edit, edit + "?handler=Reissue", [("host", hostId.ToString()), ("HostExpires", Local(TimeSpan.FromDays(7)))]))).PathAndQuery;
            var phone = app.Anonymous();
            Assert.Contains("id=\"survey-thanks\"", await BodyAsync(await PostAsync(phone, again, again, Answer(5))));
        }
        finally { app.Clock.Advance(TimeSpan.FromDays(-2)); }
    }
}

public sealed class SurveyHostLinkTests_Sqlite(SqliteDemo app) : SurveyHostLinkTests(app), IClassFixture<SqliteDemo>;
public sealed class SurveyHostLinkTests_Postgres(PostgresDemo app) : SurveyHostLinkTests(app), IClassFixture<PostgresDemo>;
