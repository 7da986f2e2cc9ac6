using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>Instructors, teams, teaching points and scenes through the API: checks, rules, masking.</summary>
public abstract class ReferenceDataApiTests(TestApp app)
{
    private static async Task<string> Field(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        return (await r.ReadJsonAsync())["errors"]!.AsObject().Single().Key;
    }

    [Fact]
    public async Task Instructors_are_checked_unique_and_their_phones_masked_for_readers()
    {
        var c = await app.Api("organizer");
        var name = "陈烽" + U();
        var r = await c.PostAsJsonAsync("/api/v1/instructors", new { name, title = "国家二级心理咨询师", organisation = "心理咨询中心", phone = "13512345678" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var id = (await r.ReadJsonAsync()).Value<long>("id");
        Assert.Equal("13512345678", (await r.ReadJsonAsync()).Value<string>("phone"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsJsonAsync("/api/v1/instructors", new { name, organisation = "心理咨询中心" })).StatusCode);
        Assert.Equal("name", await Field(await c.PostAsJsonAsync("/api/v1/instructors", new { name = " " })));
        Assert.Equal("name", await Field(await c.PostAsJsonAsync("/api/v1/instructors", new { name = new string('长', 101) })));
        Assert.Equal("userId", await Field(await c.PostAsJsonAsync("/api/v1/instructors", new { name = "某人" + U(), userId = 987654 })));
        var put = await c.PutAsJsonAsync($"/api/v1/instructors/{id}", new { name, title = "讲师", organisation = "心理咨询中心", phone = "13512345678" });
        Assert.Equal("讲师", (await put.ReadJsonAsync()).Value<string>("title"));
        var masked = await (await (await app.Api("headteacher")).GetAsync($"/api/v1/instructors/{id}")).ReadJsonAsync();
        Assert.Equal("135****5678", masked.Value<string>("phone"));
    }

    [Fact]
    public async Task Teams_name_their_lead_and_members_and_refuse_strangers()
    {
        var c = await app.Api("organizer");
        var a = await InstructorAsync(c, "甲");
        var b = await InstructorAsync(c, "乙");
        var name = "授课团队" + U();
        var r = await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name, organisation = "某大学", leadInstructorId = a, headcount = 5, memberIds = new[] { a, b } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var team = await r.ReadJsonAsync();
        Assert.Equal(2, team["members"]!.AsArray().Count);
        Assert.Equal(5, team.Value<int>("headcount"));
        Assert.Equal("memberIds", await Field(await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name = "x" + U(), memberIds = new[] { 987654 } })));
        Assert.Equal("headcount", await Field(await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name = "x" + U(), headcount = 0 })));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsJsonAsync("/api/v1/instructor-teams", new { name })).StatusCode);
        var id = team.Value<long>("id");
        var put = await c.PutAsJsonAsync($"/api/v1/instructor-teams/{id}", new { name, leadInstructorId = b, memberIds = new[] { b } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Single((await put.ReadJsonAsync())["members"]!.AsArray());
        var person = await (await c.GetAsync($"/api/v1/instructors/{b}")).ReadJsonAsync();
        Assert.Contains(id, person["teamIds"]!.AsArray().Select(x => x!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/v1/instructor-teams/987654", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task Teaching_points_and_scenes_with_coordinates()
    {
        var c = await app.Api("organizer");
        var name = "镜园社区" + U();
        var r = await c.PostAsJsonAsync("/api/v1/teaching-points", new { name, address = "鄂州市古楼街道", latitude = 30.3912345, longitude = 114.8912345 });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var p = await r.ReadJsonAsync();
        Assert.Equal((30.3912345, 114.8912345), (p.Value<double>("latitude"), p.Value<double>("longitude"))); // full precision on both databases
        var id = p.Value<long>("id");
        Assert.Equal("latitude", await Field(await c.PostAsJsonAsync("/api/v1/teaching-points", new { name = "x" + U(), latitude = 30.1 })));
        Assert.Equal("latitude", await Field(await c.PostAsJsonAsync("/api/v1/teaching-points", new { name = "x" + U(), latitude = 91, longitude = 114 })));
        Assert.Equal("longitude", await Field(await c.PostAsJsonAsync("/api/v1/teaching-points", new { name = "x" + U(), latitude = 30, longitude = 181 })));
        Assert.Equal("name", await Field(await c.PostAsJsonAsync("/api/v1/teaching-points", new { address = "无名" })));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsJsonAsync("/api/v1/teaching-points", new { name })).StatusCode);

        var scene = await c.PostAsJsonAsync($"/api/v1/teaching-points/{id}/scenes", new { name = "口袋公园", latitude = 30.39, longitude = 114.89 });
        Assert.Equal(HttpStatusCode.Created, scene.StatusCode);
        var sceneId = (await scene.ReadJsonAsync()).Value<long>("id");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.PostAsJsonAsync($"/api/v1/teaching-points/{id}/scenes", new { name = "口袋公园" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsJsonAsync("/api/v1/teaching-points/987654/scenes", new { name = "x" })).StatusCode);
        var renamed = await c.PutAsJsonAsync($"/api/v1/teaching-points/{id}/scenes/{sceneId}", new { name = "镜园社区口袋公园", description = "星级场景" });
        Assert.Equal("镜园社区口袋公园", (await renamed.ReadJsonAsync()).Value<string>("name"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync($"/api/v1/teaching-points/{id}/scenes/987654", new { name = "x" })).StatusCode);

        // A scene in use stays; once free it goes, and the point with it.
        var cohort = await CreateCohortAsync(app, "实景教学", "2027-06-07", "2027-06-07");
        var session = (await AddOkAsync(c, cohort, new { date = "2027-06-07", start = "09:00", end = "11:00", title = "口袋公园现场教学", type = "on_site_teaching", sceneId }))["session"].Value<long>("id");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c.DeleteAsync($"/api/v1/teaching-points/{id}/scenes/{sceneId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/sessions/{session}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/teaching-points/{id}/scenes/{sceneId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/teaching-points/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/teaching-points/{id}")).StatusCode);
    }
}

public sealed class ReferenceDataApiTests_Sqlite(SqliteDemo app) : ReferenceDataApiTests(app), IClassFixture<SqliteDemo>;
public sealed class ReferenceDataApiTests_Postgres(PostgresDemo app) : ReferenceDataApiTests(app), IClassFixture<PostgresDemo>;
