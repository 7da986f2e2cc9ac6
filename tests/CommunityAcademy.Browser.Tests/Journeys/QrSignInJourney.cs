using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using static CommunityAcademy.Browser.Tests.Journeys.SignInKit;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// QR sign-in live: the head teacher projects the session's rotating QR code; a trainee's phone follows it, signs in and
/// shows up on the console; a code passed on after it has rotated away is refused.
/// </summary>
public sealed class QrSignInJourney(BrowserApp app) : BrowserTest(app)
{
    private const int Rotation = 15; // qr_rotation_seconds: the default, not configurable through the API or the class page

    [Fact]
    public Task Head_teacher_projects_the_rotating_code_a_phone_signs_in_and_appears_live_an_old_code_is_refused() => Journey(Screen.Desktop, async page =>
    {
        var (cohort, session, title) = await OpenSessionNowAsync(App, "扫码签到体验课");

        // The head teacher finds the session in the class's statistics and opens its console.
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Attendance/Stats/{cohort}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("考勤统计");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.Locator("#by-session tr", new() { HasText = title }).GetByRole(AriaRole.Link, new() { Name = "签到控制台" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Attendance/Console/{session}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);

        // The QR code: an image (SVG) with the link it encodes written under it.
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "签到二维码" });
        var link = page.Locator("#qr-url");
        await Expect(qr.Locator("svg")).ToBeVisibleAsync();
        await Expect(link).ToHaveTextAsync(new Regex($"^{Regex.Escape(App.BaseUrl.ToString().TrimEnd('/'))}/Attendance/Scan\\?s={session}&t=\\S+$"));
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("0");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "qr-console", Screen.Desktop);

        // It rotates: after at most one rotation the code, and the picture of it, are new.
        var first = (await link.TextContentAsync())!;
        var firstSvg = await qr.InnerHTMLAsync();
        await Expect(link).Not.ToHaveTextAsync(first, new() { Timeout = (Rotation + 5) * 1000 });
        Assert.NotEqual(firstSvg, await qr.InnerHTMLAsync());
        var current = (await link.TextContentAsync())!;
        Assert.True(StepOf(current) > StepOf(first), $"{current} does not follow {first}");

        // A trainee's phone, another browser: the link of the code now on screen, the sign-in page, then signed in on arrival.
        await using (var phone = await PhoneAsync(App))
        {
            var p = phone.Page;
            await p.GotoAsync(current);
            await Expect(p).ToHaveURLAsync(new Regex("/Accounts/Login\\?ReturnUrl="));
            await A11y.CheckPageAsync(p, "zh-CN");
            await p.GetByLabel("用户名").FillAsync("t081");
            await p.GetByLabel("密码").FillAsync(Password);
            await p.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();
            // back with the scan pass the login page carried (the code itself has long rotated away)
            await Expect(p).ToHaveURLAsync(new Regex($"/Attendance/Scan\\?s={session}&p="));
            await Expect(p.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("签到");
            await Expect(p.Locator("main")).ToContainTextAsync(title);
            // the time, the status and the rule, in words: 15 minutes before the start, due 10 minutes before it
            await Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex(@"^已签到 \d{2}:\d{2}:\d{2}（北京时间）；须于\d{2}:\d{2}前到场，按时签到。$"));
            await A11y.CheckPageAsync(p, "zh-CN");
            await ScreenshotAsync(p, "signin-phone", Screen.Phone);
            phone.AssertNothingBroken();
        }

        // The console's live list (polled every 5 s) shows them in, without a reload.
        var line = (await AttendanceAsync(App, session))["trainees"]!.AsArray().Single(t => t!["signedInAt"] is not null)!;
        var name = line["name"]!.GetValue<string>();
        var row = page.Locator($"#t-{line["traineeId"]}");
        await Expect(row.Locator("td").Nth(1).Locator("label")).ToHaveTextAsync(name);
        await Expect(row.Locator("td.in")).ToHaveTextAsync(new Regex(@"\d{1,2}:\d{2}:\d{2}"), new() { Timeout = 12_000 });
        await Expect(row.Locator("td.st")).ToHaveTextAsync("出勤");
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");

        // A second trainee gets the first code passed on, after it has expired (a code counts in its own rotation and the next).
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((StepOf(first) + 2) * Rotation + 1);
        if (expiresAt > DateTimeOffset.UtcNow) await Task.Delay(expiresAt - DateTimeOffset.UtcNow);
        await using (var phone = await PhoneAsync(App))
        {
            var p = phone.Page;
            await p.GotoAsync(first);
            await p.GetByLabel("用户名").FillAsync("t082");
            await p.GetByLabel("密码").FillAsync(Password);
            await p.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();
            await Expect(p).ToHaveURLAsync(new Regex($"/Attendance/Scan\\?s={session}&t=")); // no pass: the code had expired when scanned
            var status = p.GetByRole(AriaRole.Status);
            await Expect(status).ToHaveTextAsync("二维码已过期，请重新扫描屏幕上的二维码。");
            await Expect(status).ToHaveClassAsync("error");
            await A11y.CheckPageAsync(p, "zh-CN");
            phone.AssertNothingBroken();
        }

        // Nobody else is in: not on the server, not on the console.
        var after = await AttendanceAsync(App, session);
        Assert.Equal(1, after["in"]!.GetValue<int>());
        Assert.Equal(1, await CheckInRecordsAsync(App, session));
        await page.WaitForTimeoutAsync(5_500); // one more poll of the live list
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");
        await Expect(page.Locator("#live tbody td.in").Filter(new() { HasTextRegex = new Regex(@"\d") })).ToHaveCountAsync(1);
    });
}
