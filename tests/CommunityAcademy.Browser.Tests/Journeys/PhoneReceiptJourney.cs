using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// A unit contact on a phone (390 × 844), with no spreadsheet at hand, types its receipt into the web form: one card
/// per place with the unit and position filled in, a visible label on every field, nothing wider than the screen.
/// </summary>
public sealed class PhoneReceiptJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者治理能力培训第三期";

    [Fact]
    public Task Types_the_receipt_into_the_web_form_on_a_phone() => Journey(Screen.Phone, async page =>
    {
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title,
        [
            new("太和镇", OfficeApi.TownLeaders, 1), new("上洪村", OfficeApi.Committee, 2),   // 梁子湖区: 3
            new("百席村", OfficeApi.Committee, 2),                                            // 华容区
        ], [("梁子湖区", "梁子湖区民政局"), ("华容区", "华容区民政局")], DateOnly.FromDateTime(DateTime.Today).AddDays(7));

        await page.GotoAsync("/Accounts/Login");
        await page.GetByLabel("用户名").FillAsync("contact-liangzihu");
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("您好，梁子湖区联络员");
        await page.GetByRole(AriaRole.Link, new() { Name = Title }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Title);
        await A11y.CheckPageAsync(page, "zh-CN");
        var overview = page.Url;
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "参训人员回执" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参训人员回执");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 在网页上直接填写: a card per place, its unit and position filled in.
        var form = page.Locator("details.panel");
        await form.Locator("summary", new() { HasText = "在网页上直接填写" }).TapAsync();
        await Expect(form).ToHaveAttributeAsync("open", "");
        await A11y.CheckPageAsync(page, "zh-CN");
        var people = form.Locator("tbody tr");
        await Expect(people).ToHaveCountAsync(3);
        Assert.Equal(["太和镇", "上洪村", "上洪村"], await Values(page, "单位"));
        Assert.Equal([OfficeApi.TownLeaders, OfficeApi.Committee, OfficeApi.Committee], await Values(page, "职务"));

        // Every field has its label in sight, and every card fits the screen.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.clientWidth");
        for (var i = 0; i < 3; i++)
        {
            foreach (var field in new[] { "单位", "姓名", "职务", "联系方式" })
            {
                var input = page.GetByLabel($"{field} {i + 1}", new() { Exact = true });
                var label = people.Nth(i).Locator($"label[for='{await input.GetAttributeAsync("id")}']");
                await label.ScrollIntoViewIfNeededAsync();
                await Expect(label).ToBeVisibleAsync();
                await Expect(label).ToHaveTextAsync(new Regex($"^{field}"));
                var box = (await input.BoundingBoxAsync())!;
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"{field} {i + 1} is at {box.X}..{box.X + box.Width} on a {width}px screen");
                Assert.True(box.Height >= 32, $"{field} {i + 1} is only {box.Height}px high: too small to tap");
            }
        }
        await form.EvaluateAsync("d => d.scrollIntoView({ block: 'start' })");
        await ScreenshotAsync(page, "receipts-form", Screen.Phone);

        string[] names = ["周志强", "郑美玲", "何建军"];
        string[] phones = ["13907120001", "13907120002", "0711-3456789"];
        for (var i = 0; i < 3; i++)
        {
            await page.GetByLabel($"姓名 {i + 1}", new() { Exact = true }).TapAsync();
            await page.Keyboard.TypeAsync(names[i]);
            await page.GetByLabel($"联系方式 {i + 1}", new() { Exact = true }).FillAsync(phones[i]);
        }
        await Expect(page.GetByLabel("联系方式 1", new() { Exact = true })).ToHaveAttributeAsync("inputmode", "tel");
        await form.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).TapAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已收到梁子湖区的回执，共 3 人。");
        var history = page.GetByRole(AriaRole.Heading, new() { Name = "回执记录" }).Locator("xpath=following-sibling::table[1]/tbody/tr");
        await Expect(history).ToHaveCountAsync(1);
        await Expect(history.First).ToContainTextAsync("当前有效");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 回执核对 on the phone: both units 已报满.
        await page.GotoAsync(overview);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "回执核对" }).TapAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("已报 3 人 / 名额 3 人");
        await Expect(ReceiptUploadJourney.DistrictRows(page).Locator("td")).ToHaveTextAsync(["梁子湖区", "3", "3", "已报满"]);
        Assert.Equal(["已报满", "已报满"], await ReceiptUploadJourney.UnitRows(page).Locator("td:nth-child(5)").AllInnerTextsAsync());
        await Expect(page.Locator("main")).Not.ToContainTextAsync("百席村");
        await A11y.CheckPageAsync(page, "zh-CN");
    });

    private static async Task<string[]> Values(IPage page, string field)
    {
        var values = new string[3];
        for (var i = 0; i < 3; i++) values[i] = await page.GetByLabel($"{field} {i + 1}", new() { Exact = true }).InputValueAsync();
        return values;
    }
}
