using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 评审与方案 (#18) on a phone-sized screen, on seed 002's brand plans: a member of a community group revises the plan and
/// reads the mentors' opinions; a mentor scores from the to-do list (the same plain forms a tablet uses).
/// </summary>
public sealed class ReviewsJourney(BrowserApp app) : BrowserTest(app)
{
    private const string ClassTitle = "团城山街道“培育强基”书记沙龙";

    [Fact]
    public Task A_group_revises_its_plan_on_a_phone_and_sees_the_mentors_opinions() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "tcs01");
        await page.GetByRole(AriaRole.Link, new() { Name = ClassTitle }).First.ClickAsync();
        await page.Locator("#class-reviews-mine").ClickAsync();
        await page.Locator("#my-plans a").First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Plan/\d+/\d+$"));
        await Expect(page.Locator(".opinion").First).ToBeVisibleAsync(); // the mentors' opinions on the versions
        await page.GetByLabel("目标").FillAsync("幸福家园，服务到家");
        await page.Locator("#plan-handin").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交第 3 版");
        await Expect(page.Locator("article.plan-version")).ToHaveCountAsync(3);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the plan page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "plan", Screen.Phone);
    });

    [Fact]
    public Task A_mentor_scores_a_plan_from_the_to_do_list() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "mentor-tcs1");
        await page.GetByRole(AriaRole.Link, new() { Name = ClassTitle }).First.ClickAsync();
        await page.Locator("#class-reviews").ClickAsync();
        await page.Locator("#my-todo a").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Todo/\d+$"));
        await page.Locator("#todo a").First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Score/\d+/\d+$"));
        foreach (var name in new[] { "可行性", "实用性", "创新性", "合理性", "持续性" })
            await page.GetByLabel(new Regex("^" + name)).FillAsync("9");
        await page.GetByLabel("指导意见").FillAsync("第三版更具体了。");
        await page.Locator("#score-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评分已提交");
        await Expect(page.Locator("#score-status")).ToContainTextAsync("总分 88.89");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the scoring page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
