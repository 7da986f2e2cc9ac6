using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using static CommunityAcademy.Browser.Tests.Journeys.SignInKit;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 签到 with no network: the phone keeps the sign-in in its queue (localStorage), says so, and uploads it when the network
/// returns, once: one record on the server, and the head teacher's console shows the trainee in.
/// </summary>
public sealed class OfflineSignInJourney(BrowserApp app) : BrowserTest(app)
{
    private const string QueueKey = "ca.checkins.v1";

    [Fact]
    public Task A_phone_signs_in_offline_the_sign_in_waits_in_its_queue_and_uploads_once_back_online() => Journey(Screen.Desktop, async page =>
    {
        var (_, session, title) = await OpenSessionNowAsync(App, "断网签到体验课");

        // The head teacher's console: the code on the screen, nobody in yet.
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Attendance/Console/{session}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        var link = page.Locator("#qr-url");
        await Expect(link).ToHaveTextAsync(new Regex($"/Attendance/Scan\\?s={session}&t="));
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("0");
        await A11y.CheckPageAsync(page, "zh-CN");
        var scanUrl = (await link.TextContentAsync())!;

        await using var phone = await PhoneAsync(App);
        var p = phone.Page;
        // The network drops as the phone opens the code's page: the page itself has arrived, its script (which signs in
        // at once) arrives after the phone went offline, so the sign-in goes out with no network.
        await phone.Context.RouteAsync("**/js/attendance.js*", async route =>
        {
            var script = await route.FetchAsync();
            await phone.Context.SetOfflineAsync(true);
            await route.FulfillAsync(new() { Response = script });
        }, new() { Times = 1 });

        await p.GotoAsync(scanUrl);
        await Expect(p).ToHaveURLAsync(new Regex("/Accounts/Login\\?ReturnUrl="));
        await p.GetByLabel("用户名").FillAsync("t083");
        await p.GetByLabel("密码").FillAsync(Password);
        await p.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();
        await Expect(p).ToHaveURLAsync(new Regex($"/Attendance/Scan\\?s={session}&p=")); // the scan pass, kept through the login

        // Offline: the phone says the sign-in is kept and will be uploaded; it is in the queue, not on the server.
        var status = p.GetByRole(AriaRole.Status);
        await Expect(status).ToHaveTextAsync("网络不通，已保存在本机，恢复网络后自动上传。");
        Assert.False(await p.EvaluateAsync<bool>("() => navigator.onLine"));
        var queued = JsonNode.Parse(await p.EvaluateAsync<string>($"() => localStorage.getItem('{QueueKey}')"))!.AsArray();
        var item = Assert.Single(queued)!;
        Assert.Equal("in", item["body"]!["kind"]!.GetValue<string>());
        Assert.Equal(session.ToString(), item["sessionId"]!.ToString());
        await A11y.CheckPageAsync(p, "zh-CN");
        Assert.Equal(0, await CheckInRecordsAsync(App, session));
        Assert.Equal(0, (await AttendanceAsync(App, session))["in"]!.GetValue<int>());

        // Back online: the queue uploads by itself and empties.
        await phone.Context.SetOfflineAsync(false);
        // the 'online' event, or the 20 s retry at the latest; it counts from the scan, made while the phone was online
        await Expect(status).ToHaveTextAsync(new Regex("^已签到 .*按时签到。$"), new() { Timeout = 25_000 });
        await Expect(status).ToHaveClassAsync("ok");
        Assert.Equal("[]", await p.EvaluateAsync<string>($"() => localStorage.getItem('{QueueKey}')"));
        await A11y.CheckPageAsync(p, "zh-CN");

        // Exactly one record, with the queued clientId; the trainee is in.
        Assert.Equal(1, await CheckInRecordsAsync(App, session));
        Assert.Equal(item["body"]!["clientId"]!.GetValue<string>(), Assert.Single(await CheckInClientIdsAsync(App, session)));
        var attendance = await AttendanceAsync(App, session);
        Assert.Equal(1, attendance["in"]!.GetValue<int>());
        var line = attendance["trainees"]!.AsArray().Single(t => t!["signedInAt"] is not null)!;

        // The phone, reloaded, says when they signed in and sends nothing more.
        await p.ReloadAsync();
        await Expect(status).ToHaveTextAsync(new Regex(@"^已签到 \d{2}:\d{2}:\d{2}（北京时间）；须于\d{2}:\d{2}前到场，按时签到。$"));
        await p.WaitForTimeoutAsync(1_000);
        Assert.Equal(1, await CheckInRecordsAsync(App, session));
        phone.AssertNothingBroken();

        // The head teacher's console shows them in (live list).
        await Expect(page.Locator($"#t-{line["traineeId"]} td.in")).ToHaveTextAsync(new Regex(@"\d{1,2}:\d{2}:\d{2}"), new() { Timeout = 12_000 });
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");
    });
}
