using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 评审与方案 (#18) on a phone-sized screen, on seed 002's brand plans: a member of a community group revises the plan and
/// reads the mentors' opinions; a mentor scores from the to-do list (the same plain forms a tablet uses); the organizer
/// reads the ranking at a desk, ties sharing a rank.
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
    public Task The_organizer_reads_the_ranking_ties_sharing_a_rank() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer-tuanchengshan");
        await page.GetByRole(AriaRole.Link, new() { Name = ClassTitle }).First.ClickAsync();
        await page.Locator("#class-reviews").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "评分排名" }).First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Ranking/\d+/\d+$"));
        // each ranked row as shown: its rank and its aggregate (the cell's first line)
        var rows = await page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('#ranking tbody tr')]
              .filter(tr => tr.dataset.rank)
              .map(tr => [Number(tr.dataset.rank), parseFloat(tr.cells[2].innerText.split('\n')[0])])
            """);
        Assert.NotEmpty(rows);
        // standard competition ranking, as the page shows it: 1 + how many rank above; equal aggregates share a rank
        foreach (var r in rows) Assert.Equal(1 + rows.Count(o => o[1] > r[1]), (int)r[0]);
        Assert.Equal(rows.Select(r => r[1]).OrderDescending(), rows.Select(r => r[1]));
        await A11y.CheckPageAsync(page, "zh-CN");
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
