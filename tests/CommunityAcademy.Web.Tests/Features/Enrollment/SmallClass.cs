using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>
/// A small class on the demo's units for enrollment tests: two places at 滨湖社区 (鄂城区) and two at 段店镇 (华容区), each
/// district returning its own receipt.
/// </summary>
public sealed class SmallClass(TestApp app, long id)
{
    public const string Committee = "主任及分管的“两委”成员";
    public const string Leaders = "分管领导及民政办主任";
    public long Id { get; } = id;

    public static async Task<SmallClass> CreateAsync(TestApp app, string title, int places = 2)
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        var r = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "测试", title, startDate = "2031-03-10", endDate = "2031-03-11",
            categories = new[] { new { category = "trainee", headcount = places * 2 } },
            quotas = new[]
            {
                new { unitId = id("滨湖社区"), position = Committee, places },
                new { unitId = id("段店镇"), position = Leaders, places },
            },
            submitters = new[]
            {
                new { scopeUnitId = id("鄂城区"), submitterUnitId = id("鄂城区民政局") },
                new { scopeUnitId = id("华容区"), submitterUnitId = id("华容区民政局") },
            },
        });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"create class: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var created = (await r.ReadJsonAsync()).Value<long>("id");
        await app.PutDemoStaffOnAsync(created); // staff see only the classes they are on
        return new SmallClass(app, created);
    }

    public sealed record Person(string Name, string Phone);

    /// <summary>鄂城区's receipt (its contact), people at 滨湖社区.</summary>
    public Task<HttpResponseMessage> EchengAsync(params Person[] people) => SubmitAsync("contact-echeng", "滨湖社区", Committee, people);

    /// <summary>华容区's receipt (its contact), people at 段店镇.</summary>
    public Task<HttpResponseMessage> HuarongAsync(params Person[] people) => SubmitAsync("contact-huarong", "段店镇", Leaders, people);

    private async Task<HttpResponseMessage> SubmitAsync(string contact, string unit, string position, Person[] people)
    {
        var r = await (await app.Api(contact)).PostAsJsonAsync($"/api/v1/cohorts/{Id}/receipts/form",
            new { rows = people.Select(p => new { unit, name = p.Name, position, phone = p.Phone }).ToArray() });
        return r;
    }

    public async Task LockAsync()
    {
        var r = await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{Id}/lock", null);
        Assert.True(r.IsSuccessStatusCode, $"lock: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public async Task ReopenAsync()
    {
        var r = await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{Id}/unlock", new { reason = "补报" });
        Assert.True(r.IsSuccessStatusCode, $"reopen: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }
}
