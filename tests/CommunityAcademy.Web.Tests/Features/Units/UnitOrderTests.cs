using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Web.Tests.Features.Units;

/// <summary>
/// Issue #15, order: units keep the order they were entered or imported in (附件1 for seed 000), change it by 上移/下移, and
/// every list follows the tree in that order, departments first — not ids compared as text ("28" &lt; "3").
/// </summary>
public abstract class UnitOrderTests(TestApp app)
{
    private static string U() => Guid.NewGuid().ToString("N")[..5];

    private async Task<List<(long Id, string Name, string Path)>> ListAsync() =>
        (await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync())
            .Select(u => (u.Value<long>("id"), u.Value<string>("name"), u.Value<string>("path"))).ToList();

    private static void Before(IList<string> names, string a, string b) =>
        Assert.True(names.IndexOf(a) >= 0 && names.IndexOf(a) < names.IndexOf(b), $"{a} before {b}: {string.Join(" ", names)}");

    [Fact]
    public async Task The_roster_of_every_demo_class_follows_the_unit_tree()
    {
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        var classes = (await Dapper.SqlMapper.QueryAsync<long>(c,
            "SELECT DISTINCT cohort_id FROM enrollments WHERE category = 'trainee' AND status = 'active' AND unit_id IS NOT NULL")).ToList();
        Assert.NotEmpty(classes);
        var keys = (await Dapper.SqlMapper.QueryAsync<(long Id, string Key)>(c, "SELECT id, sort_key FROM units")).ToDictionary(x => x.Id, x => x.Key);
        foreach (var cohort in classes)
        {
            var entries = await app.Get<CommunityAcademy.Web.Features.Enrollment.RosterService>().EntriesAsync(cohort);
            var order = entries.Where(e => e.UnitId is not null).Select(e => keys[e.UnitId!.Value]).ToList();
            Assert.True(order.SequenceEqual(order.Order(StringComparer.Ordinal)), $"class {cohort}: the roster is not in tree order");
        }
    }

    [Fact]
    public async Task Seed_000_units_follow_attachment_1_departments_first()
    {
        var names = (await ListAsync()).Select(u => u.Name).ToList();
        Assert.Equal(["鄂州市", "鄂州市民政局", "鄂城区", "鄂城区民政局", "凤凰街道", "滨湖社区"], names.Take(6));
        Before(names, "鄂城区", "华容区");           // ids as text: /1/28/ (华容区) came before /1/3/
        Before(names, "华容区", "梁子湖区");
        Before(names, "梁子湖区", "葛店经开区");
        Before(names, "葛店经开区", "临空经济区");
        Before(names, "樊口社区", "花湖镇");         // 花湖镇 where its 金鸡桥社区 stands in 附件1 …
        Before(names, "花湖镇", "汀祖镇");           // … before 汀祖镇 and its 中心街社区
        Before(names, "华容区民政局", "段店镇");     // the department first, though entered last
    }

    [Fact]
    public async Task The_paper_sheet_lists_trainees_in_tree_order()
    {
        long session;
        await using (var c = await app.Get<Db>().OpenAsync())
            session = await c.ExecuteScalarAsync<long>("SELECT id FROM sessions WHERE cohort_id = 1 ORDER BY starts_at, id LIMIT 1");
        var html = WebUtility.HtmlDecode(await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Sheet/{session}"));
        var table = html[html.IndexOf("id=\"sheet\"", StringComparison.Ordinal)..];
        var units = Regex.Matches(table, "<tr><td>\\d+</td><td>([^<]*)</td>").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal("鄂城区民政局", units[0]);
        Before(units, "峒山村", "段店镇");   // all of 鄂城区 before 华容区
        Before(units, "樊口社区", "金鸡桥社区");
        Before(units, "金鸡桥社区", "中心街社区");
        Before(units, "上倪村", "上洪村");   // 华容区 before 梁子湖区
    }

    [Fact]
    public async Task The_attendance_summary_by_unit_follows_the_tree()
    {
        // the rates by unit that attendance.xlsx and the bulletin are made from
        var summary = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        var names = summary["units"]!.AsArray().Select(u => u.Value<string>("name")).ToList();
        Before(names, "鄂城区", "华容区");
        Before(names, "鄂城区民政局", "凤凰街道");
        Before(names, "花湖镇", "汀祖镇");
        Before(names, "华容区", "梁子湖区");
    }

    [Fact]
    public async Task Imported_units_keep_their_order_and_move_up_and_down()
    {
        var district = "测序区" + U();
        var towns = Enumerable.Range(1, 12).Select(i => $"第{(i * 7) % 13}{U()}镇").ToList(); // names in no sorted order
        var csv = new StringBuilder("单位名称,上级单位,类型\n").Append($"{district},鄂州市,区\n");
        foreach (var t in towns) csv.Append($"{t},{district},镇\n");
        csv.Append($"{district}民政局,{district},部门\n");
        var api = await app.Api("admin");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "order.csv");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/units/import", form)).StatusCode);

        async Task<List<string>> Children()
        {
            var all = await ListAsync();
            return all.Where(u => u.Path.StartsWith($"鄂州市/{district}/", StringComparison.Ordinal)).Select(u => u.Name).ToList();
        }
        Assert.Equal([$"{district}民政局", .. towns], await Children()); // the 10th after the 9th; the department first
        var ids = (await ListAsync()).ToDictionary(u => u.Name, u => u.Id);

        // 上移 the 10th on the page: it swaps with the 9th
        var b = await app.Browser("organizer");
        var r = await TestApp.PostFormAsync(b, "/Units", new() { ["Id"] = ids[towns[9]].ToString() }, "Up");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("已调整顺序", WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        var moved = towns.ToList();
        (moved[8], moved[9]) = (moved[9], moved[8]);
        Assert.Equal([$"{district}民政局", .. moved], await Children());
        // 下移 through the API: back again
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/units/{ids[towns[9]]}/down", null)).StatusCode);
        Assert.Equal([$"{district}民政局", .. towns], await Children());

        // the first place does not pass the department, the last goes no further: a clear refusal, nothing changes
        var up = await TestApp.PostFormAsync(b, "/Units", new() { ["Id"] = ids[towns[0]].ToString() }, "Up");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, up.StatusCode);
        Assert.Contains("已在同级最前", WebUtility.HtmlDecode(await up.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsync($"/api/v1/units/{ids[towns[^1]]}/down", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/v1/units/999999/up", null)).StatusCode);
        Assert.Equal([$"{district}民政局", .. towns], await Children());

        // a unit moved elsewhere goes after its new siblings, with everything below it
        var other = "测序另区" + U();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/units", Json.Raw($$"""{"name":"{{other}}","kind":"district","parentId":1}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/units/{ids[towns[0]]}/move", Json.Raw($$"""{"parentId":{{ids[district]}}}"""))).StatusCode);
        Assert.Equal([$"{district}民政局", .. towns.Skip(1), towns[0]], await Children());

        // contacts may not reorder
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("contact-echeng")).PostAsync($"/api/v1/units/{ids[towns[1]]}/up", null)).StatusCode);
    }

    [Fact]
    public async Task The_units_page_offers_up_and_down_to_managers_only()
    {
        var html = await (await app.Browser("organizer")).GetStringAsync("/Units");
        Assert.Contains("handler=Up", html);
        Assert.Contains("handler=Down", html);
        Assert.DoesNotContain("handler=Up", await (await app.Browser("contact-huarong")).GetStringAsync("/Units"));
    }
}

/// <summary>A database from before 0017: its units get their order from the order they were entered in.</summary>
public abstract class UnitOrderMigrationTests(string provider)
{
    [Fact]
    public async Task Existing_units_are_ordered_as_entered_with_departments_first()
    {
        await using var tdb = await TestDatabase.CreateAsync(provider);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = tdb.ConnectionString });
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);
        await migrator.AppliedAsync();
        var names = new[] { "鄂州市" }.Concat(Enumerable.Range(1, 30).Select(i => $"区{i}")).ToList();
        await using (var c = await db.OpenAsync())
        {
            foreach (var m in Migrator.All.Where(m => m.Version < 17))
            {
                await c.ExecuteAsync(db.Dialect.ExpandDdl(m.Script));
                await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @now)", new { v = m.Version, n = m.Name, now = DateTimeOffset.UtcNow });
            }
            var now = DateTimeOffset.UtcNow;
            var city = await c.ExecuteScalarAsync<long>("INSERT INTO units (parent_id, name, kind, path, created_at) VALUES (NULL, '鄂州市', 'city', '', @now) RETURNING id", new { now });
            await c.ExecuteAsync("UPDATE units SET path = '/' || CAST(id AS TEXT) || '/' WHERE id = @city", new { city });
            foreach (var n in names.Skip(1))
            {
                var id = await c.ExecuteScalarAsync<long>("INSERT INTO units (parent_id, name, kind, path, created_at) VALUES (@city, @n, 'district', '', @now) RETURNING id", new { city, n, now });
                await c.ExecuteAsync("UPDATE units SET path = @p WHERE id = @id", new { id, p = $"/{city}/{id}/" });
            }
            var bureau = await c.ExecuteScalarAsync<long>("INSERT INTO units (parent_id, name, kind, path, created_at) VALUES (@city, '市民政局', 'department', '', @now) RETURNING id", new { city, now });
            await c.ExecuteAsync("UPDATE units SET path = @p WHERE id = @id", new { id = bureau, p = $"/{city}/{bureau}/" });
        }

        Assert.Contains(17, await migrator.MigrateAsync());

        await using var conn = await db.OpenAsync();
        var ordered = (await conn.QueryAsync<string>("SELECT name FROM units ORDER BY sort_key")).ToList();
        Assert.Equal([names[0], "市民政局", .. names.Skip(1)], ordered); // 区10 after 区9, the department first
        var byPath = (await conn.QueryAsync<string>("SELECT name FROM units ORDER BY path")).ToList();
        Assert.NotEqual(ordered, byPath); // what the lists did before
    }
}

public sealed class UnitOrderTests_Sqlite(SqliteDemo app) : UnitOrderTests(app), IClassFixture<SqliteDemo>;
public sealed class UnitOrderTests_Postgres(PostgresDemo app) : UnitOrderTests(app), IClassFixture<PostgresDemo>;
public sealed class UnitOrderMigrationTests_Sqlite() : UnitOrderMigrationTests("sqlite");
public sealed class UnitOrderMigrationTests_Postgres() : UnitOrderMigrationTests("postgres");
