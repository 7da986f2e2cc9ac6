using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

public sealed class SqliteCodes() : TestApp("sqlite");
public sealed class PostgresCodes() : TestApp("postgres");

/// <summary>
/// 初始登录码: a trainee's first password is a per-person code from a slip or the contact's list, not digits anyone who
/// knows the phone or ID number can work out; it expires, forces a new password, and is re-issued (audited) by staff.
/// </summary>
public abstract class TraineeCodesTests(TestApp app)
{
    private static readonly Regex CodeShape = new("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$");

    private async Task<(SmallClass Class, Dictionary<string, (long Enrollment, string? Code)> Codes)> LockedClassAsync(string title, string echengPhone, string huarongPhone)
    {
        var k = await SmallClass.CreateAsync(app, title);
        Assert.True((await k.EchengAsync(new SmallClass.Person("码一", echengPhone))).IsSuccessStatusCode);
        Assert.True((await k.HuarongAsync(new SmallClass.Person("码二", huarongPhone))).IsSuccessStatusCode);
        await k.LockAsync();
        var list = await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{k.Id}/codes");
        Assert.True(list.StatusCode == HttpStatusCode.OK, string.Join("\n", app.Logs.Lines.TakeLast(5)));
        var codes = (await list.ReadJsonAsync())["trainees"]!.AsArray()
            .ToDictionary(t => t!.Value<string>("name")!, t => (t!.Value<long>("enrollmentId"), t.Value<string?>("code")));
        return (k, codes);
    }

    private async Task<HttpResponseMessage> TokenAsync(string username, string password)
    {
        using var c = app.Anonymous();
        return await c.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
    }

    [Fact]
    public async Task A_locked_roster_gives_each_trainee_a_code_and_the_phone_digits_no_longer_open_the_account()
    {
        var (_, codes) = await LockedClassAsync("登录码班", "13911112222", "13911113333");
        var code = codes["码一"].Code!;
        Assert.Matches(CodeShape, code);
        Assert.NotEqual(codes["码一"].Code, codes["码二"].Code);

        // The last six digits of the phone were the first password before: anyone knowing the number got in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("13911112222", "112222")).StatusCode);
        // The code opens it, typed as people type on a phone; then a new password is due before anything else.
        var token = await TokenAsync("13911112222", code.Replace("-", "").ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var browser = await app.Browser("13911112222", code);
        Assert.Equal("/Accounts/ChangePassword", (await browser.GetAsync("/")).LocationPath());
        var changed = await TestApp.PostFormAsync(browser, "/Accounts/ChangePassword",
            new() { ["Current"] = code, ["New"] = "Xq7#lake-view", ["Confirm"] = "Xq7#lake-view" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        // Used: the code works no more and the lists no longer show it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("13911112222", code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("13911112222", "Xq7#lake-view")).StatusCode);
    }

    [Fact]
    public async Task A_code_expires_and_a_head_teacher_issues_a_new_one_which_is_audited()
    {
        var start = new DateTimeOffset(2031, 1, 5, 2, 0, 0, TimeSpan.Zero);
        app.Clock.Set(start);
        app.ForgetTokens();
        var (k, codes) = await LockedClassAsync("过期班", "13922224444", "13922225555");
        var (enrollment, code) = codes["码一"];

        app.Clock.Set(start.AddDays(14).AddMinutes(1));
        app.ForgetTokens();
        var expired = await TokenAsync("13922224444", code!);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("code_expired", (await expired.ReadJsonAsync()).Value<string>("code"));
        var list = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{k.Id}/codes")).ReadJsonAsync();
        var row = list["trainees"]!.AsArray().Single(t => t!.Value<long>("enrollmentId") == enrollment)!;
        Assert.Equal("expired", row.Value<string>("status"));
        Assert.Null(row.Value<string?>("code"));

        // A mentor may not; the head teacher may.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("mentor")).PostAsync($"/api/v1/cohorts/{k.Id}/roster/{enrollment}/code", null)).StatusCode);
        var reissued = await (await app.Api("headteacher")).PostAsync($"/api/v1/cohorts/{k.Id}/roster/{enrollment}/code", null);
        Assert.Equal(HttpStatusCode.OK, reissued.StatusCode);
        var fresh = (await reissued.ReadJsonAsync()).Value<string>("code")!;
        Assert.Matches(CodeShape, fresh);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("13922224444", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("13922224444", code!)).StatusCode);

        var audits = await QueryAsync<string>("SELECT action FROM audit_log WHERE action IN ('account.code-reissue', 'codes.view')");
        Assert.Contains("account.code-reissue", audits);
        Assert.Contains("codes.view", audits);
    }

    [Fact]
    public async Task A_unit_contact_downloads_the_codes_of_its_own_trainees_only()
    {
        var (k, codes) = await LockedClassAsync("联络员清单班", "13933336666", "13933337777");
        var echeng = await (await app.Api("contact-echeng")).GetAsync($"/api/v1/cohorts/{k.Id}/codes");
        var names = (await echeng.ReadJsonAsync())["trainees"]!.AsArray().Select(t => t!.Value<string>("name")).ToList();
        Assert.Equal(["码一"], names);

        var sheet = await (await app.Api("contact-huarong")).GetAsync($"/api/v1/cohorts/{k.Id}/codes.xlsx");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        var cells = Workbooks.Read(await sheet.Content.ReadAsByteArrayAsync()).SelectMany(r => r.Cells).ToList();
        Assert.Contains(codes["码二"].Code, cells);
        Assert.DoesNotContain(codes["码一"].Code, cells);
        Assert.DoesNotContain("码一", cells);

        foreach (var who in new[] { "mentor", "expert", "t001" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api(who)).GetAsync($"/api/v1/cohorts/{k.Id}/codes.xlsx")).StatusCode);
        // A contact cannot issue codes, and the other district's trainee is not there for it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("contact-echeng")).PostAsync($"/api/v1/cohorts/{k.Id}/roster/{codes["码二"].Enrollment}/code", null)).StatusCode);
    }

    [Fact]
    public async Task The_slips_page_prints_one_slip_per_waiting_code_and_asks_before_a_new_code()
    {
        var (k, codes) = await LockedClassAsync("登录码条班", "13944448888", "13944449999");
        var browser = await app.Browser("headteacher");
        var slips = await (await browser.GetAsync($"/Enrollment/Slips/{k.Id}")).Content.ReadAsStringAsync();
        Assert.Contains(codes["码一"].Code!, slips);
        Assert.Contains(codes["码二"].Code!, slips);
        Assert.Equal(2, Regex.Matches(slips, "class=\"slip\"").Count);

        // Asking: the page shows what will happen, and nothing changes until confirmed.
        var ask = await (await browser.GetAsync($"/Enrollment/Codes/{k.Id}?reissue={codes["码一"].Enrollment}")).Content.ReadAsStringAsync();
        Assert.Contains("handler=Reissue", ask);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("13944448888", codes["码一"].Code!)).StatusCode);
        var done = await TestApp.PostFormAsync(browser, $"/Enrollment/Codes/{k.Id}", new() { ["EnrollmentId"] = codes["码一"].Enrollment.ToString() }, "Reissue");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var html = await done.Content.ReadAsStringAsync();
        var fresh = Regex.Match(html, "class=\"code-big\">([^<]+)<").Groups[1].Value;
        Assert.Matches(CodeShape, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("13944448888", codes["码一"].Code!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("13944448888", fresh)).StatusCode);
    }

    private async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        return (await c.QueryAsync<T>(sql)).ToList();
    }
}

public sealed class TraineeCodesTests_Sqlite(SqliteCodes app) : TraineeCodesTests(app), IClassFixture<SqliteCodes>;
public sealed class TraineeCodesTests_Postgres(PostgresCodes app) : TraineeCodesTests(app), IClassFixture<PostgresCodes>;
