using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CommunityAcademy.Web.Tests.Infrastructure;

public sealed class SqliteBehindProxy() : TestApp("sqlite", settings: new() { ["Web:TrustedProxies"] = "10.0.0.1;10.1.0.0/16" });
public sealed class PostgresBehindProxy() : TestApp("postgres", settings: new() { ["Web:TrustedProxies"] = "10.0.0.1;10.1.0.0/16" });

/// <summary>
/// Security issue #12, point 7: HTTPS is believed from X-Forwarded-Proto only when a proxy named in Web:TrustedProxies
/// sends it (none by default); an HTTPS request gets HSTS and Secure antiforgery, sign-in and language cookies.
/// </summary>
public static class Forwarded
{
    /// <summary>A request as the server sees it: from <paramref name="remote"/>, maybe with X-Forwarded-Proto, maybe HTTPS itself.</summary>
    public static Task<HttpContext> SendAsync(TestApp app, string path, string remote, string? forwardedProto = null, bool https = false,
        Action<HttpContext>? more = null) =>
        app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            c.Request.Method = "GET";
            c.Request.Scheme = https ? "https" : "http";
            c.Request.Host = new HostString("localhost");
            var q = path.IndexOf('?');
            c.Request.Path = q < 0 ? path : path[..q];
            if (q >= 0) c.Request.QueryString = new QueryString(path[q..]);
            if (forwardedProto is not null) c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            more?.Invoke(c);
        });

    public static string? Hsts(HttpContext c) => c.Response.Headers.StrictTransportSecurity.ToString() is { Length: > 0 } v ? v : null;

    /// <summary>The Set-Cookie line of the cookie whose name starts with <paramref name="prefix"/>.</summary>
    public static string Cookie(HttpContext c, string prefix) =>
        c.Response.Headers.SetCookie.FirstOrDefault(x => x!.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no cookie {prefix}…: {string.Join(" | ", c.Response.Headers.SetCookie.ToArray())}");

    public static bool IsSecure(string setCookie) => setCookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    public static Task<string> BodyAsync(HttpContext c) => new StreamReader(c.Response.Body).ReadToEndAsync();
}

public abstract class UntrustedForwardedHeadersTests(TestApp app)
{
    [Fact]
    public async Task Without_trusted_proxies_X_Forwarded_Proto_is_ignored_even_from_loopback()
    {
        // ASP.NET's own default would believe 127.0.0.1; with no Web:TrustedProxies nobody is believed.
        foreach (var remote in new[] { "127.0.0.1", "::1", "10.0.0.1" })
        {
            var c = await Forwarded.SendAsync(app, "/Accounts/Login", remote, forwardedProto: "https");
            Assert.Equal(200, c.Response.StatusCode);
            Assert.Null(Forwarded.Hsts(c));
            Assert.False(Forwarded.IsSecure(Forwarded.Cookie(c, ".AspNetCore.Antiforgery.")), remote);
        }
    }

    [Fact]
    public async Task A_request_that_is_HTTPS_itself_gets_HSTS_and_secure_cookies()
    {
        var c = await Forwarded.SendAsync(app, "/Accounts/Login", "192.0.2.7", https: true);
        Assert.Equal(200, c.Response.StatusCode);
        Assert.StartsWith("max-age=", Forwarded.Hsts(c));
        Assert.True(Forwarded.IsSecure(Forwarded.Cookie(c, ".AspNetCore.Antiforgery.")));
        var lang = await Forwarded.SendAsync(app, "/culture?c=en&returnUrl=%2F", "192.0.2.7", https: true);
        Assert.True(Forwarded.IsSecure(Forwarded.Cookie(lang, ".AspNetCore.Culture")));
        var plain = await Forwarded.SendAsync(app, "/culture?c=en&returnUrl=%2F", "192.0.2.7");
        Assert.False(Forwarded.IsSecure(Forwarded.Cookie(plain, ".AspNetCore.Culture")));
    }
}

public sealed class UntrustedForwardedHeadersTests_Sqlite(SqliteDemo app) : UntrustedForwardedHeadersTests(app), IClassFixture<SqliteDemo>;
public sealed class UntrustedForwardedHeadersTests_Postgres(PostgresDemo app) : UntrustedForwardedHeadersTests(app), IClassFixture<PostgresDemo>;

public abstract class TrustedProxyTests(TestApp app)
{
    [Fact]
    public async Task X_Forwarded_Proto_from_an_untrusted_address_is_ignored()
    {
        var c = await Forwarded.SendAsync(app, "/Accounts/Login", "10.9.9.9", forwardedProto: "https");
        Assert.Equal(200, c.Response.StatusCode);
        Assert.Null(Forwarded.Hsts(c));
        Assert.False(Forwarded.IsSecure(Forwarded.Cookie(c, ".AspNetCore.Antiforgery.")));
    }

    [Theory]
    [InlineData("10.0.0.1")]   // named
    [InlineData("10.1.2.3")]   // in 10.1.0.0/16
    public async Task X_Forwarded_Proto_from_a_configured_proxy_gives_HSTS_and_secure_cookies(string proxy)
    {
        var get = await Forwarded.SendAsync(app, "/Accounts/Login", proxy, forwardedProto: "https");
        Assert.Equal(200, get.Response.StatusCode);
        Assert.StartsWith("max-age=", Forwarded.Hsts(get));
        var antiforgery = Forwarded.Cookie(get, ".AspNetCore.Antiforgery.");
        Assert.True(Forwarded.IsSecure(antiforgery));

        // Signing in through the proxy: the sign-in cookie is Secure too.
        var token = WebUtility.HtmlDecode(Regex.Match(await Forwarded.BodyAsync(get),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = $"Username=organizer&Password=demo1234&__RequestVerificationToken={Uri.EscapeDataString(token)}";
        var post = await Forwarded.SendAsync(app, "/Accounts/Login", proxy, forwardedProto: "https", more: c =>
        {
            c.Request.Method = "POST";
            c.Request.ContentType = "application/x-www-form-urlencoded";
            c.Request.Headers.Cookie = antiforgery.Split(';')[0];
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(form));
        });
        Assert.Equal(302, post.Response.StatusCode);
        Assert.StartsWith("max-age=", Forwarded.Hsts(post));
        Assert.True(Forwarded.IsSecure(Forwarded.Cookie(post, "ca.auth=")));
    }

    [Fact]
    public async Task Plain_HTTP_through_the_proxy_stays_plain()
    {
        var c = await Forwarded.SendAsync(app, "/Accounts/Login", "10.0.0.1", forwardedProto: "http");
        Assert.Null(Forwarded.Hsts(c));
        Assert.False(Forwarded.IsSecure(Forwarded.Cookie(c, ".AspNetCore.Antiforgery.")));
    }
}

public sealed class TrustedProxyTests_Sqlite(SqliteBehindProxy app) : TrustedProxyTests(app), IClassFixture<SqliteBehindProxy>;
public sealed class TrustedProxyTests_Postgres(PostgresBehindProxy app) : TrustedProxyTests(app), IClassFixture<PostgresBehindProxy>;
