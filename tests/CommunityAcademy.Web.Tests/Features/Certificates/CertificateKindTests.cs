using System.Net;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Certificates;

/// <summary>
/// The second kind of certificate (#22): seed 004's 优秀学员证书, issued by the demo to its confirmed list, with its own
/// template; refused once the list is taken back (the page says so and links to the list), then asked first and issued to
/// the confirmed list only, numbered by a serial of its own beside the class's 结业证书; the trainee's phone page and ledger
/// show both kinds; the public page names the kind; a reissue works within its kind.
/// </summary>
public abstract class CertificateKindTests(TestApp app)
{
    [Fact]
    public async Task The_outstanding_certificate_waits_for_the_confirmed_list_then_goes_to_it_with_serials_of_its_own_and_shows_beside_the_other()
    {
        var cohort = await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });
        var store = app.Get<CertificateStore>();
        var me = await UserAsync(app, Seed004.Organizer);
        var org = await app.Browser(Seed004.Organizer);
        var path = $"/Certificates/{cohort}/outstanding";

        // its own template, edited with the one editor
        var saved = await TestApp.PostFormAsync(org, path, new()
        {
            ["Title"] = "优秀学员证书", ["Body"] = "{姓名}同志在{班级}中表现突出，被评为优秀学员。", ["Issuer"] = "桂城街道办事处", ["IssueDate"] = "",
            ["SerialFormat"] = "桂城优秀〔{年}〕第{00}号", ["Hours"] = "", ["Orientation"] = "portrait",
        }, "Template");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("桂城优秀〔{年}〕第{00}号", (await store.SettingsAsync(cohort, CertificateKinds.Outstanding)).Template.SerialFormat);
        Assert.NotEqual("桂城优秀〔{年}〕第{00}号", (await store.SettingsAsync(cohort)).Template.SerialFormat); // the 结业证书's template is its own

        // the demo issued them to its confirmed list (SeedCertificates); one is revoked on review and the list taken back
        var demo = await store.ListAsync(cohort, kind: CertificateKinds.Outstanding);
        Assert.Equal(3, demo.Count);
        Assert.All(demo, x => Assert.StartsWith("桂城优〔", x.Serial));
        Assert.Null(await store.RevokeAsync(me, cohort, demo[0].Id, "评选复核"));
        Assert.Null(await app.Get<OutstandingStore>().ReopenAsync(me, cohort));

        // not confirmed: refused, and the page says so with a link to the list
        Assert.False((await app.Get<OutstandingStore>().GetAsync(cohort)).IsConfirmed);
        Assert.Equal("Certificate.OutstandingNotConfirmed", (await store.IssueOutstandingAsync(me, cohort)).Error?.Code);
        var page = await org.GetStringAsync(path);
        Assert.Contains("id=\"outstanding-not-confirmed\"", page);
        Assert.Contains($"href=\"/Scores/Outstanding/{cohort}\"", page);
        Assert.DoesNotContain("id=\"ask-issue\"", page);
        var refused = await TestApp.PostFormAsync(org, path, new(), "Issue");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("优秀学员名单尚未确认", await refused.Content.ReadAsStringAsync());
        Assert.Equal(demo.Count, (await store.ListAsync(cohort, kind: CertificateKinds.Outstanding)).Count);

        // confirmed again: asked first, then issued to whoever on the confirmed list has none in force (the revoked one)
        Assert.True((await app.Get<OutstandingStore>().ConfirmAsync(me, cohort)).IsOk);
        var confirmed = (await app.Get<OutstandingStore>().GetAsync(cohort)).Confirmed.Select(p => p.EnrollmentId).Order().ToList();
        Assert.Contains(demo[0].EnrollmentId, confirmed);
        Assert.Contains("id=\"ask-issue\"", await org.GetStringAsync(path));
        Assert.Contains("id=\"issue-panel\"", await org.GetStringAsync(path + "?issue=true"));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, path, new(), "Issue")).StatusCode);
        var issued = await store.ListAsync(cohort, liveOnly: true, CertificateKinds.Outstanding);
        Assert.Equal(confirmed, issued.Select(x => x.EnrollmentId).Order());
        Assert.All(issued, x => Assert.Equal("优秀学员证书", x.Title));
        // serials of its own: the new one next in its series, in its format as it is now
        var again = issued.Single(x => x.EnrollmentId == demo[0].EnrollmentId);
        Assert.Equal(demo.Count + 1, again.SerialNo);
        Assert.StartsWith("桂城优秀〔", again.Serial);
        var kindAll = await store.ListAsync(cohort, kind: CertificateKinds.Outstanding);
        Assert.Equal(Enumerable.Range(1, demo.Count + 1), kindAll.Select(x => x.SerialNo).Order());
        // the class's 结业证书 beside them, numbered from 1 in a series of their own
        Assert.Empty(await store.ListAsync(cohort));
        Assert.Null(await store.SaveTemplateAsync(me, cohort, (await store.SettingsAsync(cohort)).Template));
        Assert.True((await store.IssueAsync(me, cohort)).Value > 0);
        var other = await store.ListAsync(cohort);
        Assert.Contains(other, x => x.SerialNo == 1);
        Assert.All(other, x => Assert.Equal(CertificateKinds.Completion, x.Kind));
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var audited = (await c.QueryAsync<long>("SELECT entity_id FROM audit_log WHERE entity = 'certificate' AND action = 'certificate.issue'")).ToHashSet();
            Assert.All(issued, x => Assert.Contains(x.Id, audited));
        }
        Assert.Equal(0, (await store.IssueOutstandingAsync(me, cohort)).Value); // nobody twice

        // a trainee on the list with a certificate of each kind sees both on the phone and in the ledger
        var both = issued.First(x => x.UserId is not null && other.Any(o => o.EnrollmentId == x.EnrollmentId && !o.IsRevoked));
        var completion = other.First(o => o.EnrollmentId == both.EnrollmentId && !o.IsRevoked);
        var username = await ScalarStringAsync("SELECT username FROM users WHERE id = @id", new { id = both.UserId });
        var phone = await app.Browser(username);
        var mine = await phone.GetStringAsync($"/Me/Certificate/{cohort}");
        Assert.Contains(both.Serial, mine);
        Assert.Contains(completion.Serial, mine);
        var pdf = await phone.GetAsync($"/Me/Certificate/{cohort}?handler=Pdf&kind=outstanding");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains(both.Serial, await PdfText.ExtractAsync(await pdf.Content.ReadAsByteArrayAsync()));
        var ledger = await phone.GetStringAsync("/Me/Ledger");
        Assert.Contains(both.Serial, ledger);
        Assert.Contains(completion.Serial, ledger);
        using var api = System.Text.Json.JsonDocument.Parse(await (await app.Api(username)).GetStringAsync("/api/v1/me/ledger"));
        var dto = api.RootElement.GetProperty("certificates").EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == both.Id);
        Assert.Equal((CertificateKinds.Outstanding, "优秀学员证书"), (dto.GetProperty("kind").GetString(), dto.GetProperty("title").GetString()));

        // the public page names the kind
        Assert.Contains("优秀学员证书", await app.Anonymous().GetStringAsync($"/Verify/{both.Code}"));

        // a reissue within its kind: the trainee's 结业证书 in force does not stand in its way, and stays
        var re = await store.ReissueAsync(me, cohort, both.Id, "姓名更正");
        Assert.True(re.IsOk, re.Error?.Code);
        var fresh = (await store.FindAsync(cohort, re.Value))!;
        Assert.Equal((CertificateKinds.Outstanding, kindAll.Count + 1), (fresh.Kind, fresh.SerialNo));
        Assert.False((await store.FindAsync(cohort, completion.Id))!.IsRevoked);
    }

    private async Task<string> ScalarStringAsync(string sql, object args)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<string>(sql, args) ?? "";
    }
}

public sealed class CertificateKindTests_Sqlite(SqliteDemo app) : CertificateKindTests(app), IClassFixture<SqliteDemo>;
public sealed class CertificateKindTests_Postgres(PostgresDemo app) : CertificateKindTests(app), IClassFixture<PostgresDemo>;
