using System.Globalization;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>The class as a whole: the trainee × session grid, rates by unit (rolled up the tree) and by session,
/// 违纪记录 (kept in discipline_records), the .xlsx export and the 通报 (.docx, official layout).</summary>
public sealed partial class AttendanceReports(AttendanceStore store, AttendanceSettlement settlement, Db db, TimeProvider clock, QuotaStore quotas)
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static string StatusName(string code) => code switch
    {
        "present" => "出勤",
        "late" => "迟到",
        "early_leave" => "早退",
        "absent" => "缺勤",
        "excused" => "请假",
        "left_without_permission" => "擅自离开",
        _ => "未签到",
    };

    /// <summary>What a flag on a sign-in tells the head teacher.</summary>
    public static string FlagName(string code) => code switch
    {
        "second_device" => "换手机签到",
        "shared_device" => "同一手机为多人签到",
        "no_position" => "未提供位置",
        "out_of_radius" => "不在教学点范围内",
        "offline" => "离线补传",
        _ => code,
    };

    public static readonly string[] FlagCodes = ["second_device", "shared_device", "no_position", "out_of_radius", "offline"];

    private static bool Attended(string s) => s is "present" or "late" or "early_leave";
    private static bool Counted(string s) => s is not ("pending" or "excused");
    private static decimal Rate(int attended, int counted) => counted == 0 ? 1m : Math.Round((decimal)attended / counted, 4);

    private static AttendanceStatus Parse(string code) => AttendanceStatuses.TryParse(code, out var s) ? s : AttendanceStatus.Pending;

    /// <summary>An attendance rate as every page and document writes it (0.997 → 99.7%): statistics, bulletin, summary, dashboard.</summary>
    public static string Percent(decimal rate) => (rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary><paramref name="n"/> trainee-sessions of a stored status code as the summary counts them (应到, 实到, …).</summary>
    public static UnitTally TallyOf(string status, int n) => UnitTally.Of(Parse(status), n);

    public async Task<CohortAttendanceDto> CohortAsync(CohortRow cohort)
    {
        await settlement.SettleDueAsync(cohort.Id);
        var (sessions, trainees, grid) = await store.GridAsync(cohort.Id);
        var thresholds = Thresholds(cohort.LatesPerAbsence);
        var rows = new List<TraineeAttendance>();
        for (var i = 0; i < trainees.Count; i++)
        {
            var statuses = Enumerable.Range(0, sessions.Count).Select(j => grid[i, j].Status).ToList();
            var tally = DisciplineTally.Of(statuses.Select(Parse));
            rows.Add(new(trainees[i].Id, trainees[i].Name, trainees[i].UnitId, trainees[i].UnitName, statuses, tally.Lates, tally.EarlyLeaves,
                tally.Absences, tally.Departures, tally.Excused, tally.EffectiveAbsences(thresholds), tally.Rate));
        }
        var bySession = sessions.Select((s, j) =>
        {
            var col = Enumerable.Range(0, trainees.Count).Select(i => grid[i, j].Status).ToList();
            var counted = col.Count(Counted);
            var attended = col.Count(Attended);
            return new SessionRate(s.Id, s.Title, counted, attended, Rate(attended, counted));
        }).ToList();
        var refs = sessions.Select(s =>
        {
            var a = ClassClock.ToLocal(s.StartsAt, s.TimeZone);
            var b = ClassClock.ToLocal(s.EndsAt, s.TimeZone);
            return new CohortSessionRef(s.Id, DateOnly.FromDateTime(a.DateTime), a.ToString("HH:mm"), b.ToString("HH:mm"), s.Title, s.StartsAt, s.EndsAt);
        }).ToList();
        return new(cohort.Id, cohort.Title, refs, rows, bySession);
    }

    /// <summary>
    /// Rates by unit, rolled up the tree (<paramref name="underUnit"/>: only that unit and those below it). Settled
    /// sessions are one SQL aggregate over <c>attendance</c> (trainee-sessions by unit and status); only sessions still
    /// open are derived from their scans. Then each unit's figures are added up its ancestry.
    /// </summary>
    /// <param name="include">Only units it accepts (the bulletin's scope), besides <paramref name="underUnit"/>.</param>
    public async Task<AttendanceSummaryDto> SummaryAsync(CohortRow cohort, long? underUnit = null, Func<long, bool>? include = null)
    {
        await settlement.SettleDueAsync(cohort.Id);
        var units = (await store.UnitsAsync()).ToDictionary(u => u.Id);
        await using var c = await db.OpenAsync();
        var now = clock.GetUtcNow();
        var own = new Dictionary<long, UnitTally>(); // 0: trainees with no unit
        void Add(long? unit, UnitTally t) => own[unit ?? 0] = own.TryGetValue(unit ?? 0, out var x) ? x.Add(t) : t;

        foreach (var r in await c.QueryAsync<UnitCount>(TraineesByUnitSql, new { cohort = cohort.Id }))
            Add(r.UnitId, UnitTally.OfTrainees((int)r.N));
        var sessions = await AttendanceStore.SessionsOfAsync(c, cohort.Id);
        if (sessions.Any(x => x.AttendanceSettledAt is not null))
            foreach (var r in await c.QueryAsync<UnitCount>(SettledByUnitSql(db.IsSqlite), new { cohort = cohort.Id }))
                Add(r.UnitId, UnitTally.Of(Parse(r.Status!), (int)r.N));
        foreach (var (unit, t) in await OpenTalliesAsync(c, cohort.Id, sessions, now))
            Add(unit, t);

        string? prefix = underUnit is { } uu && units.TryGetValue(uu, out var root) ? root.Path : null;
        bool InScope(long unit) => prefix is null || (units.TryGetValue(unit, out var u) && u.Path.StartsWith(prefix, StringComparison.Ordinal));
        var scoped = own.Where(kv => InScope(kv.Key) && (include is null || include(kv.Key))).ToDictionary(kv => kv.Key, kv => kv.Value);
        var total = scoped.Values.Aggregate(UnitTally.Zero, (a, b) => a.Add(b));
        var list = AttendanceRollup.RollUp(scoped, id => units.TryGetValue(id, out var u) ? u.Path : null)
            .Where(kv => units.ContainsKey(kv.Key))
            .Select(kv => (Unit: units[kv.Key], V: kv.Value))
            .OrderBy(x => x.Unit.SortKey, StringComparer.Ordinal) // tree order, not ids as text
            .Select(x => new UnitRate(x.Unit.Id, x.Unit.Name, x.Unit.Path.Count(ch => ch == '/') - 2, x.V.Trainees, x.V.Counted, x.V.Attended, x.V.Rate,
                x.V.Lates, x.V.EarlyLeaves, x.V.Absences, x.V.Departures))
            .ToList();
        return new(cohort.Id, cohort.Title, total.Trainees, total.Counted, total.Attended, total.Rate, list);
    }

    /// <summary>
    /// The trainee-sessions of the class's sessions that are open (sign-in opened, not settled yet), by the trainee's unit
    /// (null: no unit) as the console derives them from the scans: the part of <see cref="SummaryAsync"/> that is not one SQL
    /// aggregate. The dashboard adds it for a class in progress (<paramref name="sessions"/>: null reads them).
    /// </summary>
    public async Task<IReadOnlyList<(long? Unit, UnitTally Tally)>> OpenTalliesAsync(System.Data.Common.DbConnection c, long cohortId,
        IReadOnlyList<CheckInSessionRow>? sessions = null, DateTimeOffset? at = null)
    {
        var now = at ?? clock.GetUtcNow();
        sessions ??= await AttendanceStore.SessionsOfAsync(c, cohortId);
        var open = sessions.Where(x => x.AttendanceSettledAt is null && AttendanceRulebook.OpensAt(x.StartsAt, x.Rules) <= now).ToList();
        var list = new List<(long?, UnitTally)>();
        if (open.Count == 0) return list;
        var trainees = await store.TraineesAsync(c, cohortId);
        var facts = await AttendanceStore.FactsAsync(c, null, cohortId, open.Select(x => x.Id).ToList());
        foreach (var x in open)
            foreach (var t in trainees)
                list.Add((t.UnitId, UnitTally.Of(Parse(AttendanceStore.Line(x, t, facts, now).Status))));
        return list;
    }

    /// <summary>The two aggregates the summary is made of (the benchmark runs them bare to compare).</summary>
    public static readonly string TraineesByUnitSql = TraineesSql("= @cohort", perCohort: false);

    /// <summary>Active trainees by unit (and by class when <paramref name="perCohort"/>: the dashboard's many classes in one
    /// aggregate), the classes given by <paramref name="cohortFilter"/> ("= @cohort", or "IN (1,2,3)").</summary>
    public static string TraineesSql(string cohortFilter, bool perCohort) => $"""
        SELECT {(perCohort ? "cohort_id, " : "")}unit_id, COUNT(*) AS n FROM enrollments
        WHERE cohort_id {cohortFilter} AND category = 'trainee' AND status = 'active' GROUP BY {(perCohort ? "cohort_id, " : "")}unit_id
        """;

    /// <summary>
    /// Settled trainee-sessions by unit and status. The same question asked two ways, because the two databases answer
    /// them at different speeds (measured at 20,000 and 40,000 trainees × 40 sessions, docs/benchmarks.md): SQLite
    /// counts per trainee first, in the order of the covering index, and joins enrollments once per trainee and status
    /// (2× faster than joining every row); PostgreSQL hash-joins every row and groups by unit directly (its per-trainee
    /// grouping outgrows work_mem and spills to disk: 1.5× slower, and slower still when the class doubles).
    /// </summary>
    public static string SettledByUnitSql(bool sqlite) => SettledSql(sqlite, "= @cohort", perCohort: false);

    /// <summary>
    /// <see cref="SettledByUnitSql"/> for the classes of <paramref name="cohortFilter"/> ("= @cohort", or "IN (1,2,3)"), by
    /// class too when <paramref name="perCohort"/> (the first column then): one statement, the statistics page's and the
    /// dashboard's (#24), so their figures are the same.
    /// </summary>
    public static string SettledSql(bool sqlite, string cohortFilter, bool perCohort)
    {
        var sessions = $"SELECT id FROM sessions WHERE cohort_id {cohortFilter} AND sign_in_required = TRUE AND attendance_settled_at IS NOT NULL AND cancelled_at IS NULL";
        return sqlite
            ? $"""
                SELECT {(perCohort ? "x.cohort_id, " : "")}e.unit_id, x.status, SUM(x.n) AS n
                FROM (SELECT {(perCohort ? "cohort_id, " : "")}enrollment_id, status, COUNT(*) AS n FROM attendance
                      WHERE cohort_id {cohortFilter}
                        AND session_id IN ({sessions})
                      GROUP BY {(perCohort ? "cohort_id, " : "")}enrollment_id, status) x
                JOIN enrollments e ON e.id = x.enrollment_id
                WHERE e.category = 'trainee' AND e.status = 'active'
                GROUP BY {(perCohort ? "x.cohort_id, " : "")}e.unit_id, x.status
                """
            : $"""
                SELECT {(perCohort ? "a.cohort_id, " : "")}e.unit_id, a.status, COUNT(*) AS n
                FROM attendance a JOIN enrollments e ON e.id = a.enrollment_id
                WHERE a.cohort_id {cohortFilter}
                  AND a.session_id IN ({sessions})
                  AND e.category = 'trainee' AND e.status = 'active'
                GROUP BY {(perCohort ? "a.cohort_id, " : "")}e.unit_id, a.status
                """;
    }

    private sealed class UnitCount
    {
        public long? UnitId { get; init; }
        public string? Status { get; init; }
        public long N { get; init; }
    }

    /// <summary>
    /// 违纪记录 as kept in discipline_records: written when a session's sign-in closes and corrected until it is settled
    /// (see <see cref="AttendanceSettlement"/>), with who recorded them and the escalation.
    /// </summary>
    public async Task<IReadOnlyList<DisciplineDto>> DisciplineAsync(CohortRow cohort)
    {
        await settlement.SettleDueAsync(cohort.Id);
        await using var c = await db.OpenAsync();
        var sessions = await AttendanceStore.SessionsOfAsync(c, cohort.Id);
        var trainees = await store.TraineesAsync(c, cohort.Id);
        var names = trainees.ToDictionary(t => t.Id);
        var titles = sessions.ToDictionary(s => s.Id, s => s.Title);
        var users = (await c.QueryAsync<(long Id, string Name)>("SELECT id, display_name FROM users WHERE id IN (SELECT recorded_by FROM discipline_records WHERE cohort_id = @id UNION SELECT escalation_decided_by FROM discipline_records WHERE cohort_id = @id)",
            new { id = cohort.Id })).ToDictionary(u => u.Id, u => u.Name);
        return (await c.QueryAsync<DisciplineRecordRow>("""
                SELECT * FROM discipline_records WHERE cohort_id = @id
                  AND (session_id IS NULL OR session_id NOT IN (SELECT id FROM sessions WHERE cohort_id = @id AND cancelled_at IS NOT NULL))
                ORDER BY occurred_at, id
                """, new { id = cohort.Id }))
            .Where(r => names.ContainsKey(r.EnrollmentId))
            .Select(r => new DisciplineDto(r.EnrollmentId, names[r.EnrollmentId].Name, names[r.EnrollmentId].UnitName, r.SessionId,
                r.SessionId is { } sid && titles.TryGetValue(sid, out var title) ? title : null, r.Kind, r.Minutes, r.OccurredAt,
                r.RecordedBy is { } u && users.TryGetValue(u, out var un) ? un : null, r.Escalation, r.Id, names[r.EnrollmentId].UnitId,
                r.EscalationDecision, r.EscalatedOn, r.EscalationDecidedBy is { } d && users.TryGetValue(d, out var dn) ? dn : null, r.EscalationDecidedAt))
            .ToList();
    }

    public sealed class DisciplineRecordRow
    {
        public long Id { get; init; }
        public long EnrollmentId { get; init; }
        public long? SessionId { get; init; }
        public string Kind { get; init; } = "";
        public int Minutes { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public long? RecordedBy { get; init; }
        public string? Escalation { get; init; }
        public string? EscalationDecision { get; init; }
        public DateOnly? EscalatedOn { get; init; }
        public long? EscalationDecidedBy { get; init; }
        public DateTimeOffset? EscalationDecidedAt { get; init; }
    }

    /// <summary>
    /// attendance.xlsx: by trainee, by unit, by session. Counts are numbers and rates fractions shown as 0.0%; header
    /// and name columns frozen; landscape, fit to width, header rows on every printed page. Sessions carry their date
    /// and time in the class's time zone.
    /// </summary>
    public async Task<byte[]> XlsxAsync(CohortRow cohort)
    {
        var grid = await CohortAsync(cohort);
        var summary = await SummaryAsync(cohort);
        static XlsxWriter.Percent pct(decimal r) => new((double)r);
        var header = new List<string> { "序号", "姓名", "单位" };
        header.AddRange(grid.Sessions.Select(s => $"{s.Date:M月d日}\n{s.Start}-{s.End}\n{s.Title}")); // one line each, wrapped in the cell
        header.AddRange(["迟到", "早退", "缺勤", "擅自离开", "请假", "折算缺勤", "出勤率"]);
        var rows = grid.Trainees.Select((t, i) => (IReadOnlyList<object?>)[i + 1, t.Name, t.UnitName,
            .. t.Statuses.Select(StatusName), t.Lates, t.EarlyLeaves, t.Absences, t.Departures,
            t.Excused, t.EffectiveAbsences, pct(t.Rate)]).ToList();
        var units = summary.Units.Select(u => (IReadOnlyList<object?>)[new string('　', Math.Max(0, u.Depth)) + u.Name, u.Trainees,
            u.Counted, u.Attended, pct(u.Rate), u.Lates, u.EarlyLeaves, u.Absences, u.Departures]).ToList();
        var refs = grid.Sessions.ToDictionary(s => s.Id);
        var sessions = grid.BySession.Select((s, i) =>
        {
            var r = refs.GetValueOrDefault(s.SessionId);
            return (IReadOnlyList<object?>)[i + 1, r?.Date, r is null ? "" : $"{r.Start}-{r.End}", s.Title, s.Counted, s.Attended, pct(s.Rate)];
        }).ToList();
        double[] traineeWidths = [6, 10, 20, .. grid.Sessions.Select(_ => 11.0), 6, 6, 6, 9, 6, 9, 8];
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms,
            new XlsxWriter.Sheet("按学员", header, rows, traineeWidths)
                { TitleRows = [$"{cohort.Title} 考勤统计"], FreezeHeader = true, FreezeColumns = 3, Printable = true },
            new XlsxWriter.Sheet("按单位", ["单位", "人数", "应到人次", "实到人次", "出勤率", "迟到", "早退", "缺勤", "擅自离开"], units, [30, 8, 10, 10, 9, 7, 7, 7, 9])
                { TitleRows = [$"{cohort.Title} 考勤统计（按单位）"], FreezeHeader = true, FreezeColumns = 1, Printable = true },
            new XlsxWriter.Sheet("按课程", ["序号", "日期", "时间", "课程", "应到人次", "实到人次", "出勤率"], sessions, [6, 12, 13, 40, 10, 10, 9])
                { TitleRows = [$"{cohort.Title} 考勤统计（按课程）"], FreezeHeader = true, FreezeColumns = 0, Printable = true });
        return ms.ToArray();
    }
}
