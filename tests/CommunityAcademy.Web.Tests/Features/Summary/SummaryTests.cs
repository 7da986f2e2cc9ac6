using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Summary;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using A = DocumentFormat.OpenXml.Drawing;

namespace CommunityAcademy.Web.Tests.Features.Summary;

/// <summary>培训总结 (#24 point 1): the .docx from the statistics' figures, survey charts as images with their figures beside them, the closing text.</summary>
public abstract class SummaryTests(TestApp app)
{
    private async Task<byte[]> DocxAsync(HttpClient c, long cohort)
    {
        var r = await c.GetAsync($"/Summary/{cohort}?handler=Docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", r.Content.Headers.ContentType!.MediaType);
        return await r.Content.ReadAsByteArrayAsync();
    }

    private static string Text(byte[] docx) => OfficialDocx.ReadText(new MemoryStream(docx));

    private async Task<long> Seed003Async()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed003.Title });
    }

    [Fact]
    public async Task Seed_000s_summary_reads_630_628_and_99_7_percent_as_the_bulletin_does()
    {
        var org = await app.Browser("organizer");
        var text = Text(await DocxAsync(org, 1));
        Assert.Contains("培训总结", text);
        Assert.Contains("参训学员共90人，应到630人次，实到628人次，出勤率99.7%", text);
        var bulletin = OfficialDocx.ReadText(await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx")).Content.ReadAsStreamAsync());
        Assert.Contains("应到630人次，实到628人次，出勤率99.7%", bulletin);
        // trainees by district from the same rolled-up units: 鄂城区 46
        Assert.Contains("鄂城区46人", text);
        // sessions by type with 学时: the total is the certificates' 学时 rule over the same sessions
        await using var c = await app.Get<Db>().OpenAsync();
        var hours = await CommunityAcademy.Web.Features.Certificates.CertificateStore.ClassHoursAsync(c, null, 1);
        Assert.Contains($"共安排课程7节、{SummaryDocx.Hours(hours)}学时", text);
        // the page previews the same figures and offers the download by its fixed address
        var page = await PageAsync(org, "/Summary/1");
        Assert.Contains("应到630人次，实到628人次，出勤率99.7%", page);
        Assert.Contains("href=\"/Summary/1?handler=Docx\"", page);
        Assert.Contains("下载培训总结 (.docx)", page);
        Assert.Contains("href=\"/Summary/1\"", await PageAsync(org, "/Cohorts/Details/1")); // 培训总结 on the class page
    }

    [Fact]
    public async Task Seed_003s_survey_charts_are_images_referenced_by_drawings_with_their_figures_beside_them()
    {
        var cohort = await Seed003Async();
        var bytes = await DocxAsync(await app.Browser(Seed003.Organizer), cohort);
        var text = Text(bytes);
        Assert.Contains("问卷调查", text);
        Assert.Contains(Seed003Survey.Title, text);
        Assert.Contains("学员日志选登", text);
        Assert.Contains(Seed003Logs.GangCaifengEntry[..30], text); // the 精选 entry, chosen by default

        long survey;
        await using (var c = await app.Get<Db>().OpenAsync())
            survey = await c.ExecuteScalarAsync<long>("SELECT id FROM surveys WHERE cohort_id = @cohort AND title = @t", new { cohort, t = Seed003Survey.Title });
        var result = (await app.Get<SurveyResults>().ResultAsync(cohort, survey))!;
        var charted = result.Questions.Where(q => q.Tally is { Total: > 0 }).ToList();
        Assert.NotEmpty(charted);

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var main = doc.MainDocumentPart!;
        var blips = main.Document.Body!.Descendants<Drawing>().Select(d => d.Descendants<A.Blip>().Single().Embed!.Value!).ToList();
        Assert.Equal(charted.Count, blips.Count);
        foreach (var id in blips)
        {
            var part = Assert.IsType<ImagePart>(main.GetPartById(id));
            Assert.Equal("image/png", part.ContentType);
            using var s = part.GetStream();
            var head = new byte[8];
            Assert.Equal(8, s.Read(head, 0, 8));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        Assert.Equal(blips.Count, main.ImageParts.Count());

        // beside each chart: its caption, then a table with every label and count of the analysis
        var paragraphs = main.Document.Body!.Elements().ToList();
        var drawings = paragraphs.Where(e => e.Descendants<Drawing>().Any()).ToList();
        for (var i = 0; i < charted.Count; i++)
        {
            var q = charted[i];
            var at = paragraphs.IndexOf(drawings[i]);
            Assert.Contains(q.Question.Title, paragraphs[at - 1].InnerText); // "“…”，N人作答"
            Assert.Contains($"{q.Respondents}人作答", paragraphs[at - 1].InnerText);
            Assert.Equal($"图{i + 1}　{q.Question.Title}", paragraphs[at + 1].InnerText);
            var table = Assert.IsType<Table>(paragraphs[at + 2]);
            var rows = table.Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
            foreach (var (value, count) in q.Tally!.Counts)
                Assert.Contains(rows, r => r[0] == SurveyExport.Label(q.Question, value) && r[1] == count.ToString()
                    && r[2] == SummaryChart.Share(count, q.Tally.Total));
        }
        // the frequent words of free text, reused from the analysis
        Assert.Contains(result.Questions.Single(q => q.Question.Key == "advice").Terms, t => t.Term == "现场");
        Assert.Contains("现场", text);
    }

    [Fact]
    public async Task A_class_without_surveys_online_items_or_logs_gets_no_empty_sections()
    {
        var (cohort, _) = await ClassWithSessionAsync(app, TimeSpan.FromHours(1), false, "t070", "t071");
        var text = Text(await DocxAsync(await app.Browser("organizer"), cohort));
        Assert.Contains("一、基本情况", text);
        Assert.Contains("出勤与纪律", text);
        foreach (var absent in new[] { "问卷调查", "线上学习", "优秀学员", "结业证书", "学员日志选登", "结语与下一步工作", "图1" })
            Assert.DoesNotContain(absent, text);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await DocxAsync(await app.Browser("organizer"), cohort)), false);
        Assert.Empty(doc.MainDocumentPart!.ImageParts);
    }

    [Fact]
    public async Task The_closing_text_round_trips_as_typed_and_a_stale_save_loses_nothing()
    {
        var cohort = await Seed003Async();
        var org = await app.Browser(Seed003.Organizer);
        long other, featured;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            featured = await c.ExecuteScalarAsync<long>("SELECT id FROM learning_logs WHERE cohort_id = @cohort AND featured_at IS NOT NULL", new { cohort });
            other = await c.ExecuteScalarAsync<long>("SELECT MIN(id) FROM learning_logs WHERE cohort_id = @cohort AND featured_at IS NULL AND body <> ''", new { cohort });
        }
        try { await ClosingRoundTripAsync(cohort, org, featured, other); }
        finally
        {
            // the other tests read seed 003's summary as the demo has it: the 精选 entries, no closing text
            await using var c = await app.Get<Db>().OpenAsync();
            await c.ExecuteAsync("DELETE FROM class_summaries WHERE cohort_id = @cohort", new { cohort });
        }
    }

    private async Task ClosingRoundTripAsync(long cohort, HttpClient org, long featured, long other)
    {
        var version = await SavedVersionAsync(cohort);
        const string closing = "一是总结经验，<b>形成制度</b>。\n=SUM(A1) 二是持续跟踪学员返岗后的实践。";
        var saved = await TestApp.PostFormAsync(org, $"/Summary/{cohort}",
            new() { ["Closing"] = closing, ["Version"] = version.ToString(), ["LogIds"] = other.ToString() }, "Save");
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join("\n", app.Logs.Lines.Where(l => l.StartsWith("Error")).TakeLast(2)));
        var page = await PageAsync(org, $"/Summary/{cohort}");
        Assert.Contains(closing, page.Replace("\r\n", "\n")); // the textarea, as typed
        Assert.Contains($"value=\"{other}\" checked", page);
        Assert.DoesNotContain($"value=\"{featured}\" checked", page);

        var text = Text(await DocxAsync(org, cohort));
        Assert.Contains("结语与下一步工作", text);
        Assert.Contains("一是总结经验，<b>形成制度</b>。", text); // markup typed is text
        Assert.Contains("=SUM(A1) 二是持续跟踪学员返岗后的实践。", text);
        Assert.DoesNotContain(Seed003Logs.GangCaifengEntry[..30], text); // the organizer chose another entry
        string otherBody;
        await using (var c = await app.Get<Db>().OpenAsync())
            otherBody = await c.ExecuteScalarAsync<string>("SELECT body FROM learning_logs WHERE id = @other", new { other }) ?? "";
        Assert.Contains(SummaryDocx.Paragraphs(otherBody).First(), text);

        // a save made from the older page: refused (409), both texts on the page, the typed one still in the box, nothing stored
        var stale = await TestApp.PostFormAsync(org, $"/Summary/{cohort}",
            new() { ["Closing"] = "我在旧页面上写的结语", ["Version"] = version.ToString(), ["LogIds"] = other.ToString() }, "Save");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var body = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("id=\"summary-theirs\"", body);
        Assert.Contains("形成制度", body);
        Assert.Contains("我在旧页面上写的结语", body);
        Assert.Equal(closing, (await app.Get<SummaryStore>().GetAsync(cohort)).Closing);
        // too long: refused with the rule, nothing stored
        var tooLong = await TestApp.PostFormAsync(org, $"/Summary/{cohort}",
            new() { ["Closing"] = new string('长', SummaryStore.MaxClosing + 1), ["Version"] = (version + 1).ToString() }, "Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Equal(closing, (await app.Get<SummaryStore>().GetAsync(cohort)).Closing);
    }

    private async Task<int> SavedVersionAsync(long cohort) => (await app.Get<SummaryStore>().GetAsync(cohort)).Version;

    [Fact]
    public async Task Another_class_s_staff_get_404_and_unit_contacts_and_trainees_403()
    {
        foreach (var user in new[] { Seed003.HeadTeacher })
        {
            var c = await app.Browser(user);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/Summary/1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/Summary/1?handler=Docx")).StatusCode);
        }
        var cohort = await Seed003Async();
        var seed000Head = await app.Browser("headteacher");
        Assert.Equal(HttpStatusCode.NotFound, (await seed000Head.GetAsync($"/Summary/{cohort}?handler=Docx")).StatusCode);
        foreach (var user in new[] { "contact-echeng", "t001" })
        {
            var r = await (await app.Browser(user)).GetAsync("/Summary/1?handler=Docx");
            Assert.True(r.StatusCode is HttpStatusCode.Forbidden || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("AccessDenied")),
                $"{user}: {(int)r.StatusCode} {r.Headers.Location}");
        }
    }
}

public sealed class SummaryTests_Sqlite(SqliteDemo app) : SummaryTests(app), IClassFixture<SqliteDemo>;
public sealed class SummaryTests_Postgres(PostgresDemo app) : SummaryTests(app), IClassFixture<PostgresDemo>;
