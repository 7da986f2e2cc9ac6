using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using DocumentFormat.OpenXml.Packaging;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 优秀学员 (#19 point 3) at desktop size, on seed 002's class (its brand plans scored by three mentors; no session has
/// taken sign-in yet, so attendance is 100% for all and the plan part makes the difference): the organizer sets 5 trainees
/// at most 1 per community, removes one with a reason, confirms after the question, and downloads the 表彰 notice.
/// </summary>
public sealed class OutstandingJourney(BrowserApp app) : BrowserTest(app)
{
    private const string ClassTitle = "团城山街道“培育强基”书记沙龙";

    [Fact]
    public Task The_organizer_chooses_adjusts_and_confirms_outstanding_trainees_and_downloads_the_notice() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer-tuanchengshan");
        await page.GetByRole(AriaRole.Link, new() { Name = ClassTitle }).First.ClickAsync();
        await page.Locator("#class-outstanding").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Scores/Outstanding/\d+$"));

        await page.GetByLabel("评选人数").FillAsync("5");
        await page.GetByLabel("每个单位最多").FillAsync("1");
        await page.GetByLabel("按哪一级单位限额").SelectOptionAsync(new SelectOptionValue { Label = "社区（村）" });
        await page.Locator("#save-rule").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评选办法已保存");
        await Expect(page.Locator("#selection-summary")).ToContainTextAsync("按办法应评 5 名");
        var chosen = page.Locator("tr[data-chosen='1']");
        var before = await chosen.CountAsync();
        Assert.True(before >= 5, $"{before} chosen");

        // one removed with a reason
        var first = chosen.First;
        var name = (await first.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await first.GetByPlaceholder("理由").FillAsync("已获街道表彰");
        await first.GetByRole(AriaRole.Button, new() { Name = "移出" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("名单已调整");
        await Expect(page.Locator("tr[data-chosen='1']")).ToHaveCountAsync(before - 1);
        await Expect(page.Locator("#outstanding")).ToContainTextAsync("移出：已获街道表彰");
        await A11y.CheckPageAsync(page, "zh-CN");

        // confirmed after the question
        await page.Locator("#confirm").ClickAsync();
        await Expect(page.Locator("#confirm-panel")).ToContainTextAsync($"确认 {before - 1} 名优秀学员？");
        await page.Locator("#confirm-yes").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已确认 {before - 1} 名优秀学员");
        await Expect(page.Locator("#confirmed-list tbody tr")).ToHaveCountAsync(before - 1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-notice").ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"ca-outstanding-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(file);
        try
        {
            using var doc = WordprocessingDocument.Open(file, false);
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("关于表彰" + ClassTitle + "优秀学员的通报", text);
            Assert.Contains($"决定对以下{before - 1}名学员予以通报表彰", text);
            Assert.DoesNotContain(name, text);
        }
        finally { File.Delete(file); }
    });
}
