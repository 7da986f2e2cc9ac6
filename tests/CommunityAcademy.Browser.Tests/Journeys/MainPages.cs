using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// The main pages at desktop and phone size, as an organizer sees them: each one in Chinese, labelled, readable
/// and no wider than the screen. With SCREENSHOTS=1 they are also written to docs/screenshots/ (see README).
/// </summary>
public sealed class MainPages(BrowserApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task Login_home_class_units_and_import_errors_render_at(Screen screen) => Journey(screen, async page =>
    {
        await page.GotoAsync("/Accounts/Login");
        await A11y.CheckPageAsync(page, "zh-CN");
        if (screen == Screen.Phone)
            await Expect(page.Locator("details.menu nav")).ToBeHiddenAsync(); // folded into ☰ on a phone
        else
            await Expect(page.Locator("details.menu nav")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "login", screen);

        await SignInAsync(page, "organizer");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "home", screen);

        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(AdministratorJourney.ClassTitle);
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "class", screen);

        await OpenMenuIfFoldedAsync(page);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "单位", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Units$"));
        await Expect(page.Locator(".tree li").First).ToContainTextAsync("鄂州市");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "units", screen);

        await page.GetByRole(AriaRole.Link, new() { Name = "从表格导入单位" }).ClickAsync();
        await page.GetByLabel("选择文件").SetInputFilesAsync(new FilePayload
        {
            Name = "单位.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("单位名称,上级单位,类型\n新港社区,鄂州市/鄂城区/凤凰街道,\n某村,不存在的镇,\n共益园,梁子湖区,\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("导入失败");
        await Expect(page.Locator("table.errors tbody tr")).ToHaveCountAsync(2);
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.Locator("table.errors").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "units-import-errors", screen);
    });
}
