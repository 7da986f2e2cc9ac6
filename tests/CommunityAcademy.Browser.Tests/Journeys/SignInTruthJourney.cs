using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CommunityAcademy.Browser.Tests.Journeys.SignInKit;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// #14 at phone size: a logged-out scan ends signed in after the login and a first password change; the phone says the
/// status the console shows, with the rule; an early 签退 needs a confirmation that names 擅自离开; a forwarded code
/// uploaded as offline without a scan pass is held for the head teacher, who refuses it.
/// </summary>
public sealed class SignInTruthJourney(BrowserApp app) : BrowserTest(app)
{
    private async Task<string> ScanUrlAsync(long session)
    {
        var store = App.Services.GetRequiredService<AttendanceStore>();
        var token = await store.QrTokenAsync((await store.SessionAsync(session, fresh: true))!);
        return $"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}";
    }

    private async Task<IPage> HeadTeacherConsoleAsync(long session)
    {
        var context = await App.Browser.NewContextAsync(ContextOptions(Screen.Desktop, App.BaseUrl.ToString()));
        var console = await context.NewPageAsync();
        await SignInAsync(console, "headteacher");
        await console.GotoAsync($"/Attendance/Console/{session}");
        return console;
    }

    [Fact]
    public Task A_logged_out_scan_ends_signed_in_after_login_and_a_first_password_change() => Journey(Screen.Phone, async page =>
    {
        var (_, session, _) = await OpenSessionNowAsync(App, "凭证签到体验课");
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
            await c.ExecuteAsync("UPDATE users SET must_change_password = TRUE WHERE username = 't084'");

        await page.GotoAsync(await ScanUrlAsync(session));
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/Login\\?ReturnUrl=.*p%3D"));
        await Expect(page.Locator("#scan-waiting")).ToContainTextAsync("自动完成签到");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GetByLabel("用户名").FillAsync("t084");
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();

        // The first password, then straight on to the sign-in the scan started.
        await Expect(page).ToHaveURLAsync(new Regex("/Accounts/ChangePassword\\?ReturnUrl="));
        await page.GetByLabel("当前密码").FillAsync(Password);
        await page.GetByLabel("新密码（").FillAsync("Xinmima-2026!");
        await page.GetByLabel("再次输入新密码").FillAsync("Xinmima-2026!");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Attendance/Scan\\?s={session}&p="));
        await Expect(page.Locator("#scan-kept")).ToContainTextAsync("已记录扫码时间");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(new Regex(@"^已签到 \d{2}:\d{2}:\d{2}（北京时间）；须于\d{2}:\d{2}前到场，按时签到。$"));
        // before the start: no 签退, and the phone says when it opens
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "签退", Exact = true })).ToBeHiddenAsync();
        await Expect(page.Locator("#out-opens")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"));
        await A11y.CheckPageAsync(page, "zh-CN");
        Assert.Equal(1, await CheckInRecordsAsync(App, session));
    });

    [Fact]
    public Task An_early_sign_out_needs_a_confirmation_and_the_phone_says_what_the_console_says() => Journey(Screen.Phone, async page =>
    {
        var (_, session, _) = await OpenSessionNowAsync(App, "早退确认体验课", startsInMinutes: -5); // began 5 minutes ago
        await SignInAsync(page, "t085");
        await page.GotoAsync(await ScanUrlAsync(session));
        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToHaveTextAsync(new Regex(@"^已签到 \d{2}:\d{2}:\d{2}（北京时间）；须于\d{2}:\d{2}前到场，记迟到\d+分钟（不足1分钟按1分钟计）。$"));
        var late = Regex.Match((await status.TextContentAsync())!, @"记迟到(\d+)分钟").Groups[1].Value;

        // The console says the same: 迟到, the same minutes.
        var console = await HeadTeacherConsoleAsync(session);
        var line = (await AttendanceAsync(App, session))["trainees"]!.AsArray().Single(t => t!["signedInAt"] is not null)!;
        var row = console.Locator($"#t-{line["traineeId"]}");
        await Expect(row.Locator("td.st")).ToHaveTextAsync($"迟到 {late}′");

        // 签退 now (about 55 minutes before the end, over the 30-minute rule): the phone asks first, naming 擅自离开.
        var signOut = page.GetByRole(AriaRole.Button, new() { Name = "签退", Exact = true });
        await Expect(signOut).ToBeVisibleAsync();
        await signOut.TapAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync(new Regex("现在签退将记为“擅自离开”（提前\\d+分钟）。确定要签退吗？"));
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "signout-confirm", Screen.Phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "不签退" }).TapAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(0, await CheckInRecordsAsync(App, session, "out"));

        await signOut.TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确定签退" }).TapAsync();
        await Expect(status).ToContainTextAsync("记擅自离开。");
        await Expect(status).ToContainTextAsync("本节状态：擅自离开"); // with the late minutes, as the console writes it
        Assert.Equal(1, await CheckInRecordsAsync(App, session, "out"));
        await Expect(row.Locator("td.st")).ToHaveTextAsync(new Regex("^擅自离开"), new() { Timeout = 12_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"));
        await console.Context.CloseAsync();
    });

    [Fact]
    public Task A_forwarded_code_used_offline_without_a_pass_is_held_for_the_head_teacher() => Journey(Screen.Phone, async page =>
    {
        var (_, session, _) = await OpenSessionNowAsync(App, "转发二维码体验课");
        // A photo of the code taken a minute ago, "scanned offline" then: what such a phone queues, without a scan pass.
        var store = App.Services.GetRequiredService<AttendanceStore>();
        var shownAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var token = QrToken.Create(await store.KeyAsync(), session, shownAt, 15);
        await SignInAsync(page, "t086");
        await page.EvaluateAsync("""
            ([s, t, at]) => localStorage.setItem('ca.checkins.v1', JSON.stringify([{ sessionId: s,
              body: { kind: 'in', clientId: crypto.randomUUID(), at: at, token: t, deviceId: 'forwarded-photo' } }]))
            """, new object[] { session.ToString(), token, shownAt.ToString("O") });
        await page.GotoAsync($"/Attendance/Scan?s={session}");
        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToContainTextAsync("须经班主任确认后才计入");
        Assert.Equal(0, await page.EvaluateAsync<int>("caCheckins.pending()"));
        Assert.Equal(0, await CheckInRecordsAsync(App, session));
        Assert.Equal(0, (await AttendanceAsync(App, session))["in"]!.GetValue<int>());

        // The head teacher finds it from the console, checks, and does not count it.
        var console = await HeadTeacherConsoleAsync(session);
        await console.GetByRole(AriaRole.Link, new() { Name = "待确认的离线签到：1 条" }).ClickAsync();
        await Expect(console.Locator("#held tbody tr")).ToHaveCountAsync(1);
        await A11y.CheckPageAsync(console, "zh-CN");
        await ScreenshotAsync(console, "held-signins", Screen.Desktop);
        await console.GetByLabel("说明（可选）").FillAsync("本人当时不在教室");
        await console.GetByRole(AriaRole.Button, new() { Name = "不计入" }).ClickAsync();
        await Expect(console.GetByRole(AriaRole.Status)).ToContainTextAsync("未计入");
        await Expect(console.Locator("#held tbody tr")).ToContainTextAsync("未计入（本人当时不在教室）");
        Assert.Equal(0, await CheckInRecordsAsync(App, session));
        await console.Context.CloseAsync();
    });
}
