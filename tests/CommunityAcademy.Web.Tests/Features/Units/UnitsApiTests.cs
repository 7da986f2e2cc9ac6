using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Units;

public abstract class UnitsApiTests(TestApp app)
{
    private static string Unique(string suffix) => "测" + Guid.NewGuid().ToString("N")[..6] + suffix;

    private async Task<JsonArray> UnitsAs(string user) => await (await (await app.Api(user)).GetAsync("/api/v1/units")).ReadArrayAsync();

    private async Task<long> IdOf(string path) =>
        (await UnitsAs("admin")).Single(u => u.Value<string>("path") == path).Value<long>("id");

    [Fact]
    public async Task Staff_see_the_whole_tree_in_order()
    {
        var units = await UnitsAs("organizer");
        Assert.Equal("鄂州市", units[0].Value<string>("path"));
        Assert.Equal(0, units[0].Value<int>("depth"));
        Assert.Contains(units, u => u.Value<string>("path") == "鄂州市/鄂城区/凤凰街道/滨湖社区" && u.Value<string>("kind") == "community");
        Assert.Equal(units.Count, (await UnitsAs("mentor")).Count);
    }

    [Fact]
    public async Task A_unit_contact_sees_only_its_subtree()
    {
        var units = await UnitsAs("contact-echeng");
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.StartsWith("鄂州市/鄂城区", u.Value<string>("path")));
        Assert.Contains(units, u => u.Value<string>("name") == "峒山村");
        Assert.DoesNotContain(units, u => u.Value<string>("name") == "华容区");
    }

    [Fact]
    public async Task A_unit_outside_the_contacts_subtree_is_a_404_as_if_it_did_not_exist()
    {
        var huarong = await IdOf("鄂州市/华容区");
        var echeng = await IdOf("鄂州市/鄂城区/凤凰街道");
        var c = await app.Api("contact-echeng");
        var r = await c.GetAsync($"/api/v1/units/{huarong}");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal((await (await c.GetAsync("/api/v1/units/999999")).ReadJsonAsync()).Value<string>("title"), (await r.ReadJsonAsync()).Value<string>("title"));
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/units/{echeng}")).StatusCode);
    }

    [Fact]
    public async Task A_trainee_sees_only_their_own_unit()
    {
        var units = await UnitsAs("t001");
        var own = Assert.Single(units);
        Assert.Equal("鄂城区民政局", own.Value<string>("name"));
    }

    [Fact]
    public async Task Create_rename_and_refuse_duplicates()
    {
        var c = await app.Api("organizer");
        var district = await IdOf("鄂州市/鄂城区");
        var name = Unique("街道");
        var created = await c.PostAsJsonAsync("/api/v1/units", new { name, parentId = district });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var unit = await created.ReadJsonAsync();
        Assert.Equal("street", unit.Value<string>("kind"));
        Assert.Equal($"鄂州市/鄂城区/{name}", unit.Value<string>("path"));
        Assert.Equal($"/api/v1/units/{unit.Value<long>("id")}", created.LocationPath());

        var dup = await c.PostAsJsonAsync("/api/v1/units", new { name = " " + name + " ", parentId = district });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dup.StatusCode);
        Assert.Contains($"已有名为“{name}”", (await dup.ReadJsonAsync()).Value<string>("title"));

        var renamed = Unique("街道");
        var r = await c.PutAsJsonAsync($"/api/v1/units/{unit.Value<long>("id")}", new { name = renamed });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(renamed, (await r.ReadJsonAsync()).Value<string>("name"));
        var clash = await c.PutAsJsonAsync($"/api/v1/units/{unit.Value<long>("id")}", new { name = "凤凰街道" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, clash.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PutAsJsonAsync("/api/v1/units/999999", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_name_their_fields()
    {
        var c = await app.Api("admin");
        var missing = await c.PostAsJsonAsync("/api/v1/units", new { parentId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.ReadJsonAsync())["errors"]!["name"]);
        var kind = await c.PostAsJsonAsync("/api/v1/units", new { name = "某某", kind = "planet", parentId = 1 });
        Assert.NotNull((await kind.ReadJsonAsync())["errors"]!["kind"]);
        var guess = await c.PostAsJsonAsync("/api/v1/units", new { name = "共益园", parentId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        Assert.NotNull((await guess.ReadJsonAsync())["errors"]!["kind"]);
        var notJson = await c.PostAsync("/api/v1/units", Json.Raw("{name:"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var wrongType = await c.PostAsync("/api/v1/units", Json.Raw("{\"name\": \"x镇\", \"parentId\": \"abc\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        var placement = await c.PostAsJsonAsync("/api/v1/units", new { name = Unique("村"), parentId = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, placement.StatusCode);
        Assert.Contains("不能直接设在", (await placement.ReadJsonAsync()).Value<string>("title"));
    }

    [Fact]
    public async Task Moving_a_subtree_moves_everything_below_it_and_changes_who_sees_it()
    {
        var c = await app.Api("admin");
        var echeng = await IdOf("鄂州市/鄂城区");
        var huarong = await IdOf("鄂州市/华容区");
        var town = Unique("镇");
        var townId = (await (await c.PostAsJsonAsync("/api/v1/units", new { name = town, parentId = echeng })).ReadJsonAsync()).Value<long>("id");
        var village = Unique("村");
        var villageId = (await (await c.PostAsJsonAsync("/api/v1/units", new { name = village, parentId = townId })).ReadJsonAsync()).Value<long>("id");
        Assert.Contains(await UnitsAs("contact-echeng"), u => u.Value<long>("id") == villageId);

        var moved = await c.PostAsJsonAsync($"/api/v1/units/{townId}/move", new { parentId = huarong });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var v = await (await c.GetAsync($"/api/v1/units/{villageId}")).ReadJsonAsync();
        Assert.Equal($"鄂州市/华容区/{town}/{village}", v.Value<string>("path"));
        Assert.DoesNotContain(await UnitsAs("contact-echeng"), u => u.Value<long>("id") == villageId);
        Assert.Contains(await UnitsAs("contact-huarong"), u => u.Value<long>("id") == villageId);

        var cycle = await c.PostAsJsonAsync($"/api/v1/units/{townId}/move", new { parentId = villageId });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cycle.StatusCode);
        Assert.Contains("不能把", (await cycle.ReadJsonAsync()).Value<string>("title"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsJsonAsync("/api/v1/units/999999/move", new { parentId = huarong })).StatusCode);
    }

    [Fact]
    public async Task Unit_pages_let_an_organizer_add_rename_and_move()
    {
        var b = await app.Browser("organizer");
        var name = Unique("社区");
        var fenghuang = await IdOf("鄂州市/鄂城区/凤凰街道");
        var r = await TestApp.PostFormAsync(b, "/Units", new() { ["ParentId"] = fenghuang.ToString(), ["Name"] = name, ["Kind"] = "" }, "Create");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains($"已新增“{name}”", await r.Content.ReadAsStringAsync());
        var dup = await TestApp.PostFormAsync(b, "/Units", new() { ["ParentId"] = fenghuang.ToString(), ["Name"] = name, ["Kind"] = "" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dup.StatusCode);
        Assert.Contains("已有名为", await dup.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_unit_page_is_read_only_for_a_contact()
    {
        var b = await app.Browser("contact-huarong");
        var html = await b.GetStringAsync("/Units");
        Assert.Contains("段店镇", html);
        Assert.DoesNotContain("鄂城区", html);
        Assert.DoesNotContain("handler=Create", html);
        var r = await TestApp.PostFormAsync(b, "/Units", new() { ["Name"] = "黑客街道", ["ParentId"] = "1" }, "Create");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/Accounts/AccessDenied", r.LocationPath());
    }
}

public sealed class UnitsApiTests_Sqlite(SqliteDemo app) : UnitsApiTests(app), IClassFixture<SqliteDemo>;
public sealed class UnitsApiTests_Postgres(PostgresDemo app) : UnitsApiTests(app), IClassFixture<PostgresDemo>;
