using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

public sealed class EmptySqlite() : TestApp("sqlite", demo: false);
public sealed class LimitedLogins() : TestApp("sqlite", demo: false, new() { ["Security:Login:AttemptsPerMinute"] = "3" });
public sealed class LimitedApi() : TestApp("sqlite", demo: true, new() { ["Security:Api:RequestsPerMinute"] = "4" });

/// <summary>A first start on an empty database creates one administrator who must change the one-time password.</summary>
public sealed class FirstRunTests(EmptySqlite app) : IClassFixture<EmptySqlite>
{
    [Fact]
    public async Task The_first_start_creates_an_administrator_with_a_one_time_password()
    {
        var users = await app.Get<AccountStore>().ListAsync();
        var admin = Assert.Single(users);
        Assert.Equal("admin", admin.Username);
        Assert.Equal(["admin"], admin.Roles);
        Assert.True(admin.MustChangePassword);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("one-time password:"));
    }

    [Fact]
    public async Task No_demo_data_without_the_switch()
    {
        var c = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/healthz")).StatusCode);
        await app.Get<AccountStore>().CreateAsync(new NewUser("boss", "Boss", "Boss12345", ["admin"]));
        var api = await app.Api("boss", "Boss12345");
        Assert.Empty(await (await api.GetAsync("/api/v1/cohorts")).ReadArrayAsync());
        Assert.Empty(await (await api.GetAsync("/api/v1/units")).ReadArrayAsync());
    }
}

public sealed class RateLimitTests(LimitedLogins app) : IClassFixture<LimitedLogins>
{
    [Fact]
    public async Task Login_attempts_beyond_the_limit_get_429()
    {
        using var c = app.Anonymous();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            codes.Add((await c.PostAsJsonAsync("/api/v1/auth/token", new { username = "x", password = "y" })).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }
}

public sealed class ApiRateLimitTests(LimitedApi app) : IClassFixture<LimitedApi>
{
    [Fact]
    public async Task Api_calls_beyond_the_limit_get_429_per_user_not_per_address()
    {
        var organizer = await app.Api("organizer");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) codes.Add((await organizer.GetAsync("/api/v1/cohorts")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
        var refused = await organizer.GetAsync("/api/v1/cohorts");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));
        // another user from the same address has their own allowance
        var headteacher = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.OK, (await headteacher.GetAsync("/api/v1/cohorts")).StatusCode);
    }
}
