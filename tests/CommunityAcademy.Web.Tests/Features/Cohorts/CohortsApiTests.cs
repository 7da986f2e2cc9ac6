using System.Net;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Cohorts;

public abstract class CohortsApiTests(TestApp app)
{
    [Fact]
    public async Task A_unit_contact_sees_the_class_but_only_its_own_districts_places()
    {
        var c = await app.Api("contact-huarong");
        var list = await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync();
        Assert.Equal(2, list.Count); // the finished class and the open one both give places to 华容区
        var cohort = await (await c.GetAsync("/api/v1/cohorts/1")).ReadJsonAsync();
        var d = Assert.Single(cohort["placesByDistrict"]!.AsArray());
        Assert.Equal("华容区", d.Value<string>("name"));
        Assert.Equal(14, cohort.Value<int>("traineePlaces"));
    }

    [Fact]
    public async Task A_trainee_sees_the_class_they_are_enrolled_in_and_a_stranger_sees_none()
    {
        Assert.Single(await (await (await app.Api("t045")).GetAsync("/api/v1/cohorts")).ReadArrayAsync());
        var name = "t" + Guid.NewGuid().ToString("N")[..8];
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, "未报名学员", "Trainee123", [Role.Trainee], UnitId: 1));
        var stranger = await app.Api(name, "Trainee123");
        Assert.Empty(await (await stranger.GetAsync("/api/v1/cohorts")).ReadArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/cohorts/1")).StatusCode);
    }

    [Fact]
    public async Task A_contact_of_a_unit_without_places_sees_no_class()
    {
        var name = "c" + Guid.NewGuid().ToString("N")[..8];
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        var bureau = units.Single(u => u.Value<string>("path") == "鄂州市/华容区/华容区民政局").Value<long>("id");
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, "联络员", "Contact123", [Role.UnitContact], UnitId: bureau));
        var c = await app.Api(name, "Contact123");
        Assert.Empty(await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/cohorts/1")).StatusCode);
        var b = await app.Browser(name, "Contact123");
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync("/Cohorts/Details/1")).StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        var c = await app.Api("admin");
        var r = await c.GetAsync("/api/v1/cohorts/424242");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/v1/cohorts/abc")).StatusCode);
    }
}

public sealed class CohortsApiTests_Sqlite(SqliteDemo app) : CohortsApiTests(app), IClassFixture<SqliteDemo>;
public sealed class CohortsApiTests_Postgres(PostgresDemo app) : CohortsApiTests(app), IClassFixture<PostgresDemo>;
