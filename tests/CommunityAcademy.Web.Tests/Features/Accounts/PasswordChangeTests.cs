using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

/// <summary>The password policy on the change-password page and API, and what a change does to other sessions.</summary>
public abstract class PasswordChangeTests(TestApp app)
{
    private const string Password = "Passw0rd-x";

    private async Task<string> NewUserAsync(string? phone = null, bool mustChange = false)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, "测试用户", Password, [Role.Organizer], Phone: phone, MustChangePassword: mustChange));
        return name;
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient browser, string current, string @new, string? confirm = null) =>
        TestApp.PostFormAsync(browser, "/Accounts/ChangePassword", new() { ["Current"] = current, ["New"] = @new, ["Confirm"] = confirm ?? @new });

    [Theory]
    [InlineData("woaini1314", "常见密码")]
    [InlineData("qq123456", "常见密码")]
    [InlineData("Password123", "常见密码")]
    [InlineData("Passw0rd-x", "不能与当前密码相同")]
    public async Task The_page_refuses_a_weak_password_next_to_the_field_and_keeps_the_page(string weak, string says)
    {
        var user = await NewUserAsync();
        var browser = await app.Browser(user, Password);
        var r = await ChangeAsync(browser, Password, weak);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("aria-describedby=\"New-errors\"", html);
        var errors = html[html.IndexOf("id=\"New-errors\"", StringComparison.Ordinal)..];
        Assert.Contains(says, errors[..errors.IndexOf("</div>", StringComparison.Ordinal)]);
        await app.TokenAsync(user, Password); // unchanged
    }

    [Fact]
    public async Task The_page_refuses_the_user_name_and_the_phone_number()
    {
        var user = await NewUserAsync(phone: "13907115566");
        var browser = await app.Browser(user, Password);
        var withName = await ChangeAsync(browser, Password, user + "X9");
        Assert.Contains("不能包含用户名", await withName.Content.ReadAsStringAsync());
        var withPhone = await ChangeAsync(browser, Password, "Tel13907115566");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withPhone.StatusCode);
        Assert.Contains("不能包含手机号码", await withPhone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_trainee_may_not_use_the_birth_date_of_the_id_number_enrolled_with()
    {
        var user = await NewUserAsync();
        var store = app.Get<AccountStore>();
        var id = (await store.FindByUsernameAsync(user))!.Id;
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("""
                INSERT INTO enrollments (cohort_id, user_id, category, name, id_number, created_at)
                VALUES (1, @id, 'trainee', '测试学员', '42070019850312123X', @now)
                """, new { id, now = DateTimeOffset.UtcNow });
        Assert.Equal(["42070019850312123X"], await store.IdNumbersAsync(id));
        var browser = await app.Browser(user, Password);
        var r = await ChangeAsync(browser, Password, "Born19850312x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("出生日期", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mismatch_and_wrong_current_are_shown_at_their_own_fields()
    {
        var user = await NewUserAsync();
        var browser = await app.Browser(user, Password);
        var mismatch = await ChangeAsync(browser, Password, "Better-123", "Better-124");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Contains("id=\"Confirm-errors\"", await mismatch.Content.ReadAsStringAsync());
        var wrong = await ChangeAsync(browser, "nope-nope", "Better-123");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("id=\"Current-errors\"", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_new_password_on_the_page_ends_the_other_cookie_sessions_and_keeps_this_one()
    {
        var user = await NewUserAsync();
        var other = await app.Browser(user, Password);
        var browser = await app.Browser(user, Password);
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(browser, Password, "Better-123")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Cohorts")).StatusCode);
        var r = await other.GetAsync("/Cohorts");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/Accounts/Login", r.LocationPath());
    }

    [Fact]
    public async Task The_api_names_the_fields_in_error()
    {
        var user = await NewUserAsync();
        var api = await app.Api(user, Password);
        var missing = await api.PostAsJsonAsync("/api/v1/auth/password", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.ReadJsonAsync())["errors"]!["newPassword"]);

        var weak = await api.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "nope", newPassword = "abcdefghijk" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("application/problem+json", weak.Content.Headers.ContentType!.MediaType);
        var errors = (await weak.ReadJsonAsync())["errors"]!;
        Assert.Contains("不正确", errors["currentPassword"]![0]!.GetValue<string>());
        Assert.NotNull(errors["newPassword"]);
        var common = await api.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "woaini1314" });
        Assert.Contains("常见密码", (await common.ReadJsonAsync())["errors"]!["newPassword"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_password_through_the_api_ends_other_sessions_and_renews_the_callers_token()
    {
        var user = await NewUserAsync(mustChange: true);
        var other = await app.TokenAsync(user, Password);
        var mine = await app.TokenAsync(user, Password);
        using var c = app.Anonymous();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", mine);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/api/v1/cohorts")).StatusCode); // one-time password

        var r = await c.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = Password, newPassword = "Better-123" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var renewed = (await r.ReadJsonAsync()).Value<string>("token");
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/v1/cohorts")).StatusCode);

        using var stale = app.Anonymous();
        stale.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/v1/me")).StatusCode);
        await app.TokenAsync(user, "Better-123");
    }
}

public sealed class PasswordChangeTests_Sqlite(SqliteDemo app) : PasswordChangeTests(app), IClassFixture<SqliteDemo>;
public sealed class PasswordChangeTests_Postgres(PostgresDemo app) : PasswordChangeTests(app), IClassFixture<PostgresDemo>;
