using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// Settlement: when a session's window closes its statuses are written to <c>attendance</c> and its discipline records
/// to discipline_records by the background job (no one has to open a report); a mark, approved leave or a late upload
/// settles it again; the summary read from the settled rows equals the statuses derived from the scans.
/// </summary>
public abstract class SettlementTests(TestApp app)
{
    private async Task<int> SettleAsync() => await app.Get<AttendanceSettlement>().SettleDueAsync(); // what AttendanceSettler runs

    private async Task<Dictionary<long, string>> SettledAsync(long session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<(long, string)>("SELECT enrollment_id, status FROM attendance WHERE session_id = @session", new { session }))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }

    private async Task<List<string>> RecordsAsync(long session, long enrollment)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<string>("SELECT kind FROM discipline_records WHERE session_id = @session AND enrollment_id = @enrollment ORDER BY kind",
            new { session, enrollment })).ToList();
    }

    private async Task<bool> IsSettledAsync(long session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sessions WHERE id = @session AND attendance_settled_at IS NOT NULL", new { session }) == 1;
    }

    [Fact]
    public async Task Absences_are_recorded_when_the_window_closes_without_anyone_reading_a_report()
    {
        app.Clock.Reset();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(20), false, "t050", "t051", "t052");
        var token = await TokenAsync(app, session);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t050"), session, new { kind = "in", clientId = Cid(), token })).StatusCode);
        var (t050, t051, t052) = (await EnrollmentIdAsync(app, cohort, "t050"), await EnrollmentIdAsync(app, cohort, "t051"), await EnrollmentIdAsync(app, cohort, "t052"));

        await SettleAsync();
        Assert.Empty(await SettledAsync(session)); // still open: nothing written

        app.Clock.Advance(TimeSpan.FromMinutes(81)); // one minute after the end: sign-in has closed, sign-out has not
        Assert.True(await SettleAsync() >= 1);
        var rows = await SettledAsync(session);
        Assert.Equal("present", rows[t050]);
        Assert.Equal("absent", rows[t051]);
        Assert.Equal("absent", rows[t052]);
        Assert.Equal(["absent"], await RecordsAsync(session, t051));
        Assert.Empty(await RecordsAsync(session, t050));
        Assert.False(await IsSettledAsync(session)); // a late sign-out could still change a status

        app.Clock.Advance(TimeSpan.FromMinutes(31)); // sign-out has closed
        await SettleAsync();
        Assert.True(await IsSettledAsync(session));
        Assert.Equal(0, await app.Get<AttendanceSettlement>().SettleDueAsync(cohort)); // nothing left to do
        Assert.Equal(["absent"], await RecordsAsync(session, t052)); // written once
    }

    [Fact]
    public async Task A_late_upload_a_mark_or_approved_leave_settles_the_session_again()
    {
        app.Clock.Reset();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromHours(-3), true, "t053", "t054", "t055");
        var (t053, t054, t055) = (await EnrollmentIdAsync(app, cohort, "t053"), await EnrollmentIdAsync(app, cohort, "t054"), await EnrollmentIdAsync(app, cohort, "t055"));
        await SettleAsync();
        Assert.True(await IsSettledAsync(session));
        Assert.All((await SettledAsync(session)).Values, s => Assert.Equal("absent", s));
        var summary = await SummaryAsync(cohort);
        Assert.Equal((3, 0), (summary.Value<int>("counted"), summary.Value<int>("attended")));

        // the head teacher uploads the paper sheet the next morning: t053 was there
        var ht = await app.Api("headteacher");
        var start = app.Clock.GetUtcNow().AddHours(-3);
        var up = await CheckInAsync(ht, session, new { kind = "in", clientId = Cid(), at = start.AddMinutes(-15), traineeId = t053, reason = "纸质签到表" });
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
        Assert.False(await IsSettledAsync(session));
        summary = await SummaryAsync(cohort);
        Assert.Equal((3, 1), (summary.Value<int>("counted"), summary.Value<int>("attended")));
        Assert.True(await IsSettledAsync(session)); // the report settled it again before reading
        Assert.Equal("present", (await SettledAsync(session))[t053]);
        Assert.Empty(await RecordsAsync(session, t053)); // its absence record is gone

        // t054 was excused by hand
        var mark = await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks", new { traineeIds = new[] { t054 }, status = "excused", reason = "街道临时任务，经班主任同意" });
        Assert.Equal(HttpStatusCode.OK, mark.StatusCode);
        summary = await SummaryAsync(cohort);
        Assert.Equal((2, 1), (summary.Value<int>("counted"), summary.Value<int>("attended")));
        Assert.Empty(await RecordsAsync(session, t054));

        // t055 asked for leave afterwards and it was approved
        var leave = await (await ht.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests",
            new { from = start.AddMinutes(-30), to = start.AddHours(2), reason = "住院", traineeId = t055 })).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await ht.PostAsJsonAsync($"/api/v1/leave-requests/{leave.Value<long>("id")}/decision", new { approve = true })).StatusCode);
        summary = await SummaryAsync(cohort);
        Assert.Equal((1, 1), (summary.Value<int>("counted"), summary.Value<int>("attended")));
        Assert.Equal("excused", (await SettledAsync(session))[t055]);
        Assert.Empty(await RecordsAsync(session, t055));
    }

    [Fact]
    public async Task Settlers_running_at_once_write_each_status_once()
    {
        app.Clock.Reset();
        var names = Enumerable.Range(40, 10).Select(i => $"t{i:000}").ToArray();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromHours(-4), false, names);
        var settlement = app.Get<AttendanceSettlement>();
        // the background job, a report and another report, all at once
        await Task.WhenAll(settlement.SettleDueAsync(), settlement.SettleDueAsync(cohort), settlement.SettleDueAsync(cohort));
        Assert.True(await IsSettledAsync(session));
        Assert.Equal(10, (await SettledAsync(session)).Count);
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(10, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM discipline_records WHERE session_id = @session AND kind = 'absent'", new { session }));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> SummaryAsync(long cohort)
    {
        var r = await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/attendance/summary");
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.ReadJsonAsync();
    }

    [Fact]
    public async Task The_summary_from_settled_rows_equals_the_statuses_derived_from_the_scans()
    {
        app.Clock.Reset();
        var names = Enumerable.Range(56, 14).Select(i => $"t{i:000}").ToArray();
        var (cohort, first) = await ClassWithSessionAsync(app, TimeSpan.FromHours(-30), false, names);
        var sessions = new List<(long Id, DateTimeOffset Start)> { (first, app.Clock.GetUtcNow().AddHours(-30)) };
        for (var k = 1; k < 5; k++)
        {
            var start = app.Clock.GetUtcNow().AddHours(-30 + 5 * k);
            sessions.Add((await AddSessionAsync(app, cohort, start, TimeSpan.FromHours(1)), start));
        }
        await using (var c = await app.Get<Db>().OpenAsync()) // trainees in several units, so the roll-up has work to do
        {
            var units = (await c.QueryAsync<long>("SELECT id FROM units ORDER BY path")).Take(12).ToList();
            var enrolled = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort", new { cohort })).ToList();
            foreach (var e in enrolled)
                await c.ExecuteAsync("UPDATE enrollments SET unit_id = @unit WHERE id = @e", new { unit = units[(int)(e % units.Count)], e });
        }
        var ht = await app.Api("headteacher");
        var random = new Random(20231107);
        foreach (var (id, start) in sessions)
            foreach (var name in names)
            {
                var t = await EnrollmentIdAsync(app, cohort, name);
                var roll = random.Next(10);
                if (roll == 0) continue; // absent
                var @in = start.AddMinutes(random.Next(-25, 20));
                Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(ht, id, new { kind = "in", clientId = Cid(), at = @in, traineeId = t, reason = "纸质签到表" })).StatusCode);
                if (roll < 7)
                    Assert.Equal(HttpStatusCode.Created,
                        (await CheckInAsync(ht, id, new { kind = "out", clientId = Cid(), at = start.AddMinutes(random.Next(10, 80)), traineeId = t, reason = "纸质签到表" })).StatusCode);
            }
        await ht.PostAsJsonAsync($"/api/v1/sessions/{sessions[2].Id}/attendance/marks",
            new { traineeIds = new[] { await EnrollmentIdAsync(app, cohort, names[3]) }, status = "left_without_permission", reason = "中途离开未请假" });

        var cohortRow = (await app.Get<CohortStore>().FindAsync(cohort))!;
        var settledSummary = await app.Get<AttendanceReports>().SummaryAsync(cohortRow);
        var store = app.Get<AttendanceStore>();
        var (_, trainees, settled) = await store.GridAsync(cohort);
        var (_, _, derived) = await store.GridAsync(cohort, derive: true);
        for (var i = 0; i < trainees.Count; i++)
            for (var j = 0; j < sessions.Count; j++)
                Assert.Equal(derived[i, j], settled[i, j] with { Flags = derived[i, j].Flags });

        // the same figures, added up here from the derived statuses
        var all = Enumerable.Range(0, trainees.Count).SelectMany(i => Enumerable.Range(0, sessions.Count).Select(j => derived[i, j]))
            .Select(l => UnitTally.Of(AttendanceStatuses.TryParse(l.Status, out var s) ? s : AttendanceStatus.Pending))
            .Aggregate(UnitTally.Zero, (a, b) => a.Add(b));
        Assert.Equal((trainees.Count, all.Counted, all.Attended), (settledSummary.Trainees, settledSummary.Counted, settledSummary.Attended));
        Assert.True(all.Lates + all.Absences + all.EarlyLeaves + all.Departures > 5, "the random class has violations to count");
        Assert.Equal(all.Lates, settledSummary.Units[0].Lates);
        Assert.Equal(all.Absences, settledSummary.Units[0].Absences);
        Assert.Equal(all.Departures, settledSummary.Units[0].Departures);
        var discipline = await app.Get<AttendanceReports>().DisciplineAsync(cohortRow);
        Assert.Equal(all.Lates + all.EarlyLeaves + all.Absences + all.Departures, discipline.Count);
    }
}

public sealed class SettlementTests_Sqlite(SqliteDemo app) : SettlementTests(app), IClassFixture<SqliteDemo>;
public sealed class SettlementTests_Postgres(PostgresDemo app) : SettlementTests(app), IClassFixture<PostgresDemo>;
