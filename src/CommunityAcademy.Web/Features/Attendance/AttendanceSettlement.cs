using System.Data.Common;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// 考勤结算: writes what the rules say about every trainee of a session into <c>attendance</c>, and the 违纪记录 those
/// statuses make into <c>discipline_records</c>, once the session's sign-in window has closed (at its end: everyone
/// without a sign-in is absent then). Until sign-out closes a late sign-out can still change a status, so the session is
/// written again on every pass; then it is settled, and only a mark, leave or a late upload changes it — each of those
/// reopens the session (<see cref="ReopenSessionAsync"/>). Class-wide reports then read one SQL
/// aggregate instead of deriving 800,000 statuses from scans. The background job (<see cref="AttendanceSettler"/>) runs
/// every minute; reports also settle what is due before they read, so they never wait for the next tick.
/// </summary>
public sealed class AttendanceSettlement(Db db, AttendanceStore store, TimeProvider clock, ILogger<AttendanceSettlement> log)
{
    /// <summary>The facts of a session changed after it was settled: it is settled again when next due.</summary>
    public static Task ReopenSessionAsync(DbConnection c, DbTransaction tx, long sessionId) =>
        c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL WHERE id = @sessionId AND attendance_settled_at IS NOT NULL", new { sessionId }, tx);

    /// <summary>The trainees of a class changed (roster locked, a substitution): every settled session is settled again.</summary>
    public static Task ReopenCohortAsync(DbConnection c, DbTransaction tx, long cohortId) =>
        c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL WHERE cohort_id = @cohortId AND attendance_settled_at IS NOT NULL", new { cohortId }, tx);

    /// <summary>Leave was approved for a span: the settled sessions it touches are settled again.</summary>
    public static Task ReopenSpanAsync(DbConnection c, DbTransaction tx, long cohortId, DateTimeOffset from, DateTimeOffset to) =>
        c.ExecuteAsync("""
            UPDATE sessions SET attendance_settled_at = NULL
            WHERE cohort_id = @cohortId AND attendance_settled_at IS NOT NULL AND starts_at < @to AND ends_at > @from
            """, new { cohortId, from, to }, tx);

    /// <summary>Settles every session (of one class, or all) whose sign-in window has closed and is not settled yet.</summary>
    public async Task<int> SettleDueAsync(long? cohortId = null, CancellationToken ct = default)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        List<CheckInSessionRow> due;
        await using (var c = await db.OpenAsync(ct))
            due = (await c.QueryAsync<CheckInSessionRow>(AttendanceStore.SelectSession +
                " WHERE s.sign_in_required = TRUE AND s.attendance_settled_at IS NULL AND s.ends_at < @now" +
                (cohortId is null ? "" : " AND s.cohort_id = @cohortId") + " ORDER BY s.ends_at, s.id", new { now, cohortId })).ToList();
        foreach (var s in due)
        {
            ct.ThrowIfCancellationRequested();
            await SettleAsync(s, now);
        }
        return due.Count;
    }

    private sealed class Row
    {
        public long EnrollmentId { get; init; }
        public string Status { get; init; } = "";
        public int LateMinutes { get; init; }
        public int EarlyLeaveMinutes { get; init; }
        public DateTimeOffset? SignedInAt { get; init; }
        public DateTimeOffset? SignedOutAt { get; init; }
        public bool Marked { get; init; }
        public string? Reason { get; init; }
        public string Flags { get; init; } = "";
    }

    private sealed class State
    {
        public long Id { get; init; }
        public int Settled { get; init; }
    }

    private sealed class Record
    {
        public long Id { get; init; }
        public long EnrollmentId { get; init; }
        public string Kind { get; init; } = "";
        public int Minutes { get; init; }
        public long? RecordedBy { get; init; }
    }

    private static readonly string[] Columns = ["session_id", "enrollment_id", "cohort_id", "status", "late_minutes", "early_leave_minutes",
        "signed_in_at", "signed_out_at", "marked", "reason", "flags"];

    /// <summary>One session, in one transaction; only what changed is written.</summary>
    private async Task SettleAsync(CheckInSessionRow s, DateTimeOffset now)
    {
        if (now <= AttendanceRulebook.SignInClosesAt(s.EndsAt)) return;
        var clock0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var final = now > AttendanceRulebook.SignOutClosesAt(s.EndsAt, s.Rules);
        await using var c = await db.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        // The session's row first: settlers of one session (the job, a report, another instance) take turns, and on
        // SQLite the write lock is taken before anything is read. Someone else may have settled it meanwhile.
        var state = await c.QueryFirstOrDefaultAsync<State>("""
            UPDATE sessions SET attendance_settled_at = attendance_settled_at WHERE id = @id
            RETURNING id, CASE WHEN attendance_settled_at IS NULL THEN 0 ELSE 1 END AS settled
            """, new { id = s.Id }, tx);
        if (state is null || state.Settled != 0) { await tx.CommitAsync(); return; }

        var trainees = await store.TraineesAsync(c, s.CohortId, tx);
        var facts = await AttendanceStore.FactsAsync(c, tx, s.CohortId, [s.Id]);
        // Between the end and the close of sign-out a late sign-out may still change a status: the session stays
        // unsettled and is written again on every pass until the final one.
        var lines = trainees.Select(t => AttendanceStore.Line(s, t, facts, now)).ToDictionary(l => l.TraineeId);
        var existing = (await c.QueryAsync<Row>("SELECT * FROM attendance WHERE session_id = @id", new { id = s.Id }, tx)).ToDictionary(r => r.EnrollmentId);

        var read = System.Diagnostics.Stopwatch.GetElapsedTime(clock0);
        var fresh = lines.Values.Where(l => !existing.ContainsKey(l.TraineeId)).ToList();
        var changed = lines.Values.Where(l => existing.TryGetValue(l.TraineeId, out var r) && !Same(r, l)).ToList();
        var gone = existing.Keys.Where(k => !lines.ContainsKey(k)).ToList();
        await db.BulkInsertAsync(c, tx, "attendance", Columns, fresh.Select(l => new object?[]
        {
            s.Id, l.TraineeId, s.CohortId, l.Status, l.LateMinutes, l.EarlyLeaveMinutes, l.SignedInAt, l.SignedOutAt, l.Marked, l.Reason, string.Join(',', l.Flags),
        }));
        foreach (var l in changed)
            await c.ExecuteAsync("""
                UPDATE attendance SET status = @Status, late_minutes = @LateMinutes, early_leave_minutes = @EarlyLeaveMinutes, signed_in_at = @SignedInAt,
                    signed_out_at = @SignedOutAt, marked = @Marked, reason = @Reason, flags = @flags
                WHERE session_id = @sid AND enrollment_id = @TraineeId
                """, new { l.Status, l.LateMinutes, l.EarlyLeaveMinutes, l.SignedInAt, l.SignedOutAt, l.Marked, l.Reason, flags = string.Join(',', l.Flags), sid = s.Id, l.TraineeId }, tx);
        foreach (var e in gone)
            await c.ExecuteAsync("DELETE FROM attendance WHERE session_id = @sid AND enrollment_id = @e", new { sid = s.Id, e }, tx);

        await DisciplineAsync(c, tx, s, lines.Values, facts, now);
        if (final) await c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = @now WHERE id = @id", new { now, id = s.Id }, tx);
        await tx.CommitAsync();
        if (fresh.Count + changed.Count + gone.Count > 0)
            log.LogInformation("Attendance of session {SessionId} settled ({Final}): {New} new, {Changed} changed, {Gone} removed; read and derived in {ReadMs} ms, all in {Ms} ms",
                s.Id, final ? "final" : "provisional", fresh.Count, changed.Count, gone.Count, (int)read.TotalMilliseconds,
                (int)System.Diagnostics.Stopwatch.GetElapsedTime(clock0).TotalMilliseconds);
    }

    private static bool Same(Row r, AttendanceLine l) =>
        r.Status == l.Status && r.LateMinutes == l.LateMinutes && r.EarlyLeaveMinutes == l.EarlyLeaveMinutes && r.SignedInAt == l.SignedInAt
        && r.SignedOutAt == l.SignedOutAt && r.Marked == l.Marked && r.Reason == l.Reason && r.Flags == string.Join(',', l.Flags);

    /// <summary>
    /// 违纪记录 of the session: a late, early leave, absence or unauthorized departure once per trainee, with who recorded it
    /// (the head teacher who marked it; none: the rules) and, for unauthorized departure, the class's escalation (seed 000:
    /// reported to the unit's superior discipline and organization departments). A corrected status removes its old record.
    /// </summary>
    private static async Task DisciplineAsync(DbConnection c, DbTransaction tx, CheckInSessionRow s, IEnumerable<AttendanceLine> lines,
        AttendanceStore.Facts facts, DateTimeOffset now)
    {
        var escalation = await c.ExecuteScalarAsync<string?>("SELECT unauthorized_departure FROM cohorts WHERE id = @id", new { id = s.CohortId }, tx);
        if (string.IsNullOrWhiteSpace(escalation)) escalation = AttendanceReports.DefaultEscalation;
        var wanted = new Dictionary<(long, string), (int Minutes, DateTimeOffset At, long? By)>();
        foreach (var l in lines)
        {
            if (!AttendanceStatuses.TryParse(l.Status, out var status) || DisciplineKinds.For(status) is not { } kind) continue;
            var minutes = kind == DisciplineKinds.Late ? l.LateMinutes
                : kind is DisciplineKinds.EarlyLeave or DisciplineKinds.LeftWithoutPermission ? l.EarlyLeaveMinutes : 0;
            wanted[(l.TraineeId, kind)] = (minutes, l.SignedInAt ?? s.StartsAt, facts.Marks.TryGetValue((s.Id, l.TraineeId), out var m) ? m.MarkedBy : null);
        }
        var existing = (await c.QueryAsync<Record>(
            "SELECT id, enrollment_id, kind, minutes, recorded_by FROM discipline_records WHERE session_id = @id", new { id = s.Id }, tx)).ToList();
        foreach (var e in existing)
        {
            if (!wanted.TryGetValue((e.EnrollmentId, e.Kind), out var w))
                await c.ExecuteAsync("DELETE FROM discipline_records WHERE id = @Id", new { e.Id }, tx);
            else if (w.Minutes != e.Minutes || w.By != e.RecordedBy)
                await c.ExecuteAsync("UPDATE discipline_records SET minutes = @Minutes, recorded_by = @By WHERE id = @Id", new { w.Minutes, w.By, e.Id }, tx);
        }
        var have = existing.Select(e => (e.EnrollmentId, e.Kind)).ToHashSet();
        foreach (var ((enrollment, kind), w) in wanted.Where(kv => !have.Contains(kv.Key)))
            await c.ExecuteAsync("""
                INSERT INTO discipline_records (cohort_id, enrollment_id, session_id, kind, minutes, occurred_at, recorded_by, recorded_at, escalation)
                VALUES (@cohort, @enrollment, @session, @kind, @minutes, @at, @by, @now, @escalation)
                ON CONFLICT (session_id, enrollment_id, kind) DO NOTHING
                """, new { cohort = s.CohortId, enrollment, session = s.Id, kind, minutes = w.Minutes, at = w.At, by = w.By, now,
                    escalation = DisciplineKinds.Escalates(kind) ? escalation : null }, tx);
    }
}

/// <summary>Settles the sessions whose window has closed, every minute, so absences are recorded without anyone opening a report.</summary>
public sealed class AttendanceSettler(AttendanceSettlement settlement, IConfiguration config, ILogger<AttendanceSettler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Attendance:SettleEverySeconds", 60))));
        do
        {
            try { await settlement.SettleDueAsync(null, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Settling attendance failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
