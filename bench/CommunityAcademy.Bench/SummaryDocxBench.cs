using System.Diagnostics;
using System.Net;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// 培训总结 (#24 point 3): the .docx of a class of N trainees (a city, 5 districts, 100 communities) with 20 sessions of
/// four types and their scans (settled by the application), and a 20-question survey answered by every trainee — 19
/// charts drawn on the server — fetched as a browser does (GET /Summary/{id}?handler=Docx, the organizer signed in), one
/// after another against the application in its own process. The first request also waits for the settlement and is
/// reported apart.
/// </summary>
public static class SummaryDocxBench
{
    private const int Sessions = 20;
    private static readonly string[] Types = ["lecture", "on_site_teaching", "workshop", "site_visit"];

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int trainees, int requests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var cohort = await PrepareAsync(db, provider, trainees);
        await using var app = await AppProcess.StartAsync(provider, conn);
        var browser = await app.BrowserAsync("boss", "Boss12345");
        var firstWatch = Stopwatch.StartNew();
        var size = await DocxAsync(browser, cohort);
        var first = firstWatch.Elapsed;
        await DocxAsync(browser, cohort); // warm
        var times = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await DocxAsync(browser, cohort);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        times.Sort();
        var (p50, max) = (Stats.Percentile(times, 50), times[^1]);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var label = $"summarydocx: 培训总结 .docx, {trainees} trainees, {Sessions} sessions, a survey of 20 questions × {trainees} answers";
        return
        [
            new(label, provider, "p50", $"{p50:F0} ms", "≤ 3 s", p50 <= 3000,
                $"summary docx ({provider}): {trainees} trainees, p50 {p50:F0} ms, max {max:F0} ms over {requests} requests, first (with settlement) {first.TotalMilliseconds:F0} ms, " +
                $"{size / 1024} KB; load average {load}"),
            new(label, provider, "max", $"{max:F0} ms", "≤ 3 s", max <= 3000),
        ];
    }

    private static async Task<int> DocxAsync(HttpClient browser, long cohort)
    {
        using var r = await browser.GetAsync($"/Summary/{cohort}?handler=Docx");
        var bytes = await r.Content.ReadAsByteArrayAsync();
        if (r.StatusCode != HttpStatusCode.OK || bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
            throw new InvalidOperationException($"summary docx: {(int)r.StatusCode} {bytes.Length} bytes");
        return bytes.Length;
    }

    /// <summary>The organizer "boss", the units, the class with its sessions, trainees and scans, and the answered survey.</summary>
    private static async Task<long> PrepareAsync(Db db, string provider, int trainees)
    {
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        object Instant(DateTimeOffset t) => t.ToUniversalTime();
        var (cohort, boss) = await db.InTransactionAsync(async (c, tx) =>
        {
            var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
            var boss = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES ('boss', '主办方', @hash, 's', @now) RETURNING id",
                new { hash, now = DateTimeOffset.UtcNow }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@boss, 'organizer')", new { boss }, tx);
            var communities = await BenchUnits.CommunitiesAsync(c, tx, "总结市", 5, 5, 4);
            var start = new DateOnly(2025, 5, 12);
            var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort("总结项目", null, "总结压测班", 1, null, start, start.AddDays(4),
                "区委党校", null, "Asia/Shanghai", "总结市民政局", null, null, null, null, false, [], false, 10, true, false, null, false, [], [], [], [], []));
            var sessions = new List<(long Id, DateTimeOffset Start, DateTimeOffset End)>();
            for (var i = 0; i < Sessions; i++) // 4 a day for 5 days
            {
                var day = start.AddDays(i / 4);
                var s = new DateTimeOffset(day.Year, day.Month, day.Day, 8 + 2 * (i % 4) + (i % 4 >= 2 ? 2 : 0), 30, 0, TimeSpan.FromHours(8)).ToUniversalTime();
                var e = s.AddMinutes(90);
                sessions.Add((await c.ExecuteScalarAsync<long>("""
                    INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, sign_in_required)
                    VALUES (@cohort, @day, @s, @e, @start, @end, @title, @type, TRUE) RETURNING id
                    """, new { cohort, day, s = s.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"), e = e.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"),
                        start = s, end = e, title = $"第{i + 1}课", type = Types[i % Types.Length] }, tx), s, e));
            }
            var now = DateTimeOffset.UtcNow;
            await db.BulkInsertAsync(c, tx, "enrollments", ["cohort_id", "category", "name", "unit_id", "position", "status", "created_at"],
                Enumerable.Range(0, trainees).Select(i => new object?[] { cohort, "trainee", $"学员{i}", communities[i % communities.Count], "社区工作者", "active", Instant(now) }));
            var enrolled = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort ORDER BY id", new { cohort }, tx)).ToList();
            var random = new Random(trainees);
            IEnumerable<object?[]> Scans()
            {
                foreach (var (sid, s, e) in sessions)
                    foreach (var en in enrolled)
                    {
                        var roll = random.Next(100);
                        if (roll < 3) continue; // absent
                        var signIn = roll < 8 ? s.AddMinutes(random.Next(1, 20)) : s.AddMinutes(-random.Next(10, 30));
                        yield return [sid, en, "in", $"{sid}-{en}-in", Instant(signIn), null, Instant(signIn), "qr", $"dev-{en}", null, "", null];
                        var signOut = roll < 10 ? e.AddMinutes(-random.Next(5, 60)) : e.AddMinutes(random.Next(0, 10));
                        yield return [sid, en, "out", $"{sid}-{en}-out", Instant(signOut), null, Instant(signOut), "qr", $"dev-{en}", null, "", null];
                    }
            }
            await db.BulkInsertAsync(c, tx, "check_ins", ["session_id", "enrollment_id", "kind", "client_id", "at", "device_at", "server_at", "method", "device_key", "recorded_by", "flags", "distance_m"],
                Scans());
            return (cohort, boss);
        });
        var me = new CurrentUser(boss, "boss", "主办方", new HashSet<string> { Role.Organizer }, null);
        var survey = (await new SurveyStore(db, TimeProvider.System).CreateAsync(me, cohort,
            new NewSurvey("培训效果反馈问卷", [Audience.Trainees], true, SurveyBench.Definition, null, null))).Value;
        await SurveyBench.GenerateAsync(db, provider, survey, trainees);
        return cohort;
    }
}
