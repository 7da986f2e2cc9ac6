using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// (c) The attendance summary per unit of a class of N trainees × 40 past sessions, and of a class twice that size, in
/// one database: GET /api/v1/cohorts/{id}/attendance/summary of the application in its own process, against the raw SQL
/// aggregate the summary is made of (trainees by unit, settled trainee-sessions by unit and status) run bare by the
/// bench. The scans are generated (95 % sign in, a few late, half sign out, some early); the application settles the
/// sessions itself — the time until the first summary answers is reported as the settle time.
/// </summary>
public static class SummaryBench
{
    private const int Sessions = 40;

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int trainees, int requests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var prepare = Stopwatch.StartNew();
        var small = await PrepareAsync(db, trainees, "一倍");
        var large = await PrepareAsync(db, trainees * 2, "两倍");
        Log($"{provider}: generated {trainees:N0} and {trainees * 2:N0} trainees × {Sessions} sessions in {prepare.Elapsed.TotalSeconds:F0} s");

        var started = Stopwatch.StartNew();
        await using var app = await AppProcess.StartAsync(provider, conn);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(10) };
        var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "boss", password = "Boss12345" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TokenBody>())!.Token;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // the first answers wait for the settlement of all 80 sessions (the background job starts with the application)
        foreach (var cohort in new[] { small, large }) await SummaryAsync(http, cohort);
        var settle = started.Elapsed;
        Log($"{provider}: settled in {settle.TotalSeconds:F0} s");

        var rows = new List<Row>();
        var label = $"c) attendance summary, {Sessions} sessions";
        double? first = null;
        foreach (var (cohort, n) in new[] { (small, trainees), (large, trainees * 2) })
        {
            for (var i = 0; i < 3; i++) { await SummaryAsync(http, cohort); await RawAsync(db, cohort); } // warm-up
            // one after the other, turn by turn: both see the same machine (it is shared, its load changes)
            var (app50, raw50) = await Stats.TimeBothAsync(requests, () => SummaryAsync(http, cohort), () => RawAsync(db, cohort));
            var ratio = app50 / raw50;
            rows.Add(new(label, provider, $"{n:N0} trainees: summary p50", $"{app50:F0} ms", "", null,
                $"attendance summary ms ({provider}, {n} trainees): {app50:F0}"));
            rows.Add(new(label, provider, $"{n:N0} trainees: raw SQL aggregate p50", $"{raw50:F0} ms", "", null,
                $"raw aggregate ms ({provider}, {n} trainees): {raw50:F0}"));
            rows.Add(new(label, provider, $"{n:N0} trainees: summary ÷ raw", $"{ratio:F2}", "≤ 1.5", ratio <= 1.5,
                $"attendance summary ratio ({provider}, {n} trainees): {ratio:F2}"));
            if (first is { } f)
            {
                var growth = app50 / f;
                rows.Add(new(label, provider, "growth when the class doubles", $"{growth:F2}", "≤ 2.2", growth <= 2.2,
                    $"attendance summary growth ({provider}): {growth:F2}"));
            }
            first ??= app50;
        }
        rows.Add(new(label, provider, $"settling {trainees * 3:N0} trainees × {Sessions} sessions", $"{settle.TotalSeconds:F1} s", "", null,
            $"attendance settle s ({provider}): {settle.TotalSeconds:F1}"));
        return rows;
    }

    private static void Log(string s) { if (Environment.GetEnvironmentVariable("CA_BENCH_VERBOSE") == "1") Console.Error.WriteLine(s); }

    private sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);

    private static async Task<int> SummaryAsync(HttpClient http, long cohort)
    {
        using var r = await http.GetAsync($"/api/v1/cohorts/{cohort}/attendance/summary");
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode || !body.Contains("\"units\"")) throw new InvalidOperationException($"summary: {(int)r.StatusCode} {body[..Math.Min(200, body.Length)]}");
        return body.Length;
    }

    /// <summary>The two aggregates the summary is made of, read to the last row.</summary>
    private static async Task<int> RawAsync(Db db, long cohort)
    {
        await using var c = await db.OpenAsync();
        var n = 0;
        foreach (var sql in new[] { AttendanceReports.TraineesByUnitSql, AttendanceReports.SettledByUnitSql(db.IsSqlite) })
        {
            await using var r = await c.ExecuteReaderAsync(sql, new { cohort });
            while (await r.ReadAsync()) n++;
        }
        return n;
    }


    /// <summary>A district of communities, a class of <paramref name="trainees"/> with 40 past sessions and their scans.</summary>
    private static async Task<long> PrepareAsync(Db db, int trainees, string label)
    {
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        object Instant(DateTimeOffset t) => t.ToUniversalTime();
        return await db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = 'boss'", transaction: tx) is null)
            {
                var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
                var boss = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES ('boss', '主办方', @hash, 's', @now) RETURNING id",
                    new { hash, now = DateTimeOffset.UtcNow }, tx);
                await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@boss, 'organizer')", new { boss }, tx);
            }
            // a city, 10 districts, 10 towns each, 10 communities each: 1,000 communities
            var communities = await BenchUnits.CommunitiesAsync(c, tx, $"{label}统计市", 10, 10, 10);
            var first = new DateOnly(2025, 3, 3);
            var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort("统计项目", null, $"{label}统计班", 1, null, first, first.AddDays(9),
                null, null, "Asia/Shanghai", null, null, null, null, null, false, [], false, 10, true, false, null, false, [], [], [], [], []));
            var sessions = new List<(long Id, DateTimeOffset Start, DateTimeOffset End)>();
            for (var i = 0; i < Sessions; i++) // 4 a day for 10 days, 08:30 / 10:30 / 14:30 / 16:30 in Shanghai
            {
                var day = first.AddDays(i / 4);
                var start = new DateTimeOffset(day.Year, day.Month, day.Day, 8 + 2 * (i % 4) + (i % 4 >= 2 ? 2 : 0), 30, 0, TimeSpan.FromHours(8)).ToUniversalTime();
                var end = start.AddMinutes(90);
                sessions.Add((await c.ExecuteScalarAsync<long>("""
                    INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required)
                    VALUES (@cohort, @day, @s, @e, @start, @end, @title, 'lecture', TRUE) RETURNING id
                    """, new { cohort, day, s = start.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"), e = end.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"),
                        start, end, title = $"第{i + 1}课" }, tx), start, end));
            }
            var now = DateTimeOffset.UtcNow;
            await db.BulkInsertAsync(c, tx, "enrollments", ["cohort_id", "category", "name", "unit_id", "position", "status", "created_at"],
                Enumerable.Range(0, trainees).Select(i => new object?[] { cohort, "trainee", $"学员{i}", communities[i % communities.Count], "社区工作者", "active", Instant(now) }));
            var enrolled = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort ORDER BY id", new { cohort }, tx)).ToList();
            var random = new Random(trainees);
            IEnumerable<object?[]> Scans()
            {
                foreach (var (sid, start, end) in sessions)
                    foreach (var e in enrolled)
                    {
                        var roll = random.Next(100);
                        if (roll < 5) continue; // absent
                        var signIn = roll < 9 ? start.AddMinutes(random.Next(1, 20)) : start.AddMinutes(-random.Next(10, 30)); // 4 % late
                        yield return [sid, e, "in", $"{sid}-{e}-in", Instant(signIn), null, Instant(signIn), "qr", $"dev-{e}", null, "", null];
                        if (roll % 2 == 0) continue; // half sign out
                        var signOut = roll < 12 ? end.AddMinutes(-random.Next(5, 60)) : end.AddMinutes(random.Next(0, 10)); // a few leave early
                        yield return [sid, e, "out", $"{sid}-{e}-out", Instant(signOut), null, Instant(signOut), "qr", $"dev-{e}", null, "", null];
                    }
            }
            await db.BulkInsertAsync(c, tx, "check_ins", ["session_id", "enrollment_id", "kind", "client_id", "at", "device_at", "server_at", "method", "device_key", "recorded_by", "flags", "distance_m"],
                Scans());
            return cohort;
        });
    }
}
