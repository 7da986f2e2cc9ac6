using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 成果 and 摆摊 (#17): on a phone, a secretary of seed 002's salon photographs the group's poster, it appears in the
/// gallery, and what was typed survives a dropped connection; the organizer downloads the session's outputs as a .docx with the photos in it.
/// </summary>
public sealed class OutputsJourney(BrowserApp app) : BrowserTest(app)
{
    private static byte[] Photo()
    {
        using var bmp = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(bmp)) canvas.Clear(new SKColor(0x33, 0x99, 0x66));
        using var img = SKImage.FromBitmap(bmp);
        return img.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    [Fact]
    public Task A_group_uploads_a_poster_photo_on_the_phone_it_appears_in_the_gallery_and_the_organizer_downloads_the_docx() => Journey(Screen.Phone, async page =>
    {
        long cohort, session, group;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
        {
            (cohort, session) = await c.QuerySingleAsync<(long, long)>("""
                SELECT c.id, s.id FROM cohorts c JOIN sessions s ON s.cohort_id = c.id WHERE c.title = @t AND s.title = @s
                """, new { t = Seed002.Title, s = Seed002.SalonTitle });
            group = await c.ExecuteScalarAsync<long>("""
                SELECT m.group_id FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id JOIN users u ON u.id = e.user_id
                JOIN groupings g ON g.id = m.grouping_id WHERE u.username = 'tcs01' AND g.cohort_id = @cohort AND g.name = @name
                """, new { cohort, name = DemoOutputs.Seed002Grouping });
        }

        await SignInAsync(page, "tcs01");
        await page.GotoAsync($"/Cohorts/Details/{cohort}");
        await page.GetByRole(AriaRole.Link, new() { Name = "研讨成果", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(Seed002.SalonTitle)) }).ClickAsync();
        await WaitForPageAsync(page, new Regex($@"/Outputs/{cohort}/{session}$"));
        var stall = page.Locator($"#group-{group}");
        await Expect(stall.Locator(".photos img")).ToHaveCountAsync(1); // the demo's poster
        // Typed, then the connection drops (a reload): the text is still in the box.
        await stall.Locator("textarea[name=Body]").FillAsync("断网前写下的品牌口号");
        await page.ReloadAsync();
        await Expect(page.Locator($"#group-{group} textarea[name=Body]")).ToHaveValueAsync("断网前写下的品牌口号");
        await stall.Locator("input[type=file][capture=environment]").SetInputFilesAsync(new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = Photo() });
        await stall.GetByRole(AriaRole.Button, new() { Name = "上传照片" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(page.Locator($"#group-{group} .photos img")).ToHaveCountAsync(2);
        await page.Locator($"#group-{group}").GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(page.Locator($"#group-{group} .text-form .muted")).ToContainTextAsync("第 2 版");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the outputs page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Locator("#gallery-link").ClickAsync();
        await WaitForPageAsync(page, new Regex($@"/Outputs/Gallery/{cohort}/{session}$"));
        var shown = page.Locator($"article#group-{group} img");
        await Expect(shown).ToHaveCountAsync(2);
        await Expect(shown.Nth(1)).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await shown.Nth(1).EvaluateAsync<int>("img => img.naturalWidth") > 0, "the photo loads");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "outputs-gallery", Screen.Phone);

        // The organizer downloads the .docx: a heading per community and every photo.
        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, Seed002.Organizer);
        await page.GotoAsync($"/Outputs/{cohort}/{session}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-docx").ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"ca-outputs-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(file);
        try
        {
            using var doc = WordprocessingDocument.Open(file, false);
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("一、杭州西路社区", text);
            Assert.Contains("服务520", text);
            Assert.Contains("断网前写下的品牌口号", text);
            Assert.Equal(12, doc.MainDocumentPart.ImageParts.Count()); // 11 posters and the new photo
        }
        finally { File.Delete(file); }
    });
}
