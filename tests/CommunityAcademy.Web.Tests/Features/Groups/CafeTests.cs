using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Features.Enrollment;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Groups;

/// <summary>世界咖啡 (#16 point 2): the café of a session through the page and the API, swaps, played rounds and absences, the phone, the projector, who may see it.</summary>
public abstract class CafeTests(TestApp app)
{
    private static readonly string[] Trainees = ["t061", "t062", "t063", "t064", "t065", "t066", "t067", "t068", "t069"];

    /// <summary>A class of nine trainees (t061…t069; three of 滨湖社区), an evening session; returns (class, session).</summary>
    private async Task<(long Cohort, long Session)> ClassAsync(bool withStaff = true)
    {
        var cohort = await CreateCohortAsync(app, "世界咖啡测试班", "2031-05-10", "2031-05-11", withStaff: withStaff);
        foreach (var t in Trainees) await EnrollAsync(app, cohort, t);
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("""
            UPDATE enrollments SET unit_id = (SELECT id FROM units WHERE name = '滨湖社区'), gender = '女'
            WHERE cohort_id = @cohort AND user_id IN (SELECT id FROM users WHERE username IN ('t062', 't063', 't065'))
            """, new { cohort });
        var session = await c.ExecuteScalarAsync<long>("""
            INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type)
            VALUES (@cohort, @day, '18:30', '21:00', @starts, @ends, '世界咖啡之夜', 'workshop') RETURNING id
            """, new { cohort, day = new DateOnly(2031, 5, 10), starts = new DateTimeOffset(2031, 5, 10, 10, 30, 0, TimeSpan.Zero),
                ends = new DateTimeOffset(2031, 5, 10, 13, 0, 0, TimeSpan.Zero) });
        return (cohort, session);
    }

    private async Task<long> EnrollmentOfAsync(long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @username",
            new { cohort, username });
    }

    /// <summary>The stored plan, read from cafe_seats: rounds → tables (in order) → people, host first.</summary>
    private async Task<long[][][]> StoredPlanAsync(long session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var seats = (await c.QueryAsync<(long Round, long Sort, long Seat, long Person)>("""
            SELECT s.round_no, g.sort_order, s.seat, s.enrollment_id FROM cafe_seats s JOIN groups g ON g.id = s.group_id
            JOIN cafes f ON f.grouping_id = s.grouping_id WHERE f.session_id = @session ORDER BY s.round_no, g.sort_order, s.seat
            """, new { session })).ToList();
        return seats.GroupBy(s => s.Round).Select(r => r.GroupBy(s => s.Sort).Select(t => t.Select(s => s.Person).ToArray()).ToArray()).ToArray();
    }

    private async Task<List<CafePerson>> PeopleAsync(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<(long Id, long? Unit, string? Gender)>("SELECT id, unit_id, gender FROM enrollments WHERE cohort_id = @cohort", new { cohort }))
            .Select(p => new CafePerson(p.Id, p.Unit, null, p.Gender)).ToList();
    }

    private static long[][][] PlanOf(JsonNode cafe) =>
        cafe["plan"]!.AsArray().Select(r => r!.AsArray().Select(t => t!.AsArray().Select(p => p!.GetValue<long>()).ToArray()).ToArray()).ToArray();

    private static void AssertFigures(CafeFigures expected, JsonNode cafe)
    {
        var f = cafe["figures"]!;
        Assert.Equal(expected.MaxMeetings, f.Value<int>("maxMeetings"));
        Assert.Equal(expected.PairsMeetingMoreThanOnce, f.Value<int>("pairsMeetingMoreThanOnce"));
        Assert.Equal(expected.SameUnitMeetings, f.Value<int>("sameUnitMeetings"));
        Assert.Equal(expected.RepeatedTableVisits, f.Value<int>("repeatedTableVisits"));
        Assert.Equal(expected.TablesBalanced, f.Value<bool>("tablesBalanced"));
    }

    /// <summary>Creates the café through the page (2 tables, 3 rounds of 15 minutes), hosts t061 and t064, and generates it.</summary>
    private async Task<HttpClient> FormAsync(long cohort, long session, bool generate = true)
    {
        var organizer = await app.Browser("organizer");
        var page = $"/Groups/Cafe/{cohort}/{session}";
        Assert.Contains("cafe-none", await PageAsync(organizer, page));
        var r = await PostMultipartAsync(organizer, page, [("Tables", "2"), ("Rounds", "3"), ("Minutes", "15")], handler: "Create");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var html = await PageAsync(organizer, page);
        var tables = Regex.Matches(html, "name=\"TableId\" value=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, tables.Count);
        var h1 = await EnrollmentOfAsync(cohort, "t061");
        var h2 = await EnrollmentOfAsync(cohort, "t064");
        r = await PostMultipartAsync(organizer, page, [("Rounds", "3"), ("Minutes", "15"),
            ("TableId", tables[0]), ("Question", "社区最需要什么服务？"), ("Host", h1.ToString()), ("Place", "一楼"),
            ("TableId", tables[1]), ("Question", "怎样动员居民？"), ("Host", h2.ToString()), ("Place", "")], handler: "SetUp");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        if (generate)
        {
            r = await PostMultipartAsync(organizer, page, [], handler: "Generate");
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        return organizer;
    }

    [Fact]
    public async Task Generating_through_the_page_stores_the_plan_with_its_figures()
    {
        var (cohort, session) = await ClassAsync();
        var organizer = await FormAsync(cohort, session);
        var plan = await StoredPlanAsync(session);
        Assert.Equal(3, plan.Length);
        var h1 = await EnrollmentOfAsync(cohort, "t061");
        Assert.All(plan, round => { Assert.Equal(h1, round[0][0]); Assert.Equal(9, round.Sum(t => t.Length)); });
        var cafe = await (await (await app.Api("mentor")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).ReadJsonAsync();
        Assert.Equal(plan, PlanOf(cafe));
        var measured = CafeRotations.Measure(plan, await PeopleAsync(cohort));
        AssertFigures(measured, cafe);
        var page = WebUtility.HtmlDecode(await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}"));
        Assert.Contains($"任意两人最多同桌 {measured.MaxMeetings} 次", page);
        Assert.Contains($"同桌两次及以上的有 {measured.PairsMeetingMoreThanOnce} 对", page);
        Assert.Contains("id=\"cafe-grid\"", page);
        // table cards, the whole plan, the projector; links from the class and the groups page
        var cards = WebUtility.HtmlDecode(await PageAsync(organizer, $"/Groups/CafePrint/{cohort}/{session}"));
        Assert.Equal(2, Regex.Matches(cards, "class=\"table-card\"").Count);
        Assert.Contains("社区最需要什么服务？", cards);
        Assert.Contains("第3轮", WebUtility.HtmlDecode(await PageAsync(organizer, $"/Groups/CafePrint/{cohort}/{session}?what=plan")));
        Assert.Contains("countdown", await PageAsync(organizer, $"/Groups/CafeProjector/{cohort}/{session}"));
        Assert.Contains($"/Groups/Cafe/{cohort}/{session}", await PageAsync(organizer, $"/Cohorts/Details/{cohort}"));
        Assert.Contains($"/Groups/Cafe/{cohort}/{session}", await PageAsync(organizer, $"/Groups/{cohort}"));
        // the mentor reads, without the forms
        Assert.DoesNotContain("swap-form", await PageAsync(await app.Browser("mentor"), $"/Groups/Cafe/{cohort}/{session}"));
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'cafe.generate' AND entity_id = @g",
            new { g = cafe.Value<long>("groupingId") }));
    }

    [Fact]
    public async Task A_swap_by_hand_updates_the_figures_and_generating_again_asks_first()
    {
        var (cohort, session) = await ClassAsync();
        var organizer = await FormAsync(cohort, session);
        var before = await StoredPlanAsync(session);
        long a = before[1][0][1], b = before[1][1][1];
        var api = await app.Api("organizer");
        var swapped = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/swap", new { round = 2, a, b });
        Assert.Equal(HttpStatusCode.OK, swapped.StatusCode);
        var after = await StoredPlanAsync(session);
        Assert.Contains(b, after[1][0]);
        Assert.Contains(a, after[1][1]);
        Assert.Equal(before[0], after[0]);
        AssertFigures(CafeRotations.Measure(after, await PeopleAsync(cohort)), await swapped.ReadJsonAsync());
        // the page's swap form does the same (back again)
        var r = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [("Round", "2"), ("A", a.ToString()), ("B", b.ToString())], handler: "Swap");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(before, await StoredPlanAsync(session));
        // generating over a swap by hand asks first
        var again = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/generate", new { seed = 7 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Cafe.ConfirmEdited", (await again.ReadJsonAsync()).Value<string>("code"));
        Assert.Contains("id=\"confirm\"", await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}?confirm=reseed"));
        Assert.Equal(before, await StoredPlanAsync(session));
        r = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [("Confirmed", "true"), ("Another", "true")], handler: "Generate");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var cafe = await (await api.GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).ReadJsonAsync();
        Assert.Equal(2, cafe.Value<int>("seed"));
        Assert.False(cafe.Value<bool>("editedByHand"));
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var g = cafe.Value<long>("groupingId");
            Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'cafe.swap' AND entity_id = @g", new { g }));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'cafe.regenerate' AND entity_id = @g", new { g }));
        }

        // deleting asks first, then the café, its tables and rotation are gone
        Assert.Contains("删除本场世界咖啡", WebUtility.HtmlDecode(await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}?confirm=delete")));
        Assert.Equal(3, (await StoredPlanAsync(session)).Length);
        r = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [], handler: "Delete");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Empty(await StoredPlanAsync(session));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).StatusCode);
        Assert.Contains("cafe-none", await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}"));
    }

    [Fact]
    public async Task Played_rounds_are_kept_and_two_absent_people_leave_the_rounds_regenerated()
    {
        var (cohort, session) = await ClassAsync();
        var organizer = await FormAsync(cohort, session);
        var before = await StoredPlanAsync(session);
        var r = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [("Played", "1")], handler: "Played");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        long gone1 = await EnrollmentOfAsync(cohort, "t066"), gone2 = await EnrollmentOfAsync(cohort, "t068");
        var api = await app.Api("organizer");
        var marked = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/people",
            new { people = new[] { new { enrollmentId = gone1, status = "absent" }, new { enrollmentId = gone2, status = "absent" } } });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.True((await marked.ReadJsonAsync()).Value<bool>("planOutdated"));
        Assert.Contains("cafe-outdated", await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}"));
        r = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [], handler: "Regenerate");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = await StoredPlanAsync(session);
        Assert.Equal(before[0], after[0]); // the played round, kept
        Assert.Contains(gone1, after[0].SelectMany(t => t));
        foreach (var round in after.Skip(1))
        {
            var people = round.SelectMany(t => t).ToList();
            Assert.DoesNotContain(gone1, people);
            Assert.DoesNotContain(gone2, people);
            Assert.Equal(7, people.Count);
        }
        var cafe = await (await api.GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).ReadJsonAsync();
        Assert.False(cafe.Value<bool>("planOutdated"));
        AssertFigures(CafeRotations.Measure(after, await PeopleAsync(cohort)), cafe);
        // a played round cannot be swapped
        var swap = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/swap", new { round = 1, a = after[0][0][1], b = after[0][1][1] });
        Assert.Equal("Cafe.SwapPlayed", (await swap.ReadJsonAsync()).Value<string>("code"));
    }

    [Fact]
    public async Task A_trainee_sees_only_their_own_itinerary()
    {
        var (cohort, session) = await ClassAsync();
        await FormAsync(cohort, session);
        var plan = await StoredPlanAsync(session);
        var me = await EnrollmentOfAsync(cohort, "t062");
        var trainee = await app.Browser("t062");
        var page = WebUtility.HtmlDecode(await PageAsync(trainee, $"/Me/Groups/{cohort}"));
        for (var r = 0; r < plan.Length; r++)
        {
            var table = Array.FindIndex(plan[r], t => t.Contains(me)) + 1;
            Assert.Contains($"第{r + 1}轮 · {table}号桌", page);
        }
        Assert.DoesNotContain("您是", page);
        Assert.Contains("您是1号桌的桌长，全程留在本桌", WebUtility.HtmlDecode(await PageAsync(await app.Browser("t061"), $"/Me/Groups/{cohort}")));
        var mine = await (await (await app.Api("t062")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/mine")).ReadArrayAsync();
        Assert.Equal([1, 2, 3], mine.Single()!["rounds"]!.AsArray().Select(x => x.Value<int>("round")));
        // the café itself is the staff's
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t062")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await trainee.GetAsync($"/Groups/Cafe/{cohort}/{session}")).StatusCode);
        // a trainee of another class: 404
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/mine")).StatusCode);
    }

    [Fact]
    public async Task Another_class_staff_get_404()
    {
        var (cohort, session) = await ClassAsync(withStaff: false);
        await FormAsync(cohort, session);
        var head = await app.Browser("headteacher");
        await PageAsync(head, $"/Groups/Cafe/{cohort}/{session}", HttpStatusCode.NotFound);
        await PageAsync(head, $"/Groups/CafePrint/{cohort}/{session}", HttpStatusCode.NotFound);
        await PageAsync(head, $"/Groups/CafeProjector/{cohort}/{session}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/generate", new { })).StatusCode);
        // a session of another class under my class's id: 404
        var (mine, _) = await ClassAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{mine}/cafes/{session}")).StatusCode);
        await PageAsync(head, $"/Groups/Cafe/{mine}/{session}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_gets_clear_errors()
    {
        var (cohort, session) = await ClassAsync();
        var api = await app.Api("organizer");
        var url = $"/api/v1/cohorts/{cohort}/cafes/{session}";
        async Task<string> CodeOf(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            return (await r.ReadJsonAsync()).Value<string>("code");
        }
        Assert.Equal("Cafe.Rounds", await CodeOf(await api.PostAsJsonAsync(url, new { tables = 2, rounds = 0, minutes = 15 })));
        Assert.Equal("Cafe.TooFewPeople", await CodeOf(await api.PostAsJsonAsync(url, new { tables = 5, rounds = 3, minutes = 15 })));
        var organizer = await app.Browser("organizer");
        var page = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [("Tables", "2"), ("Rounds", "0"), ("Minutes", "15")], handler: "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("轮数应为 1 到 64", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        // generating with no hosts yet
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync(url, new { tables = 2, rounds = 3, minutes = 15 })).StatusCode);
        Assert.Equal("Cafe.Exists", await CodeOf(await api.PostAsJsonAsync(url, new { tables = 2, rounds = 3, minutes = 15 })));
        Assert.Equal("Cafe.HostMissing", await CodeOf(await api.PostAsJsonAsync(url + "/generate", new { })));
        Assert.Equal("Cafe.NoPlan", await CodeOf(await api.PostAsJsonAsync(url + "/swap", new { round = 1, a = 1, b = 2 })));
        await api.DeleteAsync(url);

        await FormAsync(cohort, session);
        var plan = await StoredPlanAsync(session);
        // two people at one table; someone unknown; a round that does not exist; a host
        Assert.Equal("Cafe.SwapSameTable", await CodeOf(await api.PostAsJsonAsync(url + "/swap", new { round = 2, a = plan[1][0][1], b = plan[1][0][2] })));
        Assert.Equal("Cafe.SwapNotInRound", await CodeOf(await api.PostAsJsonAsync(url + "/swap", new { round = 2, a = 987654321L, b = plan[1][0][2] })));
        Assert.Equal("Cafe.SwapRound", await CodeOf(await api.PostAsJsonAsync(url + "/swap", new { round = 9, a = plan[1][0][1], b = plan[1][1][1] })));
        Assert.Equal("Cafe.SwapHost", await CodeOf(await api.PostAsJsonAsync(url + "/swap", new { round = 2, a = plan[1][0][0], b = plan[1][1][1] })));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync(url + "/swap", new { round = 2 })).StatusCode);
        Assert.Equal("Cafe.UnknownPerson", await CodeOf(await api.PostAsJsonAsync(url + "/people", new { people = new[] { new { enrollmentId = 987654321L, status = "absent" } } })));
        Assert.Equal("Cafe.BadStatus", await CodeOf(await api.PostAsJsonAsync(url + "/people", new { people = new[] { new { enrollmentId = plan[0][0][1], status = "asleep" } } })));
        Assert.Equal("Cafe.HostAbsent", await CodeOf(await api.PostAsJsonAsync(url + "/people", new { people = new[] { new { enrollmentId = plan[0][0][0], status = "absent" } } })));
        Assert.Equal("Cafe.PlayedRounds", await CodeOf(await api.PostAsJsonAsync(url + "/played", new { played = 4 })));
        // six of the seven travellers absent: fewer than one traveller per table
        var absent = plan[0].SelectMany(t => t.Skip(1)).Take(6).Select(id => new { enrollmentId = id, status = "absent" }).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync(url + "/people", new { people = absent })).StatusCode);
        Assert.Equal("Cafe.TooFewPeople", await CodeOf(await api.PostAsJsonAsync(url + "/regenerate", new { })));
        var swapPage = await PostMultipartAsync(organizer, $"/Groups/Cafe/{cohort}/{session}", [("Round", "2")], handler: "Swap");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, swapPage.StatusCode);
        Assert.Contains("请选择轮次和两个人", WebUtility.HtmlDecode(await swapPage.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_archived_class_cafe_is_read_only()
    {
        var (cohort, session) = await ClassAsync();
        var organizer = await FormAsync(cohort, session);
        var page = await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var api = await app.Api("organizer");
        Assert.True((await api.PostAsync($"/api/v1/cohorts/{cohort}/archive", null)).IsSuccessStatusCode);
        var before = await StoredPlanAsync(session);
        var r = await organizer.PostAsync($"/Groups/Cafe/{cohort}/{session}?handler=Generate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Another"] = "true", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/generate", new { seed = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/cafes/{session}/swap",
            new { round = 2, a = before[1][0][1], b = before[1][1][1] })).StatusCode);
        Assert.Equal(before, await StoredPlanAsync(session));
        Assert.DoesNotContain("swap-form", await PageAsync(organizer, $"/Groups/Cafe/{cohort}/{session}"));
    }

    [Fact]
    public async Task The_projector_counts_down_from_the_server_start()
    {
        var (cohort, session) = await ClassAsync();
        var organizer = await FormAsync(cohort, session);
        var url = $"/Groups/CafeProjector/{cohort}/{session}";
        static int Left(string html) => int.Parse(Regex.Match(html, "data-left=\"(\\d+)\"").Groups[1].Value);
        Assert.Equal(15 * 60, Left(await PageAsync(organizer, url)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultipartAsync(organizer, url, [], handler: "Start")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        var html = await PageAsync(organizer, url);
        Assert.Equal(11 * 60, Left(html)); // a reload: still four minutes gone
        Assert.Contains("data-running=\"true\"", html);
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultipartAsync(organizer, url, [], handler: "Pause")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(11 * 60, Left(await PageAsync(organizer, url)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostMultipartAsync(organizer, url, [], handler: "Next")).StatusCode);
        html = WebUtility.HtmlDecode(await PageAsync(organizer, url));
        Assert.Contains("第 2 轮 / 共 3 轮", html);
        Assert.Equal(15 * 60, Left(html));
        var cafe = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).ReadJsonAsync();
        Assert.Equal(1, cafe.Value<int>("playedRounds"));
        // the trainee's phone highlights the round running now
        Assert.Contains("aria-current=\"step\"", await PageAsync(await app.Browser("t062"), $"/Me/Groups/{cohort}"));
    }

    [Fact]
    public async Task A_substitute_takes_the_replaced_persons_seats()
    {
        var k = await SmallClass.CreateAsync(app, "替换世界咖啡 " + U());
        Assert.True((await k.EchengAsync(new("甲一", "13600002001"), new("甲二", "13600002002"))).IsSuccessStatusCode);
        Assert.True((await k.HuarongAsync(new("乙一", "13600002003"), new("乙二", "13600002004"))).IsSuccessStatusCode);
        await k.LockAsync();
        long session;
        await using (var c = await app.Get<Db>().OpenAsync())
            session = await c.ExecuteScalarAsync<long>("""
                INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type)
                VALUES (@id, @day, '18:30', '21:00', @starts, @starts, '世界咖啡', 'workshop') RETURNING id
                """, new { id = k.Id, day = new DateOnly(2031, 6, 1), starts = new DateTimeOffset(2031, 6, 1, 10, 30, 0, TimeSpan.Zero) });
        var api = await app.Api("organizer");
        var url = $"/api/v1/cohorts/{k.Id}/cafes/{session}";
        var cafe = await (await api.PostAsJsonAsync(url, new { tables = 2, rounds = 2, minutes = 10 })).ReadJsonAsync();
        var people = cafe["people"]!.AsArray();
        long Id(string name) => people.Single(p => p.Value<string>("name") == name).Value<long>("enrollmentId");
        var tables = cafe["tables"]!.AsArray().Select(t => t.Value<long>("id")).ToList();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync(url + "/setup", new { tables = new[]
        {
            new { groupId = tables[0], question = "一", hostId = Id("甲二") }, new { groupId = tables[1], question = "二", hostId = Id("乙二") },
        } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync(url + "/generate", new { })).StatusCode);
        var old = Id("甲一");
        var r = await api.PostAsJsonAsync($"/api/v1/cohorts/{k.Id}/roster/{old}/substitute", new { name = "丙", phone = "13600002009", reason = "工作调动" });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var after = await (await api.GetAsync(url)).ReadJsonAsync();
        var substitute = after["people"]!.AsArray().Single(p => p.Value<string>("name") == "丙");
        Assert.Equal("present", substitute.Value<string>("status"));
        var plan = PlanOf(after);
        Assert.All(plan, round => Assert.Contains(substitute.Value<long>("enrollmentId"), round.SelectMany(t => t)));
        Assert.DoesNotContain(old, plan.SelectMany(round => round.SelectMany(t => t)));
        Assert.False(after.Value<bool>("planOutdated"));
    }

    [Fact]
    public async Task Seed_001_world_cafe_is_planned_in_the_demo()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var (cohort, session) = await c.QuerySingleAsync<(long, long)>("""
            SELECT s.cohort_id, s.id FROM sessions s JOIN cohorts k ON k.id = s.cohort_id WHERE s.title = @t AND k.title = @k
            """, new { t = Seed001.WorldCafeTitle, k = Seed001.Title });
        var cafe = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/cohorts/{cohort}/cafes/{session}")).ReadJsonAsync();
        Assert.Equal(Seed001.WorldCafeQuestions, cafe["tables"]!.AsArray().Select(t => t.Value<string>("question")));
        Assert.Equal(5, cafe.Value<int>("rounds"));
        Assert.Equal(1, cafe.Value<int>("seed"));
        var plan = PlanOf(cafe);
        Assert.Equal(5, plan.Length);
        Assert.All(plan, r => { Assert.Equal(5, r.Length); Assert.Equal(29, r.Sum(t => t.Length)); });
        Assert.True(cafe["figures"]!.Value<bool>("noTravellerRepeatsATable"));
    }
}

public sealed class CafeTests_Sqlite(SqliteDemo app) : CafeTests(app), IClassFixture<SqliteDemo>;
public sealed class CafeTests_Postgres(PostgresDemo app) : CafeTests(app), IClassFixture<PostgresDemo>;
