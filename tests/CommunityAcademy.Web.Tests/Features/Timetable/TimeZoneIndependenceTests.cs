using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// Times never move with the server's own zone: the real executable runs as a separate process under
/// TZ=America/New_York (12–13 hours from the class's zone) and must answer exactly what the class's zone says.
/// </summary>
public abstract class TimeZoneIndependenceTests(string provider)
{
    [Fact]
    public async Task The_server_in_new_york_keeps_shanghai_times()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in new[] { "--urls", $"http://127.0.0.1:{port}", "--demo" }) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "America/New_York";
        psi.Environment["Database__Provider"] = provider;
        psi.Environment["Database__ConnectionString"] = db.ConnectionString;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var p = Process.Start(psi)!;
        var stderr = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilUp(http, p, stderr);

            var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "organizer", password = "demo1234" });
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.ReadJsonAsync()).Value<string>("token"));

            // The demo, seeded by the New York process, is at 08:30 in Shanghai = 00:30 UTC.
            var t = await (await http.GetAsync("/api/v1/cohorts/1/sessions")).ReadJsonAsync();
            var first = t["sessions"]![0]!;
            Assert.Equal(("2023-06-07", "08:30", "2023-06-07T00:30:00+00:00"), (first.Value<string>("date"), first.Value<string>("start"), first.Value<string>("startsAt")));

            // A session typed in class time is stored by the class's zone, not New York's.
            var added = await http.PostAsJsonAsync("/api/v1/cohorts/1/sessions",
                new { date = "2023-06-08", start = "19:00", end = "21:00", title = "晚间世界咖啡", type = "workshop", method = "world_cafe" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var s = (await added.ReadJsonAsync())["session"]!;
            Assert.Equal(("19:00", "2023-06-08T11:00:00+00:00", "2023-06-08T13:00:00+00:00"), (s.Value<string>("start"), s.Value<string>("startsAt"), s.Value<string>("endsAt")));

            // The calendar says the same instants, and "today" for 8 June in Shanghai has the evening.
            var ics = IcsReader.Parse(await http.GetStringAsync("/api/v1/cohorts/1/timetable.ics"));
            Assert.Equal(new DateTimeOffset(2023, 6, 7, 0, 30, 0, TimeSpan.Zero), ics.Events[0].Start);
            Assert.Equal(new DateTimeOffset(2023, 6, 8, 11, 0, 0, TimeSpan.Zero), ics.Events.Single(e => e["SUMMARY"] == "晚间世界咖啡").Start);
            Assert.Contains("DTSTART;TZID=Asia/Shanghai:20230608T190000", ics.PhysicalLines);
            var day = await (await http.GetAsync("/api/v1/timetable/today?date=2023-06-08")).ReadArrayAsync();
            Assert.Contains(day[0]!["sessions"]!.AsArray(), x => x.Value<string>("start") == "19:00");
        }
        finally
        {
            if (!p.HasExited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static async Task WaitUntilUp(HttpClient http, Process p, System.Text.StringBuilder stderr)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (p.HasExited) Assert.Fail($"the server exited with {p.ExitCode}: {stderr}");
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        Assert.Fail("the server did not start within 90 s: " + stderr);
    }
}

public sealed class TimeZoneIndependenceTests_Sqlite() : TimeZoneIndependenceTests("sqlite");
public sealed class TimeZoneIndependenceTests_Postgres() : TimeZoneIndependenceTests("postgres");

/// <summary>No code of the timetable asks the machine for its zone or its local time.</summary>
public sealed class NoMachineClockTests
{
    [Fact]
    public void Timetable_code_never_uses_the_servers_zone()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityAcademy.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string[] folders = ["src/CommunityAcademy.Web/Features/Timetable", "src/CommunityAcademy.Domain/Timetable", "src/CommunityAcademy.Domain/Cohorts"];
        string[] forbidden = ["DateTime.Now", "DateTime.Today", "DateTimeOffset.Now", "TimeZoneInfo.Local", "ToLocalTime(", "DateTime.Parse("];
        var files = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(dir!.FullName, f), "*.cs*", SearchOption.AllDirectories)).ToList();
        Assert.True(files.Count > 10);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var f in forbidden) Assert.False(text.Contains(f), $"{Path.GetFileName(file)} uses {f}");
        }
    }
}
