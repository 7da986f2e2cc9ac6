using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

/// <summary>Each login is a server session: logout ends it for every copy of its cookie or token, on every node.</summary>
public abstract partial class LoginSessionTests(TestApp app)
{
    private const string Password = "Passw0rd-x";
    private static readonly Uri Site = new("http://localhost");

    private async Task<(string Name, long Id)> NewUserAsync()
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        var id = await app.Get<AccountStore>().CreateAsync(new NewUser(name, "测试用户", Password, [Role.Organizer]));
        return (name, id);
    }

    /// <summary>A browser signed in through the login form whose cookie jar the test can read.</summary>
    private async Task<(HttpClient Browser, CookieContainer Jar)> BrowserAsync(WebApplicationFactory<Program> node, string username)
    {
        var jar = new CookieContainer();
        var browser = node.CreateDefaultClient(Site, new CookieContainerHandler(jar));
        var r = await TestApp.PostFormAsync(browser, "/Accounts/Login", new() { ["Username"] = username, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("ca.auth", jar.GetCookieHeader(Site));
        return (browser, jar);
    }

    /// <summary>A client that sends exactly this Cookie header, as someone who copied it would.</summary>
    private static HttpClient Replaying(WebApplicationFactory<Program> node, string cookieHeader)
    {
        var c = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        c.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return c;
    }

    private static HttpClient WithToken(WebApplicationFactory<Program> node, string token)
    {
        var c = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The 退出 button of the menu: a form on every page, posted to /Accounts/Logout.</summary>
    private static async Task<HttpResponseMessage> LogOutAsync(HttpClient browser)
    {
        var html = await browser.GetStringAsync("/");
        var m = AntiforgeryField().Match(html);
        Assert.True(m.Success, "no logout form on the home page");
        return await browser.PostAsync("/Accounts/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Value),
        }));
    }

    [Fact]
    public async Task A_cookie_saved_before_logout_no_longer_works_after_it()
    {
        var (user, _) = await NewUserAsync();
        var (browser, jar) = await BrowserAsync(app, user);
        var saved = jar.GetCookieHeader(Site);
        using (var copy = Replaying(app, saved))
            Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/Cohorts")).StatusCode); // the copy works while signed in

        var r = await LogOutAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/Accounts/Login", r.LocationPath());

        using var stale = Replaying(app, saved);
        var page = await stale.GetAsync("/Cohorts");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Accounts/Login", page.LocationPath());
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_one_session_and_leaves_the_others()
    {
        var (user, _) = await NewUserAsync();
        var (first, _) = await BrowserAsync(app, user);
        var (second, _) = await BrowserAsync(app, user);
        await LogOutAsync(first);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/Cohorts")).StatusCode);
    }

    [Fact]
    public async Task A_token_revoked_through_the_api_logout_gets_401()
    {
        var (user, id) = await NewUserAsync();
        var token = await app.TokenAsync(user, Password);
        using var c = WithToken(app, token);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await c.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        var after = await c.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType!.MediaType);

        var rows = await app.Get<LoginSessionStore>().ForUserAsync(id);
        var row = Assert.Single(rows);
        Assert.Equal("token", row.Kind);
        Assert.NotNull(row.RevokedAt);
    }

    [Fact]
    public async Task A_session_row_says_what_kind_it_is_and_where_it_came_from()
    {
        var (user, id) = await NewUserAsync();
        await BrowserAsync(app, user);
        using var phone = app.Anonymous();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("CommunityAcademyTest/1.0");
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = Password })).StatusCode);
        var rows = await app.Get<LoginSessionStore>().ForUserAsync(id);
        Assert.Equal(["cookie", "token"], rows.Select(r => r.Kind).Order().ToArray());
        Assert.All(rows, r => Assert.Null(r.RevokedAt));
        Assert.Contains(rows, r => r.Kind == "token" && r.UserAgent == "CommunityAcademyTest/1.0");
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.ClientAddress)));
    }

    [Fact]
    public async Task Another_node_on_the_same_database_honours_a_logout_within_a_minute()
    {
        await using var node2 = app.WithWebHostBuilder(_ => { });
        var (user, _) = await NewUserAsync();
        var token = await app.TokenAsync(user, Password);
        var (browser, jar) = await BrowserAsync(app, user);
        var cookie = jar.GetCookieHeader(Site);

        // Both work on the second node (it shares the database and the data-protection keys) …
        using var tokenThere = WithToken(node2, token);
        using var cookieThere = Replaying(node2, cookie);
        Assert.Equal(HttpStatusCode.OK, (await tokenThere.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookieThere.GetAsync("/api/v1/me")).StatusCode);

        // … both log out on the first node, which refuses them at once …
        using (var here = WithToken(app, token))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsync("/api/v1/auth/logout", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await here.GetAsync("/api/v1/me")).StatusCode);
        }
        await LogOutAsync(browser);

        // … and the second node once its cache (at most a minute) has run out.
        app.Clock.Advance(SessionValidator.CacheFor + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tokenThere.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieThere.GetAsync("/api/v1/me")).StatusCode);
        var page = await cookieThere.GetAsync("/Cohorts");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Accounts/Login", page.LocationPath());
    }

    [Fact]
    public async Task A_disabled_account_loses_every_session_at_once()
    {
        var (user, id) = await NewUserAsync();
        var token = await app.TokenAsync(user, Password);
        var (browser, _) = await BrowserAsync(app, user);
        var admin = await app.Browser("admin");
        var r = await TestApp.PostFormAsync(admin, "/Accounts/Users", new() { ["id"] = id.ToString() }, "Toggle");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var c = WithToken(app, token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Cohorts")).StatusCode);
        Assert.All(await app.Get<LoginSessionStore>().ForUserAsync(id), s => Assert.NotNull(s.RevokedAt));
    }

    [Fact]
    public async Task A_token_without_a_session_is_refused()
    {
        // What a token of the former kind (security stamp, no session id) looks like to the validator.
        var (user, _) = await NewUserAsync();
        var row = await app.Get<AccountStore>().FindByUsernameAsync(user);
        var principal = app.Get<LoginService>().PrincipalFor(row!, "BearerToken", "not-a-session");
        Assert.False(await app.Get<SessionValidator>().IsLiveAsync(principal));
    }
}

public sealed class LoginSessionTests_Sqlite(SqliteDemo app) : LoginSessionTests(app), IClassFixture<SqliteDemo>;
public sealed class LoginSessionTests_Postgres(PostgresDemo app) : LoginSessionTests(app), IClassFixture<PostgresDemo>;
