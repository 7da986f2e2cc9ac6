using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 培训工作概览 (#24 point 2): the organizer opens the dashboard from the home page, chooses 2023, drills into 鄂城区 and opens
/// seed 000's class from the drill-down, and downloads its 培训总结 (.docx); on a phone the page is no wider than the screen (its tables scroll).
/// </summary>
public sealed class DashboardJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task The_organizer_drills_into_a_district_and_opens_a_class() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GotoAsync("/");
        await page.Locator("#home-dashboard").ClickAsync();
        await WaitForPageAsync(page, new Regex("/Dashboard$"));
        await page.Locator("#dashboard-year").SelectOptionAsync("2023");
        await page.Locator("form.dashboard-year button[type='submit']").ClickAsync();
        await WaitForPageAsync(page, new Regex("year=2023"));
        await Expect(page.Locator("#fig-attendance")).ToHaveTextAsync("99.7%");
        await Expect(page.Locator("#areas-table tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("#areas canvas.chart-canvas")).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Locator("#areas-table a", new() { HasText = "鄂城区" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("year=2023&unit=\\d+$"));
        await Expect(page.Locator("nav.crumbs strong")).ToHaveTextAsync("鄂城区");
        await Expect(page.Locator("#area-classes tbody tr")).ToHaveCountAsync(1);
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Locator("#area-classes a").First.ClickAsync();
        await WaitForPageAsync(page, new Regex("/Cohorts/Details/1$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("鄂州市城乡社区工作者场景塑造实务能力培训");

        // the class's 培训总结, from the class page, downloaded as Word: the attendance as the dashboard and the bulletin read it
        await page.Locator("#class-summary").ClickAsync();
        await WaitForPageAsync(page, new Regex("/Summary/1$"));
        var docx = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "下载培训总结 (.docx)" }));
        Assert.EndsWith(".docx", docx.FileName);
        Assert.Contains(Office.DocxParagraphs(docx.Bytes), p => p.Contains("应到630人次，实到628人次，出勤率99.7%"));
    });

    [Fact]
    public Task On_a_phone_the_tables_scroll() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GotoAsync("/Dashboard?year=2023");
        await WaitForPageAsync(page, new Regex("/Dashboard"));
        await Expect(page.Locator("#classes-table")).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN"); // includes: no page wider than the screen
    });
}
