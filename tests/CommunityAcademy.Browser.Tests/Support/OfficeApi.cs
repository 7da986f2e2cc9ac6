using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Demo;

namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>One line of a class's allocation: so many places of a unit for one position.</summary>
public sealed record Quota(string Unit, string Position, int Places);

/// <summary>One trainee of a receipt typed in through the API.</summary>
public sealed record Nominee(string Unit, string Name, string Position, string Phone);

/// <summary>
/// What happens before a journey begins, done the way other programs would do it: through /api/v1 with a bearer
/// token, on the same running application the browser visits. The demo's class 1 has its roster locked already, so
/// a journey that takes receipts starts with a class of its own, open for receipts.
/// </summary>
public sealed class OfficeApi(BrowserApp app)
{
    public const string Committee = "主任及分管的“两委”成员";
    public const string TownLeaders = "分管领导及民政办主任";

    /// <summary>Seed 000's allocation (attachment 1 of the 2023 notice): 90 places in 5 districts, each district's bureau returning its receipt.</summary>
    public static IReadOnlyList<Quota> Seed000Quotas =>
        DemoSeeder.LoadFixture().Districts.SelectMany(d => d.Quotas).Select(q => new Quota(q.Unit, q.Position, q.Places)).ToList();

    public static IReadOnlyList<(string Scope, string Submitter)> Seed000Submitters =>
        DemoSeeder.LoadFixture().Districts.Select(d => (d.Name, d.SubmittingUnit)).ToList();

    /// <summary>An HttpClient signed in as <paramref name="username"/> (demo password).</summary>
    public async Task<HttpClient> AsAsync(string username)
    {
        var http = new HttpClient { BaseAddress = app.BaseUrl };
        var r = await http.PostAsJsonAsync("/api/v1/auth/token", new { username, password = BrowserTest.Password });
        Assert.True(r.IsSuccessStatusCode, $"token for {username}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var token = (await r.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Every unit's id by name (the demo's names are unique).</summary>
    public async Task<Dictionary<string, long>> UnitIdsAsync()
    {
        using var admin = await AsAsync("admin");
        var units = await admin.GetFromJsonAsync<JsonArray>("/api/v1/units");
        return units!.ToDictionary(u => u!["name"]!.GetValue<string>(), u => u!["id"]!.GetValue<long>());
    }

    /// <summary>
    /// The organizer creates a class that takes receipts until <paramref name="deadline"/> (never locking by itself),
    /// with these quotas and submitting units; returns its id.
    /// </summary>
    public async Task<long> CreateOpenClassAsync(string title, IEnumerable<Quota> quotas, IEnumerable<(string Scope, string Submitter)> submitters, DateOnly deadline)
    {
        var ids = await UnitIdsAsync();
        var lines = quotas.ToList();
        var start = deadline.AddDays(14);
        using var organizer = await AsAsync("organizer");
        var r = await organizer.PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "鄂州市城乡社区工作者能力提升培训", title, startDate = start.ToString("yyyy-MM-dd"), endDate = start.AddDays(2).ToString("yyyy-MM-dd"),
            venue = "共益园五楼能力建设培训厅", timeZone = "Asia/Shanghai", issuer = "鄂州市民政局", issuedOn = deadline.AddDays(-10).ToString("yyyy-MM-dd"),
            contactName = "熊定", contactPhone = "027-60896869", receiptDeadline = deadline.ToString("yyyy-MM-dd"),
            rules = new { accommodation = false, meals = new[] { "lunch" }, leaveAllowed = false, arriveMinutesBefore = 10, signInEverySession = true, autoLock = false },
            hosts = new[] { new { role = "sponsor", name = "鄂州市民政局" } },
            categories = new[] { new { category = "trainee", label = "学员", headcount = lines.Sum(q => q.Places) } },
            quotas = lines.Select(q => new { unitId = Id(ids, q.Unit), position = q.Position, places = q.Places }),
            submitters = submitters.Select(s => new { scopeUnitId = Id(ids, s.Scope), submitterUnitId = Id(ids, s.Submitter) }),
        });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.Created, $"creating “{title}”: {(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<long>();
    }

    /// <summary>A unit contact returns its receipt through the API (as another program would); fails unless it is stored.</summary>
    public async Task SubmitReceiptAsync(string contact, long cohortId, IEnumerable<Nominee> rows)
    {
        using var http = await AsAsync(contact);
        var r = await http.PostAsJsonAsync($"/api/v1/cohorts/{cohortId}/receipts/form", new
        {
            rows = rows.Select(n => new { unit = n.Unit, name = n.Name, position = n.Position, phone = n.Phone }),
        });
        Assert.True(r.IsSuccessStatusCode, $"receipt of {contact}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static long Id(Dictionary<string, long> ids, string name) =>
        ids.TryGetValue(name, out var id) ? id : throw new InvalidOperationException($"The demo has no unit “{name}”.");
}
