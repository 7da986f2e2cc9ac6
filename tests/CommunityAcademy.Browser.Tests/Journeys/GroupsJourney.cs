using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 分组 (#16 point 1) on a phone-sized screen: the organizer forms the class's working groups (one per unit), moves a
/// person by ticking and "移到…" (no drag-and-drop), then a trainee reads their group on the phone.
/// </summary>
public sealed class GroupsJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task The_organizer_forms_groups_and_moves_a_person_and_the_trainee_sees_the_group_on_the_phone() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GotoAsync("/Cohorts");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).First.ClickAsync();
        await page.Locator("#class-groups").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("分组");

        await page.GetByLabel("分组名称").FillAsync("班级工作小组");
        await page.GetByLabel("每个单位一组").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "创建并分组" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Groups/Grouping/\d+/\d+$"));
        var cards = page.Locator("#groups > li.card");
        Assert.True(await cards.CountAsync() > 1);
        await A11y.CheckPageAsync(page, "zh-CN");

        // Tick the first person of the first group and move them to the second group.
        var first = cards.Nth(0);
        var second = cards.Nth(1);
        var secondName = (await second.Locator("h2").InnerTextAsync()).Trim();
        var person = first.Locator(".members input[type=checkbox]").First;
        var who = (await first.Locator(".members label").First.InnerTextAsync()).Trim();
        var before = await second.Locator(".members li").CountAsync();
        await person.CheckAsync();
        await page.GetByLabel("把勾选的人移到").SelectOptionAsync(new SelectOptionValue { Label = secondName });
        await page.GetByRole(AriaRole.Button, new() { Name = "移动", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已移动 1 人");
        await Expect(page.Locator("#groups > li.card").Nth(1).Locator(".members li")).ToHaveCountAsync(before + 1);
        await Expect(page.Locator("#groups > li.card").Nth(1)).ToContainTextAsync(who);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the grouping page is wider than the phone");

        // t001 on the phone: the class's 我的小组 tab shows the group, its members, no phone numbers.
        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, "t001");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "我的小组" }).First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Me/Groups/\d+$"));
        var mine = page.Locator("#my-groups li.my-group");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine).ToContainTextAsync("班级工作小组");
        await Expect(mine).ToContainTextAsync("组员");
        Assert.DoesNotMatch(new Regex(@"1[3-9]\d{9}"), await page.Locator("main").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "my-groups", Screen.Phone);
    });
}
