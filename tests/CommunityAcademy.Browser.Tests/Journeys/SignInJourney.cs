using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// A trainee of the demo's sign-in class scans the QR code with no network: the sign-in waits in the phone's browser,
/// is uploaded when the network returns, and the server holds exactly one record, with the device time.
/// </summary>
public sealed class SignInJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task Scans_offline_and_the_sign_in_is_uploaded_once_when_the_network_returns() => Journey(Screen.Phone, async page =>
    {
        // a session of the sign-in class that opens now, whatever the hour
        var db = App.Services.GetRequiredService<Db>();
        long session;
        await using (var c = await db.OpenAsync())
        {
            var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = DemoSeeder.SignInClassTitle });
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMinutes(15);
            session = await c.ExecuteScalarAsync<long>("""
                INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required)
                VALUES (@cohort, @date, '00:00', '01:00', @start, @end, '扫码签到体验', 'lecture', TRUE) RETURNING id
                """, new { cohort, date = DateOnly.FromDateTime(start.UtcDateTime), start, end = start.AddHours(1) });
        }
        var store = App.Services.GetRequiredService<AttendanceStore>();
        var token = await store.QrTokenAsync((await store.SessionAsync(session, fresh: true))!);

        await SignInAsync(page, "t082");
        // The network drops for sign-in uploads until the test says it is back.
        await page.AddInitScriptAsync("""
            window.__offline = true;
            const realFetch = window.fetch.bind(window);
            window.fetch = (url, options) => (window.__offline && String(url).includes('/checkins'))
                ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(url, options);
            """);
        await page.GotoAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("网络不通");
        Assert.Equal(1, await page.EvaluateAsync<int>("caCheckins.pending()"));

        await page.EvaluateAsync("window.__offline = false; window.dispatchEvent(new Event('online'));");
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("按时签到");
        Assert.Equal(0, await page.EvaluateAsync<int>("caCheckins.pending()"));
        await page.EvaluateAsync("caCheckins.flush()");

        await using (var c = await db.OpenAsync())
        {
            var rows = (await c.QueryAsync<(string ClientId, string Method)>("SELECT client_id, method FROM check_ins WHERE session_id = @session", new { session })).ToList();
            var row = Assert.Single(rows);
            Assert.True(Guid.TryParse(row.ClientId, out _), row.ClientId);
            Assert.Equal("qr", row.Method);
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM check_ins WHERE session_id = @session AND device_at IS NOT NULL", new { session }));
        }

        // Back on the page later: already signed in; sign-out is offered once the session begins, not before.
        await page.ReloadAsync();
        await Expect(page.Locator("#scan-status")).ToContainTextAsync("已签到");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "签退" })).ToBeHiddenAsync();
        await Expect(page.Locator("#out-opens")).ToContainTextAsync("签退在上课后开放");
        await A11y.CheckPageAsync(page, "zh-CN");
    });

    [Fact]
    public Task The_head_teacher_projects_the_rotating_QR_code_and_marks_by_hand() => Journey(Screen.Desktop, async page =>
    {
        var db = App.Services.GetRequiredService<Db>();
        long session;
        await using (var c = await db.OpenAsync())
        {
            var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = DemoSeeder.SignInClassTitle });
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMinutes(15);
            session = await c.ExecuteScalarAsync<long>("""
                INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required)
                VALUES (@cohort, @date, '00:00', '01:00', @start, @end, '控制台体验', 'lecture', TRUE) RETURNING id
                """, new { cohort, date = DateOnly.FromDateTime(start.UtcDateTime), start, end = start.AddHours(1) });
        }
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Attendance/Console/{session}");
        await Expect(page.Locator("#qr svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#qr-url")).ToContainTextAsync($"/Attendance/Scan?s={session}&t=");
        await Expect(page.Locator("#live tbody tr")).ToHaveCountAsync(10);
        await A11y.CheckPageAsync(page, "zh-CN");

        // mark the first trainee excused, with a reason
        await page.Locator("#live tbody tr").First.Locator("input[type=checkbox]").CheckAsync();
        await page.GetByLabel("考勤状态").SelectOptionAsync("excused");
        await page.GetByLabel("原因").FillAsync("区里防汛值班");
        await page.GetByRole(AriaRole.Button, new() { Name = "标记", Exact = true }).ClickAsync();
        await Expect(page.Locator("#live tbody tr").First).ToContainTextAsync("请假（区里防汛值班）");
        await Expect(page.Locator("#audit")).ToContainTextAsync("区里防汛值班");
    });
}
