using System.Diagnostics;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// The 学时 ledger (issue 21 point 5) at <paramref name="rows"/> stored rows: people in 1,000 communities (10 districts × 10
/// towns × 10 communities), 20 rows each over four years and 40 classes, the three categories. Measured in-process on the
/// store the pages and the API call: (1) a person's ledger (<see cref="LedgerStore.PersonAsync"/>, every entry with its class
/// and the sums by year and category), p50 goal ≤ 20 ms; (2) a district's yearly summary (<see cref="LedgerStore.UnitAsync"/>,
/// with the people's and units' names) ÷ the plain SQL aggregate of the same rows (<see cref="LedgerStore.PlainUnitSql"/>, same subtree filter,
/// read to the last row), turn by turn, goal ≤ 1.5.
/// </summary>
public static class LedgerBench
{
    private const int RowsPerPerson = 20, Classes = 40;

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int rows, int requests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var sw = Stopwatch.StartNew();
        var (districts, users) = await PrepareAsync(db, provider, rows / RowsPerPerson);
        var prepared = sw.Elapsed;
        var store = new LedgerStore(db, [], TimeProvider.System, NullLogger<LedgerStore>.Instance);
        var random = new Random(7);
        var label = $"ledger, {rows:N0} rows";
        var result = new List<Row>();

        // (1) a person's ledger
        for (var i = 0; i < 5; i++) await PersonAsync(store, users[random.Next(users.Count)]);
        var times = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var u = users[random.Next(users.Count)];
            var t = Stopwatch.StartNew();
            await PersonAsync(store, u);
            times.Add(t.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var p50 = Stats.Percentile(times, 50);
        result.Add(new(label, provider, "a person's ledger p50", $"{p50:F1} ms", "≤ 20 ms", p50 <= 20, $"ledger person ms ({provider}, {rows} rows): {p50:F1}"));
        result.Add(new(label, provider, "a person's ledger p95", $"{Stats.Percentile(times, 95):F1} ms", "", null));

        // (2) a district's year against the plain aggregate
        var d = districts[0];
        await Stats.WarmAsync(() => UnitAsync(store, d), () => PlainAsync(db, d));
        if (Environment.GetEnvironmentVariable("CA_BENCH_PHASES") == "1")
        {
            // each part 40 times in turns; the least and the median of each (the least is the machine's load taken out)
            var parts = new (string Name, Func<Task<int>> Run)[]
            {
                ("plain aggregate", () => PlainAsync(db, d)),
                ("the summary's aggregate without names", () => PlainAsync(db, d, LedgerStore.UnitSql(null, false))),
                ("the summary's aggregate with names", () => PlainAsync(db, d, LedgerStore.UnitSql(null, true))),
                ("the whole summary", () => UnitAsync(store, d)),
            };
            var phaseTimes = parts.Select(_ => new List<double>()).ToArray();
            for (var i = 0; i < 40; i++)
                for (var k = 0; k < parts.Length; k++)
                {
                    var t = Stopwatch.StartNew();
                    await parts[k].Run();
                    phaseTimes[k].Add(t.Elapsed.TotalMilliseconds);
                }
            for (var k = 0; k < parts.Length; k++)
            {
                phaseTimes[k].Sort();
                Console.Error.WriteLine($"phase: {parts[k].Name}: least {phaseTimes[k][0]:F2} ms, median {Stats.Percentile(phaseTimes[k], 50):F2} ms");
            }
        }
        var (app50, raw50) = await Stats.TimeBothAsync(Math.Max(5, requests / 10), () => UnitAsync(store, d), () => PlainAsync(db, d));
        var ratio = app50 / raw50;
        // the plain aggregate as first written (the subtree by a join on the units, which reads the whole year): shown, not the goal's yardstick
        for (var i = 0; i < 3; i++) await PlainAsync(db, d, LedgerStore.PlainUnitJoinSql);
        var (app50b, join50) = await Stats.TimeBothAsync(Math.Max(5, requests / 10), () => UnitAsync(store, d), () => PlainAsync(db, d, LedgerStore.PlainUnitJoinSql));
        // the yardstick's rows stepped through without reading their values (the figure this bench reported before session 10)
        var (app50c, step50) = await Stats.TimeBothAsync(Math.Max(5, requests / 10), () => UnitAsync(store, d), () => PlainAsync(db, d, typed: false));
        result.Add(new(label, provider, "a district's yearly summary p50", $"{app50:F0} ms", "", null, $"ledger unit ms ({provider}): {app50:F0}"));
        result.Add(new(label, provider, "plain SQL aggregate p50 (its rows read typed)", $"{raw50:F0} ms", "", null, $"ledger unit raw ms ({provider}): {raw50:F0}"));
        result.Add(new(label, provider, "summary ÷ plain aggregate", $"{ratio:F2}", "≤ 1.5", ratio <= 1.5, $"ledger unit ratio ({provider}): {ratio:F2}"));
        result.Add(new(label, provider, "plain aggregate, its rows stepped through unread, p50", $"{step50:F1} ms", "", null, $"ledger unit raw unread ms ({provider}): {step50:F1}"));
        result.Add(new(label, provider, "summary ÷ that", $"{app50c / step50:F2}", "", null, $"ledger unit ratio to unread ({provider}): {app50c / step50:F2}"));
        result.Add(new(label, provider, "plain aggregate as first written (JOIN units … LIKE) p50", $"{join50:F0} ms", "", null, $"ledger unit join-form raw ms ({provider}): {join50:F0}"));
        result.Add(new(label, provider, "summary ÷ that form", $"{app50b / join50:F2}", "", null, $"ledger unit ratio to join form ({provider}): {app50b / join50:F2}"));
        result.Add(new(label, provider, "generating the rows", $"{prepared.TotalSeconds:F0} s", "", null));
        return result;
    }

    private const int Year = 2024;

    private static async Task<int> PersonAsync(LedgerStore store, long user)
    {
        var l = await store.PersonAsync(user, new LedgerStore.Scope(null, null)) ?? throw new InvalidOperationException("no ledger");
        if (l.Entries.Count != RowsPerPerson) throw new InvalidOperationException($"ledger of {user}: {l.Entries.Count} entries");
        return l.Entries.Count;
    }

    private static async Task<int> UnitAsync(LedgerStore store, (long Id, string Path) d)
    {
        var s = await store.UnitAsync(d.Id, Year) ?? throw new InvalidOperationException("no summary");
        if (s.People.Count == 0) throw new InvalidOperationException("summary empty");
        return s.People.Count;
    }

    private static async Task<int> PlainAsync(Db db, (long Id, string Path) d, string sql = LedgerStore.PlainUnitSql, bool typed = true)
    {
        await using var c = await db.OpenAsync();
        await using var r = await c.ExecuteReaderAsync(sql, new
        {
            year = Year, prefix = d.Path + "%", classroom = HourCategories.Classroom, online = HourCategories.Online, practice = HourCategories.Practice,
        });
        if (!typed || sql is not (LedgerStore.PlainUnitSql or LedgerStore.PlainUnitJoinSql))
        {
            var n = 0;
            while (await r.ReadAsync()) n++; // the summary's own statements (phases): the rows only
            return n;
        }
        // the yardstick: what it returns read as any use of it would, typed (person, unit, category, hours), as the other
        // benches' plain statements are read
        var sums = new List<(long User, long Unit, string Category, long Hours)>();
        while (await r.ReadAsync()) sums.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)));
        return sums.Count;
    }

    private static async Task<(List<(long, string)> Districts, List<long> Users)> PrepareAsync(Db db, string provider, int people)
    {
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var (districts, communities, cohorts) = await db.InTransactionAsync(async (c, tx) =>
        {
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("台账市", UnitKind.City, null));
            var ds = new List<(long, string)>();
            var cs = new List<long>();
            for (var d = 0; d < 10; d++)
            {
                var district = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区", UnitKind.District, city));
                ds.Add((district, await c.ExecuteScalarAsync<string>("SELECT path FROM units WHERE id = @district", new { district }, tx) ?? ""));
                for (var t = 0; t < 10; t++)
                {
                    var town = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区第{t + 1}街道", UnitKind.Town, district));
                    for (var k = 0; k < 10; k++)
                        cs.Add(await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区第{t + 1}街道第{k + 1}社区", UnitKind.Community, town)));
                }
            }
            var ks = new List<long>();
            var first = new DateOnly(2022, 3, 1);
            for (var i = 0; i < Classes; i++)
            {
                var start = first.AddDays(i * 36);
                ks.Add(await CohortWriter.InsertAsync(c, tx, new NewCohort("台账项目", null, $"台账班{i + 1}", i + 1, null, start, start.AddDays(2),
                    null, null, "Asia/Shanghai", null, null, null, null, null, false, [], false, 10, true, false, null, false, [], [], [], [], [])));
            }
            await db.BulkInsertAsync(c, tx, "users", ["username", "display_name", "password_hash", "security_stamp", "created_at"],
                Enumerable.Range(0, people).Select(i => new object?[] { $"139{i:00000000}", $"学员{i}", "x", "s", now }));
            return (ds, cs, ks);
        });
        List<long> users;
        await using (var c = await db.OpenAsync())
            users = (await c.QueryAsync<long>("SELECT id FROM users WHERE username LIKE '139%' ORDER BY id")).ToList();
        string[] categories = [HourCategories.Classroom, HourCategories.Online, HourCategories.Practice];
        var start2022 = new DateTimeOffset(2022, 1, 10, 2, 0, 0, TimeSpan.Zero);
        // in chunks: one transaction per 100,000 rows
        foreach (var part in users.Select((u, i) => (u, i)).Chunk(5_000))
            await db.InTransactionAsync(async (c, tx) =>
            {
                await db.BulkInsertAsync(c, tx, "ledger_entries", ["user_id", "cohort_id", "source_kind", "source_id", "category", "hours_x10", "at", "year", "unit_id"],
                    part.SelectMany(x => Enumerable.Range(0, RowsPerPerson).Select(k =>
                    {
                        var at = start2022.AddDays(k * 73 + x.i % 30); // 20 rows over four years, five a year
                        return new object?[] { x.u, cohorts[(x.i + k) % Classes], "session", (long)k, categories[k % 3], 10 + (k * 7 + x.i) % 40, at, at.Year, communities[x.i % communities.Count] };
                    })));
                return 0;
            });
        if (provider == "postgres")
        {
            await using var c = await db.OpenAsync();
            await c.ExecuteAsync("ANALYZE ledger_entries, users, units");
        }
        return (districts, users);
    }
}
