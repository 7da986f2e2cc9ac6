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
    // Every change to the facts of a session bumps attendance_version: a settlement that read the facts before the change
    // finds another version when it writes, stops, and the next pass starts again from the new facts.

    /// <summary>The facts of a session changed (a late upload, a mark): it is settled again when next due.</summary>
    public static Task ReopenSessionAsync(DbConnection c, DbTransaction tx, long sessionId) =>
        c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE id = @sessionId",
            new { sessionId }, tx);

    /// <summary>The trainees of a class changed (roster locked, a substitution): every session is settled again.</summary>
    public static Task ReopenCohortAsync(DbConnection c, DbTransaction tx, long cohortId) =>
        c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE cohort_id = @cohortId",
            new { cohortId }, tx);

    /// <summary>Leave was approved for a span: the sessions it touches are settled again.</summary>
    public static Task ReopenSpanAsync(DbConnection c, DbTransaction tx, long cohortId, DateTimeOffset from, DateTimeOffset to) =>
        c.ExecuteAsync("""
            UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1
            WHERE cohort_id = @cohortId AND starts_at < @to AND ends_at > @from
            """, new { cohortId, from, to }, tx);

    /// <summary>Settles every session (of one class, or all) whose sign-in window has closed and is not settled yet.</summary>
    public async Task<int> SettleDueAsync(long? cohortId = null, CancellationToken ct = default)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        List<CheckInSessionRow> due;
        await using (var c = await db.OpenAsync(ct))
            due = (await c.QueryAsync<CheckInSessionRow>(AttendanceStore.SelectSession +
                " WHERE " + AttendanceStore.TakesSignIn + " AND s.attendance_settled_at IS NULL AND s.cancelled_at IS NULL AND s.ends_at < @now" +
                (cohortId is null ? "" : " AND s.cohort_id = @cohortId") + " ORDER BY s.ends_at, s.id", new { now, cohortId })).ToList();
        foreach (var s in due)
        {
            ct.ThrowIfCancellationRequested();
            await SettleAsync(s, now);
        }
        return due.Count;
    }

    private sealed class State
    {
        public long Version { get; init; }
        public DateTimeOffset? SettledAt { get; init; }
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

    /// <summary>Rows written per transaction: a settlement never holds the write lock for long (on SQLite every writer,
    /// the sign-in burst included, waits for it).</summary>
    private const int ChunkRows = 2000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, SemaphoreSlim> _turns = new();

    /// <summary>
    /// One session, by one settler at a time (in this process a turn per session; across instances an advisory lock,
    /// and whoever finds it taken leaves the session to its holder). The facts are read without holding a lock; what
    /// changed is written in short transactions. The session is marked settled only if its facts are still those that
    /// were read (attendance_version); otherwise the next pass starts again from the new facts.
    /// </summary>
    private async Task SettleAsync(CheckInSessionRow s, DateTimeOffset now)
    {
        if (now <= AttendanceRulebook.SignInClosesAt(s.EndsAt)) return;
        var turn = _turns.GetOrAdd(s.Id, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync();
        try
        {
            await using var c = await db.OpenAsync();
            var key = LockKey + s.Id;
            if (!await db.Dialect.TryLockAsync(c, key)) return;
            try { await SettleOnceAsync(c, s, now); }
            finally { await db.Dialect.UnlockAsync(c, key); }
        }
        finally { turn.Release(); }
    }

    /// <summary>Advisory lock keys of settlements: this base plus the session id.</summary>
    private const long LockKey = 0x5E77_1E00_0000_0000;

    private async Task SettleOnceAsync(DbConnection c, CheckInSessionRow s, DateTimeOffset now)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var final = now > AttendanceRulebook.SignOutClosesAt(s.EndsAt, s.Rules);
        var state = await c.QuerySingleOrDefaultAsync<State>("SELECT attendance_version AS version, attendance_settled_at AS settled_at FROM sessions WHERE id = @id",
            new { id = s.Id });
        if (state is null || state.SettledAt is not null) return;

        var trainees = await store.TraineesAsync(c, s.CohortId);
        var facts = await AttendanceStore.FactsAsync(c, null, s.CohortId, [s.Id]);
        // Between the end and the close of sign-out a late sign-out may still change a status: the session stays
        // unsettled and is written again on every pass until the final one.
        var lines = trainees.Select(t => AttendanceStore.Line(s, t, facts, now)).ToDictionary(l => l.TraineeId);
        var existing = (await c.QueryAsync<AttendanceStore.SettledRow>("SELECT * FROM attendance WHERE session_id = @id", new { id = s.Id })).ToDictionary(r => r.EnrollmentId);
        var records = (await c.QueryAsync<Record>("SELECT id, enrollment_id, kind, minutes, recorded_by FROM discipline_records WHERE session_id = @id",
            new { id = s.Id })).ToList();
        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        var fresh = lines.Values.Where(l => !existing.ContainsKey(l.TraineeId)).ToList();
        var changed = lines.Values.Where(l => existing.TryGetValue(l.TraineeId, out var r) && !Same(r, l)).ToList();
        var gone = existing.Keys.Where(k => !lines.ContainsKey(k)).ToList();
        // Each write with the rows it touches: a transaction holds up to ChunkRows of them.
        var writes = new List<(int Rows, Func<DbConnection, DbTransaction, Task> Run)>();
        foreach (var part in fresh.Chunk(ChunkRows))
            writes.Add((part.Length, (c, tx) => db.BulkInsertAsync(c, tx, "attendance", Columns, part.Select(l => new object?[]
            {
                s.Id, l.TraineeId, s.CohortId, l.Status, l.LateMinutes, l.EarlyLeaveMinutes, l.SignedInAt, l.SignedOutAt, l.Marked, l.Reason, string.Join(',', l.Flags),
            }))));
        foreach (var l in changed)
            writes.Add((1, (c, tx) => c.ExecuteAsync("""
                UPDATE attendance SET status = @Status, late_minutes = @LateMinutes, early_leave_minutes = @EarlyLeaveMinutes, signed_in_at = @SignedInAt,
                    signed_out_at = @SignedOutAt, marked = @Marked, reason = @Reason, flags = @flags
                WHERE session_id = @sid AND enrollment_id = @TraineeId
                """, new { l.Status, l.LateMinutes, l.EarlyLeaveMinutes, l.SignedInAt, l.SignedOutAt, l.Marked, l.Reason, flags = string.Join(',', l.Flags), sid = s.Id, l.TraineeId }, tx)));
        foreach (var e in gone)
            writes.Add((1, (c, tx) => c.ExecuteAsync("DELETE FROM attendance WHERE session_id = @sid AND enrollment_id = @e", new { sid = s.Id, e }, tx)));
        writes.AddRange(Discipline(s, lines.Values, facts, records, now)
            .Select(w => (1, w)));

        var chunks = new List<List<Func<DbConnection, DbTransaction, Task>>> { new() };
        var rows = 0;
        foreach (var (n, run) in writes)
        {
            if (rows + n > ChunkRows && chunks[^1].Count > 0) { chunks.Add([]); rows = 0; }
            chunks[^1].Add(run);
            rows += n;
        }
        var settled = false;
        if (final)
            chunks[^1].Add(async (c, tx) => settled = await c.ExecuteAsync(
                "UPDATE sessions SET attendance_settled_at = @now WHERE id = @id AND attendance_version = @v", new { now, id = s.Id, v = state.Version }, tx) == 1);
        foreach (var chunk in chunks.Where(ch => ch.Count > 0))
        {
            await using (var tx = await c.BeginTransactionAsync())
            {
                foreach (var write in chunk) await write(c, tx);
                await tx.CommitAsync();
            }
            // SQLite has one writer and its waiting writers poll: leave them a gap to get in between two chunks.
            if (db.IsSqlite && chunks.Count > 1) await Task.Delay(50);
        }
        if (final && !settled)
            log.LogInformation("Attendance of session {SessionId} changed while it was being settled; the next pass settles it", s.Id);
        if (writes.Count > 0)
            log.LogInformation("Attendance of session {SessionId} settled ({Final}): {New} new, {Changed} changed, {Gone} removed; read and derived in {ReadMs} ms, all in {Ms} ms",
                s.Id, final ? "final" : "provisional", fresh.Count, changed.Count, gone.Count, (int)read.TotalMilliseconds,
                (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static bool Same(AttendanceStore.SettledRow r, AttendanceLine l) =>
        r.Status == l.Status && r.LateMinutes == l.LateMinutes && r.EarlyLeaveMinutes == l.EarlyLeaveMinutes && r.SignedInAt == l.SignedInAt
        && r.SignedOutAt == l.SignedOutAt && r.Marked == l.Marked && r.Reason == l.Reason && r.Flags == string.Join(',', l.Flags);

    /// <summary>
    /// 违纪记录 of the session: a late, early leave, absence or unauthorized departure once per trainee, with who recorded it
    /// (the head teacher who marked it; none: the rules). No escalation is written here: whether a record was reported, to
    /// whom and when is the organizer's decision (<see cref="DisciplineDecisions"/>), never assumed from the class's rule.
    /// A corrected status removes its old record.
    /// </summary>
    private static IEnumerable<Func<DbConnection, DbTransaction, Task>> Discipline(CheckInSessionRow s, IEnumerable<AttendanceLine> lines,
        AttendanceStore.Facts facts, IReadOnlyList<Record> existing, DateTimeOffset now)
    {
        var wanted = new Dictionary<(long, string), (int Minutes, DateTimeOffset At, long? By)>();
        foreach (var l in lines)
        {
            if (!AttendanceStatuses.TryParse(l.Status, out var status) || DisciplineKinds.For(status) is not { } kind) continue;
            var minutes = kind == DisciplineKinds.Late ? l.LateMinutes
                : kind is DisciplineKinds.EarlyLeave or DisciplineKinds.LeftWithoutPermission ? l.EarlyLeaveMinutes : 0;
            wanted[(l.TraineeId, kind)] = (minutes, l.SignedInAt ?? s.StartsAt, facts.Marks.TryGetValue((s.Id, l.TraineeId), out var m) ? m.MarkedBy : null);
        }
        foreach (var e in existing)
        {
            if (!wanted.TryGetValue((e.EnrollmentId, e.Kind), out var w))
                yield return (c, tx) => c.ExecuteAsync("DELETE FROM discipline_records WHERE id = @Id", new { e.Id }, tx);
            else if (w.Minutes != e.Minutes || w.By != e.RecordedBy)
                yield return (c, tx) => c.ExecuteAsync("UPDATE discipline_records SET minutes = @Minutes, recorded_by = @By WHERE id = @Id", new { w.Minutes, w.By, e.Id }, tx);
        }
        var have = existing.Select(e => (e.EnrollmentId, e.Kind)).ToHashSet();
        foreach (var ((enrollment, kind), w) in wanted.Where(kv => !have.Contains(kv.Key)))
            yield return (c, tx) => c.ExecuteAsync("""
                INSERT INTO discipline_records (cohort_id, enrollment_id, session_id, kind, minutes, occurred_at, recorded_by, recorded_at)
                VALUES (@cohort, @enrollment, @session, @kind, @minutes, @at, @by, @now)
                ON CONFLICT (session_id, enrollment_id, kind) DO NOTHING
                """, new { cohort = s.CohortId, enrollment, session = s.Id, kind, minutes = w.Minutes, at = w.At, by = w.By, now }, tx);
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
