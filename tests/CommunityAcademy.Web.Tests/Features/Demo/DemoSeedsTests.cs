using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Demo;

/// <summary>
/// Seeds 001 (惠南镇, 29 village directors, the evening World Café) and 002 (团城山街道, 11 communities) in the demo (#16
/// point 3): under their own roots, owned by their own organizers, invented units and people marked as sample data.
/// </summary>
public abstract class DemoSeedsTests(TestApp app)
{
    private async Task<long> IdAsync(string title)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @title", new { title });
    }

    private sealed class Trainee
    {
        public string Username { get; init; } = "";
        public string Name { get; init; } = "";
        public string Gender { get; init; } = "";
        public string Position { get; init; } = "";
        public string Path { get; init; } = "";
    }

    /// <summary>Each trainee of the class with the unit path by names ("上海市/浦东新区/惠南镇/桥北村").</summary>
    private async Task<List<Trainee>> TraineesAsync(long cohortId)
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        var paths = units.ToDictionary(u => u.Value<long>("id"), u => u.Value<string>("path"));
        await using var c = await app.Get<Db>().OpenAsync();
        var rows = await c.QueryAsync<(string Username, string Name, string Gender, string Position, long UnitId)>("""
            SELECT u.username, e.name, e.gender, e.position, e.unit_id FROM enrollments e JOIN users u ON u.id = e.user_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active' ORDER BY u.username
            """, new { cohortId });
        return rows.Select(r => new Trainee { Username = r.Username, Name = r.Name, Gender = r.Gender, Position = r.Position, Path = paths[r.UnitId] }).ToList();
    }

    [Fact]
    public async Task Seed_001_has_29_village_directors_one_from_each_village_of_huinan()
    {
        var id = await IdAsync(Seed001.Title);
        var trainees = await TraineesAsync(id);
        Assert.Equal(29, trainees.Count);
        Assert.Equal(29, trainees.Select(t => t.Path).Distinct().Count());
        Assert.All(trainees, t => Assert.StartsWith("上海市/浦东新区/惠南镇/", t.Path));
        Assert.All(trainees, t => Assert.Equal("村委会主任", t.Position));
        foreach (var v in new[] { "桥北村", "六灶湾村", "同治村", "连民村" })
            Assert.Contains("上海市/浦东新区/惠南镇/" + v, trainees.Select(t => t.Path));
        Assert.Equal(["女", "男"], trainees.Select(t => t.Gender).Distinct().Order());
        Assert.Equal(29, trainees.Select(t => t.Name).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 29).Select(i => $"hn{i:00}"), trainees.Select(t => t.Username));

        var cohort = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/cohorts/{id}")).ReadJsonAsync();
        Assert.Equal(29, cohort.Value<int>("traineePlaces"));
    }

    [Fact]
    public async Task Seed_002_has_11_communities_of_three_each_led_by_its_secretary()
    {
        var id = await IdAsync(Seed002.Title);
        var trainees = await TraineesAsync(id);
        Assert.Equal(33, trainees.Count);
        var byCommunity = trainees.GroupBy(t => t.Path).ToList();
        Assert.Equal(11, byCommunity.Count);
        Assert.All(byCommunity, g => Assert.Equal(3, g.Count()));
        Assert.All(byCommunity, g => Assert.Single(g, t => t.Position == "社区党委书记"));
        Assert.All(trainees, t => Assert.StartsWith("黄石市/下陆区/团城山街道/", t.Path));
        foreach (var name in new[] { "杭州西路社区", "广州路社区", "石榴园社区", "柯尔山社区" })
            Assert.Contains("黄石市/下陆区/团城山街道/" + name, byCommunity.Select(g => g.Key));
        Assert.Equal(["女", "男"], trainees.Select(t => t.Gender).Distinct().Order());
        Assert.Equal(33, trainees.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public async Task Both_sit_under_their_own_roots_and_the_invented_units_are_marked_as_sample_data()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        var paths = units.Select(u => u.Value<string>("path")).ToList();
        var roots = paths.Where(p => !p.Contains('/')).ToList();
        Assert.Equal(["上海市", "佛山市", "贵阳市", "鄂州市", "黄石市"], roots.Order(StringComparer.Ordinal)); // 佛山市: seed 004 (#19); 贵阳市: seed 003 (#20)
        string kind(string path) => units.Single(u => u.Value<string>("path") == path).Value<string>("kind");
        Assert.Equal(["city", "district", "town", "village"], new[] { "上海市", "上海市/浦东新区", "上海市/浦东新区/惠南镇", "上海市/浦东新区/惠南镇/连民村" }.Select(kind));
        Assert.Equal(["city", "district", "street", "community"], new[] { "黄石市", "黄石市/下陆区", "黄石市/下陆区/团城山街道", "黄石市/下陆区/团城山街道/石榴园社区" }.Select(kind));

        var villages = paths.Where(p => p.StartsWith("上海市/浦东新区/惠南镇/")).Select(p => p["上海市/浦东新区/惠南镇/".Length..]).ToList();
        Assert.Equal(29, villages.Count);
        Assert.Equal(["六灶湾村", "同治村", "桥北村", "连民村"], villages.Where(v => !v.EndsWith("（示例）")).Order(StringComparer.Ordinal));
        Assert.Equal(25, villages.Count(v => v.EndsWith("村（示例）")));

        var communities = paths.Where(p => p.StartsWith("黄石市/下陆区/团城山街道/")).Select(p => p["黄石市/下陆区/团城山街道/".Length..]).ToList();
        Assert.Equal(11, communities.Count);
        Assert.Equal(["广州路社区", "杭州西路社区", "柯尔山社区", "石榴园社区"], communities.Where(v => !v.EndsWith("（示例）")).Order(StringComparer.Ordinal));
        Assert.Equal(7, communities.Count(v => v.EndsWith("社区（示例）")));
    }

    [Fact]
    public async Task The_invented_trainees_are_the_demos_invented_people_and_their_classes_say_so()
    {
        foreach (var (title, salt) in new[] { (Seed001.Title, 1), (Seed002.Title, 2) })
        {
            var id = await IdAsync(title);
            var trainees = await TraineesAsync(id);
            Assert.Equal(trainees.Select((_, i) => DemoClassKit.InventedPerson(i, salt)), trainees.Select(t => (t.Name, t.Gender)));
            await using var c = await app.Get<Db>().OpenAsync();
            Assert.Contains("示例数据", await c.ExecuteScalarAsync<string>("SELECT trainee_description FROM cohorts WHERE id = @id", new { id }));
        }
    }

    [Fact]
    public async Task Each_office_organizer_sees_its_own_class_only_and_the_ezhou_organizer_neither()
    {
        var huinan = await IdAsync(Seed001.Title);
        var tuanchengshan = await IdAsync(Seed002.Title);
        var ezhou = await IdAsync("鄂州市城乡社区工作者场景塑造实务能力培训第二期");
        async Task<HashSet<long>> list(string username) =>
            (await (await (await app.Api(username)).GetAsync("/api/v1/cohorts")).ReadArrayAsync()).Select(x => x.Value<long>("id")).ToHashSet();

        Assert.Equal([huinan], await list(Seed001.Organizer));
        Assert.Equal([tuanchengshan], await list(Seed002.Organizer));
        var seen = await list("organizer");
        Assert.Contains(ezhou, seen);
        Assert.DoesNotContain(huinan, seen);
        Assert.DoesNotContain(tuanchengshan, seen);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{huinan}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/cohorts/{ezhou}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/cohorts/{tuanchengshan}")).StatusCode);
        // The demo head teacher, mentor and expert are on seed 000's classes, not on these.
        Assert.DoesNotContain(huinan, await list("headteacher"));
        Assert.Equal([huinan], await list("hn01"));
        Assert.Equal([tuanchengshan], await list("tcs33"));
    }

    [Fact]
    public async Task Seed_001s_timetable_has_the_visit_to_lianmin_and_the_evening_world_cafe_with_its_five_questions()
    {
        var id = await IdAsync(Seed001.Title);
        var c = await app.Api(Seed001.Organizer);
        var sessions = (await Timetable.TimetableKit.TimetableAsync(c, id))["sessions"]!.AsArray();
        Assert.Equal(9, sessions.Count);
        Assert.Equal(2, sessions.Select(s => s.Value<string>("date")).Distinct().Count());

        var cafe = sessions.Single(s => s.Value<string>("method") == "world_cafe");
        Assert.Equal(Seed001.WorldCafeTitle, cafe.Value<string>("title"));
        Assert.Equal(("18:30", "21:00"), (cafe.Value<string>("start"), cafe.Value<string>("end")));
        Assert.Equal(sessions[0].Value<string>("date"), cafe.Value<string>("date")); // the first evening
        var note = cafe.Value<string>("material") ?? "";
        Assert.Equal(5, Seed001.WorldCafeQuestions.Length);
        foreach (var (q, i) in Seed001.WorldCafeQuestions.Select((q, i) => (q, i)))
            Assert.Contains($"{i + 1}. {q}", note);
        Assert.Contains("农村治理的痛点难点", note);
        Assert.Contains("当前村民最需要的服务项目", note);
        Assert.Contains("张佳华", cafe!["people"]!.AsArray().Select(p => p.Value<string>("name")));

        Assert.Equal("open_space", sessions.Single(s => s.Value<string>("title") == Seed001.OpenSpaceTitle).Value<string>("method"));
        var visit = sessions.Single(s => s.Value<string>("title") == Seed001.VisitTitle);
        Assert.Equal(("site_visit", "连民村"), (visit.Value<string>("type"), visit.Value<string>("teachingPointName")));

        var page = await (await app.Browser(Seed001.Organizer)).GetStringAsync($"/Timetable/{id}");
        Assert.Contains(Seed001.WorldCafeTitle, page);
        Assert.Contains("当前村民最需要的服务项目有哪些？", page);
    }

    [Fact]
    public async Task Seed_002s_timetable_is_the_study_visit_then_the_salon_day_with_its_roundtable_and_review()
    {
        var id = await IdAsync(Seed002.Title);
        var sessions = (await Timetable.TimetableKit.TimetableAsync(await app.Api(Seed002.Organizer), id))["sessions"]!.AsArray();
        Assert.Equal([Seed002.VisitTitle, Seed002.LectureTitle, Seed002.RoundtableTitle, Seed002.SalonTitle, Seed002.ReviewTitle],
            sessions.Select(s => s.Value<string>("title")));
        Assert.Equal("site_visit", sessions[0].Value<string>("type"));
        Assert.Equal(["roundtable", "salon"], sessions.Select(s => s.Value<string>("method")).Where(m => m is not null));
        // The salon day: 08:30 – 16:30 less an hour's lunch, the seed's seven hours.
        Assert.Equal(TimeSpan.FromHours(7), sessions.Skip(1).Aggregate(TimeSpan.Zero,
            (sum, s) => sum + (s.Value<DateTimeOffset>("endsAt") - s.Value<DateTimeOffset>("startsAt"))));
    }

    [Fact]
    public async Task The_new_classes_pages_render_for_their_organizers_and_trainees()
    {
        foreach (var (title, organizer, trainee, text) in new[]
                 {
                     (Seed001.Title, Seed001.Organizer, "hn01", "浦东新区沁远社区公益服务中心"),
                     (Seed002.Title, Seed002.Organizer, "tcs01", "华中师范大学政治学研究院"),
                 })
        {
            var id = await IdAsync(title);
            var o = await app.Browser(organizer);
            var details = await o.GetStringAsync($"/Cohorts/Details/{id}");
            Assert.Contains(title, details);
            Assert.Contains(text, details);
            foreach (var page in new[] { $"/Timetable/{id}", $"/Enrollment/Roster/{id}", $"/Enrollment/Reconciliation/{id}", $"/Enrollment/Quotas/{id}", "/Units", "/" })
                Assert.Equal(HttpStatusCode.OK, (await o.GetAsync(page)).StatusCode);
            var t = await app.Browser(trainee);
            Assert.Contains(title, await t.GetStringAsync("/Me"));
            Assert.Equal(HttpStatusCode.OK, (await t.GetAsync($"/Me/Timetable/{id}")).StatusCode);
        }
    }
}

public sealed class DemoSeedsTests_Sqlite(SqliteDemo app) : DemoSeedsTests(app), IClassFixture<SqliteDemo>;
public sealed class DemoSeedsTests_Postgres(PostgresDemo app) : DemoSeedsTests(app), IClassFixture<PostgresDemo>;
