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
public sealed class LedgerStore(Db db, IEnumerable<IHourSource> sources, TimeProvider clock, ILogger<LedgerStore> log)
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

    // ---- reading

    /// <summary>Before a person's ledger is read: their classes whose sources changed are rewritten (a few stamps), so a
    /// trainee never waits for the keeper's next pass.</summary>
    public async Task RefreshForUserAsync(long userId)
    {
        List<long> classes;
        await using (var c = await db.OpenAsync())
            classes = (await c.QueryAsync<long>("SELECT DISTINCT cohort_id FROM enrollments WHERE user_id = @userId", new { userId })).ToList();
        foreach (var id in classes) await RefreshAsync(id);
    }

    /// <summary>The class's trainees with their hours in the class (rewritten first when out of date).</summary>
    public async Task<ClassLedgerDto> ClassAsync(long cohortId)
    {
        await RefreshAsync(cohortId);
        await using var c = await db.OpenAsync();
        var stored = await StoredRuleAsync(c, cohortId);
        var computed = await c.ExecuteScalarAsync<DateTimeOffset?>("SELECT computed_at FROM ledger_classes WHERE cohort_id = @cohortId", new { cohortId });
        var sums = (await c.QueryAsync<(long UserId, string Category, long Hours)>("""
            SELECT user_id, category, SUM(hours_x10) FROM ledger_entries WHERE cohort_id = @cohortId GROUP BY user_id, category
            """, new { cohortId })).ToLookup(x => x.UserId);
        var rows = (await c.QueryAsync<(long UserId, string Name, string? Unit)>("""
            SELECT e.user_id, e.name, u.name FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active' AND e.user_id IS NOT NULL
            ORDER BY u.sort_key, e.name, e.id
            """, new { cohortId }))
            .Select(t => new ClassLedgerRow(t.UserId, t.Name, t.Unit, Sum(sums[t.UserId], HourCategories.Classroom), Sum(sums[t.UserId], HourCategories.Online),
                Sum(sums[t.UserId], HourCategories.Practice))).ToList();
        return new ClassLedgerDto(stored ?? CreditRule.Default, stored is not null, computed, rows);
    }

    private static int Sum(IEnumerable<(long, string Category, long Hours)> rows, string category) => (int)rows.Where(r => r.Category == category).Sum(r => r.Hours);

    /// <summary>What of a person's ledger the caller may see: everything (the person, administrators, unscoped organizers),
    /// the classes they may see (other staff), the rows under their unit subtree (unit contacts); null: nothing (404).</summary>
    public sealed record Scope(IReadOnlySet<long>? Cohorts, string? UnitPathPrefix);

    public async Task<Scope?> ScopeForPersonAsync(CurrentUser me, long userId, Cohorts.CohortStore cohorts)
    {
        if (me.Id == userId || me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null)) return new Scope(null, null);
        if (me.IsStaff) return new Scope((await cohorts.ListVisibleAsync(me)).Select(x => x.Id).ToHashSet(), null);
        if (me.IsIn(Role.UnitContact) && me.UnitId is { } unit)
        {
            await using var c = await db.OpenAsync();
            var path = await c.ExecuteScalarAsync<string?>("SELECT path FROM units WHERE id = @unit", new { unit });
            return path is null ? null : new Scope(null, path);
        }
        return null;
    }

    /// <summary>A person's ledger within <paramref name="scope"/>; null when the person has no account or nothing visible
    /// (someone else's ledger with no row in scope does not exist for the caller).</summary>
    public async Task<PersonLedgerDto?> PersonAsync(long userId, Scope scope, int? year = null)
    {
        await using var c = await db.OpenAsync();
        var name = await c.ExecuteScalarAsync<string?>("SELECT display_name FROM users WHERE id = @userId", new { userId });
        if (name is null) return null;
        var entries = (await c.QueryAsync<EntryRow>($$"""
            SELECT l.cohort_id, co.title AS cohort_title, l.source_kind, l.source_id,
                   CASE l.source_kind WHEN 'session' THEN (SELECT s.title FROM sessions s WHERE s.id = l.source_id)
                                      WHEN 'online' THEN (SELECT s.title FROM sessions s WHERE s.id = l.source_id)
                                      WHEN 'task' THEN (SELECT r.title FROM reviews r WHERE r.id = l.source_id) END AS title,
                   l.category, l.hours_x10, l.at, l.year, un.path AS unit_path
            FROM ledger_entries l JOIN cohorts co ON co.id = l.cohort_id LEFT JOIN units un ON un.id = l.unit_id
            WHERE l.user_id = @userId {{(year is null ? "" : "AND l.year = @year")}}
            ORDER BY l.at DESC, l.id DESC
            """, new { userId, year })).Where(e => (scope.Cohorts is null || scope.Cohorts.Contains(e.CohortId))
                && (scope.UnitPathPrefix is null || e.UnitPath?.StartsWith(scope.UnitPathPrefix, StringComparison.Ordinal) == true)).ToList();
        var full = scope.Cohorts is null && scope.UnitPathPrefix is null;
        if (!full && entries.Count == 0) return null;
        var list = entries.Select(e => new LedgerEntryDto(e.CohortId, e.CohortTitle, e.SourceKind, e.SourceId, e.Title, e.Category, e.HoursX10, e.At, e.Year)).ToList();
        return new PersonLedgerDto(userId, name, YearHours.Of(list.Select(e => (e.Year, e.Category, (long)e.HoursX10))), list);
    }

    /// <summary>The certificates issued to the person (through their enrollments, so a merge moves them too), in force and
    /// revoked, latest first, within <paramref name="scope"/> as the ledger's rows are (the classes, or the unit subtree the
    /// person was enrolled under).</summary>
    public async Task<IReadOnlyList<LedgerCertificateDto>> CertificatesAsync(long userId, Scope scope)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<CertificateLine>("""
            SELECT x.id, x.cohort_id, x.cohort_title, x.serial, x.issue_date, x.revoked_at, x.kind, x.title, un.path AS unit_path
            FROM certificates x JOIN enrollments e ON e.id = x.enrollment_id LEFT JOIN units un ON un.id = e.unit_id
            WHERE e.user_id = @userId
            ORDER BY x.issued_at DESC, x.id DESC
            """, new { userId }))
            .Where(x => (scope.Cohorts is null || scope.Cohorts.Contains(x.CohortId))
                && (scope.UnitPathPrefix is null || x.UnitPath?.StartsWith(scope.UnitPathPrefix, StringComparison.Ordinal) == true))
            .Select(x => new LedgerCertificateDto(x.Id, x.CohortId, x.CohortTitle, x.Serial, x.IssueDate, x.RevokedAt, x.Kind, x.Title)).ToList();
    }

    private sealed class CertificateLine
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public string CohortTitle { get; init; } = "";
        public string Serial { get; init; } = "";
        public DateOnly IssueDate { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public string Kind { get; init; } = "completion";
        public string Title { get; init; } = "";
        public string? UnitPath { get; init; }
    }

    private sealed class EntryRow
    {
        public long CohortId { get; init; }
        public string CohortTitle { get; init; } = "";
        public string SourceKind { get; init; } = "";
        public long SourceId { get; init; }
        public string? Title { get; init; }
        public string Category { get; init; } = "";
        public int HoursX10 { get; init; }
        public DateTimeOffset At { get; init; }
        public int Year { get; init; }
        public string? UnitPath { get; init; }
    }

    /// <summary>The people of a unit's subtree with their hours of a year (one SQL aggregate over the stored rows; the
    /// caller checks that the unit is theirs to see). Cohorts: only these classes' rows (null: all).</summary>
    /// <remarks>
    /// The aggregate sums per person and unit with the three categories side by side (one row a person and unit, not
    /// three), over the index range (year, unit) of each unit of the subtree. The units' names come from the subtree;
    /// the people's by primary key — on SQLite joined to the aggregate's rows (a look-up each), on PostgreSQL in a second
    /// query with the ids as one array parameter (its planner would hash the whole users table for the join).
    /// </remarks>
    public async Task<UnitSummaryDto?> UnitAsync(long unitId, int year, IReadOnlySet<long>? cohorts = null)
    {
        await using var c = await db.OpenAsync();
        var unit = await c.QuerySingleOrDefaultAsync<(string Name, string Path)?>("SELECT name, path FROM units WHERE id = @unitId", new { unitId });
        if (unit is not { } u) return null;
        var prefix = u.Path + "%";
        var withNames = db.IsSqlite;
        var rows = new List<(long UserId, long UnitId, int Classroom, int Online, int Practice, string? Name)>();
        await using (var r = await c.ExecuteReaderAsync(UnitSql(cohorts, withNames), new
        {
            year, prefix, classroom = HourCategories.Classroom, online = HourCategories.Online, practice = HourCategories.Practice,
        }))
            while (await r.ReadAsync())
                rows.Add((r.GetInt64(0), r.GetInt64(1), (int)r.GetInt64(2), (int)r.GetInt64(3), (int)r.GetInt64(4), withNames ? r.GetString(5) : null));
        var names = new Dictionary<long, string>(withNames ? 0 : rows.Count);
        var unitNames = new Dictionary<long, string>();
        if (rows.Count > 0)
        {
            await using (var r = await c.ExecuteReaderAsync("SELECT id, name FROM units WHERE path LIKE @prefix", new { prefix }))
                while (await r.ReadAsync()) unitNames[r.GetInt64(0)] = r.GetString(1);
            if (!withNames)
            {
                var ids = new HashSet<long>(rows.Count);
                foreach (var x in rows) ids.Add(x.UserId);
                await using var r = await c.ExecuteReaderAsync("SELECT id, display_name FROM users WHERE id = ANY(@ids)", new { ids = ids.ToArray() });
                while (await r.ReadAsync()) names[r.GetInt64(0)] = r.GetString(1);
            }
        }
        var people = new UnitPersonHours[rows.Count];
        int classroom = 0, online = 0, practice = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            people[i] = new UnitPersonHours(x.UserId, x.Name ?? names.GetValueOrDefault(x.UserId, ""), x.UnitId, unitNames.GetValueOrDefault(x.UnitId, ""),
                x.Classroom, x.Online, x.Practice);
            (classroom, online, practice) = (classroom + x.Classroom, online + x.Online, practice + x.Practice);
        }
        Array.Sort(people, ByUnitThenName.Instance);
        return new UnitSummaryDto(unitId, u.Name, year, people, classroom, online, practice);
    }

    /// <summary>The summary's order: unit name, person's name (both ordinal), user id.</summary>
    private sealed class ByUnitThenName : IComparer<UnitPersonHours>
    {
        public static readonly ByUnitThenName Instance = new();
        public int Compare(UnitPersonHours? a, UnitPersonHours? b)
        {
            var k = string.CompareOrdinal(a!.UnitName, b!.UnitName);
            if (k == 0) k = string.CompareOrdinal(a.Name, b.Name);
            return k != 0 ? k : a.UserId.CompareTo(b.UserId);
        }
    }

    /// <summary>The unit summary's aggregate: per person and unit, the hours of each category (@classroom, @online,
    /// @practice) of the year's rows under the subtree (@prefix), of these classes only when given; with the person's
    /// name as a sixth column when <paramref name="withNames"/>.</summary>
    public static string UnitSql(IReadOnlySet<long>? cohorts, bool withNames = false)
    {
        var aggregate = $"""
            SELECT l.user_id, l.unit_id,
                   SUM(CASE WHEN l.category = @classroom THEN l.hours_x10 ELSE 0 END) AS classroom,
                   SUM(CASE WHEN l.category = @online THEN l.hours_x10 ELSE 0 END) AS online,
                   SUM(CASE WHEN l.category = @practice THEN l.hours_x10 ELSE 0 END) AS practice
            FROM ledger_entries l
            WHERE l.year = @year AND l.unit_id IN (SELECT id FROM units WHERE path LIKE @prefix){(cohorts is null ? "" : " AND l.cohort_id IN " + InList(cohorts))}
            GROUP BY l.unit_id, l.user_id
            """;
        return withNames
            ? $"SELECT a.user_id, a.unit_id, a.classroom, a.online, a.practice, COALESCE(us.display_name, '') FROM ({aggregate}) a LEFT JOIN users us ON us.id = a.user_id"
            : aggregate;
    }

    /// <summary>
    /// The plain SQL aggregate of the same rows (the bench's yardstick): sums per person, unit and category, over the same
    /// subtree filter, with no names and no categories side by side.
    /// </summary>
    public const string PlainUnitSql = """
        SELECT l.user_id, l.unit_id, l.category, SUM(l.hours_x10) AS hours
        FROM ledger_entries l
        WHERE l.year = @year AND l.unit_id IN (SELECT id FROM units WHERE path LIKE @prefix)
        GROUP BY l.user_id, l.unit_id, l.category
        """;

    /// <summary>The plain aggregate as it was first written (the subtree by a join on the units), kept for the bench to
    /// show both yardsticks.</summary>
    public const string PlainUnitJoinSql = """
        SELECT l.user_id, l.unit_id, l.category, SUM(l.hours_x10) AS hours
        FROM ledger_entries l JOIN units un ON un.id = l.unit_id
        WHERE l.year = @year AND un.path LIKE @prefix
        GROUP BY l.user_id, l.unit_id, l.category
        """;

    /// <summary>"(1,2,3)": ids written into SQL (numbers only, so nothing can be injected; one form for both databases —
    /// Dapper would send a list to PostgreSQL as one array parameter). An empty list matches nothing.</summary>
    public static string InList(IEnumerable<long> ids)
    {
        var text = string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return text.Length == 0 ? "(NULL)" : "(" + text + ")";
    }

    /// <summary>The years that have rows (latest first), for the pages' year choice.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<int>("SELECT DISTINCT year FROM ledger_entries ORDER BY year DESC")).ToList();
    }
}
