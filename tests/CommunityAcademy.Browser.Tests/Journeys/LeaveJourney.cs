using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// #14 on phones (390 × 844, WeChat's user agent): a trainee of the demo's sign-in class asks for leave for a session
/// with a photo of a note; the head teacher approves it on the leave page; the trainee sees it approved. No page is
/// wider than the screen.
/// </summary>
public sealed class LeaveJourney(BrowserApp app) : BrowserTest(app)
{
    public const string WeChat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
                                 "Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN";

    private static byte[] Note()
    {
        using var bmp = new SKBitmap(60, 80);
        using (var canvas = new SKCanvas(bmp)) canvas.Clear(SKColors.LightYellow);
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
    public Task A_trainee_asks_for_leave_with_a_photo_and_sees_it_approved_by_the_head_teacher() => Journey(Screen.Phone, async page =>
    {
        long cohort;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = DemoSeeder.SignInClassTitle });
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["User-Agent"] = WeChat });
        await SignInAsync(page, "t083");

        // Home: today's sessions with my own status, and the way to my pages.
        await Expect(page.Locator("#home-my-today")).ToBeVisibleAsync();
        await FitsPhoneAsync(page);

        // Every page of mine fits the phone.
        foreach (var path in new[] { "/Me", $"/Me/Timetable/{cohort}", $"/Me/Attendance/{cohort}", $"/Me/Notice/{cohort}" })
        {
            await page.GotoAsync(path);
            await WaitForPageAsync(page, new Regex(Regex.Escape(path) + "$"));
            await FitsPhoneAsync(page);
        }
        await Expect(page.Locator("#notice-leave")).ToContainTextAsync("经批准后方可离开");

        // 请假 from the menu; t083 is in two classes (seed 000's and this week's): choose this week's.
        await OpenMenuIfFoldedAsync(page);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "请假", Exact = true }).TapAsync();
        await WaitForPageAsync(page, new Regex("/Me/Leave$"));
        await page.Locator($"a[href='/Me/Leave/{cohort}']").TapAsync();
        await WaitForPageAsync(page, new Regex($"/Me/Leave/{cohort}$"));
        await FitsPhoneAsync(page);

        var first = page.Locator("#leave-form input[type=checkbox]").First;
        var sessionTitle = (await page.Locator("#leave-form label.check").First.InnerTextAsync()).Trim();
        await first.CheckAsync();
        await page.GetByLabel("请假事由").FillAsync("发烧就医，附病假条");
        await page.GetByLabel("请假条照片（选填，如病假证明）").SetInputFilesAsync(new FilePayload { Name = "note.jpg", MimeType = "image/jpeg", Buffer = Note() });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交请假申请" }).TapAsync();
        await Expect(page.Locator("p.ok")).ToContainTextAsync("已提交 1 条请假申请");
        var mine = page.Locator("#my-leave li.card").First;
        await Expect(mine.Locator(".leave-status")).ToHaveTextAsync("待审批");
        await Expect(mine.Locator("img.leave-photo")).ToBeVisibleAsync();
        Assert.True(await mine.Locator("img.leave-photo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the photo does not show");
        await FitsPhoneAsync(page);
        await ScreenshotAsync(page, "leave-request", Screen.Phone);

        // The head teacher, on a phone too: the home page's pending card leads to the leave page; approve.
        await using var other = await App.Browser.NewContextAsync(ContextOptions(Screen.Phone, App.BaseUrl.ToString()));
        var ht = await other.NewPageAsync();
        await SignInAsync(ht, "headteacher");
        var card = ht.Locator("#home-leave li.card").Filter(new() { HasText = "发烧就医" });
        await card.GetByRole(AriaRole.Link, new() { Name = "请假审批" }).TapAsync();
        await WaitForPageAsync(ht, new Regex($"/Attendance/Leave/{cohort}$"));
        var request = ht.Locator("#leave-waiting li.card").Filter(new() { HasText = "发烧就医" });
        await Expect(request.Locator("img.leave-photo")).ToBeVisibleAsync();
        await FitsPhoneAsync(ht);
        await request.GetByLabel("审批意见").FillAsync("同意，注意休息");
        await request.GetByRole(AriaRole.Button, new() { Name = "批准", Exact = true }).TapAsync();
        await Expect(ht.Locator("p.ok")).ToContainTextAsync("已批准");
        await Expect(ht.Locator("#leave-decided li.card").Filter(new() { HasText = "发烧就医" }).Locator(".leave-status")).ToHaveTextAsync("已批准");

        // The trainee sees it approved, with the note.
        await page.ReloadAsync();
        await Expect(mine.Locator(".leave-status")).ToHaveTextAsync("已批准");
        await Expect(mine).ToContainTextAsync("同意，注意休息");
        await Expect(mine).ToContainTextAsync(Regex.Replace(sessionTitle, @"^\S+ \S+ ", "")); // the session it was asked for
        await FitsPhoneAsync(page);
    });
}
