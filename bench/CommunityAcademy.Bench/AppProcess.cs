using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CommunityAcademy.Bench;

/// <summary>The real application in its own process on a loopback port, as a user would run it.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    public string Url { get; }

    /// <summary>CPU time the application has used so far (user + system).</summary>
    public TimeSpan Cpu { get { _process.Refresh(); return _process.TotalProcessorTime; } }

    private AppProcess(Process p, string url) { _process = p; Url = url; }

    public static Task<AppProcess> StartAsync(string provider, string connectionString, params string[] extra) =>
        StartAsync(provider, connectionString, extra, []);

    /// <summary>With extra environment variables (settings) for the application.</summary>
    public static async Task<AppProcess> StartAsync(string provider, string connectionString, string[] extra, params (string Name, string Value)[] env)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var url = $"http://127.0.0.1:{port}";
        var dll = Path.Combine(AppContext.BaseDirectory, "CommunityAcademy.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", url }.Concat(extra)) psi.ArgumentList.Add(a);
        psi.Environment["Database__Provider"] = provider;
        psi.Environment["Database__ConnectionString"] = connectionString;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__CommunityAcademy.Web.Features.Attendance.AttendanceSettlement"] = "Information";
        psi.Environment["Security__Login__AttemptsPerMinute"] = "100000";
        psi.Environment["Security__Api__RequestsPerMinute"] = "10000000";
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in env) psi.Environment[name] = value;
        var p = Process.Start(psi)!;
        var log = Environment.GetEnvironmentVariable("CA_BENCH_APP_LOG");
        // CA_BENCH_APP_LOG=file keeps the application's errors (CA_BENCH_APP_LOG_ALL=1: every line it logs)
        var all = Environment.GetEnvironmentVariable("CA_BENCH_APP_LOG_ALL") == "1";
        p.OutputDataReceived += (_, e) => { if (log is not null && e.Data is { } line && (all || line.Contains("\"Error\""))) lock (typeof(AppProcess)) File.AppendAllText(log, line + "\n"); };
        p.ErrorDataReceived += (_, e) => { if (log is not null && all && e.Data is { } line) lock (typeof(AppProcess)) File.AppendAllText(log, line + "\n"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try { if ((await http.GetAsync(url + "/healthz")).IsSuccessStatusCode) return new AppProcess(p, url); }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        p.Kill(true);
        throw new TimeoutException("the application did not start");
    }

    /// <summary>A client signed in through the login form, as a browser would be.</summary>
    public async Task<HttpClient> BrowserAsync(string username, string password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var c = new HttpClient(handler) { BaseAddress = new Uri(Url) };
        var html = await c.GetStringAsync("/Accounts/Login");
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var r = await c.PostAsync("/Accounts/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if (r.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"login failed: {r.StatusCode}");
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) { _process.Kill(true); await _process.WaitForExitAsync(); }
        _process.Dispose();
    }
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    /// <summary>
    /// Runs both ways until the code they call is in its steady state: at least <paramref name="calls"/> calls each (the runtime
    /// compiles a method again, optimised, after 30 calls) and then a pause for its background compiler, as a server is after
    /// its first requests. Timing the first calls would time the just-in-time compiler's first, unoptimised code.
    /// </summary>
    public static async Task WarmAsync(Func<Task<int>> a, Func<Task<int>> b, int calls = 40)
    {
        for (var i = 0; i < calls; i++) { await a(); await b(); }
        await Task.Delay(500);
        for (var i = 0; i < 3; i++) { await a(); await b(); }
    }

    /// <summary>Two ways of getting the same answer, turn by turn <paramref name="n"/> times: the p50 of each, in ms.</summary>
    public static async Task<(double A, double B)> TimeBothAsync(int n, Func<Task<int>> a, Func<Task<int>> b)
    {
        var (ta, tb) = (new List<double>(), new List<double>());
        for (var i = 0; i < n; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            await a();
            ta.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await b();
            tb.Add(sw.Elapsed.TotalMilliseconds);
        }
        ta.Sort();
        tb.Sort();
        return (Percentile(ta, 50), Percentile(tb, 50));
    }
}
