using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// After the class (seed 000's second class, 2023-06-07 – 09, long over): the organizer goes from the class to its
/// attendance statistics (from the sign-in sheets the demo comes with), corrects one absence by hand and downloads the
/// discipline bulletin (通报), a .docx that names the class and reports on it.
/// </summary>
public sealed class BulletinJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task Organizer_downloads_the_discipline_bulletin_of_a_finished_class_from_its_statistics() => Journey(Screen.Desktop, async page =>
    {
        const string classTitle = AdministratorJourney.ClassTitle;
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = classTitle }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(classTitle);
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "考勤统计" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Attendance/Stats/\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"考勤统计：{classTitle}");
        var overall = page.Locator("main p", new() { HasTextRegex = new Regex("^参训人员 ") });
        await Expect(overall).ToHaveTextAsync(new Regex(@"^参训人员 \d+ 人，应到 \d+ 人次，实到 \d+ 人次，出勤率 [\d.]+%。$"));
        await Expect(page.Locator("#by-session tbody tr")).ToHaveCountAsync(7);
        await Expect(overall).ToContainTextAsync("实到 628 人次"); // the head teacher's sheets, uploaded: two sessions missed
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "attendance-stats", Screen.Desktop);

        // The third session's sheet missed one trainee who was there after all: the organizer corrects it by hand on the
        // session's console, with the reason.
        await page.Locator("#by-session tbody tr").Nth(2).GetByRole(AriaRole.Link, new() { Name = "签到控制台" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Attendance/Console/\d+$"));
        await A11y.CheckPageAsync(page, "zh-CN");
        var absent = page.Locator("#live tbody tr", new() { HasText = "缺勤" });
        await Expect(absent).ToHaveCountAsync(1);
        var row = page.Locator("#" + await absent.GetAttributeAsync("id")); // the same row once it no longer says 缺勤
        var trainee = (await row.Locator("td").Nth(1).Locator("label").TextContentAsync())!.Trim();
        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("考勤状态").SelectOptionAsync("present");
        await page.GetByLabel("原因").FillAsync("补登：纸质签到表");
        await page.GetByRole(AriaRole.Button, new() { Name = "标记", Exact = true }).ClickAsync();
        await Expect(row.Locator("td.st")).ToHaveTextAsync("出勤（补登：纸质签到表）");
        await Expect(page.Locator("#audit tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#audit tbody tr")).ToContainTextAsync("补登：纸质签到表");
        await page.GetByRole(AriaRole.Link, new() { Name = "考勤统计" }).ClickAsync();
        await Expect(overall).ToContainTextAsync("实到 629 人次");
        await Expect(page.Locator("#by-trainee tbody tr", new() { HasText = trainee }).Locator("td.s-present")).ToHaveCountAsync(7); // every session now
        var m = Regex.Match((await overall.TextContentAsync())!, @"参训人员 (\d+) 人，应到 (\d+) 人次，实到 (\d+) 人次，出勤率 ([\d.]+%)");
        var cohortId = Regex.Match(page.Url, @"/Attendance/Stats/(\d+)$").Groups[1].Value;

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = "下载纪律通报（.docx）" }).ClickAsync());
        Assert.Equal("违纪通报（鄂州市城乡社区工作者场景塑造实务能力培训第二期）.docx", download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        var file = Path.Combine(Path.GetTempPath(), $"ca-bulletin-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(file);
        try
        {
            string[] paragraphs;
            int tables;
            using (var doc = WordprocessingDocument.Open(file, false))
            {
                var body = doc.MainDocumentPart!.Document.Body!;
                paragraphs = body.Descendants<Paragraph>().Select(p => p.InnerText.Trim()).Where(t => t.Length > 0).ToArray();
                tables = body.Descendants<Table>().Count();
            }
            var text = string.Join("\n", paragraphs);
            // It names the class in its title and its first paragraph, and reports the same figures as the statistics page.
            Assert.Contains($"关于{classTitle}", text.Replace("\n", "")); // the title is broken at a word over lines
            Assert.Contains("培训纪律情况的通报", text);
            Assert.Contains($"{classTitle}于2023年6月7日至9日举办。", text);
            Assert.Contains($"参训人员共{m.Groups[1].Value}人，应到{m.Groups[2].Value}人次，实到{m.Groups[3].Value}人次，出勤率{m.Groups[4].Value}。", text);
            Assert.Contains("一、总体出勤情况", text);
            Assert.Contains("二、各地区、各单位出勤情况", text);
            Assert.Contains("三、违纪情况", text);
            // The correction counts: the only absence is gone; the lates, the early leave and the departure remain.
            Assert.Contains("实到629人次", text);
            Assert.Contains("迟到3人次，早退1人次，缺勤0人次，擅自离开1人次", text);
            Assert.DoesNotContain(paragraphs, x => x.Contains(trainee + "："));
            Assert.Contains("未经批准擅自离开", text);
            Assert.True(tables >= 1, "The bulletin has no table of units");
            Assert.True(paragraphs.Length >= 10, "The bulletin is nearly empty:\n" + text);
        }
        finally { File.Delete(file); }
    });
}
