using System.Data.Common;
using CommunityAcademy.Web.Features.Groups;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 001's World Café, ready to run (#16 point 2): the evening session's 5 tables with the 5 questions
/// (<see cref="Seed001.WorldCafeQuestions"/>), 5 hosts among the 29 village directors (hn01, hn07, hn13, hn19, hn25),
/// 5 rounds of 20 minutes, the rotation generated with seed 1 — all through <see cref="CafeStore"/>.
/// </summary>
public static class Seed001Cafe
{
    public const int Tables = 5, Rounds = 5, Minutes = 20, Seed = 1;
    public static readonly string[] Hosts = ["hn01", "hn07", "hn13", "hn19", "hn25"];

    public static async Task SeedAsync(DbConnection c, DbTransaction tx, long cohortId, long sessionId, long? organizerId, DateTimeOffset now)
    {
        var created = await CafeStore.CreateAsync(c, tx, organizerId, now, cohortId, sessionId, Tables, Rounds, Minutes, null);
        if (!created.IsOk) throw new InvalidOperationException($"seed 001's café: {created.Error}");
        var tables = (await c.QueryAsync<long>("SELECT id FROM groups WHERE grouping_id = @g ORDER BY sort_order", new { g = created.Value }, tx)).ToList();
        var hosts = new List<long>();
        foreach (var h in Hosts)
            hosts.Add(await c.ExecuteScalarAsync<long>("""
                SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohortId AND u.username = @h
                """, new { cohortId, h }, tx));
        var set = await CafeStore.SetUpAsync(c, tx, organizerId, now, cohortId, sessionId, Rounds, Minutes,
            tables.Select((t, i) => new CafeTableInput(t, Seed001.WorldCafeQuestions[i], hosts[i], null)).ToList());
        if (!set.IsOk) throw new InvalidOperationException($"seed 001's café: {set.Error}");
        var generated = await CafeStore.GenerateAsync(c, tx, organizerId, now, cohortId, sessionId, Seed);
        if (!generated.IsOk) throw new InvalidOperationException($"seed 001's café: {generated.Error}");
    }
}
