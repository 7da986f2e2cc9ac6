using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Scenes;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 星级场景 (#25): a resident fills a preference card on a phone without signing in (the link the poster's QR code
/// carries); an expert assesses a scene on a phone and its official stars change; a search finds a community resource;
/// an organizer adds an indicator to the star standard through its form (no JSON) and saves a new version.
/// </summary>
public sealed class ScenesJourney(BrowserApp app) : BrowserTest(app)
{
    private async Task<(long Id, string Token)> SceneAsync(string name)
    {
        var store = App.Services.GetRequiredService<SceneStore>();
        var scene = (await store.AllAsync()).Single(s => s.Name == name);
        return (scene.Id, await store.CardTokenAsync(scene.Id));
    }

    [Fact]
    public Task A_resident_fills_a_card_on_a_phone_without_signing_in() => Journey(Screen.Phone, async page =>
    {
        var (_, token) = await SceneAsync("雷山社区党群服务中心一楼一老一小场景");
        await page.GotoAsync("/Scenes/Card/" + token);
        await WaitForPageAsync(page, new Regex("/Scenes/Card/"));
        await Expect(page.Locator("#card-scene")).ToContainTextAsync("雷山社区");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GetByLabel("您喜欢这里的什么？").FillAsync("一老一小都有地方去");
        await page.GetByLabel("您觉得这里还缺什么？").FillAsync("<b>遮阳棚</b>");
        await page.GetByLabel("60岁及以上").CheckAsync();
        await page.Locator("#card-submit").TapAsync();
        await Expect(page.Locator("#card-thanks")).ToContainTextAsync("谢谢您");
    });

    [Fact]
    public Task An_expert_assesses_a_scene_on_a_phone_and_its_stars_change() => Journey(Screen.Phone, async page =>
    {
        var (id, _) = await SceneAsync("火车站社区国源小区轮胎公园");
        await SignInAsync(page, "expert");
        await page.GotoAsync("/Scenes");
        await page.Locator($"li[data-scene='{id}'] a").TapAsync();
        await WaitForPageAsync(page, new Regex($"/Scenes/Scene/{id}$"));
        var before = await page.Locator("#official-stars .stars").GetAttributeAsync("data-stars");
        await A11y.CheckPageAsync(page, "zh-CN");
        foreach (var (key, score) in new[] { ("use", "15"), ("mix", "10"), ("team", "15"), ("space", "15"), ("detail", "10"), ("brand", "15") })
            await page.Locator($"input[data-indicator='{key}']").FillAsync(score);
        await page.Locator("#scene-assess textarea[name='note']").FillAsync("改造后复评：轮胎公园增加了遮阳和座椅");
        await page.Locator("#scene-assess button[type='submit']").TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评定已保存");
        var after = await page.Locator("#official-stars .stars").GetAttributeAsync("data-stars");
        Assert.NotEqual(before, after);
        Assert.True(int.Parse(after!) > int.Parse(before!), $"{before} → {after}");
        await Expect(page.Locator("#scene-history tr[data-kind='expert']").First).ToContainTextAsync("专家评定");
    });

    [Fact]
    public Task The_organizer_adds_an_indicator_through_the_form_and_saves_a_new_version() => Journey(Screen.Desktop, async page =>
    {
        var store = App.Services.GetRequiredService<StandardStore>();
        var before = (await store.AllAsync()).Count;
        await SignInAsync(page, "organizer");
        await page.GotoAsync("/Scenes/Standards");
        await WaitForPageAsync(page, new Regex("/Scenes/Standards"));
        await A11y.CheckPageAsync(page, "zh-CN");
        // the first dimension gets a new row by posting the form back; what was typed in the form stays
        await page.GetByLabel("维度 1 指标 1 的名称").FillAsync("居民使用频次（高峰时段）");
        await page.Locator("button[data-add-indicator='0']").ClickAsync();
        await WaitForPageAsync(page, new Regex("handler=AddIndicator"));
        await Expect(page.GetByLabel("维度 1 指标 1 的名称")).ToHaveValueAsync("居民使用频次（高峰时段）");
        await page.GetByLabel("维度 1 指标 3 的名称").FillAsync("夜间照明");
        await page.GetByLabel("维度 1 指标 3 的分值").FillAsync("5");
        await page.GetByLabel("维度 1 指标 3 的评分说明").FillAsync("入夜后灯光是否充足");
        await page.Locator("#standard-new").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "scenes-standard-form", Screen.Desktop);
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.Locator("#standard-save").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("新版本已保存");
        await Expect(page.Locator("section[data-standard]", new() { HasText = "夜间照明" })).ToHaveCountAsync(1);
        var all = await store.AllAsync();
        Assert.Equal(before + 1, all.Count);
        var latest = all.Single(s => s.Standard.Indicators.Any(i => i.Name == "夜间照明"));
        Assert.Equal(105m, latest.Standard.MaxTotal);
        Assert.Equal(latest.Version - 1, all.Single(s => s.Name == latest.Name && s.Version == latest.Version - 1 && !s.IsRetired).Version); // the old one stays

        // retired after the question, so that the other journeys assess under the sample version as before
        await page.Locator($"section[data-standard='{latest.Id}'] a[href='?confirm={latest.Id}']").ClickAsync();
        await Expect(page.Locator("#retire-confirm")).ToContainTextAsync($"第 {latest.Version} 版");
        await page.Locator("#retire-confirm button[type='submit']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("该版本已停用");
        Assert.True((await store.FindAsync(latest.Id))!.IsRetired);
    });

    [Fact]
    public Task A_search_finds_a_resource() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GotoAsync("/Scenes/Resources");
        await WaitForPageAsync(page, new Regex("/Scenes/Resources"));
        await page.Locator("#resource-q").FillAsync("宿宇");
        await page.Locator("#resource-search button[type='submit']").ClickAsync();
        await WaitForPageAsync(page, new Regex("q="));
        await Expect(page.Locator("#resources li", new() { HasText = "特色民宿“宿宇”" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#resources li", new() { HasText = "美丽庭院志愿队" })).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
