using System.Net;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Certificates;

/// <summary>
/// 结业证书 (#22) on the demo: seed 000's class under its rule (80% attendance, no 擅自离开) — t003, who left without
/// permission, has none and the page says why; the PDFs read back (name, serial); the public page by code (masked name,
/// valid, revoked after a revoke asked with a reason, a reissue with a new serial); unknown codes neutral and a burst of
/// them stopped; the template's fields checked; the trainee's own download; seed 004's outstanding trainees' certificates.
/// </summary>
public abstract class CertificateTests(TestApp app)
{
    private async Task<long> Seed000Async() => await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = SeedCertificates.Seed000Title });

    private async Task<CertificateRow> CertificateOfAsync(long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var e = await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @username",
            new { cohort, username });
        return (await app.Get<CertificateStore>().MineAsync(cohort, e))!;
    }

    [Fact]
    public async Task Seed_000_issues_to_all_but_the_trainee_who_left_without_permission_and_says_why()
    {
        var cohort = await Seed000Async();
        var (settings, lines) = await app.Get<CertificateStore>().JudgeAsync(cohort);
        Assert.Equal(SeedCertificates.Seed000Rule, settings.Rule);
        var refused = lines.Where(l => !l.Judgement.Eligible).ToList();
        var t003 = await ScalarAsync(app, "SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = 't003'", new { cohort });
        Assert.Equal([t003], refused.Select(l => l.Judgement.Candidate.EnrollmentId));
        Assert.Equal("Certificate.Why.Departures", Assert.Single(refused[0].Judgement.Reasons).Code);
        Assert.Null(refused[0].Certificate);
        Assert.All(lines.Where(l => l.Judgement.Eligible), l => Assert.NotNull(l.Certificate));
        var serials = lines.Where(l => l.Certificate is not null).Select(l => l.Certificate!.Serial).Order().ToList();
        Assert.Equal("鄂民培〔2023〕第0001号", serials[0]);

        var page = await (await app.Browser("organizer")).GetStringAsync($"/Certificates/{cohort}");
        Assert.Contains("有擅自离开记录 1 次", page);
        Assert.Contains($"data-enrollment=\"{t003}\" data-eligible=\"0\"", page);
        // t003 reads why on the phone
        var mine = await (await app.Browser("t003")).GetStringAsync($"/Me/Certificate/{cohort}");
        Assert.Contains("有擅自离开记录 1 次", mine);
    }

    [Fact]
    public async Task A_certificate_and_the_whole_class_come_as_PDF_whose_text_reads_back()
    {
        var cohort = await Seed000Async();
        var cert = await CertificateOfAsync(cohort, "t001");
        var org = await app.Browser("organizer");
        var one = await org.GetAsync($"/Certificates/{cohort}?handler=Pdf&certificate={cert.Id}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("application/pdf", one.Content.Headers.ContentType?.MediaType);
        var bytes = await one.Content.ReadAsByteArrayAsync();
        Assert.Equal(1, PdfText.Pages(bytes));
        var text = await PdfText.ExtractAsync(bytes);
        Assert.Contains(cert.Name, text);
        Assert.Contains(cert.Serial, text); // 鄂民培: 民 reads back as 民, not the radical ⺠
        Assert.Contains("鄂州市民政局", text);
        Assert.Contains("结业证书", text);

        var live = await app.Get<CertificateStore>().ListAsync(cohort, liveOnly: true);
        var all = await org.GetAsync($"/Certificates/{cohort}?handler=All");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var allBytes = await all.Content.ReadAsByteArrayAsync();
        Assert.Equal(live.Count, PdfText.Pages(allBytes));
        var allText = await PdfText.ExtractAsync(allBytes);
        Assert.All(live, c => Assert.Contains(c.Serial, allText));

        // the head teacher downloads too; a unit contact does not see the class's certificates
        Assert.Equal(HttpStatusCode.OK, (await (await app.Browser("headteacher")).GetAsync($"/Certificates/{cohort}?handler=Pdf&certificate={cert.Id}")).StatusCode);
        var contact = await (await app.Browser("contact-echeng")).GetAsync($"/Certificates/{cohort}?handler=Pdf&certificate={cert.Id}");
        Assert.NotEqual(HttpStatusCode.OK, contact.StatusCode);
    }

    [Fact]
    public async Task The_public_page_shows_a_valid_certificate_then_revoked_and_the_reissue_valid()
    {
        var cohort = await Seed000Async();
        var cert = await CertificateOfAsync(cohort, "t002");
        var anon = app.Anonymous();
        var page = await anon.GetAsync($"/Verify/{cert.Code}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-state=\"valid\"", html);
        Assert.Contains(cert.Serial, html);
        Assert.DoesNotContain(cert.Name, html); // masked
        Assert.Contains(Domain.Accounts.Masking.Name(cert.Name), html);
        Assert.Contains(cert.CohortTitle, html);
        // lower case works too (someone types it)
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/Verify/{cert.Code.ToLowerInvariant()}")).StatusCode);

        var org = await app.Browser("organizer");
        var ask = await org.GetStringAsync($"/Certificates/{cohort}?revoke={cert.Id}");
        Assert.Contains("id=\"revoke-panel\"", ask);
        var noReason = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["Certificate"] = cert.Id.ToString(), ["Reason"] = " " }, "Revoke");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("请写明原因", await noReason.Content.ReadAsStringAsync());
        var revoked = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["Certificate"] = cert.Id.ToString(), ["Reason"] = "姓名有误" }, "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("data-state=\"revoked\"", await anon.GetStringAsync($"/Verify/{cert.Code}"));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'certificate' AND entity_id = @id AND action = 'certificate.revoke' AND reason = '姓名有误'", new { id = cert.Id }));
        Assert.Null(await app.Get<CertificateStore>().MineAsync(cohort, cert.EnrollmentId));

        var reissued = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["Certificate"] = cert.Id.ToString(), ["Reason"] = "更正姓名后补发" }, "Reissue");
        Assert.Equal(HttpStatusCode.Redirect, reissued.StatusCode);
        var fresh = (await app.Get<CertificateStore>().MineAsync(cohort, cert.EnrollmentId))!;
        Assert.NotEqual(cert.Code, fresh.Code);
        Assert.NotEqual(cert.Serial, fresh.Serial);
        Assert.Equal(fresh.Id, (await app.Get<CertificateStore>().FindAsync(cohort, cert.Id))!.ReplacedBy);
        Assert.Contains("data-state=\"valid\"", await anon.GetStringAsync($"/Verify/{fresh.Code}"));
        Assert.Contains("data-state=\"revoked\"", await anon.GetStringAsync($"/Verify/{cert.Code}"));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'certificate' AND entity_id = @id AND action = 'certificate.reissue'", new { id = cert.Id }));
        // a second reissue of the same old certificate is refused
        var again = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["Certificate"] = cert.Id.ToString(), ["Reason"] = "再补" }, "Reissue");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Unknown_codes_get_one_neutral_page_and_a_burst_of_them_is_stopped()
    {
        var cohort = await Seed000Async();
        var cert = await CertificateOfAsync(cohort, "t005");
        var anon = app.Anonymous();
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // a fresh window
        var unknown = await anon.GetAsync("/Verify/" + VerificationCode.New());
        var malformed = await anon.GetAsync("/Verify/abc");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        var (a, b) = (await unknown.Content.ReadAsStringAsync(), await malformed.Content.ReadAsStringAsync());
        Assert.All(new[] { a, b }, html => Assert.Contains("id=\"verify-not-found\"", html)); // the same neutral answer
        Assert.All(new[] { a, b }, html => Assert.DoesNotContain("verify-result", html));

        var limit = new VerifyLimitOptions().MissesPerMinute;
        for (var i = 2; i < limit; i++) Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/Verify/" + VerificationCode.New())).StatusCode);
        var stopped = await anon.GetAsync($"/Verify/{cert.Code}"); // even a real code waits
        Assert.Equal(HttpStatusCode.TooManyRequests, stopped.StatusCode);
        Assert.Contains("id=\"verify-too-many\"", await stopped.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/Verify/{cert.Code}")).StatusCode);
    }

    [Fact]
    public async Task The_template_refuses_an_unknown_field_by_name_and_the_head_teacher_only_reads()
    {
        var cohort = await Seed000Async();
        var org = await app.Browser("organizer");
        var fields = new Dictionary<string, string>
        {
            ["Title"] = "结业证书", ["Body"] = "{姓名}同志参加{班级}，成绩{分数}。", ["Issuer"] = "鄂州市民政局", ["IssueDate"] = "2023-06-09",
            ["SerialFormat"] = SeedCertificates.Seed000Serial, ["Hours"] = "16", ["Orientation"] = "landscape",
        };
        var r = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", fields, "Template");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("未知字段 {分数}", await r.Content.ReadAsStringAsync());
        fields["Body"] = "{姓名}同志参加{班级}";
        fields["SerialFormat"] = "第0001号";
        r = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", fields, "Template");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("编号格式须含且只含一处序号", await r.Content.ReadAsStringAsync());
        // a seal that is not an image is refused
        var html = await (await org.GetAsync($"/Certificates/{cohort}")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent("not an image"u8.ToArray()), "Seal", "seal.png" } };
        var seal = await org.PostAsync($"/Certificates/{cohort}?handler=Seal", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, seal.StatusCode);

        var head = await app.Browser("headteacher");
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync($"/Certificates/{cohort}")).StatusCode);
        var denied = await TestApp.PostFormAsync(head, $"/Certificates/{cohort}", new() { ["MinAttendance"] = "10" }, "Rule");
        Assert.Contains("/Accounts/AccessDenied", denied.Headers.Location?.ToString() ?? "");
    }

    [Fact]
    public async Task A_trainee_downloads_their_own_certificate_on_the_phone()
    {
        var cohort = await Seed000Async();
        var cert = await CertificateOfAsync(cohort, "t004");
        var t004 = await app.Browser("t004");
        var page = await t004.GetStringAsync($"/Me/Certificate/{cohort}");
        Assert.Contains(cert.Serial, page);
        var pdf = await t004.GetAsync($"/Me/Certificate/{cohort}?handler=Pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains(cert.Name, await PdfText.ExtractAsync(await pdf.Content.ReadAsByteArrayAsync()));
        // t003 has none to download
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("t003")).GetAsync($"/Me/Certificate/{cohort}?handler=Pdf")).StatusCode);
    }

    [Fact]
    public async Task Issuing_waits_for_a_saved_template_then_gives_each_eligible_trainee_one_serial_and_code()
    {
        var cohort = await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed001.Title });
        var org = await app.Browser(Seed001.Organizer);
        var page = $"/Certificates/{cohort}";
        Assert.Contains("id=\"template-unsaved\"", await org.GetStringAsync(page));
        var refused = await TestApp.PostFormAsync(org, page, new(), "Issue");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("请先核对并保存证书模板", await refused.Content.ReadAsStringAsync());

        var fields = new Dictionary<string, string>
        {
            ["Title"] = "结业证书", ["Body"] = "{姓名}（{单位}）参加{班级}，完成{学时}学时。", ["Issuer"] = "惠南镇人民政府", ["IssueDate"] = "",
            ["SerialFormat"] = "惠南〔{年}〕{000}号", ["Hours"] = "12", ["Orientation"] = "portrait",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, fields, "Template")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new(), "Issue")).StatusCode);
        var (_, lines) = await app.Get<CertificateStore>().JudgeAsync(cohort);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.True(l.Judgement.Eligible)); // no rule set: everyone
        var certs = await app.Get<CertificateStore>().ListAsync(cohort);
        Assert.Equal(lines.Count, certs.Count);
        Assert.Equal(Enumerable.Range(1, certs.Count), certs.Select(c => c.SerialNo));
        var year = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year; // the date of issue: today in the class's time zone
        Assert.Equal($"惠南〔{year}〕001号", certs[0].Serial);
        Assert.Equal(certs.Count, certs.Select(c => c.Code).Distinct().Count());
        Assert.All(certs, c => Assert.True(VerificationCode.IsWellFormed(c.Code)));
        Assert.All(certs, c => Assert.Equal($"{c.Name}（", c.Body[..(c.Name.Length + 1)]));
        Assert.Equal(certs.Count, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.issue' AND entity_id IN (SELECT id FROM certificates WHERE cohort_id = @cohort)", new { cohort }));
        // issuing again gives nobody a second one
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new(), "Issue")).StatusCode);
        Assert.Equal(certs.Count, (await app.Get<CertificateStore>().ListAsync(cohort)).Count);

        // a PDF is only made with a link the application may print: a Host header someone typed gets none (409)
        var forged = new HttpRequestMessage(HttpMethod.Get, $"{page}?handler=Pdf&certificate={certs[0].Id}");
        forged.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.Conflict, (await org.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Seed_004s_outstanding_trainees_have_their_certificates()
    {
        var cohort = await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });
        var o = await app.Get<CommunityAcademy.Web.Features.Scores.OutstandingStore>().GetAsync(cohort);
        Assert.True(o.IsConfirmed);
        var picks = o.Confirmed.Select(p => p.EnrollmentId).Order().ToList();
        var store = app.Get<CertificateStore>();
        // the 优秀学员证书 kind, to the confirmed list; none of the class's 结业证书 was used for it
        var certs = await store.ListAsync(cohort, kind: CertificateKinds.Outstanding);
        Assert.Equal(3, picks.Count);
        Assert.Equal(picks, certs.Select(c => c.EnrollmentId).Order());
        Assert.Empty(await store.ListAsync(cohort));
        Assert.All(certs, c => Assert.Equal((CertificateKinds.Outstanding, "优秀学员证书"), (c.Kind, c.Title)));
        Assert.All(certs, c => Assert.StartsWith("桂城优〔", c.Serial));
        Assert.Equal(Enumerable.Range(1, certs.Count), certs.Select(c => c.SerialNo).Order());
        Assert.All(certs, c => Assert.Equal("portrait", c.Orientation));
        Assert.All(certs, c => Assert.NotNull(c.SealAttachmentId)); // the sample seal (演示用章)
        Assert.Equal(0, (await store.IssueOutstandingAsync(await UserAsync(app, Seed004.Organizer), cohort)).Value); // nobody twice
    }
}

public sealed class CertificateTests_Sqlite(SqliteDemo app) : CertificateTests(app), IClassFixture<SqliteDemo>;
public sealed class CertificateTests_Postgres(PostgresDemo app) : CertificateTests(app), IClassFixture<PostgresDemo>;
