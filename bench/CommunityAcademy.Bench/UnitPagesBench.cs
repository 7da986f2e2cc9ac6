using System.Diagnostics;
using System.Text;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// (e) Issue #13 point 7: the quota page and /Units over a tree of 5,000 communities (a city, 5 districts with a 民政局
/// each, 10 streets per district, 100 communities per street) with a class of 60 quota lines shaped like seed 000's
/// (per district its 民政局 and eleven communities). Figures: the HTML size and the server p50 on loopback.
/// </summary>
public static class UnitPagesBench
{
    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int communitiesPerStreet, int requests)
    {
        var (cohort, street, communities) = await PrepareAsync(provider, conn, communitiesPerStreet);
        await using var app = await AppProcess.StartAsync(provider, conn);
        using var c = await app.BrowserAsync("boss", "Boss12345");
        var label = $"{communities:N0} communities";
        var rows = new List<Row>();
        foreach (var (name, url, must) in new[]
                 {
                     ("quota page", $"/Enrollment/Quotas/{cohort}", "第5区民政局"),
                     ("/Units", "/Units", "第5区"),
                     ("/Units, a street opened", $"/Units?parent={street}", $"第{communitiesPerStreet}社区"),
                 })
        {
            for (var i = 0; i < 10; i++) (await c.GetAsync(url)).EnsureSuccessStatusCode(); // warm-up
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < requests; i++)
            {
                var sw = Stopwatch.StartNew();
                var r = await c.GetAsync(url);
                var body = await r.Content.ReadAsStringAsync();
                times.Add(sw.Elapsed.TotalMilliseconds);
                if (!r.IsSuccessStatusCode || !body.Contains(must)) throw new InvalidOperationException($"{url}: incomplete page");
                bytes = Encoding.UTF8.GetByteCount(body);
            }
            times.Sort();
            var p50 = Stats.Percentile(times, 50);
            var kb = bytes / 1024.0;
            rows.Add(new($"e) {name}, {label}", provider, "HTML", $"{kb:F0} KB", "≤ 200 KB", kb <= 200, $"{name} KB ({provider}): {kb:F1}"));
            rows.Add(new($"e) {name}, {label}", provider, "p50", $"{p50:F1} ms", "≤ 50 ms", p50 <= 50, $"{name} p50 ms ({provider}): {p50:F1}"));
        }
        return rows;
    }

    /// <summary>The tree, an organizer and the class; returns the class, one street and how many communities there are.</summary>
    public static async Task<(long Cohort, long Street, int Communities)> PrepareAsync(string provider, string conn, int communitiesPerStreet)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("树市", UnitKind.City, null));
            var lines = new List<NewQuotaLine>();
            long street = 0;
            var communities = 0;
            for (var d = 1; d <= 5; d++)
            {
                var district = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d}区", UnitKind.District, city));
                var bureau = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d}区民政局", UnitKind.Department, district));
                lines.Add(new NewQuotaLine(bureau, "分管副局长", 1));
                for (var s = 1; s <= 10; s++)
                {
                    street = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d}区第{s}街道", UnitKind.Street, district));
                    for (var k = 1; k <= communitiesPerStreet; k++)
                    {
                        var community = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{k}社区", UnitKind.Community, street));
                        communities++;
                        // eleven communities per district carry a line, as in seed 000's attachment 1
                        if (s <= 11 && k == 1 || s == 1 && k == 2) lines.Add(new NewQuotaLine(community, "社区“两委”成员", 2));
                    }
                }
            }
            var user = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES ('boss', '主办方', @hash, 's', @now) RETURNING id",
                new { hash, now = DateTimeOffset.UtcNow }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@user, 'organizer')", new { user }, tx);
            var places = lines.Sum(l => l.Places);
            var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort("树项目", null, "名额班", 1, null, new DateOnly(2031, 1, 1), new DateOnly(2031, 1, 2),
                null, null, "Asia/Shanghai", null, null, null, null, null, false, [], true, 0, true, false, null, false,
                [], [("trainee", "参训人员", places)], [], lines, []));
            return (cohort, street, communities);
        });
    }
}
