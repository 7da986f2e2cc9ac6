using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>The real application (Program) on a throw-away database, with the seed-000 demo when asked.</summary>
public class TestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _provider;
    private readonly bool _demo;
    private readonly Dictionary<string, string?> _settings;
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    public TestDatabase Database { get; private set; } = null!;
    public LogCapture Logs { get; } = new();
    /// <summary>The application's clock; tests move it to cross deadlines.</summary>
    public TestClock Clock { get; } = new();

    public TestApp(string provider, bool demo = true, Dictionary<string, string?>? settings = null)
    {
        _provider = provider;
        _demo = demo;
        _settings = settings ?? new();
    }

    public string Provider => _provider;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(_provider);
        _ = Services; // start the host now: migrations and the demo run once, here
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", _provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Demo", _demo ? "true" : "false");
        builder.UseSetting("Security:Login:AttemptsPerMinute", "10000");
        builder.UseSetting("Security:Api:RequestsPerMinute", "1000000");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(Logs);
            l.SetMinimumLevel(LogLevel.Information);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client carrying a bearer token of <paramref name="username"/> (demo password unless given).</summary>
    public async Task<HttpClient> Api(string username, string password = "demo1234")
    {
        var token = _tokens.TryGetValue(username, out var t) ? t : await TokenAsync(username, password);
        _tokens[username] = token;
        var c = Anonymous();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    /// <summary>After moving the clock far, cached tokens have expired.</summary>
    public void ForgetTokens() => _tokens.Clear();

    public async Task<string> TokenAsync(string username, string password = "demo1234")
    {
        using var c = Anonymous();
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"token for {username}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (await r.Content.ReadFromJsonAsync<TokenBody>())!.Token;
    }

    /// <summary>A browser-like client signed in through the login form (cookie, antiforgery).</summary>
    public async Task<HttpClient> Browser(string username, string password = "demo1234")
    {
        var c = Anonymous();
        var r = await PostFormAsync(c, "/Accounts/Login", new() { ["Username"] = username, ["Password"] = password });
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"login {username}: {(int)r.StatusCode}");
        return c;
    }

    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    /// <summary>GETs the page, takes its antiforgery token and posts the form as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient c, string page, Dictionary<string, string> fields, string? handler = null)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var m = TokenField.Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Value);
        var url = handler is null ? page : $"{page}?handler={handler}";
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);
}

public sealed class SqliteDemo() : TestApp("sqlite");
public sealed class PostgresDemo() : TestApp("postgres");
