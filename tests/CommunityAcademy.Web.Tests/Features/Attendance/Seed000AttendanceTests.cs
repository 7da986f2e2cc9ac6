using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// Seed 000 (cohort 1, 2023-06-07..09, 90 trainees, 7 sessions) with scripted sign-ins uploaded by the head teacher after
/// the class: everyone 15 minutes early except five trainees; the statistics, discipline records and the bulletin follow.
/// </summary>
public abstract class Seed000AttendanceTests(TestApp app) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static DateTimeOffset Local(string s) => new DateTimeOffset(DateTime.Parse(s), TimeSpan.FromHours(8)).ToUniversalTime();

    private sealed class SessionRow { public long Id { get; init; } public DateTimeOffset StartsAt { get; init; } public DateTimeOffset EndsAt { get; init; } }
    private sealed class TraineeRow { public long Id { get; init; } public string Username { get; init; } = ""; public string Name { get; init; } = ""; }

    private List<SessionRow> _sessions = [];
    private Dictionary<string, TraineeRow> _trainees = [];

    public async Task InitializeAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        _sessions = (await c.QueryAsync<SessionRow>("SELECT id, starts_at, ends_at FROM sessions WHERE cohort_id = 1 ORDER BY starts_at")).ToList();
        _trainees = (await c.QueryAsync<TraineeRow>("""
            SELECT e.id, u.username, e.name FROM enrollments e JOIN users u ON u.id = e.user_id
            WHERE e.cohort_id = 1 AND e.category = 'trainee' AND e.status = 'active'
            """)).ToDictionary(t => t.Username);
        if (await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE client_id LIKE 'seed-%'") > 0) return;
        // The demo comes with these sheets uploaded already; they are taken away and uploaded again through the API,
        // as a head teacher would after the class, and the class is settled again.
        await c.ExecuteAsync("DELETE FROM check_ins WHERE client_id LIKE 'demo-%'");
        await c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE cohort_id = 1");

        app.Clock.Set(Local("2023-06-09T18:00:00"));
        app.ForgetTokens();
        var ht = await app.Api("headteacher");
        var uploads = new List<object>();
        var byName = _trainees.Values.ToDictionary(t => t.Username);
        foreach (var (s, username, signIn, signOut) in Web.Features.Demo.DemoSeeder.Seed000SignIns(
                     _sessions.Select(x => (x.StartsAt, x.EndsAt)).ToList(), _trainees.Keys))
        {
            if (signIn is null) continue;
            var t = byName[username];
            uploads.Add(new { kind = "in", clientId = $"seed-{s}-{t.Id}-in", at = signIn, traineeId = t.Id, reason = "纸质签到表" });
            uploads.Add(new { kind = "out", clientId = $"seed-{s}-{t.Id}-out", at = signOut, traineeId = t.Id, reason = "纸质签到表" });
        }
        // sign-ins first, then sign-outs (a sign-out needs its sign-in)
        foreach (var kind in new[] { "-in", "-out" })
            await Parallel.ForEachAsync(uploads.Where(u => ClientId(u).EndsWith(kind)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (u, _) =>
            {
                var r = await CheckInAsync(ht, SessionOf(u), u);
                Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            });
    }

    private static string ClientId(object upload) => (string)upload.GetType().GetProperty("clientId")!.GetValue(upload)!;
    private long SessionOf(object upload) => _sessions[int.Parse(ClientId(upload).Split('-')[1])].Id;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Statuses_and_tallies_per_trainee()
    {
        var grid = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance")).ReadJsonAsync();
        Assert.Equal(7, grid["sessions"]!.AsArray().Count);
        var rows = grid["trainees"]!.AsArray().ToDictionary(r => r.Value<long>("traineeId"));
        Assert.Equal(90, rows.Count);
        string[] statuses(string u) => rows[_trainees[u].Id]!["statuses"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray();
        Assert.Equal("late", statuses("t001")[1]);
        Assert.Equal("absent", statuses("t002")[2]);
        Assert.Equal("left_without_permission", statuses("t003")[6]);
        Assert.Equal(["late", "late"], statuses("t004")[3..5]);
        Assert.Equal("early_leave", statuses("t005")[4]);
        Assert.Equal(1, rows[_trainees["t004"].Id].Value<int>("effectiveAbsences")); // two lates count as one absence
        Assert.All(statuses("t006"), s => Assert.Equal("present", s));
        var summary = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        Assert.Equal(90, summary.Value<int>("trainees"));
        Assert.Equal(630, summary.Value<int>("counted"));
        Assert.Equal(628, summary.Value<int>("attended"));
        // rolled up the tree: the city holds all 90, the five districts 46 + 14 + 16 + 5 + 9
        var units = summary["units"]!.AsArray();
        Assert.Equal(90, units[0].Value<int>("trainees"));
        Assert.Equal([46, 14, 16, 5, 9], units.Where(u => u.Value<int>("depth") == 1).Select(u => u.Value<int>("trainees")).OrderByDescending(x => x == 46 ? 100 : x == 14 ? 99 : x == 16 ? 98 : x == 5 ? 97 : 96));
    }

    [Fact]
    public async Task Discipline_records_with_the_escalation_of_seed_000()
    {
        var records = await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync();
        Assert.Equal(6, records.Count); // 1 + 1 + 1 + 2 + 1
        var left = Assert.Single(records, r => r.Value<string>("kind") == "left_without_permission");
        Assert.Equal(_trainees["t003"].Name, left.Value<string>("name"));
        Assert.Equal("通报所在单位上级纪检、组织部门", left.Value<string>("escalation"));
        Assert.Equal(120, left.Value<int>("minutes"));
        Assert.Equal(5, records.Single(r => r.Value<string>("kind") == "late" && r.Value<long>("traineeId") == _trainees["t001"].Id).Value<int>("minutes"));
        // reading again does not double them
        Assert.Equal(6, (await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync()).Count);
    }

    [Fact]
    public async Task The_bulletin_names_the_violations_in_the_official_layout()
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var text = OfficialDocx.ReadText(await r.Content.ReadAsStreamAsync());
        Assert.Contains("培训纪律情况的通报", text);
        Assert.Contains("参训人员共90人，应到630人次，实到628人次，出勤率99.7%", text);
        Assert.Contains("迟到3人次，早退1人次，缺勤1人次，擅自离开1人次", text);
        foreach (var u in new[] { "t001", "t002", "t003", "t004", "t005" }) Assert.Contains(_trainees[u].Name, text);
        Assert.DoesNotContain(_trainees["t006"].Name + "：", text);
        Assert.Contains("迟到5分钟", text);
        Assert.Contains("未经批准擅自离开", text);
        Assert.Contains("鄂城区", text);
        Assert.Contains("鄂州市民政局", text);

        var xlsx = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx?unitId=99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).GetAsync("/api/v1/cohorts/1/bulletin.docx")).StatusCode);
    }

    [Fact]
    public async Task Seed_000_refuses_leave_quoting_its_rule()
    {
        var r = await (await app.Api("t010")).PostAsJsonAsync("/api/v1/cohorts/1/leave-requests",
            new { from = Local("2023-06-08T08:00:00"), to = Local("2023-06-08T12:00:00"), reason = "家中有事" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("参训人员一律不准请假", await r.Content.ReadAsStringAsync());
    }
}

public sealed class Seed000AttendanceTests_Sqlite(SqliteDemo app) : Seed000AttendanceTests(app), IClassFixture<SqliteDemo>;
public sealed class Seed000AttendanceTests_Postgres(PostgresDemo app) : Seed000AttendanceTests(app), IClassFixture<PostgresDemo>;
