using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

public abstract class AuthTests(TestApp app)
{
    private async Task<string> NewUserAsync(string password = "Passw0rd!", bool mustChange = false, string role = Role.Organizer)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, "测试用户", password, [role], MustChangePassword: mustChange));
        return name;
    }

    [Fact]
    public async Task A_token_is_issued_for_the_right_password_and_names_its_owner()
    {
        using var c = app.Anonymous();
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { username = "organizer", password = "demo1234" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(body.Value<string>("token")));
        Assert.True(DateTimeOffset.Parse(body.Value<string>("expiresAt")) > DateTimeOffset.UtcNow.AddHours(1));

        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.Value<string>("token"));
        var me = await (await c.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal("organizer", me.Value<string>("username"));
        Assert.Equal("organizer", me["roles"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Username_is_case_insensitive()
    {
        using var c = app.Anonymous();
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { username = " Organizer ", password = "demo1234" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer()
    {
        using var c = app.Anonymous();
        var wrong = await c.PostAsJsonAsync("/api/v1/auth/token", new { username = "mentor", password = "nope-nope" });
        var unknown = await c.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody-here", password = "nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.ReadJsonAsync()).Value<string>("title"), (await unknown.ReadJsonAsync()).Value<string>("title"));
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Missing_fields_are_named_in_a_400_problem()
    {
        using var c = app.Anonymous();
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var p = await r.ReadJsonAsync();
        Assert.NotNull(p["errors"]!["username"]);
        Assert.NotNull(p["errors"]!["password"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_not_a_500()
    {
        using var c = app.Anonymous();
        var r = await c.PostAsync("/api/v1/auth/token", Json.Raw("{\"username\": \"admin\", "));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var wrongType = await c.PostAsync("/api/v1/auth/token", Json.Raw("username=admin", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        var user = await NewUserAsync();
        using var c = app.Anonymous();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++) await c.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "bad" });
            Assert.Equal(HttpStatusCode.OK, (await c.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "Passw0rd!" })).StatusCode);
        }
    }

    [Fact]
    public async Task A_forged_or_garbage_token_is_refused()
    {
        using var c = app.Anonymous();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "CfDJ8-not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/v1/cohorts")).StatusCode);
    }

    [Fact]
    public async Task The_login_form_signs_in_with_a_cookie()
    {
        var c = await app.Browser("headteacher");
        var html = await c.GetStringAsync("/");
        Assert.Contains("班主任（演示）", html);
        Assert.Contains("鄂州市城乡社区工作者场景塑造实务能力培训第二期", html);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var c = app.Anonymous();
        await c.GetAsync("/Accounts/Login");
        var r = await c.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Username"] = "admin", ["Password"] = "demo1234" }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.DoesNotContain(r.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("ca.auth")));
    }

    [Fact]
    public async Task Pages_redirect_anonymous_visitors_to_login_and_the_api_answers_401()
    {
        using var c = app.Anonymous();
        var page = await c.GetAsync("/Cohorts");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Accounts/Login", page.LocationPath());
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/v1/cohorts")).StatusCode);
    }

    [Fact]
    public async Task Login_does_not_redirect_off_site()
    {
        using var c = app.Anonymous();
        var r = await TestApp.PostFormAsync(c, "/Accounts/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Username"] = "mentor", ["Password"] = "demo1234", ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/", r.LocationPath());
    }

    [Fact]
    public async Task Changing_the_password_ends_other_tokens_and_the_new_password_works()
    {
        var user = await NewUserAsync();
        var oldToken = await app.TokenAsync(user, "Passw0rd!");
        var browser = await app.Browser(user, "Passw0rd!");

        var weak = await TestApp.PostFormAsync(browser, "/Accounts/ChangePassword", new() { ["Current"] = "Passw0rd!", ["New"] = "short", ["Confirm"] = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Contains("至少 8 位", await weak.Content.ReadAsStringAsync());
        var wrongCurrent = await TestApp.PostFormAsync(browser, "/Accounts/ChangePassword", new() { ["Current"] = "nope", ["New"] = "Better123", ["Confirm"] = "Better123" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongCurrent.StatusCode);

        var ok = await TestApp.PostFormAsync(browser, "/Accounts/ChangePassword", new() { ["Current"] = "Passw0rd!", ["New"] = "Better123", ["Confirm"] = "Better123" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("密码已修改", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Cohorts")).StatusCode); // this session goes on

        using var stale = app.Anonymous();
        stale.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", oldToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/v1/me")).StatusCode);
        await app.TokenAsync(user, "Better123");
    }

    [Fact]
    public async Task A_one_time_password_must_be_changed_before_anything_else()
    {
        var user = await NewUserAsync(mustChange: true);
        var browser = await app.Browser(user, "Passw0rd!");
        var r = await browser.GetAsync("/Cohorts");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/Accounts/ChangePassword?ReturnUrl=%2FCohorts", r.LocationPath()); // and back there afterwards
        var api = await app.Api(user, "Passw0rd!");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/cohorts")).StatusCode);

        await TestApp.PostFormAsync(browser, "/Accounts/ChangePassword", new() { ["Current"] = "Passw0rd!", ["New"] = "MyOwn2023", ["Confirm"] = "MyOwn2023" });
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Cohorts")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_tokens_stop()
    {
        var user = await NewUserAsync();
        var api = await app.Api(user, "Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        var store = app.Get<AccountStore>();
        var row = await store.FindByUsernameAsync(user);
        await store.SetActiveAsync(row!.Id, false);
        app.Get<CommunityAcademy.Web.Infrastructure.Security.SessionValidator>().ForgetUser(row.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        using var c = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "Passw0rd!" })).StatusCode);
    }

    [Fact]
    public async Task Passwords_are_stored_hashed()
    {
        var user = await NewUserAsync("Plain-Text-1");
        var row = await app.Get<AccountStore>().FindByUsernameAsync(user);
        Assert.DoesNotContain("Plain-Text-1", row!.PasswordHash);
        Assert.StartsWith("AQAAAA", row.PasswordHash); // ASP.NET Core Identity v3 format
    }

    [Fact]
    public async Task Logs_carry_no_passwords_or_phone_numbers()
    {
        var c = await app.Browser("t001");
        await c.GetStringAsync("/");
        await app.TokenAsync("t002");
        using var anon = app.Anonymous();
        await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "t003", password = "wrong-password-xyz" });
        var all = string.Join("\n", app.Logs.Lines);
        Assert.Contains("signed in", all);
        Assert.DoesNotContain("demo1234", all);
        Assert.DoesNotContain("wrong-password-xyz", all);
        Assert.DoesNotContain("1390711", all);
    }
}

public sealed class AuthTests_Sqlite(SqliteDemo app) : AuthTests(app), IClassFixture<SqliteDemo>;
public sealed class AuthTests_Postgres(PostgresDemo app) : AuthTests(app), IClassFixture<PostgresDemo>;
