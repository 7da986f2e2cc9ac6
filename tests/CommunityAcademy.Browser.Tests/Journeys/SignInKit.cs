using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// What the QR sign-in journeys set up and check behind the browser: the API as organizer or head teacher (bearer token),
/// a session of the demo sign-in class (t081 … t090) whose sign-in window is open now, and phones in contexts of their own.
/// </summary>
public static class SignInKit
{
    public const string Zone = "Asia/Shanghai";

    /// <summary>The API as <paramref name="username"/> (bearer token, no cookie, no antiforgery).</summary>
    public static async Task<HttpClient> ApiAsync(BrowserApp app, string username, string password = BrowserTest.Password)
    {
        var c = new HttpClient { BaseAddress = app.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"token for {username}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var token = (await r.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The demo's sign-in class (starts today, trainees t081 … t090), found through the API.</summary>
    public static async Task<long> DemoSignInClassAsync(HttpClient organizer)
    {
        var list = (await GetJsonAsync(organizer, "/api/v1/cohorts")).AsArray();
        var hit = list.SingleOrDefault(x => x!["title"]!.GetValue<string>() == DemoSeeder.SignInClassTitle);
        Assert.True(hit is not null, $"The demo has no class titled {DemoSeeder.SignInClassTitle}");
        return hit!["id"]!.GetValue<long>();
    }

    /// <summary>
    /// Adds (as organizer, through the API) a session of the demo sign-in class that starts 15 minutes from now, so its
    /// sign-in window (opens 30 minutes before the start) is open whatever the time of day and a sign-in now is on time.
    /// The demo's own sessions today may or may not be open at the hour the tests run. Each test class has a database of
    /// its own, so <paramref name="title"/> need only differ from the demo's titles. Returns (class, session, title).
    /// </summary>
    public static async Task<(long Cohort, long Session, string Title)> OpenSessionNowAsync(BrowserApp app, string title, int startsInMinutes = 15)
    {
        using var organizer = await ApiAsync(app, "organizer");
        var cohort = await DemoSignInClassAsync(organizer);
        var local = ClassClock.ToLocal(DateTimeOffset.UtcNow, Zone);
        var start = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset).AddMinutes(startsInMinutes);
        // just after midnight 北京时间 a session that began minutes ago would begin yesterday, before the class (which the
        // demo starts on the day it was loaded): it begins at midnight then, still before now
        if (start.Date < local.Date) start = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, local.Offset);
        var end = start.AddMinutes(60);
        var r = await organizer.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/sessions", new
        {
            date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            start = start.ToString("HH:mm", CultureInfo.InvariantCulture),
            end = end.ToString("HH:mm", CultureInfo.InvariantCulture),
            pastMidnight = end.Date != start.Date,
            title, type = "lecture", signInRequired = true,
        });
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"adding a session: {(int)r.StatusCode} {text}");
        var session = JsonNode.Parse(text)!["session"]!["id"]!.GetValue<long>();
        return (cohort, session, title);
    }

    /// <summary>GET /api/v1/sessions/{id}/attendance as head teacher.</summary>
    public static async Task<JsonNode> AttendanceAsync(BrowserApp app, long session)
    {
        using var headTeacher = await ApiAsync(app, "headteacher");
        return await GetJsonAsync(headTeacher, $"/api/v1/sessions/{session}/attendance");
    }

    /// <summary>The stored check-in records of a session (the table itself, not the statuses made from it).</summary>
    public static async Task<int> CheckInRecordsAsync(BrowserApp app, long session, string kind = "in")
    {
        await using var c = await app.Services.GetRequiredService<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE session_id = @session AND kind = @kind", new { session, kind });
    }

    /// <summary>The clientIds of the stored check-in records of a session.</summary>
    public static async Task<List<string>> CheckInClientIdsAsync(BrowserApp app, long session)
    {
        await using var c = await app.Services.GetRequiredService<Db>().OpenAsync();
        return (await c.QueryAsync<string>("SELECT client_id FROM check_ins WHERE session_id = @session", new { session })).ToList();
    }

    /// <summary>The step of a QR token "{session}.{step}.{signature}" (step = unix seconds / rotation).</summary>
    public static long StepOf(string scanUrl)
    {
        var t = Uri.UnescapeDataString(scanUrl[(scanUrl.IndexOf("&t=", StringComparison.Ordinal) + 3)..]);
        return long.Parse(t.Split('.')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A phone (390 × 844) in a browser context of its own: another person, another device. Collects script errors and
    /// stylesheets or scripts that fail to load (API answers are the journey's to check: a refusal is expected there).
    /// </summary>
    public static async Task<Phone> PhoneAsync(BrowserApp app)
    {
        var context = await app.Browser.NewContextAsync(BrowserTest.ContextOptions(Screen.Phone, app.BaseUrl.ToString()));
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var phone = new Phone(context, page);
        page.PageError += (_, e) => phone.Broken.Enqueue($"script error: {e}");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400 && r.Request.ResourceType is "stylesheet" or "script" or "image" or "font") phone.Broken.Enqueue($"{r.Status} {r.Url}");
        };
        return phone;
    }

    public sealed class Phone(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IBrowserContext Context => context;
        public IPage Page => page;
        public ConcurrentQueue<string> Broken { get; } = new();

        public void AssertNothingBroken() =>
            Assert.True(Broken.IsEmpty, "On the phone something the pages needed failed:\n" + string.Join("\n", Broken));

        public ValueTask DisposeAsync() => context.DisposeAsync();
    }
}
