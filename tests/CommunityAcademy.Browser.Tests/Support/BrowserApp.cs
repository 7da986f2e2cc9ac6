using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>
/// One per test class: the real application (Program) with the seed-000 demo on a fresh SQLite database,
/// served by Kestrel on 127.0.0.1 and a free port, and one headless chromium to visit it.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ca-browser-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public ServerLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        var launch = Chromium.LaunchOptions(); // first: no chromium, no point in starting anything
        Directory.CreateDirectory(_dir);
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer(); // migrations and the demo run here, once per class
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = new Uri(addresses.Single());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(launch);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(_dir, "browser.db")}");
        builder.UseSetting("Demo", "true");
        builder.UseSetting("Security:Login:AttemptsPerMinute", "10000");
        builder.UseSetting("Security:Api:RequestsPerMinute", "1000000");
        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            l.AddProvider(Log);
            l.SetMinimumLevel(LogLevel.Information);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>The application's log lines, kept so that a failing test can save them beside its screenshot.</summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyCollection<string> Lines => _lines;
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(ServerLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._lines.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            while (owner._lines.Count > 2000) owner._lines.TryDequeue(out _);
        }
    }
}
