using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.LearningLogs;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.LearningLogs;

/// <summary>A comment of the head teacher or organizer on an entry.</summary>
public sealed record LogComment(long Id, long LogId, string Author, string Body, DateTimeOffset At);

/// <summary>One 学员日志 entry: a trainee's day, the sessions it is about, its photos (attachments), comments and 精选.</summary>
public sealed record LogEntry(long Id, long CohortId, long EnrollmentId, string TraineeName, long? UnitId, string? UnitName, DateOnly Day, string Body,
    DateTimeOffset UpdatedAt, bool Featured, IReadOnlyList<long> SessionIds, IReadOnlyList<long> PhotoIds, IReadOnlyList<LogComment> Comments);

/// <summary>Which entries of a class to list: a day, a trainee (enrolment), a unit, only the marked-good ones.</summary>
public sealed record LogFilter(DateOnly? Day = null, long? EnrollmentId = null, long? UnitId = null, bool FeaturedOnly = false);

/// <summary>A session of the class a day's entry may be tied to.</summary>
public sealed record LogSession(long Id, DateOnly Day, string StartTime, string EndTime, string Title);

/// <summary>
/// 学员日志 (#23 point 1): a trainee writes an entry a day (saved as typed: the same call saves a draft and a press of 保存),
/// optionally tied to sessions of that day, with photos from the attachment store; the head teacher or organizer reads
/// every entry of the class, comments and marks good ones (精选, audited). <see cref="FeaturedAsync"/> is what the class
/// summary (#24) reads.
/// </summary>
public sealed class LearningLogStore(Db db, AttachmentStore attachments, TimeProvider clock)
{
    /// <summary>The attachment owner kind of an entry's photo: owner_id is the entry.</summary>
    public const string PhotoKind = "learning_log";

    private sealed class Row
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public long EnrollmentId { get; init; }
        public string TraineeName { get; init; } = "";
        public long? UnitId { get; init; }
        public string? UnitName { get; init; }
        public DateOnly LogDate { get; init; }
        public string Body { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
        public DateTimeOffset? FeaturedAt { get; init; }
    }

    private sealed class SessionRow
    {
        public long Id { get; init; }
        public DateOnly SessionDate { get; init; }
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public string Title { get; init; } = "";
    }

    /// <summary>The class's day today (its own time zone).</summary>
    public DateOnly Today(CohortRow cohort) => DateOnly.FromDateTime(ClassClock.ToLocal(clock.GetUtcNow(), cohort.TimeZone).DateTime);

    /// <summary>The active trainee enrolment of a user in a class; null when there is none.</summary>
    public async Task<long?> EnrollmentOfAsync(long userId, long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long?>(
            "SELECT id FROM enrollments WHERE user_id = @userId AND cohort_id = @cohortId AND category = 'trainee' AND status = 'active'", new { userId, cohortId });
    }

    /// <summary>The class of an entry; null when there is none.</summary>
    public async Task<(long CohortId, long EnrollmentId)?> OwnerOfAsync(long logId)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<(long, long)?>("SELECT cohort_id, enrollment_id FROM learning_logs WHERE id = @logId", new { logId });
    }

    /// <summary>The sessions of the class that are not cancelled, in time order (an entry ties to those of its day).</summary>
    public async Task<IReadOnlyList<LogSession>> SessionsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<SessionRow>("""
            SELECT id, session_date, start_time, end_time, title FROM sessions
            WHERE cohort_id = @cohortId AND cancelled_at IS NULL ORDER BY starts_at, sort_order, id
            """, new { cohortId })).Select(s => new LogSession(s.Id, s.SessionDate, s.StartTime, s.EndTime, s.Title)).ToList();
    }

    /// <summary>A trainee's own entries, newest day first.</summary>
    public Task<IReadOnlyList<LogEntry>> MineAsync(long cohortId, long enrollmentId) => ListAsync(cohortId, new LogFilter(EnrollmentId: enrollmentId));

    /// <summary>The entries marked good (精选) of a class, by day and name: the class summary (#24) reads these.</summary>
    public Task<IReadOnlyList<LogEntry>> FeaturedAsync(long cohortId) => ListAsync(cohortId, new LogFilter(FeaturedOnly: true));

    /// <summary>A class's entries under a filter, newest day first, then by name; empty drafts left out of the staff's lists.</summary>
    public async Task<IReadOnlyList<LogEntry>> ListAsync(long cohortId, LogFilter filter)
    {
        await using var c = await db.OpenAsync();
        var where = "l.cohort_id = @cohortId";
        if (filter.Day is not null) where += " AND l.log_date = @day";
        if (filter.EnrollmentId is not null) where += " AND l.enrollment_id = @enrollment";
        else where += " AND l.body <> ''";
        if (filter.UnitId is not null) where += " AND e.unit_id = @unit";
        if (filter.FeaturedOnly) where += " AND l.featured_at IS NOT NULL";
        var p = new { cohortId, day = filter.Day, enrollment = filter.EnrollmentId, unit = filter.UnitId };
        var rows = (await c.QueryAsync<Row>($"""
            SELECT l.id, l.cohort_id, l.enrollment_id, e.name AS trainee_name, e.unit_id, u.name AS unit_name, l.log_date, l.body, l.updated_at, l.featured_at
            FROM learning_logs l JOIN enrollments e ON e.id = l.enrollment_id LEFT JOIN units u ON u.id = e.unit_id
            WHERE {where} ORDER BY l.log_date DESC, e.name, l.id
            """, p)).ToList();
        if (rows.Count == 0) return [];
        var sessions = (await c.QueryAsync<(long LogId, long SessionId)>("""
            SELECT s.log_id, s.session_id FROM learning_log_sessions s JOIN learning_logs l ON l.id = s.log_id WHERE l.cohort_id = @cohortId ORDER BY s.session_id
            """, new { cohortId })).ToLookup(x => x.LogId, x => x.SessionId);
        var comments = (await c.QueryAsync<(long Id, long LogId, string Author, string Body, DateTimeOffset At)>("""
            SELECT m.id, m.log_id, m.author_name, m.body, m.created_at FROM learning_log_comments m JOIN learning_logs l ON l.id = m.log_id
            WHERE l.cohort_id = @cohortId ORDER BY m.id
            """, new { cohortId })).ToLookup(x => x.LogId, x => new LogComment(x.Id, x.LogId, x.Author, x.Body, x.At));
        var photos = (await attachments.ForCohortAsync(PhotoKind, cohortId)).ToLookup(a => a.OwnerId, a => a.Id);
        return rows.Select(r => new LogEntry(r.Id, r.CohortId, r.EnrollmentId, r.TraineeName, r.UnitId, r.UnitName, r.LogDate, r.Body, r.UpdatedAt,
            r.FeaturedAt is not null, sessions[r.Id].ToList(), photos[r.Id].ToList(), comments[r.Id].ToList())).ToList();
    }

    /// <summary>
    /// Writes a trainee's entry of a day (creates it or replaces its text and sessions): the text at most
    /// <see cref="LogRules.MaxLength"/> characters, a day of the class not after today, sessions of that day; a photo is
    /// added (kept with the entry). All in one transaction: a refused photo stores nothing.
    /// </summary>
    public async Task<Result<LogEntry>> WriteAsync(CurrentUser me, CohortRow cohort, long enrollmentId, DateOnly day, string? body,
        IReadOnlyCollection<long> sessionIds, AttachmentFile? photo = null)
    {
        if (LogRules.CheckBody(body) is { } tooLong) return tooLong;
        if (LogRules.CheckDay(day, cohort.StartDate, cohort.EndDate, Today(cohort)) is { } badDay) return badDay;
        var ofDay = (await SessionsAsync(cohort.Id)).Where(s => s.Day == day).Select(s => s.Id).ToHashSet();
        if (sessionIds.FirstOrDefault(s => !ofDay.Contains(s)) is var unknown and > 0) return new Error("Logs.SessionNotOfDay", unknown);
        var now = Instant.Truncate(clock.GetUtcNow());
        try
        {
            var id = await db.InTransactionAsync(async (c, tx) =>
            {
                var id = await c.ExecuteScalarAsync<long?>("SELECT id FROM learning_logs WHERE enrollment_id = @enrollmentId AND log_date = @day",
                    new { enrollmentId, day }, tx);
                if (id is { } existing)
                    await c.ExecuteAsync("UPDATE learning_logs SET body = @body, updated_at = @now WHERE id = @existing", new { body = body ?? "", now, existing }, tx);
                else
                    id = await c.ExecuteScalarAsync<long>("""
                        INSERT INTO learning_logs (cohort_id, enrollment_id, log_date, body, created_at, updated_at)
                        VALUES (@cohort, @enrollmentId, @day, @body, @now, @now) RETURNING id
                        """, new { cohort = cohort.Id, enrollmentId, day, body = body ?? "", now }, tx);
                await c.ExecuteAsync("DELETE FROM learning_log_sessions WHERE log_id = @id", new { id }, tx);
                foreach (var s in sessionIds.Distinct())
                    await c.ExecuteAsync("INSERT INTO learning_log_sessions (log_id, session_id) VALUES (@id, @s)", new { id, s }, tx);
                if (photo is not null) await attachments.InsertAsync(c, tx, photo, PhotoKind, id!.Value, cohort.Id, me.Id);
                return id!.Value;
            });
            return Result<LogEntry>.Ok((await ListAsync(cohort.Id, new LogFilter(EnrollmentId: enrollmentId))).Single(e => e.Id == id));
        }
        catch (AttachmentRefusedException e) { return new Error("Logs.PhotoRefused", e.Message); }
    }

    /// <summary>A comment on an entry of the class, by its head teacher or organizer.</summary>
    public async Task<Result<LogComment>> CommentAsync(CurrentUser me, long cohortId, long logId, string? body)
    {
        if (LogRules.CheckComment(body) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<LogComment>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM learning_logs WHERE id = @logId AND cohort_id = @cohortId", new { logId, cohortId }, tx) is null)
                return new Error("Logs.Unknown", logId);
            var author = await c.ExecuteScalarAsync<string>("SELECT COALESCE(display_name, username) FROM users WHERE id = @id", new { id = me.Id }, tx) ?? "";
            var text = body!.Trim();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO learning_log_comments (log_id, author_id, author_name, body, created_at) VALUES (@logId, @me, @author, @text, @now) RETURNING id
                """, new { logId, me = me.Id, author, text, now }, tx);
            return Result<LogComment>.Ok(new LogComment(id, logId, author, text, now));
        });
    }

    /// <summary>Marks an entry good (精选) or takes the mark back; audited.</summary>
    public async Task<Result<bool>> MarkAsync(CurrentUser me, long cohortId, long logId, bool featured)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var was = await c.QuerySingleOrDefaultAsync<(long Id, DateTimeOffset? At)?>(
                "SELECT id, featured_at FROM learning_logs WHERE id = @logId AND cohort_id = @cohortId", new { logId, cohortId }, tx);
            if (was is not { } row) return new Error("Logs.Unknown", logId);
            if ((row.At is not null) == featured) return Result<bool>.Ok(featured);
            await c.ExecuteAsync("UPDATE learning_logs SET featured_at = @at, featured_by = @by WHERE id = @logId",
                new { at = featured ? now : (DateTimeOffset?)null, by = featured ? me.Id : (long?)null, logId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "learning_log", logId, featured ? "log.feature" : "log.unfeature");
            return Result<bool>.Ok(featured);
        });
    }
}

/// <summary>An entry's photos: to the trainee who wrote it and to those who take attendance in the class (head teacher, organizer).</summary>
public sealed class LogPhotoAccess(LearningLogStore logs, Db db, CohortAccess access) : IAttachmentOwnerAccess
{
    public string OwnerKind => LearningLogStore.PhotoKind;

    public async Task<bool> MaySeeAsync(CurrentUser me, long ownerId)
    {
        if (await logs.OwnerOfAsync(ownerId) is not { } owner) return false;
        await using (var c = await db.OpenAsync())
            if (await c.ExecuteScalarAsync<long?>("SELECT user_id FROM enrollments WHERE id = @e", new { e = owner.EnrollmentId }) == me.Id) return true;
        return AttendanceApi.TakesAttendance(me) && await access.CanSeeAsync(me, owner.CohortId);
    }
}
