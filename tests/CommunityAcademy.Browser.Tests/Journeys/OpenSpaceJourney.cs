using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 开放空间 (#17 point 6) on a phone-sized screen, in seed 001's afternoon: the organizer opens the marketplace from the
/// class page, a participant posts a topic on the phone and moves between topics with one tap each (the counts
/// follow), and the projector wall shows the new topic.
/// </summary>
public sealed class OpenSpaceJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task A_participant_posts_a_topic_and_moves_between_topics_and_the_wall_shows_it() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, Seed001.Organizer);
        await page.GotoAsync("/Cohorts");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed001.Title }).First.ClickAsync();
        await page.Locator("a.open-space-link").First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/OpenSpace/\d+$"));
        var session = Regex.Match(page.Url, @"/OpenSpace/(\d+)$").Groups[1].Value;
        await page.Locator("#marketplace-toggle").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("议题集市已开放");

        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, "hn05");
        await page.GotoAsync($"/OpenSpace/Phone/{session}");
        await page.GetByLabel("议题", new() { Exact = true }).FillAsync("村里的老党员怎么带头");
        await page.GetByLabel("一句话说明（可不填）").FillAsync("人：老党员、老干部");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布议题" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("议题已发布");
        await Expect(page.Locator("#os-unplaced")).ToContainTextAsync("村里的老党员怎么带头");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the phone page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");

        // The first slot: go to a topic I am not in (one tap), then to another; each time the counts follow.
        var slot = page.Locator("section.os-slot").First;
        var others = slot.Locator("li.os-topic:not(.mine)");
        var target = others.First;
        var title = (await target.Locator("h3").InnerTextAsync()).Trim();
        var id = await target.GetAttributeAsync("data-topic");
        var before = int.Parse(Regex.Match(await page.Locator($"[data-count='{id}']").InnerTextAsync(), @"\d+").Value);
        await target.GetByRole(AriaRole.Button, new() { Name = "去这里" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已换到这个议题");
        await Expect(page.Locator("section.os-slot").First.Locator(".os-where")).ToHaveTextAsync($"我在：{title}");
        await Expect(page.Locator($"[data-count='{id}']")).ToHaveTextAsync($"{before + 1} 人");

        var next = page.Locator("section.os-slot").First.Locator("li.os-topic:not(.mine)").First;
        var nextTitle = (await next.Locator("h3").InnerTextAsync()).Trim();
        await next.GetByRole(AriaRole.Button, new() { Name = "去这里" }).ClickAsync();
        await Expect(page.Locator("section.os-slot").First.Locator(".os-where")).ToHaveTextAsync($"我在：{nextTitle}");
        await Expect(page.Locator($"[data-count='{id}']")).ToHaveTextAsync($"{before} 人");
        await ScreenshotAsync(page, "open-space", Screen.Phone);

        // The projector wall shows the new topic and the grid.
        await page.GotoAsync($"/OpenSpace/Wall/{session}");
        await Expect(page.Locator("#wall h1")).ToHaveTextAsync(OpenSpaceDemo.Theme);
        await Expect(page.Locator("#wall-unplaced")).ToContainTextAsync("村里的老党员怎么带头");
        await Expect(page.Locator("#os-grid")).ToContainTextAsync(nextTitle);
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.SetViewportSizeAsync(1280, 720); // the projector
        await ScreenshotAsync(page, "open-space-wall", Screen.Desktop);

        // The topic hn05 convenes: the record form, saved as typed.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/OpenSpace/Phone/{session}");
        await page.GetByRole(AriaRole.Link, new() { Name = "村里的老党员怎么带头" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/OpenSpace/Topic/\d+/\d+$"));
        await page.GetByLabel("讨论要点").FillAsync("<b>老党员</b>带头认领睦邻点");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("讨论记录已保存");
        await Expect(page.GetByLabel("讨论要点")).ToHaveValueAsync("<b>老党员</b>带头认领睦邻点");
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
