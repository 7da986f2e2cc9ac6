using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>One row of a person's ledger: the class, the source item (a session's or a task's title), category, tenths, when.</summary>
public sealed record LedgerEntryDto(long CohortId, string CohortTitle, string SourceKind, long SourceId, string? Title, string Category, int HoursX10, DateTimeOffset At, int Year);

/// <summary>A person's ledger as the caller may see it: per year by category, and the entries (latest first).</summary>
public sealed record PersonLedgerDto(long UserId, string Name, IReadOnlyList<YearHours> Years, IReadOnlyList<LedgerEntryDto> Entries)
{
    /// <summary>The person's certificates as the ledger's pages list them (<see cref="LedgerStore.CertificatesAsync"/>): every year's.</summary>
    public IReadOnlyList<LedgerCertificateDto> Certificates { get; init; } = [];
}

/// <summary>A certificate issued to the person (#22 point 5, listed by the ledger): the class, serial, date of issue, revoked or in force.</summary>
public sealed record LedgerCertificateDto(long Id, long CohortId, string CohortTitle, string Serial, DateOnly IssueDate, DateTimeOffset? RevokedAt,
    string Kind = "completion", string Title = "")
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>One person's year in a unit summary (tenths by category), under the unit they were enrolled under.</summary>
public sealed record UnitPersonHours(long UserId, string Name, long UnitId, string UnitName, int ClassroomX10, int OnlineX10, int PracticeX10)
{
    public int TotalX10 => ClassroomX10 + OnlineX10 + PracticeX10;
}

/// <summary>A unit's yearly summary: the people of its subtree with their hours, and the totals.</summary>
public sealed record UnitSummaryDto(long UnitId, string UnitName, int Year, IReadOnlyList<UnitPersonHours> People, int ClassroomX10, int OnlineX10, int PracticeX10)
{
    public int TotalX10 => ClassroomX10 + OnlineX10 + PracticeX10;
}

/// <summary>A class's trainees with their hours in the class (tenths by category), and when the rows were written.</summary>
public sealed record ClassLedgerRow(long UserId, string Name, string? UnitName, int ClassroomX10, int OnlineX10, int PracticeX10)
{
    public int TotalX10 => ClassroomX10 + OnlineX10 + PracticeX10;
}

public sealed record ClassLedgerDto(CreditRule Rule, bool Stored, DateTimeOffset? ComputedAt, IReadOnlyList<ClassLedgerRow> Rows);

/// <summary>
/// 学时台账 (#21 point 4): the ledger kept in <c>ledger_entries</c>, one row per person × source item, written per class from
/// the registered <see cref="IHourSource"/>s in one transaction (the class's rows deleted and written again: never half-written;
/// one writer per class at a time, in this process by a turn and across instances by an advisory lock). Rewritten when the
/// rule changes, on demand (the class's page), and by <see cref="LedgerKeeper"/> when the stamps of the class's sources
/// changed (a session settled or reopened, a task accepted, the roster changed). Reads are index reads of the stored rows.
/// </summary>
public sealed partial class LedgerStore(Db db, IEnumerable<IHourSource> sources, TimeProvider clock, ILogger<LedgerStore> log)
{
    private readonly IReadOnlyList<IHourSource> _sources = sources.ToList();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _turns = new();
    private const long LockKey = 0x1ED6_E400_0000_0000;

    public IReadOnlyList<IHourSource> Sources => _sources;

    // ---- the rule

    public static async Task<CreditRule> RuleAsync(DbConnection c, long cohortId, DbTransaction? tx = null) =>
        await StoredRuleAsync(c, cohortId, tx) ?? CreditRule.Default;

    private static async Task<CreditRule?> StoredRuleAsync(DbConnection c, long cohortId, DbTransaction? tx = null)
    {
        var row = await c.QuerySingleOrDefaultAsync<(string Late, string Early)?>("SELECT late_mode, early_leave_mode FROM ledger_rules WHERE cohort_id = @cohortId",
            new { cohortId }, tx);
        if (row is not { } r) return null;
        CreditRule.TryParse(r.Late, out var late);
        CreditRule.TryParse(r.Early, out var early);
        return new CreditRule(late, early);
    }

    /// <summary>Stores the class's rule (organizers and administrators: the page's policy), audited, then rewrites the class's rows.</summary>
    public async Task<Error?> SaveRuleAsync(CurrentUser me, long cohortId, CreditRule rule)
    {
        if (rule.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        var error = await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE id = @cohortId", new { cohortId }, tx) is null) return new Error("Ledger.NoSuchClass");
            var old = await StoredRuleAsync(c, cohortId, tx);
            await c.ExecuteAsync("DELETE FROM ledger_rules WHERE cohort_id = @cohortId", new { cohortId }, tx);
            await c.ExecuteAsync("""
                INSERT INTO ledger_rules (cohort_id, late_mode, early_leave_mode, updated_at, updated_by) VALUES (@cohortId, @late, @early, @now, @by)
                """, new { cohortId, late = CreditRule.Code(rule.Late), early = CreditRule.Code(rule.EarlyLeave), now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "ledger.rule", old is null ? null : Describe(old), Describe(rule));
            return null;
        });
        if (error is null) await RefreshAsync(cohortId, force: true);
        return error;
    }

    private static string Describe(CreditRule r) => $"late {CreditRule.Code(r.Late)}, early leave {CreditRule.Code(r.EarlyLeave)}";

    // ---- writing a class's rows

    /// <summary>"a/b/c": the values of one row, invariant (a source's stamp).</summary>
    public static async Task<string> StampOfAsync(DbConnection c, string sql, object param)
    {
        await using var r = await c.ExecuteReaderAsync(sql, param);
        if (!await r.ReadAsync()) return "";
        var parts = new string[r.FieldCount];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = r.IsDBNull(i) ? "-" : r.GetValue(i) switch
            {
                DateTime d => d.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture),
                DateTimeOffset d => d.UtcTicks.ToString(CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var v => v.ToString() ?? "",
            };
        return string.Join('/', parts);
    }

    /// <summary>The stamp of the class's sources and rule: rows written from another stamp are out of date.</summary>
    public async Task<string> StampAsync(DbConnection c, long cohortId)
    {
        var parts = new List<string>();
        foreach (var s in _sources)
            parts.Add(s is IStampedHourSource st ? s.Kind + ":" + await st.StampAsync(c, cohortId) : s.Kind);
        var rule = await c.ExecuteScalarAsync<string?>("SELECT late_mode || '/' || early_leave_mode FROM ledger_rules WHERE cohort_id = @cohortId", new { cohortId });
        parts.Add("rule:" + rule);
        return string.Join(';', parts);
    }

    /// <summary>
    /// Rewrites the class's rows from its sources when their stamp changed (or always, <paramref name="force"/>): the stamp
    /// read first, then the sources, then the rows replaced in one transaction with that stamp — a change that lands meanwhile
    /// leaves another stamp, and the next pass writes again. Answer: whether rows were written.
    /// </summary>
    public async Task<bool> RefreshAsync(long cohortId, bool force = false, CancellationToken ct = default)
    {
        var turn = _turns.GetOrAdd(cohortId, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct);
        try
        {
            await using var c = await db.OpenAsync(ct);
            var key = LockKey + cohortId;
            if (!await db.Dialect.TryLockAsync(c, key)) return false; // another instance writes it
            try
            {
                var tz = await c.ExecuteScalarAsync<string?>("SELECT time_zone FROM cohorts WHERE id = @cohortId", new { cohortId });
                if (tz is null) return false;
                var stamp = await StampAsync(c, cohortId);
                if (!force && await c.ExecuteScalarAsync<string?>("SELECT stamp FROM ledger_classes WHERE cohort_id = @cohortId", new { cohortId }) == stamp)
                    return false;
                var credits = new List<HourCredit>();
                foreach (var s in _sources) credits.AddRange(await s.CreditsAsync(c, cohortId));
                var units = (await c.QueryAsync<(long UserId, long? UnitId)>("""
                    SELECT user_id, unit_id FROM enrollments WHERE cohort_id = @cohortId AND user_id IS NOT NULL
                    """, new { cohortId })).GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.First().UnitId);
                // one row per person × source item: a source naming an item twice for a person counts it once (the larger)
                var rows = credits.Where(x => x.CohortId == cohortId && x.HoursX10 > 0 && HourCategories.IsKnown(x.Category))
                    .GroupBy(x => (x.UserId, x.SourceKind, x.SourceId)).Select(g => g.MaxBy(x => x.HoursX10)!).ToList();
                var now = Instant.Truncate(clock.GetUtcNow());
                await db.InTransactionAsync(async (w, tx) =>
                {
                    await w.ExecuteAsync("DELETE FROM ledger_entries WHERE cohort_id = @cohortId", new { cohortId }, tx);
                    await db.BulkInsertAsync(w, tx, "ledger_entries", Columns, rows.Select(x => new object?[]
                    {
                        x.UserId, cohortId, x.SourceKind, x.SourceId, x.Category, x.HoursX10, Instant.Truncate(x.At),
                        ClassClock.ToLocal(x.At, tz).Year, units.GetValueOrDefault(x.UserId),
                    }));
                    await w.ExecuteAsync("DELETE FROM ledger_classes WHERE cohort_id = @cohortId", new { cohortId }, tx);
                    await w.ExecuteAsync("INSERT INTO ledger_classes (cohort_id, stamp, rows_written, computed_at) VALUES (@cohortId, @stamp, @n, @now)",
                        new { cohortId, stamp, n = rows.Count, now }, tx);
                    return 0;
                }, ct);
                log.LogInformation("Ledger of class {Cohort}: {Rows} rows written", cohortId, rows.Count);
                return true;
            }
            finally { await db.Dialect.UnlockAsync(c, key); }
        }
        finally { turn.Release(); }
    }

    private static readonly string[] Columns = ["user_id", "cohort_id", "source_kind", "source_id", "category", "hours_x10", "at", "year", "unit_id"];

    /// <summary>Every class whose sources changed since its rows were written (the keeper's pass). Answer: classes rewritten.</summary>
    public async Task<int> RefreshChangedAsync(CancellationToken ct = default)
    {
        List<long> ids;
        await using (var c = await db.OpenAsync(ct))
            ids = (await c.QueryAsync<long>("SELECT id FROM cohorts ORDER BY id")).ToList();
        var n = 0;
        foreach (var id in ids)
        {
            ct.ThrowIfCancellationRequested();
            if (await RefreshAsync(id, false, ct)) n++;
        }
        return n;
    }
}
