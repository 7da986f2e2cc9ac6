using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// #14 points 3 and 4: the scan pass (a logged-out scan survives the login and the first password change and counts
/// from the scan; it works only on its phone; offline uploads without one are held for the head teacher) and a sign-in
/// that says the truth (the time, the status and the rule; 签退 only after the start, confirmed before the end).
/// </summary>
public abstract class ScanPassFlowTests(TestApp app)
{
    private void Now() => app.Clock.Reset();
    private static string Local(DateTimeOffset t, string format = "HH:mm:ss") => ClassClock.ToLocal(t, "Asia/Shanghai").ToString(format);
    /// <summary>A rule's time as the phone says it: minutes, with seconds only when it has some (test sessions start on any second).</summary>
    private static string Due(DateTimeOffset t) => Local(t, t.Second == 0 ? "HH:mm" : "HH:mm:ss");
    private static readonly Regex Field = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
    private static readonly Regex PassAttr = new("data-pass=\"([^\"]*)\"");

    /// <summary>What the phone page's script does: POSTs with the page's pass and antiforgery token, on the page's cookies.</summary>
    private static async Task<HttpResponseMessage> PhonePostAsync(HttpClient phone, long session, string html, object body)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{session}/checkins") { Content = JsonContent.Create(body) };
        req.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(Field.Match(html).Groups[1].Value));
        return await phone.SendAsync(req);
    }

    private static string PassOf(string html) => WebUtility.HtmlDecode(PassAttr.Match(html).Groups[1].Value);

    [Fact]
    public async Task A_logged_out_scan_signs_in_after_login_and_a_first_password_change_counting_from_the_scan()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(16), false, "t021");
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("UPDATE users SET must_change_password = TRUE WHERE username = 't021'");
        var token = await TokenAsync(app, session);
        var scannedAt = app.Clock.GetUtcNow();
        var phone = app.Anonymous();

        // Logged out: the scan is kept as a pass in the link the login page returns to; nothing about the session is shown.
        var scan = await phone.GetAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.Redirect, scan.StatusCode);
        var login = scan.LocationPath();
        Assert.StartsWith("/Accounts/Login?ReturnUrl=", login);
        var back = Uri.UnescapeDataString(login["/Accounts/Login?ReturnUrl=".Length..]);
        Assert.Matches($"^/Attendance/Scan\\?s={session}&p=", back);
        Assert.Contains(scan.Headers.GetValues("Set-Cookie"), h => h.StartsWith("ca.dev=") && h.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var loginPage = await (await phone.GetAsync(login)).Content.ReadAsStringAsync();
        Assert.Contains("后自动完成签到，签到时间以扫码时间计", loginPage);

        // The login and the first password change take six minutes — far more than the code's 30 seconds.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var r = await TestApp.PostFormAsync(phone, login, new() { ["Username"] = "t021", ["Password"] = "demo1234", ["ReturnUrl"] = back });
        Assert.Equal(back, r.LocationPath());
        var must = await phone.GetAsync(back);
        Assert.Equal(HttpStatusCode.Redirect, must.StatusCode);
        var change = must.LocationPath();
        Assert.Equal("/Accounts/ChangePassword?ReturnUrl=" + Uri.EscapeDataString(back), change);
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        r = await TestApp.PostFormAsync(phone, change, new() { ["Current"] = "demo1234", ["New"] = "Xinmima-2026!", ["Confirm"] = "Xinmima-2026!", ["ReturnUrl"] = back });
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        Assert.Equal(back, r.LocationPath());

        var html = await phone.GetStringAsync(back);
        Assert.Contains($"已记录扫码时间 {Local(scannedAt)}", html);
        Assert.Contains("data-auto=\"in\"", html);
        var pass = PassOf(html);
        Assert.False(string.IsNullOrEmpty(pass));

        var signIn = await PhonePostAsync(phone, session, html, new { kind = "in", clientId = Cid(), pass });
        Assert.True(signIn.StatusCode == HttpStatusCode.Created, await signIn.Content.ReadAsStringAsync());
        var body = await signIn.ReadJsonAsync();
        Assert.Equal(scannedAt, body.Value<DateTimeOffset>("at"));
        // scanned 16 minutes before the start, due 10 minutes before: on time, though the sign-in reached the server 6 minutes later
        Assert.Equal("present", body.Value<string>("reading.status"));
        Assert.Equal($"已签到 {Local(scannedAt)}（北京时间）；须于{Due(scannedAt.AddMinutes(6))}前到场，按时签到。", body.Value<string>("reading.message"));
        var line = (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l!["signedInAt"] != null)!;
        Assert.Equal("present", line.Value<string>("status"));
    }

    [Fact]
    public async Task A_pass_works_only_on_its_phone_and_only_for_minutes_unless_queued_offline_in_time()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t022", "t023");
        var token = await TokenAsync(app, session);
        var phone = await app.Browser("t022");
        var html = await phone.GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        var pass = PassOf(html);
        var scannedAt = app.Clock.GetUtcNow();

        // The link with the pass, forwarded: another phone (another trainee, no ca.dev cookie of this phone) cannot use it.
        var other = await app.Browser("t023");
        var otherHtml = await other.GetStringAsync($"/Attendance/Scan?s={session}&p={Uri.EscapeDataString(pass)}");
        Assert.Contains("请扫描班主任投屏上的二维码签到", otherHtml); // no pass of its own: it asks for a scan
        var forwarded = await PhonePostAsync(other, session, otherHtml, new { kind = "in", clientId = Cid(), pass });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forwarded.StatusCode);
        Assert.Contains("只能在扫码的手机上使用", await forwarded.Content.ReadAsStringAsync());

        // Used online eleven minutes after the scan: expired.
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await PhonePostAsync(phone, session, html, new { kind = "in", clientId = Cid(), pass, at = scannedAt.AddMinutes(11) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("扫码凭证已失效", await late.Content.ReadAsStringAsync());

        // Queued offline a minute after the scan and uploaded now: counted at the scan, flagged offline.
        var queued = await PhonePostAsync(phone, session, html, new { kind = "in", clientId = Cid(), pass, at = scannedAt.AddMinutes(1) });
        Assert.True(queued.StatusCode == HttpStatusCode.Created, await queued.Content.ReadAsStringAsync());
        var body = await queued.ReadJsonAsync();
        Assert.Equal(scannedAt, body.Value<DateTimeOffset>("at"));
        Assert.Contains("offline", body["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("present", body.Value<string>("reading.status"));
        Assert.Equal(0, await HeldCountAsync(session));
    }

    private async Task<int> HeldCountAsync(long session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM held_check_ins WHERE session_id = @session AND status = 'held'", new { session });
    }

    [Fact]
    public async Task An_offline_upload_without_a_pass_is_held_until_the_head_teacher_counts_or_refuses_it()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t024", "t025");
        var token = await TokenAsync(app, session);   // a photo of the code, forwarded
        var shownAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(40));  // uploaded "when the network came back", 25 minutes into the session
        var cid = Cid();
        var t = await app.Api("t024");
        var r = await CheckInAsync(t, session, new { kind = "in", clientId = cid, at = shownAt, token });
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var answer = await r.ReadJsonAsync();
        Assert.True(answer.Value<bool>("held"));
        Assert.Contains("须经班主任确认", answer.Value<string>("title"));
        // idempotent, and not counted
        Assert.Equal(HttpStatusCode.Accepted, (await CheckInAsync(t, session, new { kind = "in", clientId = cid, at = shownAt, token })).StatusCode);
        Assert.Equal(1, await HeldCountAsync(session));
        Assert.Equal(0, await CheckInCountAsync(app, cid));
        Assert.Equal(0, (await AttendanceAsync(app, session))["in"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, (await CheckInAsync(await app.Api("t025"), session, new { kind = "in", clientId = Cid(), at = shownAt, token })).StatusCode);

        // The head teacher's page lists both; counts one (audited, at the time it claimed), refuses the other.
        var ht = await app.Browser("headteacher");
        var page = await ht.GetStringAsync($"/Attendance/Held/{session}");
        var ids = Regex.Matches(page, "id=\"held-(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Contains(Local(shownAt), page);
        var accept = await TestApp.PostFormAsync(ht, $"/Attendance/Held/{session}", new() { ["heldId"] = ids[0], ["Note"] = "本人在场，手机断网" }, "Accept");
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        var refuse = await TestApp.PostFormAsync(ht, $"/Attendance/Held/{session}", new() { ["heldId"] = ids[1], ["Note"] = "本人不在场" }, "Refuse");
        Assert.Equal(HttpStatusCode.Redirect, refuse.StatusCode);
        page = await ht.GetStringAsync($"/Attendance/Held/{session}");
        Assert.Contains("已计入", page);
        Assert.Contains("未计入（本人不在场）", page);
        Assert.Equal(0, await HeldCountAsync(session));
        var att = await AttendanceAsync(app, session);
        Assert.Equal(1, att["in"]!.GetValue<int>());
        var counted = att["trainees"]!.AsArray().Single(l => l!["signedInAt"] != null)!;
        Assert.Equal(shownAt, counted.Value<DateTimeOffset>("signedInAt"));
        var audit = await (await app.Api("headteacher")).GetStringAsync($"/api/v1/sessions/{session}/attendance/audit");
        Assert.Contains("held_accepted", audit);
        Assert.Contains("held_refused", audit);
        Assert.Contains("本人不在场", audit);
        // decided once; another class's head teacher sees nothing
        var again = await TestApp.PostFormAsync(ht, $"/Attendance/Held/{session}", new() { ["heldId"] = ids[0] }, "Refuse");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.Browser("t024")).GetAsync($"/Attendance/Held/{session}")).StatusCode);
    }

    [Fact]
    public async Task The_answer_says_the_time_the_status_and_the_rule_as_the_console_counts_it()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(20), false, "t026");
        var start = app.Clock.GetUtcNow().AddMinutes(20);
        app.Clock.Set(start.AddMinutes(-5).AddSeconds(-30)); // 13:09:30 for 13:15, due at 13:05: 4 min 30 s late
        var token = await TokenAsync(app, session);
        var cid = Cid();
        var r = await CheckInAsync(await app.Api("t026"), session, new { kind = "in", clientId = cid, token });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await r.ReadJsonAsync();
        // a retry (the same clientId) and a second tap (a new one, the same phone) say the same
        var retry = await (await CheckInAsync(await app.Api("t026"), session, new { kind = "in", clientId = cid, token })).ReadJsonAsync();
        Assert.Equal(body.Value<string>("reading.message"), retry.Value<string>("reading.message"));
        var tap = await (await CheckInAsync(await app.Api("t026"), session, new { kind = "in", clientId = Cid(), token })).ReadJsonAsync();
        Assert.Equal(body.Value<string>("reading.message"), tap.Value<string>("reading.message"));
        Assert.Equal("late", body.Value<string>("reading.status"));
        Assert.Equal(5, body.Value<int>("reading.lateMinutes"));
        Assert.Equal($"已签到 {Local(start.AddMinutes(-5).AddSeconds(-30))}（北京时间）；须于{Due(start.AddMinutes(-10))}前到场，记迟到5分钟（不足1分钟按1分钟计）。",
            body.Value<string>("reading.message"));
        var line = (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l!["signedInAt"] != null)!;
        Assert.Equal("late", line.Value<string>("status"));
        Assert.Equal(5, line.Value<int>("lateMinutes"));
    }

    [Fact]
    public async Task Sign_out_opens_at_the_start_and_before_the_end_needs_a_confirmation_naming_its_consequence()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t027", "t028");
        var start = app.Clock.GetUtcNow().AddMinutes(15);
        var t = await app.Api("t027");
        var u = await app.Api("t028");
        var token = await TokenAsync(app, session);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(u, session, new { kind = "in", clientId = Cid(), token })).StatusCode);

        // Before the start: no sign-out at all (a tap then once recorded 擅自离开).
        var before = await CheckInAsync(t, session, new { kind = "out", clientId = Cid(), token, confirm = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, before.StatusCode);
        Assert.Contains("不在签退时间内", await before.Content.ReadAsStringAsync());

        // 20 minutes in (40 before the end, over the 30-minute departure rule): the answer names 擅自离开, nothing stored.
        app.Clock.Set(start.AddMinutes(20));
        token = await TokenAsync(app, session);
        var cid = Cid();
        var ask = await CheckInAsync(t, session, new { kind = "out", clientId = cid, token });
        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        var problem = await ask.ReadJsonAsync();
        Assert.Equal("Attendance.ConfirmSignOut", problem.Value<string>("code"));
        Assert.Contains("现在签退将记为“擅自离开”（提前40分钟）", problem.Value<string>("title"));
        Assert.Equal(0, await CheckInCountAsync(app, cid));
        var done = await CheckInAsync(t, session, new { kind = "out", clientId = cid, token, confirm = true });
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var body = await done.ReadJsonAsync();
        Assert.Equal("left_without_permission", body.Value<string>("reading.status"));
        Assert.Contains("提前40分钟签退，超过30分钟，记擅自离开。", body.Value<string>("reading.message"));

        // 50 minutes in: 早退 10 minutes; after the end no confirmation is asked.
        app.Clock.Set(start.AddMinutes(50));
        token = await TokenAsync(app, session);
        var early = await CheckInAsync(u, session, new { kind = "out", clientId = Cid(), token });
        Assert.Contains("早退", (await early.ReadJsonAsync()).Value<string>("title"));
        app.Clock.Set(start.AddMinutes(61));
        token = await TokenAsync(app, session);
        var onTime = await CheckInAsync(u, session, new { kind = "out", clientId = Cid(), token });
        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
        Assert.Contains("按时签退", (await onTime.ReadJsonAsync()).Value<string>("reading.message"));
        var lines = (await AttendanceAsync(app, session))["trainees"]!.AsArray();
        Assert.Contains(lines, l => l.Value<string>("status") == "left_without_permission");
        Assert.Contains(lines, l => l.Value<string>("status") == "present");
    }

    [Fact]
    public async Task A_sign_out_with_the_pages_pass_counts_from_the_tap_not_from_the_scan()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-5), false, "t030"); // began 5 minutes ago
        var token = await TokenAsync(app, session);
        var phone = await app.Browser("t030");
        var html = await phone.GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        var pass = PassOf(html);
        var scannedAt = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Created, (await PhonePostAsync(phone, session, html, new { kind = "in", clientId = Cid(), pass })).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var r = await PhonePostAsync(phone, session, html, new { kind = "out", clientId = Cid(), pass, confirm = true });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var body = await r.ReadJsonAsync();
        Assert.Equal(scannedAt.AddMinutes(2), body.Value<DateTimeOffset>("at"));
        Assert.Equal("left_without_permission", body.Value<string>("reading.status"));
        Assert.Contains("提前53分钟签退", body.Value<string>("reading.message"));
    }

    [Fact]
    public async Task The_phone_page_offers_sign_out_only_once_the_session_has_begun()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t029");
        var token = await TokenAsync(app, session);
        var phone = await app.Browser("t029");
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t029"), session, new { kind = "in", clientId = Cid(), token })).StatusCode);
        var html = await phone.GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.Matches("data-kind=\"out\" hidden", html);
        Assert.Matches("id=\"out-opens\">签退在上课后开放", html); // shown (not hidden)
        Assert.Contains("须于", html); // the page says the status in words
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        token = await TokenAsync(app, session);
        html = await phone.GetStringAsync($"/Attendance/Scan?s={session}&t={Uri.EscapeDataString(token)}");
        Assert.DoesNotMatch("data-kind=\"out\" hidden", html);
        Assert.Matches("id=\"out-opens\" hidden=\"hidden\">签退在上课后开放", html);
    }
}

public sealed class ScanPassFlowTests_Sqlite(SqliteDemo app) : ScanPassFlowTests(app), IClassFixture<SqliteDemo>;
public sealed class ScanPassFlowTests_Postgres(PostgresDemo app) : ScanPassFlowTests(app), IClassFixture<PostgresDemo>;
