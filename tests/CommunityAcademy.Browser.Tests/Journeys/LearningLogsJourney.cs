using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 学员日志 (#23 point 1) on phones: a trainee of the demo's sign-in class writes today's entry — saved as typed, no button
/// pressed, still there after a reload —, adds a photo with 保存; the head teacher finds it on the class's log page,
/// comments and marks it good; the trainee sees the comment and the mark on the phone. No page is wider than the screen.
/// </summary>
public sealed class LearningLogsJourney(BrowserApp app) : BrowserTest(app)
{
    private static byte[] Photo()
    {
        using var bmp = new SKBitmap(80, 60);
        using (var canvas = new SKCanvas(bmp)) canvas.Clear(SKColors.LightGreen);
        using var img = SKImage.FromBitmap(bmp);
        using var data = img.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static async Task FitsPhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), $"{page.Url} is wider than 390 px");
        await A11y.CheckPageAsync(page, "zh-CN");
    }

    [Fact]
    public Task A_trainee_writes_an_entry_on_a_phone_the_head_teacher_comments_and_the_trainee_sees_it() => Journey(Screen.Phone, async page =>
    {
        long cohort;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = DemoSeeder.SignInClassTitle });
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["User-Agent"] = LeaveJourney.WeChat });
        await SignInAsync(page, "t087");
        await page.GotoAsync($"/Me/Logs/{cohort}");
        await WaitForPageAsync(page, new Regex($"/Me/Logs/{cohort}$"));
        await FitsPhoneAsync(page);

        // Saved as typed: a pause after typing saves the draft (已保存 HH:mm); a reload finds the text.
        const string text = "今天学习了社区协商议事的方法，<i>回去</i>准备在楼栋里试一试。";
        await page.GetByLabel("今天的学习记录").FillAsync(text);
        await Expect(page.Locator("#log-autosave")).ToContainTextAsync("已保存");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("今天的学习记录")).ToHaveValueAsync(text);

        // A photo, with 保存.
        await page.GetByLabel("添加照片（可选）").SetInputFilesAsync(new FilePayload { Name = "today.jpg", MimeType = "image/jpeg", Buffer = Photo() });
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).TapAsync();
        await Expect(page.Locator("#log-done")).ToContainTextAsync("的日志已保存");
        var mine = page.Locator("#my-logs li.card").First;
        await Expect(mine).ToContainTextAsync(text); // markup shown as text
        var img = page.Locator("#log-form .log-photos img").First;
        await Expect(img).ToBeVisibleAsync();
        Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the photo does not show");
        await FitsPhoneAsync(page);
        await ScreenshotAsync(page, "learning-log", Screen.Phone);

        // The head teacher, on a phone too: the class's logs, a comment, 精选.
        await using var other = await App.Browser.NewContextAsync(ContextOptions(Screen.Phone, App.BaseUrl.ToString()));
        var ht = await other.NewPageAsync();
        await SignInAsync(ht, "headteacher");
        await ht.GotoAsync($"/Cohorts/Details/{cohort}");
        await ht.Locator("#class-logs").TapAsync();
        await WaitForPageAsync(ht, new Regex($"/LearningLogs/{cohort}$"));
        var card = ht.Locator("#logs li.card").Filter(new() { HasText = "社区协商议事" });
        await Expect(card).ToContainTextAsync("<i>回去</i>");
        await FitsPhoneAsync(ht);
        await card.GetByLabel("点评").FillAsync("想法很好，试过之后再写一篇。");
        await card.GetByRole(AriaRole.Button, new() { Name = "发表点评" }).TapAsync();
        await Expect(ht.Locator("#logs-done")).ToContainTextAsync("点评已发表");
        await card.GetByRole(AriaRole.Button, new() { Name = "设为精选" }).TapAsync();
        await Expect(ht.Locator("#logs-done")).ToContainTextAsync("已设为精选");
        await Expect(card.Locator(".log-featured")).ToBeVisibleAsync();

        // The trainee sees the comment and the mark.
        await page.ReloadAsync();
        await Expect(mine).ToContainTextAsync("想法很好，试过之后再写一篇。");
        await Expect(mine.Locator(".log-featured")).ToBeVisibleAsync();
        await FitsPhoneAsync(page);
    });
}
