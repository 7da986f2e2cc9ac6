using System.Net;
using System.Net.Http.Json;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>
/// Issue #13 points 5 and 8: a receipt's file is kept as uploaded and downloadable by those who may see the receipt; the
/// organizer reads every submitted name by unit before the lock; an upload's answer names units over or under their places
/// and units still missing; a person another unit named is a warning at once, also on a refused upload; the lock never
/// merges two entries silently.
/// </summary>
public abstract class ReceiptFilesTests(TestApp app)
{
    private const string Committee = "主任及分管的“两委”成员";

    /// <summary>鄂城区 submits for 滨湖社区 (2 places) and 南塔社区 (2 places); 华容区 for 段店镇 (2 places).</summary>
    private async Task<long> ClassAsync()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        var r = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "测试项目", title = "回执文件班" + Guid.NewGuid().ToString("N")[..6], startDate = "2030-05-07", endDate = "2030-05-08",
            categories = new[] { new { category = "trainee", headcount = 6 } },
            quotas = new[]
            {
                new { unitId = id("滨湖社区"), position = Committee, places = 2 }, new { unitId = id("南塔社区"), position = Committee, places = 2 },
                new { unitId = id("段店镇"), position = "分管领导及民政办主任", places = 2 },
            },
            submitters = new[] { new { scopeUnitId = id("鄂城区"), submitterUnitId = id("鄂城区民政局") }, new { scopeUnitId = id("华容区"), submitterUnitId = id("华容区民政局") } },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.ReadJsonAsync()).Value<long>("id");
    }

    private static byte[] Csv(params (string Unit, string Name, string Phone)[] rows)
    {
        var sb = new StringBuilder("序号,单位,姓名,职务,联系方式\r\n");
        var i = 1;
        foreach (var (unit, name, phone) in rows)
            sb.Append($"{i++},{unit},{name},{(unit == "段店镇" ? "分管领导及民政办主任" : Committee)},{phone}\r\n");
        return SpreadsheetBytes(sb.ToString());
    }

    private static byte[] SpreadsheetBytes(string csv) => Encoding.GetEncoding("GB18030").GetBytes(csv);

    static ReceiptFilesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private async Task<HttpResponseMessage> Upload(string user, long cohort, byte[] bytes, string name)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        return await (await app.Api(user)).PostAsync($"/api/v1/cohorts/{cohort}/receipts", form);
    }

    private async Task<long> Count(string table, long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return table == "attachments"
            ? await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attachments WHERE cohort_id = @cohort", new { cohort })
            : await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE cohort_id = @cohort", new { cohort });
    }

    [Fact]
    public async Task A_receipt_file_is_kept_as_uploaded_for_the_organizer_and_its_own_contact_and_no_one_else()
    {
        var cohort = await ClassAsync();
        var bytes = Csv(("滨湖社区", "文件甲", "13811110001"), ("南塔社区", "文件乙", "13811110002"));
        var r = await Upload("contact-echeng", cohort, bytes, "鄂城区回执.csv");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var file = (await r.ReadJsonAsync()).Value<long>("attachmentId");
        // A typed-in receipt has no file.
        var typed = await (await app.Api("contact-huarong")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form",
            new { rows = new[] { new { unit = "段店镇", name = "手填丙", position = "分管领导及民政办主任", phone = "13811110003" } } });
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Null((await typed.ReadJsonAsync())["attachmentId"]);

        foreach (var user in new[] { "organizer", "admin", "contact-echeng" })
        {
            var got = await (await app.Api(user)).GetAsync($"/api/v1/attachments/{file}");
            Assert.True(got.StatusCode == HttpStatusCode.OK, user);
            Assert.Equal(bytes, await got.Content.ReadAsByteArrayAsync());
            Assert.Equal("text/csv", got.Content.Headers.ContentType!.MediaType);
            Assert.Equal("鄂城区回执.csv", got.Content.Headers.ContentDisposition!.FileNameStar);
        }
        foreach (var user in new[] { "contact-huarong", "t001" })
            Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(user)).GetAsync($"/api/v1/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/attachments/{file}")).StatusCode);

        // The history (API and both pages) links the file; another district's contact does not even see the row.
        var history = await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/receipts");
        var rows = await history.ReadArrayAsync();
        Assert.Equal(file, rows.Single(h => h.Value<string>("fileName") == "鄂城区回执.csv").Value<long>("attachmentId"));
        Assert.Contains($"/api/v1/attachments/{file}", await (await app.Browser("organizer")).GetStringAsync($"/Enrollment/Reconciliation/{cohort}"));
        Assert.Contains($"/api/v1/attachments/{file}", await (await app.Browser("contact-echeng")).GetStringAsync($"/Enrollment/Receipts/{cohort}"));
        Assert.DoesNotContain($"/api/v1/attachments/{file}", await (await app.Browser("contact-huarong")).GetStringAsync($"/Enrollment/Receipts/{cohort}"));
    }

    [Fact]
    public async Task A_refused_file_stores_neither_receipt_nor_file()
    {
        var cohort = await ClassAsync();
        byte[] exe = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];
        foreach (var (bytes, name) in new[] { (exe, "回执.xlsx"), (exe, "回执.csv"), ([], "回执.csv"), (Csv(("滨湖社区", "坏号码", "123")), "回执.csv") })
        {
            var r = await Upload("contact-echeng", cohort, bytes, name);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.NotEmpty((await r.ReadJsonAsync())["errors"]!.AsArray());
        }
        Assert.Equal(0, await Count("receipts", cohort));
        Assert.Equal(0, await Count("attachments", cohort));
    }

    [Fact]
    public async Task The_upload_answer_names_units_over_and_under_their_places_and_units_missing_with_counts()
    {
        var cohort = await ClassAsync();
        var r = await Upload("contact-echeng", cohort, Csv(("滨湖社区", "超甲", "13822220001"), ("滨湖社区", "超乙", "13822220002"), ("滨湖社区", "超丙", "13822220003")), "over.csv");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync()); // over the places is a warning, not a refusal
        var places = (await r.ReadJsonAsync())["places"]!;
        var over = Assert.Single(places["over"]!.AsArray());
        Assert.Equal(("滨湖社区", 2, 3), (over.Value<string>("unit"), over.Value<int>("places"), over.Value<int>("received")));
        Assert.Equal("南塔社区", Assert.Single(places["missing"]!.AsArray()).Value<string>("unit"));
        Assert.Equal("超出名额：滨湖社区 3/2；未报：南塔社区 0/2", places.Value<string>("text"));

        var again = await Upload("contact-echeng", cohort, Csv(("滨湖社区", "超甲", "13822220001"), ("滨湖社区", "超乙", "13822220002"), ("南塔社区", "短丁", "13822220004")), "short.csv");
        Assert.Equal("未报满：南塔社区 1/2", (await again.ReadJsonAsync())["places"].Value<string>("text"));
        var full = await Upload("contact-echeng", cohort, Csv(("滨湖社区", "超甲", "13822220001"), ("滨湖社区", "超乙", "13822220002"), ("南塔社区", "短丁", "13822220004"), ("南塔社区", "满戊", "13822220005")), "full.csv");
        Assert.Null((await full.ReadJsonAsync())["places"]!["text"]);
    }

    [Fact]
    public async Task The_page_says_over_the_places_is_a_warning_and_the_receipt_is_stored()
    {
        var cohort = await ClassAsync();
        var page = await app.Browser("contact-echeng");
        var r = await TestApp.PostFormAsync(page, $"/Enrollment/Receipts/{cohort}", new()
        {
            ["Rows[0].Unit"] = "滨湖社区", ["Rows[0].Name"] = "页甲", ["Rows[0].Position"] = Committee, ["Rows[0].Phone"] = "13833330001",
            ["Rows[1].Unit"] = "滨湖社区", ["Rows[1].Name"] = "页乙", ["Rows[1].Position"] = Committee, ["Rows[1].Phone"] = "13833330002",
            ["Rows[2].Unit"] = "滨湖社区", ["Rows[2].Name"] = "页丙", ["Rows[2].Position"] = Committee, ["Rows[2].Phone"] = "13833330003",
        }, "Form");
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("超出名额：滨湖社区 3/2；未报：南塔社区 0/2", html);
        Assert.Contains("超出名额只是提醒：回执已保存", html);
    }

    [Fact]
    public async Task A_person_another_unit_named_is_a_warning_at_once_even_on_a_refused_upload()
    {
        var cohort = await ClassAsync();
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-echeng", cohort, Csv(("滨湖社区", "两报人", "13844440001")), "e.csv")).StatusCode);
        // 华容区 names the same phone, and has a bad row: refused with its error and, beside it, the warning.
        var r = await Upload("contact-huarong", cohort, Csv(("段店镇", "另一个名字", "13844440001"), ("段店镇", "坏号码", "12345")), "h.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var body = await r.ReadJsonAsync();
        Assert.Equal(3, Assert.Single(body["errors"]!.AsArray()).Value<int>("row"));
        var w = Assert.Single(body["warnings"]!.AsArray());
        Assert.Equal(2, w.Value<int>("row"));
        Assert.Equal("另一单位已在回执中报了此人（联系方式相同）。", w.Value<string>("message"));
        Assert.DoesNotContain("滨湖社区", body.ToJsonString());
        Assert.DoesNotContain("两报人", body.ToJsonString());
        Assert.Equal(1, await Count("receipts", cohort));
    }

    [Fact]
    public async Task Before_the_lock_the_organizer_reads_every_submitted_name_by_unit_and_the_lock_never_merges_silently()
    {
        var cohort = await ClassAsync();
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-echeng", cohort, Csv(("滨湖社区", "名单甲", "13855550001"), ("南塔社区", "名单乙", "13855550002")), "e.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-huarong", cohort, Csv(("段店镇", "名单丙", "13855550003"), ("段店镇", "名单丁", "13855550001")), "h.csv")).StatusCode);

        var rec = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        Assert.False(rec.Value<bool>("locked"));
        var byUnit = rec["submitted"]!.AsArray().ToDictionary(u => u.Value<string>("unit"), u => u!["people"]!.AsArray().Select(p => p.Value<string>("name")).ToList());
        Assert.Equal(["名单甲"], byUnit["滨湖社区"]);
        Assert.Equal(["名单乙"], byUnit["南塔社区"]);
        Assert.Equal(["名单丙", "名单丁"], byUnit["段店镇"]);
        var page = await (await app.Browser("organizer")).GetStringAsync($"/Enrollment/Reconciliation/{cohort}");
        Assert.Contains("已报名单（未锁定）", page);
        Assert.Contains("名单乙", page);
        // The roster page, empty until the lock, leads to them.
        Assert.Contains($"/Enrollment/Reconciliation/{cohort}#submitted", await (await app.Browser("organizer")).GetStringAsync($"/Enrollment/Roster/{cohort}"));
        // A contact reads its own district's names only.
        var mine = await (await (await app.Api("contact-echeng")).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        Assert.Equal(["南塔社区", "滨湖社区"], mine["submitted"]!.AsArray().Select(u => u.Value<string>("unit")).Order(StringComparer.Ordinal));

        // 13855550001 is named by both districts: the lock is refused and names them, nothing is locked.
        var organizer = await app.Browser("organizer");
        var refused = await TestApp.PostFormAsync(organizer, $"/Enrollment/Reconciliation/{cohort}", new() { ["Anyway"] = "true" }, "Lock");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("1 人被两个单位同时报名，名单未锁定", html);
        Assert.Contains("名单甲", html);
        var api = await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{cohort}/lock", null);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal(["名单丁", "名单甲"], Assert.Single((await api.ReadJsonAsync())["namedTwice"]!.AsArray())!.AsArray().Select(p => p.Value<string>("name")).Order(StringComparer.Ordinal));
        Assert.False((await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync()).Value<bool>("locked"));

        // Resolved: 华容区 drops the person; the lock goes through with every other name.
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-huarong", cohort, Csv(("段店镇", "名单丙", "13855550003")), "h2.csv")).StatusCode);
        var locked = await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{cohort}/lock", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(3, (await locked.ReadJsonAsync()).Value<int>("count"));
    }
    [Fact]
    public async Task The_organizer_resolves_a_person_named_twice_by_dropping_them_from_one_receipt()
    {
        var cohort = await ClassAsync();
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-echeng", cohort, Csv(("滨湖社区", "保留者", "13866660001"), ("南塔社区", "南塔甲", "13866660002")), "e.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-huarong", cohort, Csv(("段店镇", "段店甲", "13866660003"), ("段店镇", "被删者", "13866660001")), "h.csv")).StatusCode);

        var organizer = await app.Browser("organizer");
        var page = await organizer.GetStringAsync($"/Enrollment/Reconciliation/{cohort}");
        Assert.Contains("从华容区的回执中删去被删者", page);
        Assert.Contains("从鄂城区的回执中删去保留者", page);
        // A contact sees no such button.
        Assert.DoesNotContain("的回执中删去", await (await app.Browser("contact-huarong")).GetStringAsync($"/Enrollment/Reconciliation/{cohort}"));

        long rowId;
        await using (var c = await app.Get<Db>().OpenAsync())
            rowId = await c.ExecuteScalarAsync<long>("""
                SELECT r.id FROM receipt_rows r JOIN receipts rc ON rc.id = r.receipt_id
                WHERE rc.cohort_id = @cohort AND rc.is_current = TRUE AND r.name = '被删者'
                """, new { cohort });
        var contact = await app.Browser("contact-huarong");
        var refused = await TestApp.PostFormAsync(contact, $"/Enrollment/Reconciliation/{cohort}", new() { ["rowId"] = rowId.ToString() }, "Drop");
        Assert.Equal(HttpStatusCode.Found, refused.StatusCode); // a page's Forbid: to the access-denied page
        Assert.Contains("AccessDenied", refused.Headers.Location!.ToString());
        Assert.Single((await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync())["namedTwice"]!.AsArray());
        var dropped = await TestApp.PostFormAsync(organizer, $"/Enrollment/Reconciliation/{cohort}", new() { ["rowId"] = rowId.ToString() }, "Drop");
        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        Assert.Contains("已从回执中删去被删者", await dropped.Content.ReadAsStringAsync());

        // 华容区's receipt is replaced by one without the person; the uploaded one stays in the history with its file.
        var history = await (await (await app.Api("contact-huarong")).GetAsync($"/api/v1/cohorts/{cohort}/receipts")).ReadArrayAsync();
        Assert.Equal([("organizer", true, 1), ("file", false, 2)], history.Select(h => (h.Value<string>("source"), h.Value<bool>("isCurrent"), h.Value<int>("rowCount"))));
        Assert.NotNull(history[1]!["attachmentId"]);
        var rec = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        Assert.Empty(rec["namedTwice"]!.AsArray());
        // Dropping it again finds no current row.
        Assert.Equal(HttpStatusCode.NotFound, (await TestApp.PostFormAsync(organizer, $"/Enrollment/Reconciliation/{cohort}", new() { ["rowId"] = rowId.ToString() }, "Drop")).StatusCode);

        var locked = await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{cohort}/lock", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(["保留者", "南塔甲", "段店甲"], (await locked.ReadJsonAsync())["trainees"]!.AsArray().Select(t => t.Value<string>("name")).Order(StringComparer.Ordinal));
        await using var c2 = await app.Get<Db>().OpenAsync();
        Assert.Equal("被删者", await c2.ExecuteScalarAsync<string>("SELECT old_value FROM audit_log WHERE action = 'receipt.drop_named_twice' ORDER BY id DESC LIMIT 1"));
    }
}

public sealed class ReceiptFilesTests_Sqlite(SqliteDemo app) : ReceiptFilesTests(app), IClassFixture<SqliteDemo>;
public sealed class ReceiptFilesTests_Postgres(PostgresDemo app) : ReceiptFilesTests(app), IClassFixture<PostgresDemo>;
