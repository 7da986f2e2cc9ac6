using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Units;

/// <summary>
/// Issue #13 point 7: /Units no longer repeats the whole tree in a select on every row (346 KB for 62 units); a parent is
/// typed, and a big tree opens level by level (?parent=).
/// </summary>
public abstract class UnitsPageTests(TestApp app)
{
    private async Task<long> IdOf(string path) =>
        (await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync()).Single(u => u.Value<string>("path") == path).Value<long>("id");

    [Fact]
    public async Task The_tree_lists_each_unit_once_without_a_select_of_every_unit_per_row()
    {
        var units = (await (await (await app.Api("organizer")).GetAsync("/api/v1/units")).ReadArrayAsync()).Count;
        var html = await (await app.Browser("organizer")).GetStringAsync("/Units");
        Assert.Equal(units, Regex.Matches(html, "<li data-depth=").Count);
        Assert.True(Regex.Matches(html, "<option").Count < units, "no list of every unit");
        Assert.Contains("data-unit-search", html);
    }

    [Fact]
    public async Task A_unit_opens_with_its_children_and_the_units_above_it()
    {
        var echeng = await IdOf("鄂州市/鄂城区");
        var fenghuang = await IdOf("鄂州市/鄂城区/凤凰街道");
        var html = WebUtility.HtmlDecode(await (await app.Browser("organizer")).GetStringAsync($"/Units?parent={echeng}"));
        Assert.Contains("逐级展开", html);
        Assert.Contains($"id=\"unit-{fenghuang}\"", html);
        Assert.Contains($"/Units?parent={fenghuang}", html); // 凤凰街道 opens in turn
        Assert.DoesNotContain("滨湖社区", html); // … its communities are not listed until then
        Assert.DoesNotContain("华容区</span>", html);
        Assert.Contains("滨湖社区", await (await app.Browser("organizer")).GetStringAsync($"/Units?parent={fenghuang}"));
        // outside a contact's subtree: as if it did not exist
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("contact-huarong")).GetAsync($"/Units?parent={echeng}")).StatusCode);
    }

    [Fact]
    public async Task A_unit_moves_under_a_parent_typed_by_path_and_a_wrong_one_is_refused()
    {
        var api = await app.Api("organizer");
        var fenghuang = await IdOf("鄂州市/鄂城区/凤凰街道");
        var name = "测移" + Guid.NewGuid().ToString("N")[..6] + "社区";
        var created = await api.PostAsJsonAsync("/api/v1/units", new { name, kind = "community", parentId = fenghuang });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).Value<long>("id");
        var b = await app.Browser("organizer");
        var bad = await TestApp.PostFormAsync(b, "/Units", new() { ["Id"] = id.ToString(), ["ParentName"] = "没有这个镇" }, "Move");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("找不到单位“没有这个镇”", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        var ok = await TestApp.PostFormAsync(b, "/Units", new() { ["Id"] = id.ToString(), ["ParentName"] = "鄂州市/华容区/段店镇" }, "Move");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal($"鄂州市/华容区/段店镇/{name}", (await (await api.GetAsync($"/api/v1/units/{id}")).ReadJsonAsync()).Value<string>("path"));
    }
}

public sealed class UnitsPageTests_Sqlite(SqliteDemo app) : UnitsPageTests(app), IClassFixture<SqliteDemo>;
public sealed class UnitsPageTests_Postgres(PostgresDemo app) : UnitsPageTests(app), IClassFixture<PostgresDemo>;
