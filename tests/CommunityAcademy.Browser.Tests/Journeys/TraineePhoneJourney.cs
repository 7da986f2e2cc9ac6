using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>A trainee on a phone (390 × 844): signs in, reads the class overview, uses the ☰ menu, English, signs out.</summary>
public sealed class TraineePhoneJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task Signs_in_on_a_phone_sees_the_class_uses_the_menu_and_the_language_switch_and_signs_out() => Journey(Screen.Phone, async page =>
    {
        var menu = page.Locator("details.menu");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" });

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/Login"));
        await Expect(page.Locator("details.menu nav")).ToBeHiddenAsync();
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.GetByLabel("用户名").FillAsync("t001");
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();

        // Home: their own name, their role, their class.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("您好，王建华");
        await Expect(page.Locator("main")).ToContainTextAsync("学员");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).TapAsync();

        // The class overview fits the phone: dates, venue, rules and the timetable.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(AdministratorJourney.ClassTitle);
        await Expect(page.Locator("main")).ToContainTextAsync("2023-06-07 – 2023-06-09");
        await Expect(page.Locator("main")).ToContainTextAsync("共益园五楼能力建设培训厅");
        await Expect(page.Locator("table.timetable tbody tr")).ToHaveCountAsync(7);
        await A11y.CheckPageAsync(page, "zh-CN");
        var overview = page.Url;

        // The menu is folded; it opens on a tap and shows what a trainee may use, and nothing else.
        await Expect(nav).ToBeHiddenAsync();
        await menu.Locator("summary").TapAsync();
        await Expect(nav).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "首页" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "培训班", Exact = true })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "单位", Exact = true })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "账号管理" })).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN"); // the open menu too: white on red must stay readable
        await ScreenshotAsync(page, "menu", Screen.Phone);
        await menu.Locator("summary").TapAsync();
        await Expect(nav).ToBeHiddenAsync();

        // English from the menu, on the same page.
        await menu.Locator("summary").TapAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "English" }).TapAsync();
        await Expect(page).ToHaveURLAsync(overview);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timetable (7 sessions)" })).ToBeVisibleAsync();
        await Expect(menu.Locator("summary")).ToContainTextAsync("Menu");
        await A11y.CheckPageAsync(page, "en");

        // Sign out (a POST form in the menu): back at the sign-in page, and the class is closed to this browser.
        await menu.Locator("summary").TapAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" })
            .GetByRole(AriaRole.Button, new() { Name = "Sign out" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/Login$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ca.auth");
        await page.GotoAsync(overview);
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/Login\\?ReturnUrl="));
    });
}
