using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 工作手册 (#26): a community worker of seed 003 (gsh01) searches the sample handbook on a phone for 居民议事会怎么组织,
/// reads the hits with their chapter path and marked words, and opens the question's answer.
/// </summary>
public sealed class HandbookJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task A_worker_searches_on_a_phone_and_opens_a_hit() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "gsh01");
        await page.GotoAsync("/Handbook");
        await Expect(page.Locator("h1")).ToContainTextAsync("社区工作手册（示例）");
        await page.Locator("#handbook-q").FillAsync("居民议事会怎么组织");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Handbook/\d+\?q="));
        await Expect(page.Locator("#handbook-total")).ToContainTextAsync("共找到");
        var first = page.Locator(".handbook-hit").First;
        await Expect(first.Locator(".hit-path")).ToContainTextAsync("工作方法 › 居民参与");
        await Expect(first.Locator("mark").First).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");
        await first.Locator("a.hit-title").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Handbook/Article/\d+$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("居民议事会怎么组织");
        await Expect(page.Locator("#handbook-article")).ToContainTextAsync("推选代表");
        await Expect(page.Locator("#handbook-edit")).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
