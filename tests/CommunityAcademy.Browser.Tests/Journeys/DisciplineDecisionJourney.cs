using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// #15: the bulletin says a departure was reported to the trainee's unit only when the organizer recorded it — on the
/// class's 违纪记录与处理 page, reached from the statistics — and then says when and to whom.
/// </summary>
public sealed class DisciplineDecisionJourney(BrowserApp app) : BrowserTest(app)
{
    private static async Task<string> BulletinTextAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = "下载纪律通报（.docx）" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ca-bulletin-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(file);
        try
        {
            using var doc = WordprocessingDocument.Open(file, false);
            return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText.Trim()).Where(t => t.Length > 0));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public Task The_organizer_records_that_a_departure_was_reported_and_the_bulletin_says_so() => Journey(Screen.Desktop, async page =>
    {
        const string classTitle = AdministratorJourney.ClassTitle;
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = classTitle }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "考勤统计" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Attendance/Stats/\d+$"));

        // Nothing recorded yet: the bulletin quotes the class's rule and claims no report.
        var before = await BulletinTextAsync(page);
        Assert.DoesNotContain("已于", before);

        await page.GetByRole(AriaRole.Link, new() { Name = "违纪记录与处理" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Attendance/Discipline/\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(classTitle);
        await A11y.CheckPageAsync(page, "zh-CN");
        var departure = page.Locator("#discipline tbody tr", new() { HasText = "擅自离开" }).First;
        await Expect(departure).ToContainTextAsync("未处理");
        var name = (await departure.Locator("td").First.TextContentAsync())!.Trim();
        await departure.GetByLabel("已通报").CheckAsync();
        await departure.GetByLabel("通报对象").FillAsync("华容区纪委");
        await departure.GetByLabel("通报日期").FillAsync("2023-06-12");
        await departure.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已记录处理情况。");
        var saved = page.Locator("#discipline tbody tr", new() { HasText = name }).Filter(new() { HasText = "擅自离开" }).First;
        await Expect(saved).ToContainTextAsync("已于2023-06-12通报华容区纪委");

        // The bulletin now says it, with the date and the office.
        var after = await BulletinTextAsync(page);
        Assert.Matches("已于6月12日通报华容区纪委", after);
    });
}
