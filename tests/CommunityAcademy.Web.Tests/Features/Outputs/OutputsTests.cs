using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using SkiaSharp;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Outputs;

/// <summary>成果 and 摆摊 (#17 points 2–5, 7): text sections with versions, entries, photos, files, access, the gallery, the exports.</summary>
public abstract class OutputsTests(TestApp app)
{
    private static readonly string[] Trainees = ["t071", "t072", "t073", "t074"];

    /// <summary>A class of four trainees, a workshop session and its grouping of two groups; returns who is in which group.</summary>
    private async Task<(long Cohort, long Session, long GroupA, string MemberA, long GroupB, string MemberB)> ClassAsync(string? template = null)
    {
        var cohort = await CreateCohortAsync(app, "成果测试班", "2031-05-10", "2031-05-12");
        foreach (var t in Trainees) await EnrollAsync(app, cohort, t);
        var api = await app.Api("organizer");
        var session = (await AddOkAsync(api, cohort, new { date = "2031-05-11", start = "14:00", end = "17:00", title = "开放空间" + U(), type = "workshop", method = "开放空间" }))["session"]!.Value<long>("id");
        var organizer = await app.Browser("organizer");
        var r = await TestApp.PostFormAsync(organizer, $"/Groups/{cohort}",
            new() { ["Kind"] = "other", ["Name"] = "咖啡桌", ["SessionId"] = session.ToString(), ["Method"] = "balanced", ["Count"] = "2" }, "Create");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        await using var c = await app.Get<Db>().OpenAsync();
        var members = (await c.QueryAsync<(long Group, string User)>("""
            SELECT m.group_id, u.username FROM group_members m JOIN groupings g ON g.id = m.grouping_id JOIN enrollments e ON e.id = m.enrollment_id
            JOIN users u ON u.id = e.user_id WHERE g.cohort_id = @cohort ORDER BY m.group_id, u.username
            """, new { cohort })).ToList();
        var groups = members.Select(m => m.Group).Distinct().ToList();
        Assert.Equal(2, groups.Count);
        if (template is not null)
        {
            var templateId = await c.ExecuteScalarAsync<long>("SELECT id FROM output_templates WHERE code = @template", new { template });
            Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync($"/api/v1/sessions/{session}/outputs/settings", new { templateId })).StatusCode);
        }
        return (cohort, session, groups[0], members.First(m => m.Group == groups[0]).User, groups[1], members.First(m => m.Group == groups[1]).User);
    }

    private static string Text(long session, long group, string section) => $"/api/v1/sessions/{session}/outputs/group-{group}/texts/{section}";

    [Fact]
    public async Task A_stale_text_save_is_refused_with_both_texts_and_nothing_is_overwritten()
    {
        var (cohort, session, a, memberA, _, _) = await ClassAsync();
        var first = await app.Api(memberA);
        var head = await app.Api("headteacher");
        var r1 = await first.PutAsJsonAsync(Text(session, a, "summary"), new { body = "甲的想法", version = 0 });
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        Assert.Equal(1, (await r1.ReadJsonAsync()).Value<int>("version"));
        // The head teacher started from nothing too: refused, with the saved text and theirs.
        var r2 = await head.PutAsJsonAsync(Text(session, a, "summary"), new { body = "乙的想法", version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, r2.StatusCode);
        var conflict = await r2.ReadJsonAsync();
        Assert.Contains("已被他人修改", conflict.Value<string>("detail"));
        Assert.Equal("甲的想法", conflict.Value<string>("theirs"));
        Assert.Equal("乙的想法", conflict.Value<string>("yours"));
        Assert.Equal(1, conflict.Value<int>("version"));
        // From version 1 it saves; the first writer's version 1 is now stale.
        Assert.Equal(2, (await (await head.PutAsJsonAsync(Text(session, a, "summary"), new { body = "甲的想法\n乙的想法", version = 1 })).ReadJsonAsync()).Value<int>("version"));
        Assert.Equal(HttpStatusCode.Conflict, (await first.PutAsJsonAsync(Text(session, a, "summary"), new { body = "甲改过", version = 1 })).StatusCode);

        // On the page: 422, the message, the other text and what this person typed, and the version to save from now.
        var page = await app.Browser(memberA);
        var r = await TestApp.PostFormAsync(page, $"/Outputs/{cohort}/{session}",
            new() { ["Owner"] = $"group-{a}", ["Section"] = "summary", ["Version"] = "1", ["Body"] = "我在断网时写的" }, "Text");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("已被他人修改", html);
        Assert.Contains("甲的想法\n乙的想法", html);
        Assert.Contains("我在断网时写的", html);
        Assert.Contains("name=\"Version\" value=\"2\"", html);
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal("甲的想法\n乙的想法", await c.ExecuteScalarAsync<string>("SELECT body FROM output_texts WHERE session_id = @session", new { session }));
    }

    [Fact]
    public async Task Long_text_is_refused_with_the_limit_and_markup_is_kept_as_text()
    {
        var (cohort, session, a, memberA, _, _) = await ClassAsync();
        var api = await app.Api(memberA);
        var r = await api.PutAsJsonAsync(Text(session, a, "summary"), new { body = new string('字', 100_000), version = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("20000", await r.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync(Text(session, a, "summary"), new { body = "<script>alert(1)</script><b>粗</b>", version = 0 })).StatusCode);
        var html = await (await (await app.Browser("headteacher")).GetAsync($"/Outputs/Gallery/{cohort}/{session}")).Content.ReadAsStringAsync(); // not decoded
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public async Task Entries_follow_the_village_resources_template()
    {
        var (_, session, a, memberA, _, _) = await ClassAsync("village_resources");
        var api = await app.Api(memberA);
        var ok = await api.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{a}/entries",
            new { section = "resources", category = "人/能人", name = "退休教师张老师", description = "书法、写春联" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var bad = await api.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{a}/entries", new { section = "resources", category = "钱", name = "基金" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("人/能人", await bad.Content.ReadAsStringAsync());
        await using var c = await app.Get<Db>().OpenAsync();
        var row = await c.QuerySingleAsync<(string Kind, string Subkind, string Name)>("SELECT kind, subkind, name FROM output_entries WHERE session_id = @session", new { session });
        Assert.Equal(("人", "能人", "退休教师张老师"), row);
        var board = await (await api.GetAsync($"/api/v1/sessions/{session}/outputs")).ReadJsonAsync();
        Assert.Equal("village_resources", board["template"]!.Value<string>("code"));
    }

    [Fact]
    public async Task An_entry_or_a_photo_is_taken_back_after_asking_by_who_may_add_and_only_from_its_own_stall()
    {
        var (cohort, session, a, memberA, b, memberB) = await ClassAsync("village_resources");
        var api = await app.Api(memberA);
        var entry = (await (await api.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{a}/entries",
            new { section = "resources", category = "文", name = "写错的条目" })).ReadJsonAsync()).Value<long>("id");
        var photo = new MultipartFormDataContent { { new ByteArrayContent(JpegWithExif()), "file", "海报.jpg" }, { new StringContent("true"), "photo" } };
        var file = (await (await api.PostAsync($"/api/v1/sessions/{session}/outputs/group-{a}/files", photo)).ReadJsonAsync()).Value<long>("id");

        // The page asks first: 删除 opens the question, whose button posts.
        var page = await app.Browser(memberA);
        var html = WebUtility.HtmlDecode(await page.GetStringAsync($"/Outputs/{cohort}/{session}"));
        Assert.Contains("删除“写错的条目”？删除后不能恢复。", html);
        // Another group's member may not take it back; nor may it be taken back through another stall.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api(memberB)).DeleteAsync($"/api/v1/sessions/{session}/outputs/group-{a}/entries/{entry}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(memberB)).DeleteAsync($"/api/v1/sessions/{session}/outputs/group-{b}/entries/{entry}")).StatusCode);

        var removed = await TestApp.PostFormAsync(page, $"/Outputs/{cohort}/{session}",
            new() { ["Owner"] = $"group-{a}", ["ItemKind"] = "entry", ["ItemId"] = entry.ToString() }, "Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/sessions/{session}/outputs/group-{a}/files/{file}")).StatusCode);
        // twice: gone, said so, no 500
        var again = await TestApp.PostFormAsync(page, $"/Outputs/{cohort}/{session}",
            new() { ["Owner"] = $"group-{a}", ["ItemKind"] = "entry", ["ItemId"] = entry.ToString() }, "Remove");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("已不存在", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));

        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM output_entries WHERE id = @entry", new { entry }));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM output_files WHERE id = @file", new { file }));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attachments WHERE owner_kind = 'output' AND owner_id = @file", new { file }));
        Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action IN ('outputs.entry.remove', 'outputs.file.remove') AND entity_id = @a", new { a }));
    }

    /// <summary>A 40×20 JPEG, left half red and right half blue, with EXIF orientation 6 (rotate 90° clockwise) and a GPS tag.</summary>
    public static byte[] JpegWithExif()
    {
        using var bmp = new SKBitmap(40, 20);
        using (var canvas = new SKCanvas(bmp))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, 20, 20, red);
        }
        using var img = SKImage.FromBitmap(bmp);
        var jpeg = img.Encode(SKEncodedImageFormat.Jpeg, 95).ToArray();
        var tiff = new List<byte>();
        void u16(int v) { tiff.Add((byte)(v >> 8)); tiff.Add((byte)v); }
        void u32(int v) { u16(v >> 16); u16(v & 0xFFFF); }
        tiff.AddRange("MM"u8.ToArray()); u16(42); u32(8);
        u16(2);                                     // IFD0: two entries
        u16(0x0112); u16(3); u32(1); u16(6); u16(0); // Orientation = 6
        u16(0x8825); u16(4); u32(1); u32(38);       // GPS IFD at 38
        u32(0);
        u16(1);                                     // GPS IFD: one entry
        u16(0x0001); u16(2); u32(2); tiff.Add((byte)'N'); tiff.Add(0); u16(0); // GPSLatitudeRef = "N"
        u32(0);
        var app1 = new List<byte> { 0xFF, 0xE1 };
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        app1.Add((byte)((payload.Length + 2) >> 8)); app1.Add((byte)(payload.Length + 2));
        app1.AddRange(payload);
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    [Fact]
    public async Task A_photo_is_stored_upright_without_exif_and_a_file_that_is_not_a_photo_is_refused()
    {
        var (cohort, session, a, memberA, _, _) = await ClassAsync();
        var photo = JpegWithExif();
        using (var codec = SKCodec.Create(new MemoryStream(photo))) Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin); // the fixture is what it claims
        var page = await app.Browser(memberA);
        var r = await PostMultipartAsync(page, $"/Outputs/{cohort}/{session}", [("Owner", $"group-{a}")], ("Upload", photo, "海报.jpg"), "Photo");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        await using var c = await app.Get<Db>().OpenAsync();
        var stored = await c.ExecuteScalarAsync<byte[]>("""
            SELECT a.bytes FROM output_files f JOIN attachments a ON a.id = f.attachment_id WHERE f.session_id = @session
            """, new { session });
        using (var codec = SKCodec.Create(new MemoryStream(stored!)))
        {
            Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
            Assert.Equal((20, 40), (codec.Info.Width, codec.Info.Height));
        }
        Assert.Equal(-1, stored!.AsSpan().IndexOf("Exif"u8));
        using (var upright = SKBitmap.Decode(stored))
        {
            Assert.True(upright.GetPixel(10, 5).Red > 200 && upright.GetPixel(10, 5).Blue < 60, "the top is red");
            Assert.True(upright.GetPixel(10, 35).Blue > 200 && upright.GetPixel(10, 35).Red < 60, "the bottom is blue");
        }
        // The group's page shows it, and the attachment is served to the class.
        var html = await PageAsync(page, $"/Outputs/{cohort}/{session}");
        Assert.Contains("capture=\"environment\"", html);
        Assert.Contains("?display=true", html);

        // Not a photo: refused with a message, nothing stored.
        var bad = await PostMultipartAsync(page, $"/Outputs/{cohort}/{session}", [("Owner", $"group-{a}")], ("Upload", Encoding.UTF8.GetBytes("不是照片"), "photo.jpg"), "Photo");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("不是照片：请拍照", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        var truncated = await PostMultipartAsync(page, $"/Outputs/{cohort}/{session}", [("Owner", $"group-{a}")], ("Upload", photo[..(photo.Length / 2)], "half.jpg"), "Photo");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, truncated.StatusCode);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM output_files WHERE session_id = @session", new { session }));

        // A 30 MB file: over the attachment store's limit.
        var api = await app.Api(memberA);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[30 * 1024 * 1024]), "file", "big.pdf" } };
        var big = await api.PostAsync($"/api/v1/sessions/{session}/outputs/group-{a}/files", form);
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("超过 20 MB", await big.Content.ReadAsStringAsync());
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM output_files WHERE session_id = @session", new { session }));
    }

    [Fact]
    public async Task Members_and_staff_add_others_may_only_visit_and_another_class_sees_nothing()
    {
        var (cohort, session, a, memberA, b, memberB) = await ClassAsync();
        var otherGroup = await app.Api(memberB);
        // A trainee of the other group may not add to group A …
        Assert.Equal(HttpStatusCode.Forbidden, (await otherGroup.PutAsJsonAsync(Text(session, a, "summary"), new { body = "x", version = 0 })).StatusCode);
        var page = await app.Browser(memberB);
        var r = await TestApp.PostFormAsync(page, $"/Outputs/{cohort}/{session}",
            new() { ["Owner"] = $"group-{a}", ["Section"] = "summary", ["Version"] = "0", ["Body"] = "x" }, "Text");
        Assert.Contains("/Accounts/AccessDenied", r.Headers.Location!.ToString());
        // … but may comment on and like its stall.
        Assert.Equal(HttpStatusCode.OK, (await otherGroup.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{a}/comments", new { body = "很有创意！" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherGroup.PostAsync($"/api/v1/sessions/{session}/outputs/group-{a}/like", null)).StatusCode);
        // Staff of the class may add (a mentor on the class), and the members of their own group.
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("mentor")).PutAsJsonAsync(Text(session, b, "summary"), new { body = "导师补充", version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api(memberA)).PutAsJsonAsync(Text(session, a, "summary"), new { body = "我们组", version = 0 })).StatusCode);
        // Another office's organizer and a trainee of no class of this: 404; the exports are the staff's.
        foreach (var stranger in new[] { "organizer-huinan", "t001" })
        {
            var s = await app.Api(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync($"/api/v1/sessions/{session}/outputs")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await s.GetAsync($"/api/v1/sessions/{session}/outputs/export.docx")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser(stranger)).GetAsync($"/Outputs/Gallery/{cohort}/{session}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await otherGroup.GetAsync($"/api/v1/sessions/{session}/outputs/export.docx")).StatusCode);
        // A topic (until the Open Space topics exist) and a group of another class are not found.
        Assert.Equal(HttpStatusCode.NotFound, (await otherGroup.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/topic-1/comments", new { body = "x" })).StatusCode);
        // The session given with another class's id: 404.
        var elsewhere = await CreateCohortAsync(app, "别的班", "2031-06-01", "2031-06-02");
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("organizer")).GetAsync($"/Outputs/{elsewhere}/{session}")).StatusCode);
    }

    [Fact]
    public async Task The_gallery_counts_likes_that_toggle_and_short_comments()
    {
        var (cohort, session, a, memberA, b, memberB) = await ClassAsync();
        var visitor = await app.Api(memberB);
        var like = $"/api/v1/sessions/{session}/outputs/group-{a}/like";
        Assert.True((await (await visitor.PostAsync(like, null)).ReadJsonAsync()).Value<bool>("liked"));
        var again = await (await visitor.PostAsync(like, null)).ReadJsonAsync(); // a second tap takes it back
        Assert.False(again.Value<bool>("liked"));
        Assert.Equal(0, again.Value<int>("count"));
        await visitor.PostAsync(like, null);
        await (await app.Api(memberA)).PostAsync(like, null);
        await (await app.Api("headteacher")).PostAsync($"/api/v1/sessions/{session}/outputs/group-{b}/like", null);
        var tooLong = await visitor.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{b}/comments", new { body = new string('好', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("200", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{b}/comments", new { body = new string('好', 200) })).StatusCode);

        // The organizer's table: group A (2 likes) first; group B 1 like and 1 comment.
        var html = await PageAsync(await app.Browser("organizer"), $"/Outputs/Gallery/{cohort}/{session}");
        var table = html[html.IndexOf("id=\"stall-counts\"", StringComparison.Ordinal)..];
        var rowA = table.IndexOf($"data-owner=\"group-{a}\"", StringComparison.Ordinal);
        var rowB = table.IndexOf($"data-owner=\"group-{b}\"", StringComparison.Ordinal);
        Assert.True(rowA >= 0 && rowB > rowA, "the stall that drew most comes first");
        Assert.Contains("<td class=\"likes\">2</td><td class=\"comments\">0</td>", table[rowA..rowB]);
        // One at a time: next/previous; a trainee's page has no counts table.
        var one = await PageAsync(await app.Browser(memberB), $"/Outputs/Gallery/{cohort}/{session}?n=1&projector=true");
        Assert.Contains("id=\"next-stall\"", one);
        Assert.DoesNotContain("id=\"prev-stall\"", one);
        Assert.DoesNotContain("id=\"stall-counts\"", one);
        // Liking through the page (a form, no script) toggles too.
        var page = await app.Browser(memberB);
        var r = await TestApp.PostFormAsync(page, $"/Outputs/Gallery/{cohort}/{session}", new() { ["Owner"] = $"group-{b}" }, "Like");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var board = await (await visitor.GetAsync($"/api/v1/sessions/{session}/outputs")).ReadJsonAsync();
        var stallB = board["stalls"]!.AsArray().First(s => s!["owner"]!.Value<long>("id") == b)!;
        Assert.Equal(2, stallB.Value<int>("likes"));
    }

    [Fact]
    public async Task The_docx_is_valid_with_a_heading_per_group_entries_and_photos_and_the_zip_has_a_folder_per_group()
    {
        var (_, session, a, memberA, b, memberB) = await ClassAsync("village_resources");
        var api = await app.Api(memberA);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync(Text(session, a, "needs"), new { body = "能人回村带头", version = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/v1/sessions/{session}/outputs/group-{a}/entries",
            new { section = "resources", category = "景", name = "千亩桃园", description = "春季赏花" })).StatusCode);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(JpegWithExif()), "file", "海报.jpg" }, { new StringContent("true"), "photo" } })
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/sessions/{session}/outputs/group-{a}/files", form)).StatusCode);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(JpegWithExif()), "file", "海报.jpg" }, { new StringContent("true"), "photo" } })
            Assert.Equal(HttpStatusCode.OK, (await (await app.Api(memberB)).PostAsync($"/api/v1/sessions/{session}/outputs/group-{b}/files", form)).StatusCode);

        var organizer = await app.Api("organizer");
        var docx = await organizer.GetAsync($"/api/v1/sessions/{session}/outputs/export.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var invalid = string.Join("\n", new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").Distinct());
        Assert.True(invalid.Length == 0, invalid);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        await using var c = await app.Get<Db>().OpenAsync();
        var names = (await c.QueryAsync<string>("SELECT name FROM groups WHERE id IN (@a, @b) ORDER BY sort_order", new { a, b })).ToList();
        Assert.Contains("一、" + names[0], text);
        Assert.Contains("二、" + names[1], text);
        Assert.Contains("能人回村带头", text);
        Assert.Contains("千亩桃园", text);
        Assert.Single(doc.MainDocumentPart.Document.Body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>());
        Assert.Equal(2, doc.MainDocumentPart.ImageParts.Count());
        var extent = doc.MainDocumentPart.Document.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent>().First();
        Assert.True(extent.Cx!.Value <= Web.Infrastructure.Files.OfficialDocx.TextWidth * 635L, "no wider than the text");

        var zip = await organizer.GetAsync($"/api/v1/sessions/{session}/outputs/export.zip");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()));
        Assert.Equal([$"01 {names[0]}/海报.jpg", $"02 {names[1]}/海报.jpg"], archive.Entries.Select(e => e.FullName).Order());
    }
}

public sealed class OutputsTests_Sqlite(SqliteDemo app) : OutputsTests(app), IClassFixture<SqliteDemo>;
public sealed class OutputsTests_Postgres(PostgresDemo app) : OutputsTests(app), IClassFixture<PostgresDemo>;
