using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

/// <summary>
/// Login answers the same for an unknown user name, a wrong password and a locked-out address (status and words), and a
/// lock-out holds for one user name from one client address only.
/// </summary>
public abstract partial class LoginAnswerTests(TestApp app)
{
    private const string Password = "Passw0rd-x";

    private async Task<string> NewUserAsync()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, "测试用户", Password, [Role.Organizer]));
        return name;
    }

    /// <summary>POST /api/v1/auth/token as if from <paramref name="address"/>: status and the problem without the ids of the request.</summary>
    private async Task<(int Status, string Body)> TokenFromAsync(string address, string username, string password)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { username, password });
        var ctx = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/api/v1/auth/token";
            c.Request.ContentType = "application/json";
            c.Request.ContentLength = json.Length;
            c.Request.Body = new MemoryStream(json);
            c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        var body = await new StreamReader(ctx.Response.Body).ReadToEndAsync();
        if (ctx.Response.StatusCode != 200 && JsonNode.Parse(body) is JsonObject problem)
        {
            problem.Remove("traceId");
            problem.Remove("requestId");
            body = problem.ToJsonString();
        }
        return (ctx.Response.StatusCode, body);
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    [Fact]
    public async Task The_login_page_says_a_trainee_signs_in_with_the_mobile_number()
    {
        var html = await app.Anonymous().GetStringAsync("/Accounts/Login");
        Assert.Contains("aria-describedby=\"username-hint\"", html);
        Assert.Contains("学员的用户名是本人手机号", html);
    }

    [Fact]
    public async Task Five_failures_lock_the_name_for_that_address_only_and_the_lock_answers_like_a_wrong_password()
    {
        var user = await NewUserAsync();
        const string attacker = "203.0.113.7", owner = "198.51.100.20";
        var unknown = await TokenFromAsync(attacker, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong-password");
        Assert.Equal(401, unknown.Status);
        for (var i = 0; i < 5; i++)
            Assert.Equal(unknown, await TokenFromAsync(attacker, user, "wrong-" + i));

        // From the attacker's address even the right password is refused, in the same words as an unknown name …
        Assert.Equal(unknown, await TokenFromAsync(attacker, user, Password));
        Assert.DoesNotContain("lockedUntil", unknown.Body);
        Assert.DoesNotContain("锁定", unknown.Body);
        // … while the owner, elsewhere, signs in as usual.
        Assert.Equal(200, (await TokenFromAsync(owner, user, Password)).Status);
        Assert.NotNull(await app.Get<AccountStore>().LockedUntilAsync(user, attacker));

        // The lock ends after the lock-out time.
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await TokenFromAsync(attacker, user, Password)).Status);
    }

    [Fact]
    public async Task An_unknown_name_is_counted_like_a_known_one()
    {
        const string address = "203.0.113.8";
        var ghost = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++) await TokenFromAsync(address, ghost, "wrong-" + i);
        Assert.NotNull(await app.Get<AccountStore>().LockedUntilAsync(ghost, address));
    }

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorParagraph();

    private static async Task<string> PageErrorAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var m = ErrorParagraph().Match(await r.Content.ReadAsStringAsync());
        Assert.True(m.Success, "the login page shows no error");
        return m.Groups[1].Value;
    }

    [Fact]
    public async Task The_login_page_says_the_same_for_an_unknown_name_a_wrong_password_and_a_lock()
    {
        var user = await NewUserAsync();
        using var c = app.Anonymous();
        var unknown = await PageErrorAsync(await TestApp.PostFormAsync(c, "/Accounts/Login",
            new() { ["Username"] = "nobody-" + Guid.NewGuid().ToString("N")[..8], ["Password"] = "wrong-password" }));
        Assert.Contains("用户名或密码错误", unknown);
        for (var i = 0; i < 5; i++)
            Assert.Equal(unknown, await PageErrorAsync(await TestApp.PostFormAsync(c, "/Accounts/Login",
                new() { ["Username"] = user, ["Password"] = "wrong-" + i })));
        // locked now (from this address): the right password gets the very same words
        Assert.Equal(unknown, await PageErrorAsync(await TestApp.PostFormAsync(c, "/Accounts/Login",
            new() { ["Username"] = user, ["Password"] = Password })));
        var api = await c.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_new_password_from_the_administrator_lifts_the_lock()
    {
        var user = await NewUserAsync();
        const string address = "203.0.113.9";
        for (var i = 0; i < 5; i++) await TokenFromAsync(address, user, "wrong-" + i);
        Assert.Equal(401, (await TokenFromAsync(address, user, Password)).Status);
        var store = app.Get<AccountStore>();
        var row = (await store.ListAsync()).Single(u => u.Username == user);
        Assert.True(row.LockedUntil > app.Clock.GetUtcNow()); // the users page shows it
        await store.SetPasswordAsync(row.Id, "Another-9pass");
        Assert.Equal(200, (await TokenFromAsync(address, user, "Another-9pass")).Status);
    }
}

public sealed class LoginAnswerTests_Sqlite(SqliteDemo app) : LoginAnswerTests(app), IClassFixture<SqliteDemo>;
public sealed class LoginAnswerTests_Postgres(PostgresDemo app) : LoginAnswerTests(app), IClassFixture<PostgresDemo>;
