using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>The answer to a sign-in: the record (new or the first one for a repeated clientId) or the rule it broke;
/// <see cref="Held"/>: not counted, waiting for the head teacher (an offline upload without a scan pass).</summary>
public sealed record CheckInOutcome(CheckInDto? CheckIn, bool Created, Error? Error, int Status = 0, string? Field = null, bool Held = false)
{
    public static CheckInOutcome Fail(Error e, int status, string? field = null) => new(null, false, e, status, field);
}

/// <summary>
/// 签到: check-ins, manual marks and the statuses they make. The sign-in path is lean for the burst at the start of a
/// session: session and enrolment lookups are cached for a few seconds, and a sign-in is one lookup by clientId, one read
/// of the trainee's earlier scans of this session and one INSERT … ON CONFLICT (client_id) DO NOTHING — no transaction
/// spans more than that row, nothing locks a class.
/// </summary>
public sealed class AttendanceStore(Db db, CheckInWriter writer, CheckInReadings readings, HeldCheckIns held, TimeProvider clock, ILogger<AttendanceStore> log)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    /// <summary>How long after a scan a phone that was offline may still upload it.</summary>
    public static readonly TimeSpan OfflineGrace = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<long, (CheckInSessionRow? Row, long Until)> _sessions = new();
    private readonly ConcurrentDictionary<(long Cohort, long User), (long? Enrollment, long Until)> _enrolments = new();
    private byte[]? _key;

    internal const string SelectSession = """
        SELECT s.id, s.cohort_id, s.title, s.starts_at, s.ends_at, s.sign_in_required, s.attendance_settled_at, s.cancelled_at, c.time_zone, c.arrive_minutes_before,
               c.checkin_opens_minutes, c.checkout_grace_minutes, c.qr_rotation_seconds, c.sign_out_required, c.departure_minutes,
               c.lates_per_absence, c.checkin_radius_meters, tp.latitude, tp.longitude
        FROM sessions s JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN teaching_points tp ON tp.id = s.teaching_point_id
        """;

    private static long Ticks => Environment.TickCount64;

    public async Task<CheckInSessionRow?> SessionAsync(long sessionId, bool fresh = false)
    {
        if (!fresh && _sessions.TryGetValue(sessionId, out var hit) && hit.Until > Ticks) return hit.Row;
        await using var c = await db.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<CheckInSessionRow>(SelectSession + " WHERE s.id = @sessionId", new { sessionId });
        _sessions[sessionId] = (row, Ticks + (long)CacheFor.TotalMilliseconds);
        return row;
    }

    /// <summary>The session changed in a way sign-in must see at once (cancelled, restored): drop it from the cache.</summary>
    public void Forget(long sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>The active trainee enrolment of a user in a class, or null (cached for a few seconds).</summary>
    public async Task<long?> EnrollmentOfAsync(long cohortId, long userId)
    {
        if (_enrolments.TryGetValue((cohortId, userId), out var hit) && hit.Until > Ticks) return hit.Enrollment;
        await using var c = await db.OpenAsync();
        var id = await c.ExecuteScalarAsync<long?>("""
            SELECT id FROM enrollments WHERE cohort_id = @cohortId AND user_id = @userId AND category = 'trainee' AND status = 'active'
            """, new { cohortId, userId });
        _enrolments[(cohortId, userId)] = (id, Ticks + (long)CacheFor.TotalMilliseconds);
        return id;
    }

    /// <summary>The key that signs QR codes: made once, kept in the database so every instance agrees.</summary>
    public async Task<byte[]> KeyAsync()
    {
        if (_key is { } k) return k;
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("INSERT INTO attendance_keys (id, secret, created_at) VALUES (1, @secret, @now) ON CONFLICT (id) DO NOTHING",
            new { secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), now = clock.GetUtcNow() });
        var secret = await c.ExecuteScalarAsync<string>("SELECT secret FROM attendance_keys WHERE id = 1");
        return _key = Convert.FromBase64String(secret!);
    }

    public async Task<string> QrTokenAsync(CheckInSessionRow s) => QrToken.Create(await KeyAsync(), s.Id, clock.GetUtcNow(), s.Rotation);

    /// <summary>
    /// A sign-in or sign-out. Trainees send the QR token and are signed in at the server's time (their device time is
    /// kept beside it); head teachers may name the trainee and give a past time (an offline upload).
    /// </summary>
    /// <param name="passDevice">The device cookie the scan pass was given to (see <see cref="ScanPasses"/>).</param>
    public async Task<CheckInOutcome> CheckInAsync(CurrentUser me, bool staff, CheckInSessionRow s, CheckInRequest req, string? passDevice = null)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        // Opened only when needed: on the way to success the writer reads and writes, the request opens nothing.
        DbConnection? conn = null;
        try
        {
        async Task<DbConnection> C() => conn ??= await db.OpenAsync();

        // A retry of the same clientId answers with the first result, whatever happened since (window closed, token old):
        // every refusal below looks for an earlier record first; the way to success reads it with the trainee's scans.
        var clientId = req.ClientId!.Trim();
        async Task<CheckInOutcome> Refuse(CheckInOutcome fail) =>
            await ByClientIdAsync(await C(), clientId) is { } first ? await RepeatAsync(me, staff, s, req, first) : fail;

        // 已取消: closed for sign-in, whoever asks.
        if (s.CancelledAt is not null)
        {
            log.LogWarning("Check-in refused: session {SessionId} is cancelled", s.Id);
            return await Refuse(CheckInOutcome.Fail(new Error("Attendance.SessionCancelled"), 422));
        }

        long enrollment;
        DateTimeOffset at;
        string method;
        var offline = false;
        string? traineeName = null;
        if (req.TraineeId is { } traineeId && staff)
        {
            // 代签到: the trainee's name goes to the audit log with the reason.
            traineeName = await (await C()).ExecuteScalarAsync<string?>("""
                SELECT name FROM enrollments WHERE id = @traineeId AND cohort_id = @cohort AND category = 'trainee' AND status = 'active'
                """, new { traineeId, cohort = s.CohortId });
            if (traineeName is null) return await Refuse(CheckInOutcome.Fail(new Error("Attendance.UnknownTrainee", traineeId), 404, "traineeId"));
            enrollment = traineeId;
            at = Instant.Truncate(req.At ?? now);
            if (at > now.AddMinutes(1)) return await Refuse(CheckInOutcome.Fail(new Error("Attendance.FutureTime"), 400, "at"));
            method = "staff";
            // Someone signed in already is not signed in again by hand (a repeat of the same clientId still answers above).
            if (req.Kind == "in" && await FirstSignInAsync(await C(), s.Id, traineeId, clientId) is { } first)
            {
                log.LogWarning("Check-in refused: enrollment {EnrollmentId} already signed in to session {SessionId}", traineeId, s.Id);
                return await Refuse(CheckInOutcome.Fail(new Error("Attendance.AlreadySignedIn", traineeName,
                    Domain.Cohorts.ClassClock.ToLocal(first.At, s.TimeZone).ToString("HH:mm:ss")), 409, "traineeId"));
            }
        }
        else
        {
            var key = await KeyAsync();
            at = now;
            if (!string.IsNullOrWhiteSpace(req.Pass))
            {
                // The scan pass: the phone opened the link while the code was valid; the time that counts is the scan's.
                // Used within its lifetime, or uploaded later (within OfflineGrace) by a phone that queued it within
                // that lifetime of the scan, by its own clock: then flagged offline.
                var pc = ScanPass.Verify(key, req.Pass, s.Id, passDevice, out var claims);
                var age = pc == PassCheck.Ok ? now - claims!.ScannedAt : TimeSpan.Zero;
                var queued = req.At is { } d0 && d0 >= claims?.ScannedAt.AddMinutes(-1) && d0 <= claims?.ScannedAt + ScanPass.Lifetime;
                if (pc == PassCheck.Ok && age > ScanPass.Lifetime && (age > OfflineGrace || !queued)) pc = PassCheck.Malformed;
                if (pc != PassCheck.Ok || age < TimeSpan.FromMinutes(-1))
                {
                    log.LogWarning("Check-in refused: pass {Check} for session {SessionId} by user {UserId}", pc, s.Id, me.Id);
                    return await Refuse(CheckInOutcome.Fail(new Error(pc == PassCheck.OtherDevice ? "Attendance.PassOtherDevice" : "Attendance.PassInvalid"), 422));
                }
                offline = age > ScanPass.Lifetime;
                // A sign-in counts from the scan; a sign-out from the tap (now, or the phone's time of a queued one, held
                // within the pass's minutes), or one made with the same page right after signing in would say 按时.
                at = Instant.Truncate(req.Kind == "in" ? claims!.ScannedAt
                    : offline ? Clamp(req.At!.Value, claims!.ScannedAt, claims.ScannedAt + ScanPass.Lifetime) : now);
            }
            else
            {
                var check = VerifyQr(key, req.Token, s, now);
                // Offline without a pass: the phone says it scanned while the network was down, with a code that was valid
                // at the time it claims (at most OfflineGrace ago). A photo of the code forwarded to someone who is not
                // there passes that test too, so it is not counted: it is held for the head teacher (HeldCheckIns), at
                // the phone's time held within the code's own two steps.
                if (check == QrCheck.Expired && req.At is { } deviceAt && deviceAt <= now && now - deviceAt <= OfflineGrace
                    && QrToken.Verify(key, req.Token, s.Id, deviceAt, s.Rotation) == QrCheck.Ok)
                {
                    var step = long.Parse(req.Token!.Split('.')[1]);
                    var from = QrToken.IssuedAt(step, s.Rotation);
                    var to = QrToken.IssuedAt(step + 2, s.Rotation);
                    at = Instant.Truncate(deviceAt < from ? from : deviceAt > to ? to : deviceAt);
                    check = QrCheck.Ok;
                    offline = true;
                }
                if (check != QrCheck.Ok)
                {
                    log.LogWarning("Check-in refused: token {Check} for session {SessionId} by user {UserId}", check, s.Id, me.Id);
                    return await Refuse(check == QrCheck.Malformed && string.IsNullOrWhiteSpace(req.Token)
                        ? CheckInOutcome.Fail(new Error("Attendance.TokenRequired"), 400, "token")
                        : CheckInOutcome.Fail(new Error("Attendance.Token" + check), 422));
                }
            }
            if (await EnrollmentOfAsync(s.CohortId, me.Id) is not { } mine)
            {
                log.LogWarning("Check-in refused: user {UserId} not enrolled in class {CohortId}", me.Id, s.CohortId);
                return await Refuse(CheckInOutcome.Fail(new Error("Attendance.NotEnrolled"), 422));
            }
            enrollment = mine;
            method = "qr";
        }

        var local = (DateTimeOffset t) => Domain.Cohorts.ClassClock.ToLocal(t, s.TimeZone).ToString("HH:mm");
        var open = req.Kind == "in" ? AttendanceRulebook.SignInOpen(s.StartsAt, s.EndsAt, s.Rules, at)
                                    : AttendanceRulebook.SignOutOpen(s.StartsAt, s.EndsAt, s.Rules, at);
        if (!open)
        {
            log.LogWarning("Check-in refused: window closed for session {SessionId}, enrollment {EnrollmentId}", s.Id, enrollment);
            return await Refuse(CheckInOutcome.Fail(req.Kind == "in"
                ? new Error("Attendance.WindowClosed", local(AttendanceRulebook.OpensAt(s.StartsAt, s.Rules)), local(s.EndsAt))
                : new Error("Attendance.SignOutWindowClosed", local(s.StartsAt), local(AttendanceRulebook.SignOutClosesAt(s.EndsAt, s.Rules))), 422));
        }

        if (method == "qr" && offline && string.IsNullOrWhiteSpace(req.Pass))
        {
            log.LogWarning("Check-in held: offline without a pass, session {SessionId}, enrollment {EnrollmentId}", s.Id, enrollment);
            return await held.HoldAsync(s, enrollment, req.Kind!, clientId, at, Instant.Truncate(req.At!.Value), now, req.DeviceId);
        }
        // 签退 before the end that counts is 早退 or 擅自离开: the trainee confirms it knowing which (the phone asks first;
        // an API client that did not is told here what it would record).
        if (method == "qr" && req.Kind == "out" && req.Confirm != true)
        {
            var (consequence, early) = AttendanceRulebook.SignOutConsequence(s.StartsAt, s.EndsAt, s.Rules,
                (await readings.FactsAsync(s)).LeaveOf(enrollment), at);
            if (consequence is { } c)
                return await Refuse(CheckInOutcome.Fail(new Error("Attendance.ConfirmSignOut", local(at), local(s.EndsAt),
                    AttendanceReports.StatusName(c.Code()), early), 409, "confirm"));
        }

        var flags = new List<string>();
        if (offline) flags.Add("offline");
        var device = string.IsNullOrWhiteSpace(req.DeviceId) ? null : req.DeviceId.Trim()[..Math.Min(64, req.DeviceId.Trim().Length)];
        double? distance = null;
        if (method == "qr" && s.CheckinRadiusMeters is { } radius && s.Latitude is { } lat && s.Longitude is { } lon)
        {
            if (req.Latitude is { } plat && req.Longitude is { } plon)
            {
                distance = Math.Round(Geo.DistanceMeters(lat, lon, plat, plon), 1);
                if (distance > radius) flags.Add("out_of_radius");
            }
            else flags.Add("no_position");
        }

        var w = await writer.InsertAsync(new NewCheckIn(s.Id, enrollment, req.Kind!, clientId, at,
            req.At is { } d ? Instant.Truncate(d) : null, now, method, device, me.Id, string.Join(',', flags), distance,
            ReopensSession: now > s.EndsAt, Reason: method == "staff" ? req.Reason?.Trim() : null, TraineeName: traineeName));
        if (w.Existing is { } earlier) return await RepeatAsync(me, staff, s, req, earlier, (w.SignedInAt, true));
        if (w.NoSignIn)
        {
            log.LogWarning("Check-in refused: sign-out without sign-in, session {SessionId}, enrollment {EnrollmentId}", s.Id, enrollment);
            return CheckInOutcome.Fail(new Error("Attendance.NoSignIn"), 422);
        }
        if (w.Id is null) // the same clientId arrived twice at once: the other one won
            return await RepeatAsync(me, staff, s, req, (await ByClientIdAsync(await C(), clientId))!);
        var dto = new CheckInDto(w.Id.Value, s.Id, enrollment, req.Kind!, clientId, at, req.At is { } dd ? Instant.Truncate(dd) : null, now, method,
            w.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries));
        return new(dto with { Reading = await readings.ReadAsync(s, enrollment, w.SignedInAt ?? (req.Kind == "in" ? at : null), req.Kind == "out" ? at : null) },
            true, null);
        }
        finally
        {
            if (conn is not null) await conn.DisposeAsync();
        }
    }

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset from, DateTimeOffset to) => t < from ? from : t > to ? to : t;

    // Every trainee in the room scans the same code for its 15 s: its signature is checked once per step, not per scan.
    private readonly ConcurrentDictionary<(string Token, long Session, long Step, int Rotation), QrCheck> _verified = new();
    private int _verifiedCount;

    private QrCheck VerifyQr(byte[] key, string? token, CheckInSessionRow s, DateTimeOffset now)
    {
        if (token is null || token.Length > 100) return QrToken.Verify(key, token, s.Id, now, s.Rotation);
        var k = (token, s.Id, QrToken.Step(now, s.Rotation), s.Rotation);
        if (_verified.TryGetValue(k, out var check)) return check;
        check = QrToken.Verify(key, token, s.Id, now, s.Rotation);
        if (Interlocked.Increment(ref _verifiedCount) > 10_000) { _verified.Clear(); Volatile.Write(ref _verifiedCount, 0); }
        _verified[k] = check;
        return check;
    }

    /// <summary>The earliest sign-in of a trainee in a session other than <paramref name="clientId"/>, or null.</summary>
    private static Task<CheckInRow?> FirstSignInAsync(DbConnection c, long sessionId, long enrollmentId, string clientId) =>
        c.QueryFirstOrDefaultAsync<CheckInRow>("""
            SELECT * FROM check_ins WHERE session_id = @sessionId AND enrollment_id = @enrollmentId AND kind = 'in' AND client_id <> @clientId
            ORDER BY at, id
            """, new { sessionId, enrollmentId, clientId });

    private static Task<CheckInRow?> ByClientIdAsync(DbConnection c, string clientId) =>
        c.QuerySingleOrDefaultAsync<CheckInRow>("SELECT * FROM check_ins WHERE client_id = @clientId", new { clientId });

    /// <param name="known">The first sign-in as the writer knew it (a retry in the burst: no read), or (null, false): read it.</param>
    private async Task<CheckInOutcome> RepeatAsync(CurrentUser me, bool staff, CheckInSessionRow s, CheckInRequest req, CheckInRow first,
        (DateTimeOffset? SignedIn, bool Known) known = default)
    {
        long? expected = staff && req.TraineeId is { } t ? t : await EnrollmentOfAsync(s.CohortId, me.Id);
        if (first.SessionId != s.Id || first.EnrollmentId != expected || first.Kind != req.Kind)
        {
            log.LogWarning("Check-in refused: clientId reused for another trainee, session or kind (session {SessionId})", s.Id);
            return CheckInOutcome.Fail(new Error("Attendance.ClientIdReused"), 409, "clientId");
        }
        if (known.Known)
            return new(ToDto(first) with
            {
                Reading = await readings.ReadAsync(s, first.EnrollmentId, known.SignedIn ?? (first.Kind == "in" ? first.At : null), first.Kind == "out" ? first.At : null),
            }, false, null);
        // Otherwise (a retry after a refusal, a race for the clientId): the status is read from the trainee's scans.
        List<CheckInRow> rows;
        await using (var c = await db.OpenAsync())
            rows = (await c.QueryAsync<CheckInRow>("SELECT * FROM check_ins WHERE session_id = @s AND enrollment_id = @e",
                new { s = s.Id, e = first.EnrollmentId })).ToList();
        DateTimeOffset? signIn = rows.Where(r => r.Kind == "in").Select(r => (DateTimeOffset?)r.At).Min();
        DateTimeOffset? signOut = rows.Where(r => r.Kind == "out").Select(r => (DateTimeOffset?)r.At).Max();
        return new(ToDto(first) with { Reading = await readings.ReadAsync(s, first.EnrollmentId, signIn, signOut) }, false, null);
    }

    private static CheckInDto ToDto(CheckInRow r) => new(r.Id, r.SessionId, r.EnrollmentId, r.Kind, r.ClientId, r.At, r.DeviceAt, r.ServerAt, r.Method,
        r.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries));

    // ---------------------------------------------------------------- statuses

    public async Task<IReadOnlyList<TraineeRow>> TraineesAsync(DbConnection c, long cohortId, DbTransaction? tx = null) =>
        (await c.QueryAsync<TraineeRow>("""
            SELECT e.id, e.user_id, e.name, e.unit_id, u.name AS unit_name, u.path AS unit_path, u.sort_key AS unit_sort_key, e.position
            FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active'
            ORDER BY u.sort_key, e.id
            """, new { cohortId }, tx)).ToList();

    internal sealed record Facts(ILookup<(long, long), CheckInRow> CheckIns, Dictionary<(long, long), MarkRow> Marks, ILookup<long, LeaveSpan> Leave)
    {
        /// <summary>Phones that scanned for more than one trainee in a session (代签, proxy sign-in): flagged, not refused —
        /// found when read, so the burst at the start pays nothing for it.</summary>
        public HashSet<(long Session, string Device)> SharedDevices { get; } = CheckIns.SelectMany(g => g)
            .Where(r => r.Method == "qr" && r.DeviceKey is not null)
            .GroupBy(r => (r.SessionId, r.DeviceKey!))
            .Where(g => g.Select(r => r.EnrollmentId).Distinct().Skip(1).Any())
            .Select(g => g.Key).ToHashSet();
    }

    /// <summary>Scans, marks and approved leave of some sessions of a class: what <see cref="Line"/> derives statuses from.</summary>
    internal static async Task<Facts> FactsAsync(DbConnection c, DbTransaction? tx, long cohortId, IReadOnlyCollection<long> sessionIds)
    {
        if (sessionIds.Count == 0)
            return new(Array.Empty<CheckInRow>().ToLookup(r => (r.SessionId, r.EnrollmentId)), new(), Array.Empty<LeaveSpan>().ToLookup(_ => 0L));
        // One session by its id; several by the class (no list parameter: Npgsql and SQLite take lists differently).
        var one = sessionIds.Count == 1 ? sessionIds.First() : 0;
        var where = one != 0 ? "session_id = @one" : "session_id IN (SELECT id FROM sessions WHERE cohort_id = @cohortId)";
        var wanted = sessionIds as IReadOnlySet<long> ?? sessionIds.ToHashSet();
        var checkIns = (await c.QueryAsync<CheckInRow>($"SELECT * FROM check_ins WHERE {where}", new { one, cohortId }, tx))
            .Where(r => wanted.Contains(r.SessionId)).ToLookup(r => (r.SessionId, r.EnrollmentId));
        var marks = (await c.QueryAsync<MarkRow>($"SELECT * FROM attendance_marks WHERE {where}", new { one, cohortId }, tx))
            .Where(m => wanted.Contains(m.SessionId)).ToDictionary(m => (m.SessionId, m.EnrollmentId));
        return new(checkIns, marks, await ApprovedLeaveAsync(c, tx, cohortId));
    }

    /// <summary>A class's approved leave, by enrolment: what every status is derived with (here and for a phone's answer).</summary>
    internal static async Task<ILookup<long, LeaveSpan>> ApprovedLeaveAsync(DbConnection c, DbTransaction? tx, long cohortId) =>
        (await c.QueryAsync<LeaveRow>("SELECT * FROM leave_requests WHERE cohort_id = @cohortId AND status = 'approved'", new { cohortId }, tx))
            .ToLookup(l => l.EnrollmentId, l => new LeaveSpan(l.StartsAt, l.EndsAt));

    /// <summary>One trainee in one session: the head teacher's mark if there is one, else what the rules derive.</summary>
    internal static AttendanceLine Line(CheckInSessionRow s, TraineeRow t, Facts f, DateTimeOffset now)
    {
        var rows = f.CheckIns[(s.Id, t.Id)].ToList();
        DateTimeOffset? signIn = rows.Where(r => r.Kind == "in").Select(r => (DateTimeOffset?)r.At).Min();
        DateTimeOffset? signOut = rows.Where(r => r.Kind == "out").Select(r => (DateTimeOffset?)r.At).Max();
        var flags = rows.SelectMany(r => r.Flags.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        if (rows.Any(r => r.DeviceKey is not null && f.SharedDevices.Contains((s.Id, r.DeviceKey)))) flags.Add("shared_device");
        if (f.Marks.TryGetValue((s.Id, t.Id), out var m))
            return new(t.Id, t.Name, t.UnitId, t.UnitName, signIn, signOut, m.Status, m.LateMinutes, 0, true, m.Reason, flags);
        var o = AttendanceRulebook.Evaluate(s.StartsAt, s.EndsAt, s.Rules, signIn, signOut, f.Leave[t.Id].ToList(), now);
        return new(t.Id, t.Name, t.UnitId, t.UnitName, signIn, signOut, o.Status.Code(), o.LateMinutes, o.EarlyLeaveMinutes, false, null, flags);
    }

    public async Task<SessionAttendanceDto> SessionAttendanceAsync(CheckInSessionRow s, long? onlyEnrollment = null)
    {
        await using var c = await db.OpenAsync();
        var now = clock.GetUtcNow();
        var trainees = (await TraineesAsync(c, s.CohortId)).Where(t => onlyEnrollment is null || t.Id == onlyEnrollment).ToList();
        var facts = await FactsAsync(c, null, s.CohortId, [s.Id]);
        var lines = trainees.Select(t => Line(s, t, facts, now)).ToList();
        var inCount = lines.Count(l => l.SignedInAt is not null || l.Status is "present" or "late" or "early_leave");
        return new(s.Id, s.CohortId, s.Title, s.StartsAt, s.EndsAt, AttendanceRulebook.OpensAt(s.StartsAt, s.Rules),
            AttendanceRulebook.SignInOpen(s.StartsAt, s.EndsAt, s.Rules, now), lines.Count, inCount,
            lines.Count(l => l.Status is "pending" or "absent"), lines);
    }

    /// <summary>The head teacher's marks, in one transaction, each change in the audit log (who, when, old → new, why).</summary>
    public async Task<Result<int>> MarkAsync(CurrentUser me, CheckInSessionRow s, IReadOnlyList<long> trainees, AttendanceStatus status, int lateMinutes, string reason)
    {
        if (s.CancelledAt is not null) return new Error("Attendance.SessionCancelled");
        var now = Instant.Truncate(clock.GetUtcNow());
        var before = (await SessionAttendanceAsync(s)).Trainees.ToDictionary(l => l.TraineeId);
        var unknown = trainees.FirstOrDefault(t => !before.ContainsKey(t));
        if (unknown != 0) return new Error("Attendance.UnknownTrainee", unknown);
        var count = await db.InTransactionAsync(async (c, tx) =>
        {
            foreach (var t in trainees.Distinct())
            {
                var old = before[t];
                await c.ExecuteAsync("""
                    INSERT INTO attendance_marks (session_id, enrollment_id, status, late_minutes, reason, marked_by, marked_at)
                    VALUES (@sid, @t, @status, @late, @reason, @by, @now)
                    ON CONFLICT (session_id, enrollment_id) DO UPDATE SET status = excluded.status, late_minutes = excluded.late_minutes,
                        reason = excluded.reason, marked_by = excluded.marked_by, marked_at = excluded.marked_at
                    """, new { sid = s.Id, t, status = status.Code(), late = status == AttendanceStatus.Late ? Math.Max(1, lateMinutes) : 0, reason, by = me.Id, now }, tx);
                await AttendanceSettlement.ReopenSessionAsync(c, tx, s.Id);
                await Audit.WriteAsync(c, tx, me.Id, now, "attendance", s.Id, "mark",
                    JsonSerializer.Serialize(new { trainee = t, status = old.Status, marked = old.Marked }),
                    JsonSerializer.Serialize(new { trainee = t, status = status.Code() }), reason);
            }
            return trainees.Distinct().Count();
        });
        readings.Forget(s.CohortId); // a phone's next answer says the mark
        return Result<int>.Ok(count);
    }


    public sealed class AuditRow
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public long? UserId { get; init; }
        public string? Username { get; init; }
        public string Action { get; init; } = "";
        public string? OldValue { get; init; }
        public string? NewValue { get; init; }
        public string? Reason { get; init; }
    }

    public async Task<IReadOnlyList<AuditRow>> AuditOfSessionAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<AuditRow>("""
            SELECT a.id, a.at, a.user_id, u.username, a.action, a.old_value, a.new_value, a.reason
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.entity = 'attendance' AND a.entity_id = @sessionId ORDER BY a.id DESC
            """, new { sessionId })).ToList();
    }

    // ---------------------------------------------------------------- the class as a whole

    /// <summary>Every trainee × every session of a class that takes sign-in. Settled sessions are read from
    /// <c>attendance</c>; the others are derived from their scans now (<paramref name="derive"/>: derive all, as a check).</summary>
    /// <param name="onlyEnrollment">One trainee's row only (a trainee's own attendance page): the same derivation.</param>
    public async Task<(IReadOnlyList<CheckInSessionRow> Sessions, IReadOnlyList<TraineeRow> Trainees, AttendanceLine[,] Grid)> GridAsync(long cohortId,
        bool derive = false, long? onlyEnrollment = null)
    {
        await using var c = await db.OpenAsync();
        var now = clock.GetUtcNow();
        var sessions = await SessionsOfAsync(c, cohortId);
        var trainees = await TraineesAsync(c, cohortId);
        if (onlyEnrollment is { } only) trainees = trainees.Where(t => t.Id == only).ToList();
        var settled = new Dictionary<(long, long), SettledRow>();
        if (!derive && sessions.Any(s => s.AttendanceSettledAt is not null))
            foreach (var r in await c.QueryAsync<SettledRow>($"""
                SELECT a.* FROM attendance a JOIN sessions s ON s.id = a.session_id
                WHERE a.cohort_id = @cohortId AND s.attendance_settled_at IS NOT NULL{(onlyEnrollment is null ? "" : " AND a.enrollment_id = @onlyEnrollment")}
                """, new { cohortId, onlyEnrollment }))
                settled[(r.SessionId, r.EnrollmentId)] = r;
        // a settled session missing a trainee (should not happen: roster changes reopen it) is derived instead
        var derived = sessions.Where(s => AttendanceRulebook.OpensAt(s.StartsAt, s.Rules) <= now
            && (derive || s.AttendanceSettledAt is null || trainees.Any(t => !settled.ContainsKey((s.Id, t.Id))))).Select(s => s.Id).ToHashSet();
        var facts = await FactsAsync(c, null, cohortId, derived);
        var grid = new AttendanceLine[trainees.Count, sessions.Count];
        for (var j = 0; j < sessions.Count; j++)
        {
            var s = sessions[j];
            var live = derived.Contains(s.Id);
            for (var i = 0; i < trainees.Count; i++)
            {
                var t = trainees[i];
                grid[i, j] = live ? Line(s, t, facts, now)
                    : settled.TryGetValue((s.Id, t.Id), out var r) ? r.ToLine(t)
                    : new(t.Id, t.Name, t.UnitId, t.UnitName, null, null, "pending", 0, 0, false, null, []); // sign-in not open yet
            }
        }
        return (sessions, trainees, grid);
    }

    /// <summary>Sessions (alias s) whose type is not delivered in person (<c>session_types.delivery</c>): online learning's items.</summary>
    public const string IsOnline = "s.session_type IN (SELECT code FROM session_types WHERE delivery <> 'in_person')";

    /// <summary>
    /// A session that takes QR sign-in: sign-in required and delivered in person. Online live courses and case pushes
    /// (session types whose delivery is live_online or self_paced) never do: their attendance is the platform's export or
    /// reading (Features/Online), so no one is absent from them for want of a scan (#21 point 1).
    /// </summary>
    public const string TakesSignIn = "s.sign_in_required = TRUE AND NOT (" + IsOnline + ")";

    /// <summary>The sessions of a class that take sign-in and are not cancelled (已取消 counts nowhere), in order.</summary>
    public static async Task<List<CheckInSessionRow>> SessionsOfAsync(DbConnection c, long cohortId) =>
        (await c.QueryAsync<CheckInSessionRow>(SelectSession + " WHERE s.cohort_id = @cohortId AND " + TakesSignIn + " AND s.cancelled_at IS NULL ORDER BY s.starts_at, s.sort_order, s.id",
            new { cohortId })).ToList();

    public sealed class SettledRow
    {
        public long SessionId { get; init; }
        public long EnrollmentId { get; init; }
        public string Status { get; init; } = "";
        public int LateMinutes { get; init; }
        public int EarlyLeaveMinutes { get; init; }
        public DateTimeOffset? SignedInAt { get; init; }
        public DateTimeOffset? SignedOutAt { get; init; }
        public bool Marked { get; init; }
        public string? Reason { get; init; }
        public string Flags { get; init; } = "";

        public AttendanceLine ToLine(TraineeRow t) => new(t.Id, t.Name, t.UnitId, t.UnitName, SignedInAt, SignedOutAt, Status, LateMinutes,
            EarlyLeaveMinutes, Marked, Reason, Flags.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    public sealed class UnitRow
    {
        public long Id { get; init; }
        public long? ParentId { get; init; }
        public string Name { get; init; } = "";
        public string Path { get; init; } = "";
        /// <summary>Tree order as ordinal text (Domain.Units.UnitOrder): sort units by this, never by Path or id.</summary>
        public string SortKey { get; init; } = "";
    }

    /// <summary>Every unit, in tree order (departments first, siblings in their order).</summary>
    public async Task<IReadOnlyList<UnitRow>> UnitsAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<UnitRow>("SELECT id, parent_id, name, path, sort_key FROM units ORDER BY sort_key, id")).ToList();
    }
}
