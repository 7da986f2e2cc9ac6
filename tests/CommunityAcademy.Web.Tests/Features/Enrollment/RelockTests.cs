using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

public sealed class SqliteRelock() : TestApp("sqlite");
public sealed class PostgresRelock() : TestApp("postgres");

/// <summary>
/// Lock, substitute, reopen and resubmit in every order a person can take them: the lock always succeeds, a substitute
/// stays, the person replaced stays out, no enrollment is ever deleted, and no one is on the roster twice.
/// </summary>
public abstract class RelockTests(TestApp app)
{
    private static readonly SmallClass.Person A = new("甲", "13700000001"), B = new("乙", "13700000002"), C = new("丙", "13700000003");

    /// <summary>
    /// Every order of up to seven steps a person can take from "receipt in, not locked" that substitutes and reopens and
    /// ends with a lock (33 orders): L lock (again while locked only right after a substitution), S substitute (while
    /// locked), R reopen (while locked), U resubmit the receipt (while open); no step twice in a row.
    /// </summary>
    public static TheoryData<string> Orders()
    {
        var all = new TheoryData<string>();
        void walk(string done, bool locked)
        {
            if (done.Length > 0 && done[^1] == 'L' && done.Contains('S') && done.Contains('R')) all.Add(done);
            if (done.Length == 7) return;
            foreach (var next in locked ? "SRL" : "LU")
            {
                if (done.Length > 0 && done[^1] == next) continue;
                if (next == 'L' && locked && done[^1] != 'S') continue;
                walk(done + next, next is 'L' or 'S');
            }
        }
        walk("", false);
        return all;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Every_order_of_lock_substitute_reopen_and_resubmit_locks(string order)
    {
        var k = await SmallClass.CreateAsync(app, "重锁 " + order);
        Assert.True((await k.EchengAsync(A, B)).IsSuccessStatusCode);
        var substituted = new List<string>(); // phones of substitutes
        var replaced = new HashSet<string>();
        var named = new[] { A, B };
        var rows = 0L;
        var resubmits = 0;
        foreach (var step in order)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1)); // a person's steps follow one another
            switch (step)
            {
                case 'L':
                    await k.LockAsync();
                    break;
                case 'R':
                    await k.ReopenAsync();
                    break;
                case 'U':
                    // The contact's new receipt names the people of the first one again, with one change each other time.
                    named = resubmits++ % 2 == 0 ? [A, B] : [A, B, C];
                    Assert.True((await k.EchengAsync(named)).IsSuccessStatusCode);
                    break;
                case 'S':
                    var roster = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{k.Id}/roster")).ReadJsonAsync();
                    var victim = roster["trainees"]!.AsArray().First()!;
                    var phone = $"1360000{substituted.Count:0000}";
                    var r = await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{k.Id}/roster/{victim.Value<long>("id")}/substitute",
                        new { name = "替" + substituted.Count, phone, reason = "工作调动" });
                    Assert.True(r.StatusCode == HttpStatusCode.OK, $"{order}: substitute {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                    substituted.Add(phone);
                    replaced.Add(await PhoneOfAsync(victim.Value<long>("id")));
                    break;
            }
            var now = await CountAsync(k.Id);
            Assert.True(now >= rows, $"{order}: an enrollment was deleted at {step}");
            rows = now;
        }

        var active = await ActivePhonesAsync(k.Id);
        Assert.Equal(active.Count, active.Distinct().Count());
        foreach (var s in substituted.Where(s => !replaced.Contains(s))) Assert.Contains(s, active);
        foreach (var p in replaced) Assert.DoesNotContain(p, active);
        foreach (var p in named.Select(n => n.Phone).Where(p => !replaced.Contains(p))) Assert.Contains(p, active);
    }

    private async Task<long> CountAsync(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM enrollments WHERE cohort_id = @cohort", new { cohort });
    }

    private async Task<string> PhoneOfAsync(long enrollment)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<string>("SELECT phone_key FROM enrollments WHERE id = @enrollment", new { enrollment }) ?? "";
    }

    private async Task<List<string>> ActivePhonesAsync(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<string>("SELECT phone_key FROM enrollments WHERE cohort_id = @cohort AND status = 'active' AND category = 'trainee'",
            new { cohort })).ToList();
    }
}

public sealed class RelockTests_Sqlite(SqliteRelock app) : RelockTests(app), IClassFixture<SqliteRelock>;
public sealed class RelockTests_Postgres(PostgresRelock app) : RelockTests(app), IClassFixture<PostgresRelock>;
