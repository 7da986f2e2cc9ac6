using System.Net;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Demo;

/// <summary>Seed 000 as a newcomer finds it: 鄂州 第二期, 5 districts, 90 places, 7 sessions, 101 people.</summary>
public abstract class DemoTests(TestApp app)
{
    [Fact]
    public async Task The_class_has_five_districts_ninety_places_and_seven_sessions()
    {
        var c = await app.Api("admin");
        var list = await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync();
        Assert.Equal(7, list.Count); // with the open third class, the sign-in class of this week, seeds 001, 002, 003 and 004
        var demo = list.Single(x => x.Value<string>("title") == "鄂州市城乡社区工作者场景塑造实务能力培训第二期");

        var cohort = await (await c.GetAsync($"/api/v1/cohorts/{demo.Value<long>("id")}")).ReadJsonAsync();
        var districts = cohort["placesByDistrict"]!.AsArray();
        Assert.Equal(["鄂城区", "华容区", "梁子湖区", "葛店经开区", "临空经济区"], districts.Select(d => d.Value<string>("name")));
        Assert.Equal([46, 14, 16, 5, 9], districts.Select(d => d.Value<int>("places")));
        Assert.Equal(90, cohort.Value<int>("traineePlaces"));
        Assert.Equal(101, cohort.Value<int>("totalParticipants"));
        Assert.Equal("鄂城区民政局", districts[0].Value<string>("submittingUnit"));
        Assert.Equal("临空经济区社会事务局", districts[4].Value<string>("submittingUnit"));
        var sessions = cohort["sessions"]!.AsArray();
        Assert.Equal(7, sessions.Count);
        Assert.Equal("开班仪式", sessions[0].Value<string>("title"));
        Assert.Equal("08:30", sessions[0].Value<string>("start"));
        Assert.Equal("2023-06-09", sessions[6].Value<string>("date"));
        Assert.False(cohort.Value<bool>("rules.leaveAllowed"));
        Assert.Equal(10, cohort.Value<int>("rules.arriveMinutesBefore"));
        Assert.Equal("Asia/Shanghai", cohort.Value<string>("timeZone"));
    }

    [Fact]
    public async Task Every_unit_of_attachment_one_exists_under_its_district()
    {
        var f = CommunityAcademy.Web.Features.Demo.DemoSeeder.LoadFixture();
        var c = await app.Api("admin");
        var units = await (await c.GetAsync("/api/v1/units")).ReadArrayAsync();
        var paths = units.Select(u => u.Value<string>("path")).ToHashSet();
        foreach (var d in f.Districts)
        foreach (var q in d.Quotas)
            Assert.Contains(paths, p => p.StartsWith($"鄂州市/{d.Name}/") && p.EndsWith("/" + q.Unit));
        Assert.Contains("鄂州市/临空经济区/新庙镇/平石村", paths);
        Assert.Contains("鄂州市/葛店经开区/东街社区", paths);
    }

    [Fact]
    public async Task Ninety_trainees_each_with_an_account_fill_the_places_and_session_times_are_stored_in_utc()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(90, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM enrollments WHERE cohort_id = 1 AND category = 'trainee' AND user_id IS NOT NULL"));
        // Seed 000's 90, seed 001's 29 village directors, seed 002's 33 people of 11 communities, seed 003's 50 community workers and seed 004's 12 关爱专员.
        Assert.Equal(90 + 29 + 33 + 50 + 12, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM user_roles WHERE role = 'trainee'"));
        Assert.Equal(90, await c.ExecuteScalarAsync<long>("SELECT SUM(places) FROM quota_lines WHERE cohort_id = 1"));
        // Per unit, the enrolled trainees match the places given.
        var mismatched = await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM quota_lines q
            WHERE q.cohort_id = 1 AND q.places <> (SELECT COUNT(*) FROM enrollments e WHERE e.cohort_id = 1 AND e.unit_id = q.unit_id AND e.position = q.position)
            """);
        Assert.Equal(0, mismatched);
        var first = await c.QueryFirstAsync<DateTimeOffset>("SELECT starts_at FROM sessions WHERE cohort_id = 1 ORDER BY starts_at");
        Assert.Equal(new DateTimeOffset(2023, 6, 7, 0, 30, 0, TimeSpan.Zero), first);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("organizer")]
    [InlineData("headteacher")]
    [InlineData("mentor")]
    [InlineData("expert")]
    [InlineData("contact-echeng")]
    [InlineData("contact-huarong")]
    [InlineData("contact-liangzihu")]
    [InlineData("contact-gedian")]
    [InlineData("contact-linkong")]
    [InlineData("t001")]
    [InlineData("t090")]
    public async Task Every_demo_account_signs_in_with_the_demo_password(string username)
    {
        using var c = app.Anonymous();
        var r = await TestApp.PostFormAsync(c, "/Accounts/Login", new() { ["Username"] = username, ["Password"] = "demo1234" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    [Fact]
    public async Task The_finished_class_comes_with_its_sign_in_sheets_and_its_bulletin()
    {
        var summary = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        Assert.Equal((90, 630, 628), (summary.Value<int>("trainees"), summary.Value<int>("counted"), summary.Value<int>("attended")));
        var records = await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync();
        Assert.Equal(["absent", "early_leave", "late", "late", "late", "left_without_permission"], records.Select(r => r!.Value<string>("kind")).Order());
    }

    [Fact]
    public async Task The_overview_page_shows_the_class_with_its_districts_rules_and_categories()
    {
        var c = await app.Browser("admin");
        var html = await c.GetStringAsync("/Cohorts/Details/1");
        foreach (var text in new[] { "鄂州市城乡社区工作者场景塑造实务能力培训第二期", "共同缔造——共享高品质生活空间", "共益园五楼能力建设培训厅",
                     "湖北伟创社区社会组织培育与发展中心", "鄂城区", "临空经济区社会事务局", "参训人员", "媒体记者", "每次课前 10 分钟到场",
                     "通报所在单位上级纪检、组织部门", "星级场景提升策划与分享", "共 101 人", "共 90 名" })
            Assert.Contains(text, html);
        Assert.Contains("lang=\"zh-CN\"", html);
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        var seeder = app.Get<CommunityAcademy.Web.Features.Demo.DemoSeeder>();
        Assert.False(await seeder.SeedAsync());
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(7, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cohorts")); // seed 000, the open third class, the sign-in class, seeds 001, 002, 003 and 004
    }

    [Fact]
    public async Task A_third_class_has_its_receipts_open_for_a_newcomer_to_try()
    {
        var c = await app.Api("organizer");
        var list = await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync();
        var open = list.Single(x => x.Value<string>("title") == CommunityAcademy.Web.Features.Demo.DemoSeeder.OpenClassTitle);
        var id = open.Value<long>("id");
        var quotas = await (await c.GetAsync($"/api/v1/cohorts/{id}/quotas")).ReadJsonAsync();
        Assert.Equal(90, quotas.Value<int>("total"));
        var deadline = DateOnly.Parse(quotas.Value<string>("receiptDeadline"));
        Assert.True(deadline > DateOnly.FromDateTime(DateTime.UtcNow));
        var rec = await (await c.GetAsync($"/api/v1/cohorts/{id}/reconciliation")).ReadJsonAsync();
        Assert.False(rec.Value<bool>("locked"));
        Assert.Equal(0, rec.Value<int>("received"));
        Assert.Equal(7, (await (await c.GetAsync($"/api/v1/cohorts/{id}")).ReadJsonAsync())["sessions"]!.AsArray().Count);
    }
}

public sealed class DemoTests_Sqlite(SqliteDemo app) : DemoTests(app), IClassFixture<SqliteDemo>;
public sealed class DemoTests_Postgres(PostgresDemo app) : DemoTests(app), IClassFixture<PostgresDemo>;
