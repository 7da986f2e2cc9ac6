using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>
/// The application as it is deployed: `dotnet publish` of src/CommunityAcademy.Web to a temporary folder (once per
/// test class), started with `dotnet CommunityAcademy.dll` from ANOTHER folder, on SQLite in a third folder, on a
/// free port. Shared by the web tests and the browser tests (linked source).
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ca-published", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string PublishFolder => Path.Combine(_root, "app");
    /// <summary>The working directory of the process: neither the publish folder nor the repository.</summary>
    public string WorkingFolder => Path.Combine(_root, "elsewhere");
    public string DataFolder => Path.Combine(_root, "data");
    public Uri BaseUrl { get; private set; } = null!;
    public string Log { get { lock (_log) return _log.ToString(); } }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkingFolder);
        Directory.CreateDirectory(DataFolder);
        await PublishAsync();
        Start();
        await WaitHealthyAsync();
    }

    private async Task PublishAsync()
    {
        var project = Path.Combine(RepoRoot(), "src", "CommunityAcademy.Web");
        // The web and browser test projects run at the same time and would both build obj/Release: one at a time.
        var lockFile = Path.Combine(Path.GetTempPath(),
            "ca-publish-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..16] + ".lock");
        await using var gate = await AcquireAsync(lockFile);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = WorkingFolder };
        foreach (var a in new[] { "publish", project, "-c", "Release", "-o", PublishFolder, "-nologo", "-v", "quiet" })
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static async Task<FileStream> AcquireAsync(string path)
    {
        for (var i = 0; ; i++)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (i < 600) { await Task.Delay(500); }
        }
    }

    private void Start()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingFolder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(PublishFolder, "CommunityAcademy.dll"));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseUrl.ToString().TrimEnd('/'));
        psi.Environment["Database__Provider"] = "sqlite";
        psi.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(DataFolder, "published.db")}";
        psi.Environment.Remove("ASPNETCORE_CONTENTROOT");
        psi.Environment.Remove("DOTNET_CONTENTROOT");
        psi.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"the published application stopped ({_process.ExitCode}):\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseUrl, "/healthz"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200); // polling a starting process: there is no clock to move
        }
        throw new TimeoutException($"the published application did not answer /healthz within 60 s:\n{Log}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        _process?.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CommunityAcademy.slnx"))) return d.FullName;
        throw new InvalidOperationException("the repository (CommunityAcademy.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
