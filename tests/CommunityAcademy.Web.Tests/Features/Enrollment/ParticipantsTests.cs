using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

public abstract class ParticipantsTests(TestApp app)
{
    [Fact]
    public async Task Leaders_named_for_the_first_day_change_that_days_lunch_count()
    {
        var c = await app.Api("organizer");
        var before = await (await c.GetAsync("/api/v1/cohorts/1/participants")).ReadJsonAsync();
        Assert.Equal(90, before.Value<int>("trainees"));
        Assert.Equal([101, 101, 101], before["meals"]!.AsArray().Select(m => m.Value<int>("headcount")));
        Assert.All(before["meals"]!.AsArray(), m => Assert.Equal("午餐", m.Value<string>("mealName")));

        foreach (var name in new[] { "余建兵", "张细宏" })
        {
            var r = await c.PostAsJsonAsync("/api/v1/cohorts/1/participants", new { category = "leader", name, organization = "鄂州市民政局", days = new[] { "2023-06-07" } });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        var after = await (await c.GetAsync("/api/v1/cohorts/1/participants")).ReadJsonAsync();
        Assert.Equal([101, 99, 99], after["meals"]!.AsArray().Select(m => m.Value<int>("headcount")));
        var leaders = after["categories"]!.AsArray().Single(x => x.Value<string>("category") == "leader")!;
        Assert.Equal(2, leaders["people"]!.AsArray().Count);

        var id = leaders["people"]![0].Value<long>("id");
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/cohorts/1/participants/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync($"/api/v1/cohorts/1/participants/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_participants_are_refused_by_field_and_contacts_may_not_look()
    {
        var c = await app.Api("organizer");
        var bad = await c.PostAsJsonAsync("/api/v1/cohorts/1/participants", new { category = "trainee", name = "", phone = "123", days = new[] { "2030-01-01" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["category", "days", "name", "phone"], errors);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("contact-echeng")).GetAsync("/api/v1/cohorts/1/participants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsJsonAsync("/api/v1/cohorts/1/participants", new { category = "staff", name = "x" })).StatusCode);
        var page = await (await app.Browser("headteacher")).GetStringAsync("/Enrollment/Participants/1");
        Assert.Contains("每日就餐人数", page);
    }
}

public sealed class ParticipantsTests_Sqlite(SqliteDemo app) : ParticipantsTests(app), IClassFixture<SqliteDemo>;
public sealed class ParticipantsTests_Postgres(PostgresDemo app) : ParticipantsTests(app), IClassFixture<PostgresDemo>;
