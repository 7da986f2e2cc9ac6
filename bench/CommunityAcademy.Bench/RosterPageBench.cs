using System.Diagnostics;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>(d) The roster page of a 500-trainee class, as an organizer opens it: p50/p99 of the response time on loopback.</summary>
public static class RosterPageBench
{
    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int requests)
    {
        var cohort = await PrepareAsync(provider, conn, 500);
        await using var app = await AppProcess.StartAsync(provider, conn);
        using var c = await app.BrowserAsync("boss", "Boss12345");
        for (var i = 0; i < 20; i++) (await c.GetAsync($"/Enrollment/Roster/{cohort}")).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await c.GetAsync($"/Enrollment/Roster/{cohort}");
            var body = await r.Content.ReadAsStringAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!r.IsSuccessStatusCode || !body.Contains("学员499")) throw new InvalidOperationException("roster page incomplete");
        }
        times.Sort();
        var p50 = Stats.Percentile(times, 50);
        return
        [
            new("d) roster page, 500 trainees", provider, "p50", $"{p50:F1} ms", "≤ 30 ms", p50 <= 30, $"roster page p50 ms ({provider}): {p50:F1}"),
            new("d) roster page, 500 trainees", provider, "p99", $"{Stats.Percentile(times, 99):F1} ms", "", null, $"roster page p99 ms ({provider}): {Stats.Percentile(times, 99):F1}"),
        ];
    }

    public static async Task<long> PrepareAsync(string provider, string conn, int trainees)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("名单市", UnitKind.City, null));
            var district = await UnitStore.InsertAsync(c, tx, new NewUnit("名单区", UnitKind.District, city));
            var units = new List<long>();
            for (var i = 0; i < 25; i++) units.Add(await UnitStore.InsertAsync(c, tx, new NewUnit($"第{i + 1}镇", UnitKind.Town, district)));
            var user = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES ('boss', '主办方', @hash, 's', @now) RETURNING id",
                new { hash, now = DateTimeOffset.UtcNow }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@user, 'organizer')", new { user }, tx);
            var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort("名单项目", null, "五百人班", 1, null, new DateOnly(2031, 1, 1), new DateOnly(2031, 1, 2),
                null, null, "Asia/Shanghai", null, null, null, null, null, false, [], true, 0, true, false, null, false,
                [], [("trainee", "参训人员", trainees)], [], units.Select(u => new NewQuotaLine(u, "分管领导", trainees / units.Count)).ToList(), []));
            await c.ExecuteAsync("UPDATE cohorts SET roster_locked_at = @now WHERE id = @cohort", new { cohort, now = DateTimeOffset.UtcNow }, tx);
            await db.BulkInsertAsync(c, tx, "enrollments", ["cohort_id", "category", "name", "unit_id", "position", "phone", "phone_key", "status", "created_at"],
                Enumerable.Range(0, trainees).Select(i => new object?[] { cohort, "trainee", $"学员{i}", units[i % units.Count], "分管领导", $"139{i:00000000}", $"139{i:00000000}", "active",
                    provider == "sqlite" ? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffzzz") : (object)DateTimeOffset.UtcNow }));
            return cohort;
        });
    }
}
