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

/// <summary>Reading the stored rows: a class, a person (with certificates), a unit's year.</summary>
public sealed partial class LedgerStore
{
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
