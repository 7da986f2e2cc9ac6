using System.Diagnostics;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// (#24) The organizer's dashboard for a year of N classes and their trainees: a city, 10 districts, 10 towns each; four
/// programs; each class 5 settled sessions (attendance stored as settlement writes it: 5 % absent, 4 % late, 2 % early), an
/// instructor per session, a survey whose 30 responses rate every session on three aspects, and the ledger written by the
/// application's own <see cref="LedgerStore"/>. An organizer of the city (classes owned there) opens <c>/Dashboard?year=2025</c>
/// and a district's drill-down through the application on loopback: server p50 (the request, read to the end).
/// </summary>
public static class DashboardBench
{
    private const int Sessions = 5, Responses = 30, Instructors = 40;
    private static readonly string[] Aspects = ["content", "instructor", "usefulness"];

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int classes, int perClass, int requests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var prepare = Stopwatch.StartNew();
        var (district, ids) = await PrepareAsync(db, provider, classes, perClass);
        var ledger = new LedgerStore(db, [new SessionHourSource(TimeProvider.System), new TaskHourSource(), new OnlineHourSource()], TimeProvider.System,
            NullLogger<LedgerStore>.Instance);
        foreach (var id in ids) await ledger.RefreshAsync(id, force: true); // the keeper finds nothing to do when the application starts
        await ReviewBench.AnalyzeAsync(db, provider);
        Console.Error.WriteLine($"dashboard ({provider}): {classes} classes × {perClass} trainees generated in {prepare.Elapsed.TotalSeconds:F0} s");

        // the yardstick: the statistics page's two attendance statements for all the year's classes at once, read to the end
        var inList = "IN " + LedgerStore.InList(ids);
        async Task<int> AggregatesAsync()
        {
            await using var c = await db.OpenAsync();
            var n = 0;
            foreach (var sql in new[] { Web.Features.Attendance.AttendanceReports.TraineesSql(inList, true), Web.Features.Attendance.AttendanceReports.SettledSql(db.IsSqlite, inList, true) })
            {
                await using var r = await c.ExecuteReaderAsync(sql);
                while (await r.ReadAsync()) n++;
            }
            return n;
        }
        for (var i = 0; i < 3; i++) await AggregatesAsync();
        var sqlTimes = new List<double>();
        for (var i = 0; i < Math.Min(requests, 50); i++) { var sw = Stopwatch.StartNew(); await AggregatesAsync(); sqlTimes.Add(sw.Elapsed.TotalMilliseconds); }
        sqlTimes.Sort();

        await using var app = await AppProcess.StartAsync(provider, conn);
        using var c = await app.BrowserAsync("dash-boss", "Boss12345");
        var rows = new List<Row>();
        var label = $"#24 dashboard, a year of {classes} classes, {classes * perClass:N0} trainees";
        foreach (var (what, url, goal) in new[] { ("dashboard page", "/Dashboard?year=2025", 100.0), ("a district's drill-down", $"/Dashboard?year=2025&unit={district}", 100.0) })
        {
            for (var i = 0; i < 10; i++) await GetAsync(c, url, classes); // warm-up
            var times = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var sw = Stopwatch.StartNew();
                await GetAsync(c, url, classes);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var p50 = Stats.Percentile(times, 50);
            rows.Add(new(label, provider, $"{what} p50", $"{p50:F1} ms", $"≤ {goal:0} ms", p50 <= goal, $"dashboard {what} p50 ms ({provider}, {classes}): {p50:F1}"));
            rows.Add(new(label, provider, $"{what} p99", $"{Stats.Percentile(times, 99):F1} ms", "", null, $"dashboard {what} p99 ms ({provider}, {classes}): {Stats.Percentile(times, 99):F1}"));
        }
        var agg = Stats.Percentile(sqlTimes, 50);
        rows.Add(new(label, provider, "attendance aggregates alone (in the bench's process) p50", $"{agg:F1} ms", "", null, $"dashboard attendance aggregates p50 ms ({provider}, {classes}): {agg:F1}"));
        return rows;
    }

    private static async Task GetAsync(HttpClient c, string url, int classes)
    {
        using var r = await c.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode || !body.Contains("id=\"areas-table\"") || (!url.Contains("unit=") && !body.Contains($"<strong id=\"fig-classes\">{classes}</strong>")))
            throw new InvalidOperationException($"dashboard incomplete: {(int)r.StatusCode} {url}");
    }

    private static async Task<(long District, List<long> Classes)> PrepareAsync(Db db, string provider, int classes, int perClass)
    {
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        object Instant(DateTimeOffset t) => provider == "sqlite" ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffzzz") : t.ToUniversalTime();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("仪表盘市", UnitKind.City, null));
            var towns = new List<long>();
            long firstDistrict = 0;
            for (var d = 0; d < 10; d++)
            {
                var district = await UnitStore.InsertAsync(c, tx, new NewUnit($"仪表盘第{d + 1}区", UnitKind.District, city));
                if (d == 0) firstDistrict = district;
                for (var t = 0; t < 10; t++) towns.Add(await UnitStore.InsertAsync(c, tx, new NewUnit($"仪表盘第{d + 1}区第{t + 1}镇", UnitKind.Town, district)));
            }
            var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
            var boss = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at, unit_id) VALUES ('dash-boss', '主办方', @hash, 's', @now, @city) RETURNING id",
                new { hash, now, city }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@boss, 'organizer')", new { boss }, tx);
            var people = classes * perClass;
            await db.BulkInsertAsync(c, tx, "users", ["username", "display_name", "password_hash", "security_stamp", "created_at", "unit_id"],
                Enumerable.Range(0, people).Select(i => new object?[] { $"dash-{i}", $"学员{i}", "-", "s", Instant(now), towns[i % towns.Count] }));
            var firstUser = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = 'dash-0'", transaction: tx);
            await db.BulkInsertAsync(c, tx, "instructors", ["name", "created_at"], Enumerable.Range(0, Instructors).Select(i => new object?[] { $"授课教师{i + 1}", Instant(now) }));
            var instructors = (await c.QueryAsync<long>("SELECT id FROM instructors WHERE name LIKE '授课教师%' ORDER BY id", transaction: tx)).ToList();

            var ids = new List<long>();
            var random = new Random(classes);
            for (var k = 0; k < classes; k++)
            {
                var first = new DateOnly(2025, 1, 6).AddDays(k * 350 / classes);
                var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort($"仪表盘项目{(char)('A' + k % 4)}", null, $"仪表盘第{k + 1}期", k / 4 + 1, null, first, first.AddDays(1),
                    null, null, "Asia/Shanghai", null, null, null, null, null, false, [], false, 10, true, false, null, false, [], [], [], [], []));
                ids.Add(cohort);
                await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @city, roster_locked_at = @now WHERE id = @cohort", new { city, cohort, now }, tx);
                var sessions = new List<long>();
                for (var j = 0; j < Sessions; j++)
                {
                    var day = first.AddDays(j / 3);
                    var start = new DateTimeOffset(day.Year, day.Month, day.Day, 9 + 2 * (j % 3), 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
                    var end = start.AddMinutes(90);
                    var sid = await c.ExecuteScalarAsync<long>("""
                        INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required, attendance_settled_at)
                        VALUES (@cohort, @day, @s, @e, @start, @end, @title, 'lecture', TRUE, @end) RETURNING id
                        """, new { cohort, day, s = start.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"), e = end.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"),
                            start, end, title = $"第{j + 1}课" }, tx);
                    sessions.Add(sid);
                    await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@sid, @i, 0)",
                        new { sid, i = instructors[(k * Sessions + j) % instructors.Count] }, tx);
                }
                await db.BulkInsertAsync(c, tx, "enrollments", ["cohort_id", "category", "name", "unit_id", "user_id", "position", "status", "created_at"],
                    Enumerable.Range(k * perClass, perClass).Select(i => new object?[] { cohort, "trainee", $"学员{i}", towns[i % towns.Count], firstUser + i, "社区工作者", "active", Instant(now) }));
                var enrolled = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort ORDER BY id", new { cohort }, tx)).ToList();
                IEnumerable<object?[]> Attendance()
                {
                    foreach (var s in sessions)
                        foreach (var e in enrolled)
                        {
                            var roll = random.Next(100);
                            var (status, late, early) = roll < 5 ? ("absent", 0, 0) : roll < 9 ? ("late", random.Next(1, 20), 0) : roll < 11 ? ("early_leave", 0, random.Next(5, 30)) : ("present", 0, 0);
                            yield return [s, e, cohort, status, late, early];
                        }
                }
                await db.BulkInsertAsync(c, tx, "attendance", ["session_id", "enrollment_id", "cohort_id", "status", "late_minutes", "early_leave_minutes"], Attendance());
                var survey = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO surveys (cohort_id, title, audiences, definition, created_at) VALUES (@cohort, '培训满意度', 'trainees', '{}', @now) RETURNING id
                    """, new { cohort, now }, tx);
                await db.BulkInsertAsync(c, tx, "survey_responses", ["survey_id", "audience", "submitted_at", "updated_at"],
                    Enumerable.Range(0, Responses).Select(_ => new object?[] { survey, "trainees", Instant(now), Instant(now) }));
                var responses = (await c.QueryAsync<long>("SELECT id FROM survey_responses WHERE survey_id = @survey ORDER BY id", new { survey }, tx)).ToList();
                IEnumerable<object?[]> Answers()
                {
                    foreach (var r in responses)
                        foreach (var s in sessions)
                            foreach (var a in Aspects)
                                yield return [r, survey, true, "sessions", s, a, (long)random.Next(3, 6)];
                }
                await db.BulkInsertAsync(c, tx, "survey_answers", ["response_id", "survey_id", "counted", "question_key", "session_id", "aspect", "value"], Answers());
            }
            return (firstDistrict, ids);
        });
    }
}
