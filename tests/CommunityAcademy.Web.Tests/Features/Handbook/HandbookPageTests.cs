using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Handbook;

/// <summary>
/// 工作手册's pages (#26) on both databases: a worker searches on the phone page and opens a hit; an editor writes an
/// article (autosaved draft offered again, saved as a version, changes shown); a chapter imported from .docx (标题 1 →
/// sections, 标题 2 → articles) and bad files refused with a message; deleting a chapter asks first.
/// </summary>
public abstract class HandbookPageTests(TestApp app)
{
    private async Task<long> HandbookAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM handbooks WHERE title = @t", new { t = SeedHandbook.Title });
    }

    private async Task<long> ChapterAsync(string title)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM handbook_chapters WHERE handbook_id = @h AND title = @title", new { h = await HandbookAsync(), title });
    }

    [Fact]
    public async Task A_worker_searches_and_opens_a_hit()
    {
        var h = await HandbookAsync();
        var c = await app.Browser("gsh01");
        var page = await PageAsync(c, $"/Handbook/{h}?q={Uri.EscapeDataString("居民议事会怎么组织")}");
        Assert.Contains("<mark>", page);
        var m = System.Text.RegularExpressions.Regex.Match(page, "href=\"/Handbook/Article/(\\d+)\" class=\"hit-title\">居民议事会怎么组织？");
        Assert.True(m.Success);
        var article = await PageAsync(c, $"/Handbook/Article/{m.Groups[1].Value}");
        Assert.Contains("推选代表", article);
        Assert.DoesNotContain("id=\"handbook-edit\"", article);                       // a worker reads, does not edit
        Assert.Contains("/Accounts/AccessDenied", (await c.GetAsync($"/Handbook/Edit/{m.Groups[1].Value}")).Headers.Location?.ToString());
        var odd = await c.GetAsync($"/Handbook/{h}?q={Uri.EscapeDataString("\"NEAR(*^:-) " + new string('。', 990))}");
        Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
    }

    [Fact]
    public async Task An_editor_writes_with_a_draft_kept_and_every_save_a_version()
    {
        var ch = await ChapterAsync("政策文件");
        var c = await app.Browser("headteacher-guanshanhu");
        var draft = await TestApp.PostFormAsync(c, $"/Handbook/Edit/0?chapter={ch}&handler=Autosave", new() { ["Title"] = "养老服务补贴政策", ["Body"] = "草稿：八十岁以上" });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var again = await PageAsync(c, $"/Handbook/Edit/0?chapter={ch}");
        Assert.Contains("id=\"handbook-draft\"", again);
        Assert.Contains("草稿：八十岁以上", again);
        var saved = await TestApp.PostFormAsync(c, $"/Handbook/Edit/0?chapter={ch}", new() { ["Title"] = "养老服务补贴政策", ["Body"] = "八十岁以上老人按月领取", ["Kind"] = "article" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = saved.Headers.Location!.ToString().Split('/').Last();
        Assert.DoesNotContain("id=\"handbook-draft\"", await PageAsync(c, $"/Handbook/Edit/0?chapter={ch}"));
        var edit = await TestApp.PostFormAsync(c, $"/Handbook/Edit/{id}", new() { ["Title"] = "养老服务补贴政策", ["Body"] = "九十岁以上老人按月领取", ["BaseVersion"] = "1", ["Note"] = "年龄" });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var versions = await PageAsync(c, $"/Handbook/Article/{id}?versions=true");
        Assert.Contains("id=\"handbook-diff\"", versions);
        Assert.Contains("<del class=\"diff-del\">八</del>", versions);
        var huge = await TestApp.PostFormAsync(c, $"/Handbook/Edit/{id}", new() { ["Title"] = "大", ["Body"] = new string('字', 300_000), ["BaseVersion"] = "2" });
        Assert.Equal((HttpStatusCode)422, huge.StatusCode);
        Assert.Contains("正文太长", WebUtility.HtmlDecode(await huge.Content.ReadAsStringAsync()));
    }

    private static byte[] Docx(params (string? Style, string Text)[] paragraphs)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(paragraphs.Select(p => new W.Paragraph(
                p.Style is null ? new W.ParagraphProperties() : new W.ParagraphProperties(new W.ParagraphStyleId { Val = p.Style }),
                new W.Run(new W.Text(p.Text))))));
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task A_chapter_is_imported_from_docx_and_bad_files_are_refused_with_a_message()
    {
        var h = await HandbookAsync();
        var ch = await ChapterAsync("重点难点问题");
        var c = await app.Browser("organizer-guanshanhu");
        var file = Docx(("Heading1", "矛盾纠纷调解"), ("Heading2", "邻里噪音投诉"), (null, "先倾听双方诉求。"), (null, "再约定安静时段。"),
            ("Heading2", "停车位争议"), (null, "召开楼栋议事会。"), ("Heading1", "特殊人群服务"), (null, "建立台账，定期走访。"));
        var r = await PostMultipartAsync(c, $"/Handbook/{h}", [("chapter", ch.ToString())], ("upload", file, "难点.docx"), "Import");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await PageAsync(c, $"/Handbook/{h}?q={Uri.EscapeDataString("安静时段")}");
        Assert.Contains("邻里噪音投诉", page);
        Assert.Contains("重点难点问题 › 矛盾纠纷调解", page);
        Assert.Contains("特殊人群服务", await PageAsync(c, $"/Handbook/{h}?q={Uri.EscapeDataString("定期走访")}"));

        var plain = await PostMultipartAsync(c, $"/Handbook/{h}", [("chapter", ch.ToString())], ("upload", Docx((null, "没有标题的文字")), "x.docx"), "Import");
        Assert.Equal((HttpStatusCode)422, plain.StatusCode);
        Assert.Contains("标题 1", WebUtility.HtmlDecode(await plain.Content.ReadAsStringAsync()));
        var junk = await PostMultipartAsync(c, $"/Handbook/{h}", [("chapter", ch.ToString())], ("upload", "not a zip"u8.ToArray(), "y.docx"), "Import");
        Assert.Equal((HttpStatusCode)422, junk.StatusCode);
        Assert.Contains("无法读取", WebUtility.HtmlDecode(await junk.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Deleting_a_chapter_asks_first()
    {
        var h = await HandbookAsync();
        var c = await app.Browser("organizer-guanshanhu");
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(c, $"/Handbook/{h}", new() { ["title"] = "临时章节" }, "Chapter")).StatusCode);
        var ch = await ChapterAsync("临时章节");
        Assert.DoesNotContain("id=\"confirm-delete\"", await PageAsync(c, $"/Handbook/{h}"));
        var ask = await PageAsync(c, $"/Handbook/{h}?confirm={ch}");
        Assert.Contains("确定删除“临时章节”", ask);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(c, $"/Handbook/{h}?confirm={ch}&handler=DeleteChapter", new() { ["chapter"] = ch.ToString() })).StatusCode);
        Assert.Equal(0, await ChapterAsync("临时章节"));
        var worker = await app.Browser("gsh02");
        Assert.DoesNotContain("handbook-manage", await PageAsync(worker, $"/Handbook/{h}"));
    }
}

public sealed class HandbookPageTests_Sqlite(SqliteDemo app) : HandbookPageTests(app), IClassFixture<SqliteDemo>;
public sealed class HandbookPageTests_Postgres(PostgresDemo app) : HandbookPageTests(app), IClassFixture<PostgresDemo>;
