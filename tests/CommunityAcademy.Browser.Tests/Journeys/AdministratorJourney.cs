using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>An administrator signs in with the keyboard only, finds seed 000's class and reads it in both languages.</summary>
public sealed class AdministratorJourney(BrowserApp app) : BrowserTest(app)
{
    public const string ClassTitle = "鄂州市城乡社区工作者场景塑造实务能力培训第二期";

    [Fact]
    public Task Signs_in_by_keyboard_sees_the_demo_class_and_switches_chinese_and_english() => Journey(Screen.Desktop, async page =>
    {
        // A page that needs a sign-in sends a stranger to the login form, in Chinese.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/Login"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");
        // The contrast check really measured the body text and the button (white on the brand red).
        var measured = await A11y.MeasureContrastAsync(page);
        Assert.Contains(measured, m => m.Tag == "label" && m.Text == "用户名" && m.Ratio >= A11y.MinimumContrast);
        Assert.Contains(measured, m => m.Tag == "button" && m.Text == "登录" && m.Ratio >= A11y.MinimumContrast);
        Assert.Contains(measured, m => m.Tag == "footer" && m.Ratio >= A11y.MinimumContrast);

        // Keyboard only: the user name has the focus, Tab moves on, and Tab reaches the sign-in button.
        await Expect(page.GetByLabel("用户名")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("admin");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("密码")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Password);
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "登录" });
        for (var i = 0; i < 10 && !await submit.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(submit).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        // Home: the welcome, the roles and the demo class.
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("您好");
        await Expect(page.Locator("main")).ToContainTextAsync("系统管理员");
        var card = page.GetByRole(AriaRole.Link, new() { Name = ClassTitle });
        await Expect(card).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");

        // The class overview.
        await card.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Cohorts/Details/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(ClassTitle);
        await Expect(page.Locator("main")).ToContainTextAsync("2023-06-07 – 2023-06-09");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "参训名额分配（共 90 名）" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "参加人员（共 101 人）" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "课程安排（7 节）" })).ToBeVisibleAsync();
        var districts = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "参训名额分配（共 90 名）" }) })
            .Locator("tbody tr");
        await Expect(districts).ToHaveCountAsync(5);
        await Expect(districts.First).ToContainTextAsync("鄂城区");
        await A11y.CheckPageAsync(page, "zh-CN");
        var overview = page.Url;

        // English, on the same page; the class's own data stays as it was written.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(overview);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trainee places by district (90 in all)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timetable (7 sessions)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation)).ToContainTextAsync("Classes");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(ClassTitle);
        await A11y.CheckPageAsync(page, "en");

        // The choice is remembered from page to page …
        await page.GetByRole(AriaRole.Link, new() { Name = "Home", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hello");
        await Expect(page.Locator("main")).ToContainTextAsync("Administrator");

        // … and back to Chinese.
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("您好");
        await Expect(page.GetByRole(AriaRole.Navigation)).ToContainTextAsync("培训班");
    });
}
