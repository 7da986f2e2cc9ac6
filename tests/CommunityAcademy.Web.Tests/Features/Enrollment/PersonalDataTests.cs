using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>A demo with a small reveal limit, so the limit can be reached.</summary>
public sealed class SqlitePersonalData() : TestApp("sqlite", settings: new() { ["Security:PhoneRevealsPerHour"] = "3" });
public sealed class PostgresPersonalData() : TestApp("postgres", settings: new() { ["Security:PhoneRevealsPerHour"] = "3" });

/// <summary>
/// Security issue #12, points 3 and 4: phone numbers (and user names that are phone numbers) reach, through the roster
/// and reconciliation pages, API and exports, only those who may see them; a head teacher reveals one at a time,
/// audited; a receipt's duplicate warning tells a unit contact only that another unit named the person.
/// A small class of two districts: 鄂城区 (凤凰街道, 3 places) and 华容区 (段店镇, 3 places); after its lock every trainee's
/// account is their mobile number.
/// </summary>
public abstract class PersonalDataTests(TestApp app)
{
    private const string Position = "分管领导及民政办主任";
    // a number standing alone, not digits inside a token, a hash or a longer number
    private static readonly Regex Mobile = new(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])");
    private static readonly string[] Echeng = ["13600001000", "13600001001", "13600001002"];
    private static readonly string[] Huarong = ["13600002000", "13600002001", "13600002002"];
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<TestApp, long> Locked = new(); // one locked class per database, made by the first test that needs it

    private async Task<Dictionary<string, long>> UnitIds()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        return units.GroupBy(u => u.Value<string>("name")).ToDictionary(g => g.Key, g => g.First().Value<long>("id"));
    }

    private static object Row(string unit, string name, string phone) => new { unit, name, position = Position, phone };

    private async Task<HttpResponseMessage> Typed(string user, long cohort, long? unitId, params object[] rows) =>
        await (await app.Api(user)).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form", new { unitId, rows });

    private async Task<long> ClassAsync()
    {
        var ids = await UnitIds();
        var r = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "测试项目", title = "个人信息测试班" + Guid.NewGuid().ToString("N")[..4], startDate = "2031-03-03", endDate = "2031-03-04",
            categories = new[] { new { category = "trainee", headcount = 6 } },
            quotas = new[] { new { unitId = ids["凤凰街道"], position = Position, places = 3 }, new { unitId = ids["段店镇"], position = Position, places = 3 } },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var id = (await r.ReadJsonAsync()).Value<long>("id");
        await app.PutDemoStaffOnAsync(id); // staff see only the classes they are on
        return id;
    }

    /// <summary>The class with both receipts in, a person named twice (华容区 typed 鄂城区's first trainee's number).</summary>
    private async Task<long> NamedTwiceAsync()
    {
        var cohort = await ClassAsync();
        Assert.Equal(HttpStatusCode.OK, (await Typed("contact-echeng", cohort, null,
            Echeng.Select((p, i) => Row("凤凰街道", $"鄂城学员{i}", p)).ToArray())).StatusCode);
        var typed = await Typed("contact-huarong", cohort, null,
            Row("段店镇", "华容学员0", Huarong[0]), Row("段店镇", "华容学员1", Huarong[1]), Row("段店镇", "重名者", Echeng[0]));
        Assert.True(typed.StatusCode == HttpStatusCode.OK, await typed.Content.ReadAsStringAsync());
        return cohort;
    }

    /// <summary>The class locked: 鄂城区 and 华容区 (华容区 resubmitted without the person named twice).</summary>
    private async Task<long> LockedAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (Locked.TryGetValue(app, out var done)) return done;
            var cohort = await NamedTwiceAsync();
            Assert.Equal(HttpStatusCode.OK, (await Typed("contact-huarong", cohort, null,
                Huarong.Select((p, i) => Row("段店镇", $"华容学员{i}", p)).ToArray())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{cohort}/lock", null)).StatusCode);
            return Locked[app] = cohort;
        }
        finally { Once.Release(); }
    }

    /// <summary>Every mobile number in a body: JSON or HTML text, or every XML part of an .xlsx (every cell of every sheet).</summary>
    private static HashSet<string> Numbers(byte[] body, bool xlsx)
    {
        var texts = new List<string>();
        if (xlsx)
        {
            using var zip = new ZipArchive(new MemoryStream(body));
            foreach (var e in zip.Entries.Where(e => e.FullName.EndsWith(".xml")))
                using (var r = new StreamReader(e.Open())) texts.Add(r.ReadToEnd());
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("xl/worksheets/"));
        }
        else texts.Add(Encoding.UTF8.GetString(body));
        return texts.SelectMany(t => Mobile.Matches(t).Select(m => m.Value)).ToHashSet();
    }

    private async Task<(HttpStatusCode Status, HashSet<string> Json, HashSet<string> Xlsx)> Seen(string user, string path)
    {
        var c = await app.Api(user);
        var json = await c.GetAsync(path);
        var xlsx = await c.GetAsync(path + ".xlsx");
        Assert.Equal(json.StatusCode, xlsx.StatusCode);
        return (json.StatusCode, Numbers(await json.Content.ReadAsByteArrayAsync(), false),
            json.IsSuccessStatusCode ? Numbers(await xlsx.Content.ReadAsByteArrayAsync(), true) : []);
    }

    public static TheoryData<string, string[]> RosterViewers => new()
    {
        { "organizer", [.. Echeng, .. Huarong] },
        { "admin", [.. Echeng, .. Huarong] },
        { "headteacher", [] },
        { "mentor", [] },
        { "expert", [] },
        { "contact-echeng", Echeng },     // what its own unit submitted, in full
        { "contact-huarong", Huarong },
    };

    [Theory]
    [MemberData(nameof(RosterViewers))]
    public async Task The_roster_and_its_export_show_a_number_in_full_only_to_who_may_see_it(string user, string[] full)
    {
        var cohort = await LockedAsync();
        var (status, json, xlsx) = await Seen(user, $"/api/v1/cohorts/{cohort}/roster");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(full.Order(), json.Order());   // phone and username (= the mobile number) alike
        Assert.Equal(full.Order(), xlsx.Order());
        var page = await (await app.Browser(user)).GetByteArrayAsync($"/Enrollment/Roster/{cohort}");
        Assert.Equal(full.Order(), Numbers(page, false).Order());
    }

    [Fact]
    public async Task Masked_rows_say_so_and_user_names_that_are_numbers_are_masked_too()
    {
        var cohort = await LockedAsync();
        var trainees = (await (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync())["trainees"]!.AsArray();
        Assert.Equal(6, trainees.Count);
        Assert.All(trainees, t =>
        {
            Assert.True(t.Value<bool>("phoneMasked"));
            Assert.Matches(@"^1\d\d\*{4}\d{4}$", t.Value<string>("phone"));
            Assert.Matches(@"^1\d\d\*{4}\d{4}$", t.Value<string>("username"));
        });
        var own = (await (await (await app.Api("contact-echeng")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync())["trainees"]!.AsArray();
        Assert.All(own, t => Assert.False(t.Value<bool>("phoneMasked")));
    }

    [Fact]
    public async Task A_trainee_sees_only_their_own_number()
    {
        // The seed-000 class: t001 is enrolled; its phone is the first invented one.
        var (status, json, xlsx) = await Seen("t001", "/api/v1/cohorts/1/roster");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([DemoSeeder.InventedPhone(0)], json);
        Assert.Equal([DemoSeeder.InventedPhone(0)], xlsx);
        Assert.Equal(HttpStatusCode.NotFound, (await Seen("t001", $"/api/v1/cohorts/{await LockedAsync()}/roster")).Status);
        // The seed-000 roster as a head teacher: 90 trainees, no number in full.
        Assert.Empty((await Seen("headteacher", "/api/v1/cohorts/1/roster")).Json);
        Assert.Equal(90, (await Seen("organizer", "/api/v1/cohorts/1/roster")).Json.Count);
    }

    public static TheoryData<string, bool> ReconciliationViewers => new()
    {
        { "organizer", true },
        { "headteacher", false },
        { "mentor", false },
        { "expert", false },
        { "contact-echeng", false },  // its named-twice list holds only people of its own district: none here
        { "contact-huarong", false },
    };

    [Theory]
    [MemberData(nameof(ReconciliationViewers))]
    public async Task The_named_twice_list_and_its_export_are_masked_for_all_but_organizers(string user, bool full)
    {
        var cohort = await NamedTwiceAsync();
        string[] expected = full ? [Echeng[0]] : [];
        var (status, json, xlsx) = await Seen(user, $"/api/v1/cohorts/{cohort}/reconciliation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, json);
        Assert.Equal(expected, xlsx);
        var page = await (await app.Browser(user)).GetByteArrayAsync($"/Enrollment/Reconciliation/{cohort}");
        Assert.Equal(expected, Numbers(page, false));
        if (user is "organizer" or "headteacher")
        {
            var twice = (await (await (await app.Api(user)).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync())["namedTwice"]!.AsArray();
            var people = Assert.Single(twice)!.AsArray();
            Assert.Equal(["鄂城学员0", "重名者"], people.Select(p => p.Value<string>("name")).Order(StringComparer.Ordinal));
            Assert.All(people, p => Assert.Equal(full ? Echeng[0] : "136****1000", p.Value<string>("phone")));
        }
    }

    [Fact]
    public async Task A_contact_typing_a_number_another_district_named_is_told_only_that_another_unit_named_them()
    {
        var cohort = await ClassAsync();
        Assert.Equal(HttpStatusCode.OK, (await Typed("contact-echeng", cohort, null, Row("凤凰街道", "鄂城学员0", Echeng[0]))).StatusCode);

        var typed = await Typed("contact-huarong", cohort, null, Row("段店镇", "华容学员0", Huarong[0]), Row("段店镇", "另一个名字", Echeng[0]));
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        var body = await typed.Content.ReadAsStringAsync();
        var w = Assert.Single((await typed.ReadJsonAsync())["warnings"]!.AsArray());
        Assert.Equal(2, w.Value<int>("row"));
        Assert.Equal("另一单位已在回执中报了此人（联系方式相同）。", w.Value<string>("message"));
        foreach (var secret in new[] { "鄂城学员0", "凤凰街道", "鄂城区" })
            Assert.DoesNotContain(secret, body);

        // The same on the receipts page, typed in a browser.
        var browser = await app.Browser("contact-huarong");
        var page = await TestApp.PostFormAsync(browser, $"/Enrollment/Receipts/{cohort}", new()
        {
            ["Rows[0].Unit"] = "段店镇", ["Rows[0].Name"] = "华容学员0", ["Rows[0].Position"] = Position, ["Rows[0].Phone"] = Huarong[0],
            ["Rows[1].Unit"] = "段店镇", ["Rows[1].Name"] = "另一个名字", ["Rows[1].Position"] = Position, ["Rows[1].Phone"] = Echeng[0],
        }, handler: "Form");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("另一单位已在回执中报了此人", html);
        Assert.DoesNotContain("鄂城学员0", html);
        Assert.DoesNotContain("凤凰街道", html);

        // The organizer, entering 华容区's receipt, is told whom and by which unit.
        var ids = await UnitIds();
        var organizer = await Typed("organizer", cohort, ids["华容区"], Row("段店镇", "华容学员0", Huarong[0]), Row("段店镇", "另一个名字", Echeng[0]));
        Assert.Equal(HttpStatusCode.OK, organizer.StatusCode);
        var ow = Assert.Single((await organizer.ReadJsonAsync())["warnings"]!.AsArray());
        Assert.Equal("凤凰街道的回执中也有此人（鄂城学员0，联系方式相同）。", ow.Value<string>("message"));
        // … and the reconciliation shows it both entries.
        var rec = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        Assert.Equal(["凤凰街道:鄂城学员0", "段店镇:另一个名字"],
            Assert.Single(rec["namedTwice"]!.AsArray())!.AsArray().Select(p => $"{p.Value<string>("unit")}:{p.Value<string>("name")}").Order());
    }

    private async Task<long> EnrollmentOf(long cohort, string phone)
    {
        var trainees = (await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync())["trainees"]!.AsArray();
        return trainees.Single(t => t.Value<string>("phone") == phone)!.Value<long>("id");
    }

    private async Task<long> Reveals(string username, long enrollmentId)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.user_id
            WHERE u.username = @username AND a.action = 'phone.reveal' AND a.entity = 'enrollment' AND a.entity_id = @enrollmentId
            """, new { username, enrollmentId });
    }

    [Fact]
    public async Task A_head_teacher_reveals_one_number_at_a_time_audited_and_limited_others_may_not()
    {
        var cohort = await LockedAsync();
        var id = await EnrollmentOf(cohort, Huarong[1]);
        var url = $"/api/v1/cohorts/{cohort}/roster/{id}/phone";

        var r = await (await app.Api("headteacher")).PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.ReadJsonAsync();
        Assert.Equal(Huarong[1], body.Value<string>("phone"));
        Assert.Equal("华容学员1", body.Value<string>("name"));
        Assert.Equal(1, await Reveals("headteacher", id));
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var logged = await c.QueryAsync<string>("SELECT COALESCE(old_value, '') || COALESCE(new_value, '') || COALESCE(reason, '') FROM audit_log WHERE action = 'phone.reveal'");
            Assert.All(logged, l => Assert.DoesNotMatch(Mobile, l)); // the log says a number was shown, not the number
        }

        foreach (var user in new[] { "mentor", "expert", "contact-huarong", "contact-echeng" })
        {
            var denied = await (await app.Api(user)).PostAsync(url, null);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.DoesNotContain(Huarong[1], await denied.Content.ReadAsStringAsync());
            Assert.Equal(0, await Reveals(user, id));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).PostAsync(url, null)).StatusCode); // not their class
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).PostAsync($"/api/v1/cohorts/1/roster/{id}/phone", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).PostAsync($"/api/v1/cohorts/{cohort}/roster/999999/phone", null)).StatusCode);

        // Riding on the page's cookie, the POST needs the antiforgery token.
        var browser = await app.Browser("headteacher");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync(url, null)).StatusCode);

        // The roster page: masked numbers with 显示号码 (a head teacher's), the button posting the page without script.
        var html = await browser.GetStringAsync($"/Enrollment/Roster/{cohort}");
        Assert.Contains($"data-reveal=\"{url}\"", html);
        Assert.Contains("/js/reveal.js", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("data-reveal", await (await app.Browser("mentor")).GetStringAsync($"/Enrollment/Roster/{cohort}"));
        var shown = await TestApp.PostFormAsync(browser, $"/Enrollment/Roster/{cohort}", new() { ["enrollmentId"] = id.ToString() }, handler: "Reveal");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal([Huarong[1]], Numbers(await shown.Content.ReadAsByteArrayAsync(), false));
        Assert.Equal(2, await Reveals("headteacher", id));

        // Three an hour here (Security:PhoneRevealsPerHour): the fourth waits for the hour to pass.
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).PostAsync(url, null)).StatusCode);
        var limited = await (await app.Api("headteacher")).PostAsync(url, null);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Contains("一小时内最多显示 3 个号码", await limited.Content.ReadAsStringAsync());
        Assert.Equal(3, await Reveals("headteacher", id));
        // The organizer sees every number anyway: no limit.
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).PostAsync(url, null)).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).PostAsync(url, null)).StatusCode);
    }

    [Fact]
    public async Task The_console_offers_a_head_teacher_each_missing_trainees_number_not_the_number()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var session = await c.ExecuteScalarAsync<long>("SELECT MIN(id) FROM sessions WHERE cohort_id = 1");
        var html = await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Console/{session}");
        Assert.Matches(@"data-reveal=""/api/v1/cohorts/1/roster/\d+/phone""", html);
        Assert.Contains("/js/reveal.js", html);
        Assert.Empty(Numbers(Encoding.UTF8.GetBytes(html), false));
    }
}

public sealed class PersonalDataTests_Sqlite(SqlitePersonalData app) : PersonalDataTests(app), IClassFixture<SqlitePersonalData>;
public sealed class PersonalDataTests_Postgres(PostgresPersonalData app) : PersonalDataTests(app), IClassFixture<PostgresPersonalData>;
