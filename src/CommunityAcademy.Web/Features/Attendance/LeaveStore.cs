using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>What a leave request asks: chosen sessions, or a time span (UTC); the reason; a photo of a note — a new one
/// (<see cref="Photo"/>, from the page) or one uploaded before (<see cref="AttachmentId"/>, from the API).</summary>
public sealed record LeaveAsk(IReadOnlyList<long>? SessionIds, DateTimeOffset? From, DateTimeOffset? To, string Reason,
    long? AttachmentId = null, AttachmentFile? Photo = null);

/// <summary>A session a trainee may still ask leave for (not cancelled, not ended), as the form lists it.</summary>
public sealed record LeaveChoice(long Id, DateOnly Day, string StartTime, string EndTime, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>请假 (LeaveRequest): a trainee asks, a head teacher or organizer decides; approved leave excuses the sessions it covers.</summary>
public sealed class LeaveStore(Db db, AttachmentStore attachments, CheckInReadings readings, TimeProvider clock)
{
    /// <summary>The attachment owner kind of a leave note's photo: owner_id is the trainee's enrolment.</summary>
    public const string NoteKind = "leave_note";

    private const string Select = """
        SELECT l.id, l.cohort_id, l.enrollment_id, e.name AS trainee_name, l.starts_at, l.ends_at, l.reason, l.status, l.requested_at,
               l.decided_by, l.decided_at, l.decision_note, l.attachment_id
        FROM leave_requests l JOIN enrollments e ON e.id = l.enrollment_id
        """;

    private static LeaveDto ToDto(LeaveRow r, IReadOnlyList<long> sessions) => new(r.Id, r.CohortId, r.EnrollmentId, r.TraineeName, r.StartsAt, r.EndsAt,
        r.Reason, r.Status, r.RequestedAt, r.DecidedAt, r.DecisionNote, sessions, r.AttachmentId);

    private static async Task<List<LeaveDto>> WithSessionsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long cohortId, IEnumerable<LeaveRow> rows)
    {
        var sessions = (await c.QueryAsync<(long LeaveId, long SessionId)>("""
            SELECT ls.leave_request_id, ls.session_id FROM leave_request_sessions ls JOIN leave_requests l ON l.id = ls.leave_request_id
            WHERE l.cohort_id = @cohortId ORDER BY ls.leave_request_id, ls.session_id
            """, new { cohortId }, tx)).ToLookup(x => x.LeaveId, x => x.SessionId);
        return rows.Select(r => ToDto(r, sessions[r.Id].ToList())).ToList();
    }

    /// <summary>The class of a leave request; null when there is none.</summary>
    public async Task<long?> CohortOfAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM leave_requests WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<LeaveDto>> ListAsync(long cohortId, long? userId)
    {
        await using var c = await db.OpenAsync();
        var rows = await c.QueryAsync<LeaveRow>(Select + " WHERE l.cohort_id = @cohortId" + (userId is null ? "" : " AND e.user_id = @userId") + " ORDER BY l.id",
            new { cohortId, userId });
        return await WithSessionsAsync(c, null, cohortId, rows);
    }

    /// <summary>The sessions of a class a trainee may ask leave for: not cancelled and not ended, in time order.</summary>
    public async Task<IReadOnlyList<LeaveChoice>> ChoicesAsync(CohortRow cohort) =>
        (await SlotsAsync(cohort.Id)).Where(s => s.EndsAt > clock.GetUtcNow()).ToList();

    /// <summary>Every session of the class that is not cancelled, in time order.</summary>
    public async Task<List<LeaveChoice>> SlotsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<ChoiceRow>("""
            SELECT id, session_date, start_time, end_time, title, starts_at, ends_at FROM sessions
            WHERE cohort_id = @cohortId AND cancelled_at IS NULL ORDER BY starts_at, sort_order, id
            """, new { cohortId })).Select(r => new LeaveChoice(r.Id, r.SessionDate, r.StartTime, r.EndTime, r.Title, r.StartsAt, r.EndsAt)).ToList();
    }

    /// <summary>The active trainee enrolment the request is for: the caller's own, or (staff) the one named.</summary>
    private static Task<long?> EnrollmentAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, CurrentUser me, long? traineeId, long cohortId) =>
        traineeId is { } t
            ? c.ExecuteScalarAsync<long?>("SELECT id FROM enrollments WHERE id = @t AND cohort_id = @cohortId AND category = 'trainee' AND status = 'active'", new { t, cohortId }, tx)
            : c.ExecuteScalarAsync<long?>("SELECT id FROM enrollments WHERE user_id = @u AND cohort_id = @cohortId AND category = 'trainee' AND status = 'active'", new { u = me.Id, cohortId }, tx);

    /// <summary>
    /// Asks for leave: chosen sessions make one request per run of adjacent ones (<see cref="LeavePlan"/>), a span one
    /// request. The photo is stored once, with the requests, in one transaction: all or nothing. The class's "no leave"
    /// rule is the caller's to check first (it quotes the rule).
    /// </summary>
    public async Task<Result<IReadOnlyList<LeaveDto>>> RequestAsync(CurrentUser me, long? traineeId, CohortRow cohort, LeaveAsk ask)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        List<LeavePart> parts;
        if (ask.SessionIds is { Count: > 0 } ids)
        {
            var slots = await SlotsAsync(cohort.Id);
            var open = slots.Where(s => s.EndsAt > now).Select(s => s.Id).ToHashSet();
            var unknown = ids.Where(id => !open.Contains(id)).ToList();
            if (unknown.Count > 0) return new Error("Attendance.LeaveSessionUnknown", unknown[0]);
            parts = LeavePlan.Split(slots.Select(s => new LeaveSlot(s.Id, s.Day, s.StartsAt, s.EndsAt)), ids).ToList();
        }
        else if (ask.From is { } from && ask.To is { } to && to > from)
            parts = [new LeavePart(from, to, [])];
        else return new Error("Attendance.LeaveWhatRequired");

        try
        {
            return await db.InTransactionAsync<Result<IReadOnlyList<LeaveDto>>>(async (c, tx) =>
            {
                if (await EnrollmentAsync(c, tx, me, traineeId, cohort.Id) is not { } enrollment)
                    return traineeId is null ? new Error("Attendance.NotEnrolled") : new Error("Attendance.UnknownTrainee", traineeId);
                long? attachment = null;
                if (ask.Photo is { } photo) attachment = await attachments.InsertAsync(c, tx, photo, NoteKind, enrollment, cohort.Id, me.Id);
                else if (ask.AttachmentId is { } a)
                {
                    var mine = await c.ExecuteScalarAsync<long?>("SELECT id FROM attachments WHERE id = @a AND owner_kind = @kind AND owner_id = @enrollment",
                        new { a, kind = NoteKind, enrollment }, tx);
                    if (mine is null) return new Error("Attendance.LeaveNoteUnknown", a);
                    attachment = a;
                }
                var made = new List<long>();
                foreach (var p in parts)
                {
                    var id = await c.ExecuteScalarAsync<long>("""
                        INSERT INTO leave_requests (cohort_id, enrollment_id, starts_at, ends_at, reason, status, requested_at, attachment_id)
                        VALUES (@cohort, @enrollment, @from, @to, @reason, 'pending', @now, @attachment) RETURNING id
                        """, new { cohort = cohort.Id, enrollment, from = Instant.Truncate(p.From), to = Instant.Truncate(p.To), reason = ask.Reason, now, attachment }, tx);
                    foreach (var s in p.SessionIds)
                        await c.ExecuteAsync("INSERT INTO leave_request_sessions (leave_request_id, session_id) VALUES (@id, @s)", new { id, s }, tx);
                    made.Add(id);
                }
                var rows = (await c.QueryAsync<LeaveRow>(Select + " WHERE l.cohort_id = @cohort AND l.enrollment_id = @enrollment ORDER BY l.id",
                    new { cohort = cohort.Id, enrollment }, tx)).Where(r => made.Contains(r.Id));
                return Result<IReadOnlyList<LeaveDto>>.Ok(await WithSessionsAsync(c, tx, cohort.Id, rows));
            });
        }
        catch (AttachmentRefusedException e) { return new Error("Attendance.LeaveNoteRefused", e.Message); }
    }

    /// <summary>A photo of a note uploaded before the request (the API's two steps): it belongs to the caller's enrolment.</summary>
    public async Task<Result<long>> UploadNoteAsync(CurrentUser me, CohortRow cohort, AttachmentFile photo)
    {
        try
        {
            return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
                await EnrollmentAsync(c, tx, me, null, cohort.Id) is { } enrollment
                    ? Result<long>.Ok(await attachments.InsertAsync(c, tx, photo, NoteKind, enrollment, cohort.Id, me.Id))
                    : new Error("Attendance.NotEnrolled"));
        }
        catch (AttachmentRefusedException e) { return new Error("Attendance.LeaveNoteRefused", e.Message); }
    }

    /// <summary>Approves or refuses (a refusal says why); audited; approval reopens the settled statuses it covers.</summary>
    public async Task<Result<LeaveDto>> DecideAsync(CurrentUser me, long id, bool approve, string? note)
    {
        if (!approve && string.IsNullOrWhiteSpace(note)) return new Error("Attendance.RefusalReasonRequired");
        var now = Instant.Truncate(clock.GetUtcNow());
        var decided = await db.InTransactionAsync<Result<LeaveDto>>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<LeaveRow>(Select + " WHERE l.id = @id", new { id }, tx);
            if (row is null) return new Error("Attendance.UnknownLeave");
            if (row.Status != "pending") return new Error("Attendance.LeaveDecided");
            var status = approve ? "approved" : "refused";
            await c.ExecuteAsync("UPDATE leave_requests SET status = @status, decided_by = @by, decided_at = @now, decision_note = @note WHERE id = @id",
                new { status, by = me.Id, now, note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), id }, tx);
            if (approve) await AttendanceSettlement.ReopenSpanAsync(c, tx, row.CohortId, row.StartsAt, row.EndsAt);
            await Audit.WriteAsync(c, tx, me.Id, now, "leave_request", id, "decide", row.Status, status, note);
            var rows = await c.QueryAsync<LeaveRow>(Select + " WHERE l.id = @id", new { id }, tx);
            return Result<LeaveDto>.Ok((await WithSessionsAsync(c, tx, row.CohortId, rows)).Single());
        });
        if (decided.IsOk) readings.Forget(decided.Value!.CohortId); // a phone's next answer counts the leave
        return decided;
    }

    private sealed class ChoiceRow
    {
        public long Id { get; init; }
        public DateOnly SessionDate { get; init; }
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
    }
}

/// <summary>Who may see the photo of a leave note: the trainee it belongs to, and those who take attendance in the class.</summary>
public sealed class LeaveNoteAccess(Db db, CohortAccess access) : IAttachmentOwnerAccess
{
    public string OwnerKind => LeaveStore.NoteKind;

    public async Task<bool> MaySeeAsync(CurrentUser me, long enrollmentId)
    {
        (long? UserId, long CohortId)? e;
        await using (var c = await db.OpenAsync())
            e = await c.QuerySingleOrDefaultAsync<(long?, long)?>("SELECT user_id, cohort_id FROM enrollments WHERE id = @enrollmentId", new { enrollmentId });
        if (e is not { } found) return false;
        if (found.UserId == me.Id) return true;
        return AttendanceApi.TakesAttendance(me) && await access.CanSeeAsync(me, found.CohortId);
    }
}
