using System.Data.Common;
using System.Globalization;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// The sessions of classes, with their people and places, clash warnings and study hours. Reads go through
/// <see cref="CohortStore"/> visibility: a class the caller may not see does not exist for them.
/// </summary>
public sealed class SessionStore(Db db, CohortStore cohorts, CatalogStore catalog, InstructorStore instructors,
    TeachingPointStore points, Texts texts, Attendance.AttendanceStore attendance)
{
    private const string SelectSession = """
        SELECT s.id, s.cohort_id, s.session_date, s.start_time, s.end_time, s.starts_at, s.ends_at, s.past_midnight, s.title,
               s.session_type, t.name AS type_name, t.delivery, s.workshop_method, m.name AS method_name, s.instructors,
               s.venue,
               s.teaching_point_id, tp.name AS teaching_point_name, tp.address AS teaching_point_address,
               s.scene_id, sc.name AS scene_name, s.sign_in_required, s.study_hours, s.online_link, s.material, s.sort_order,
               s.cancelled_at, s.cancel_reason,
               c.title AS cohort_title, c.time_zone AS cohort_time_zone, c.venue AS cohort_venue
        FROM sessions s
        JOIN cohorts c ON c.id = s.cohort_id
        LEFT JOIN session_types t ON t.code = s.session_type
        LEFT JOIN workshop_methods m ON m.code = s.workshop_method
        LEFT JOIN teaching_points tp ON tp.id = s.teaching_point_id
        LEFT JOIN scenes sc ON sc.id = s.scene_id
        """;

    /// <summary>The class if the caller may see it; null for unknown and hidden alike.</summary>
    /// <summary>The class, not checked against the caller: the /cohorts/{id} and /sessions/{id} routes are (CohortAccess).</summary>
    public Task<CohortRow?> CohortAsync(long cohortId) => cohorts.FindAsync(cohortId);

    public async Task<CohortRow?> VisibleCohortAsync(CurrentUser me, long cohortId) =>
        (await cohorts.ListVisibleAsync(me)).FirstOrDefault(c => c.Id == cohortId);

    public async Task<SessionCatalog> CatalogAsync() => new(
        await catalog.TypesAsync(), await catalog.MethodsAsync(), await instructors.ListAsync(), await instructors.TeamsAsync(), await points.ListAsync());

    /// <summary>Sessions matching a condition on "s", with their people, in time order.</summary>
    private async Task<List<SessionView>> LoadAsync(string where, object param)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<TimetableSessionRow>($"{SelectSession} WHERE {where} ORDER BY s.starts_at, s.sort_order, s.id", param)).ToList();
        if (rows.Count == 0) return [];
        var people = (await c.QueryAsync<SessionPersonRow>($"""
            SELECT si.session_id, si.instructor_id, si.team_id, COALESCE(i.name, tm.name) AS name, si.sort_order
            FROM session_instructors si
            LEFT JOIN instructors i ON i.id = si.instructor_id
            LEFT JOIN instructor_teams tm ON tm.id = si.team_id
            WHERE si.session_id IN (SELECT s.id FROM sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE {where})
            ORDER BY si.session_id, si.sort_order, si.id
            """, param)).ToLookup(p => p.SessionId);
        return rows.Select(r => new SessionView(r, people[r.Id].ToList(),
            StudyHours.Effective(r.StudyHours is { } h ? (decimal)h : null, r.EndsAt - r.StartsAt))).ToList();
    }

    public async Task<SessionView?> GetAsync(long sessionId) => (await LoadAsync("s.id = @sessionId", new { sessionId })).FirstOrDefault();

    /// <summary>The timetable of a class; warnings only when asked (staff), since they name other classes.</summary>
    public async Task<TimetableView> TimetableAsync(CohortRow cohort, bool withWarnings)
    {
        var sessions = await LoadAsync("s.cohort_id = @id", new { id = cohort.Id });
        var days = sessions.GroupBy(s => s.Row.SessionDate).OrderBy(g => g.Key)
            .Select(g => new TimetableDay(g.Key, g.Key.DayNumber - cohort.StartDate.DayNumber + 1, DayLabel(cohort, g.Key), g.ToList()))
            .ToList();
        var warnings = withWarnings ? await WarningsAsync(cohort, sessions) : [];
        return new TimetableView(cohort, sessions, days, warnings);
    }

    public static string DayLabel(CohortRow cohort, DateOnly date)
    {
        var n = date.DayNumber - cohort.StartDate.DayNumber + 1;
        return cohort.Days <= 14 && n >= 1 && n <= cohort.Days
            ? ChineseDays.DayLabel(n)
            : $"{date.Month}月{date.Day}日";
    }

    /// <summary>Every clash of the class's sessions, among themselves and with other classes.</summary>
    private async Task<IReadOnlyList<ClashView>> WarningsAsync(CohortRow cohort, IReadOnlyList<SessionView> listed)
    {
        // A cancelled session takes no room and no instructor: it clashes with nothing.
        var sessions = listed.Where(s => !s.Cancelled).ToList();
        if (sessions.Count == 0) return [];
        var from = sessions.Min(s => s.Row.StartsAt);
        var to = sessions.Max(s => s.Row.EndsAt);
        var others = await LoadAsync("s.cohort_id <> @id AND s.starts_at < @to AND s.ends_at > @from AND s.cancelled_at IS NULL", new { id = cohort.Id, from, to });
        var teams = (await instructors.TeamsAsync()).ToDictionary(t => t.Id);
        var names = (await instructors.ListAsync()).ToDictionary(i => i.Id, i => i.Name);
        var all = sessions.Concat(others).ToDictionary(s => s.Row.Id);

        Slot slot(SessionView s) => new(s.Row.Id, s.Row.CohortId, s.Row.Title, s.Row.SessionDate, s.Row.StartsAt, s.Row.EndsAt, s.Mode,
            s.People.Where(p => p.InstructorId is not null).Select(p => p.InstructorId!.Value).ToHashSet(),
            s.People.Where(p => p.TeamId is { } t && teams.ContainsKey(t)).ToDictionary(p => p.TeamId!.Value, p => teams[p.TeamId!.Value].People),
            // A session with no place of its own is in the class's room.
            s.Row.TeachingPointId, s.Row.Venue ?? (s.Row.TeachingPointId is null ? s.Row.CohortVenue : null));

        var clashes = ClashDetector.Detect(sessions.Select(slot).ToList(), new ClassDays(cohort.StartDate, cohort.EndDate, cohort.TimeZone),
            others.Select(slot).ToList());

        ClashSessionRef reference(Slot s)
        {
            var r = all[s.Id].Row;
            return new ClashSessionRef(r.Id, r.CohortId, r.CohortTitle ?? "", r.Title, r.SessionDate, r.StartTime, r.EndTime);
        }
        string describe(Slot s)
        {
            var r = all[s.Id].Row;
            var when = $"{r.SessionDate:yyyy-MM-dd} {all[s.Id].TimeText}";
            return r.CohortId == cohort.Id
                ? texts["Clash.Session", r.Title, when]
                : texts["Clash.OtherSession", r.Title, r.CohortTitle ?? "", when];
        }
        return clashes.Select(c =>
        {
            var (kind, message) = c.Kind switch
            {
                ClashKind.InstructorDoubleBooked => ("instructor_double_booked", texts["Clash.Instructor",
                    c.TeamId is { } t ? teams[t].Name : names.GetValueOrDefault(c.InstructorId ?? 0, "?"), describe(c.First), describe(c.Second!)]),
                ClashKind.VenueDoubleBooked => ("venue_double_booked", texts["Clash.Venue", all[c.First.Id].Row.TeachingPointName ?? all[c.First.Id].Row.Venue ?? all[c.First.Id].Row.CohortVenue ?? "", describe(c.First), describe(c.Second!)]),
                ClashKind.ClassInTwoPlaces => ("class_in_two_places", texts["Clash.TwoPlaces", describe(c.First), describe(c.Second!)]),
                ClashKind.Overlap => ("overlap", texts["Clash.Overlap", describe(c.First), describe(c.Second!)]),
                _ => ("outside_class_days", texts["Clash.OutsideDays", describe(c.First),
                    cohort.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cohort.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]),
            };
            IReadOnlyList<ClashSessionRef> refs = c.Second is null ? [reference(c.First)] : [reference(c.First), reference(c.Second)];
            return new ClashView(kind, message, refs);
        }).ToList();
    }

    public async Task<long> AddAsync(long cohortId, SessionData d) =>
        await db.InTransactionAsync(async (c, tx) => await InsertAsync(c, tx, cohortId, d));

    internal static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, long cohortId, SessionData d)
    {
        var order = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order), -1) + 1 FROM sessions WHERE cohort_id = @cohortId", new { cohortId }, tx);
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, past_midnight, title, session_type,
                workshop_method, instructors, venue, teaching_point_id, scene_id, sign_in_required, study_hours, online_link, material, sort_order)
            VALUES (@cohortId, @date, @start, @end, @startsAt, @endsAt, @pastMidnight, @title, @type, @method, @label, @venue, @tp, @scene,
                @signIn, @hours, @link, @material, @order)
            RETURNING id
            """, Params(d, new { cohortId, order }), tx);
        await SetPeopleAsync(c, tx, id, d);
        return id;
    }

    /// <summary>False when there is no such session.</summary>
    public async Task<bool> UpdateAsync(long sessionId, SessionData d) =>
        await db.InTransactionAsync(async (c, tx) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<Times>(
                "SELECT starts_at, ends_at, sign_in_required AS sign_in FROM sessions WHERE id = @sessionId", new { sessionId }, tx);
            var n = await c.ExecuteAsync("""
                UPDATE sessions SET session_date = @date, start_time = @start, end_time = @end, starts_at = @startsAt, ends_at = @endsAt,
                    past_midnight = @pastMidnight, title = @title, session_type = @type, workshop_method = @method, instructors = @label,
                    venue = @venue, teaching_point_id = @tp, scene_id = @scene, sign_in_required = @signIn, study_hours = @hours,
                    online_link = @link, material = @material
                WHERE id = @sessionId
                """, Params(d, new { sessionId }), tx);
            if (n == 0) return false;
            var after = await c.QuerySingleAsync<Times>(
                "SELECT starts_at, ends_at, sign_in_required AS sign_in FROM sessions WHERE id = @sessionId", new { sessionId }, tx);
            if (before is null || after.StartsAt != before.StartsAt || after.EndsAt != before.EndsAt || after.SignIn != before.SignIn)
            {
                // Moved, or sign-in switched: its statuses are derived again from the scans, and settled when it closes.
                await Attendance.AttendanceSettlement.ReopenSessionAsync(c, tx, sessionId);
                await c.ExecuteAsync("DELETE FROM attendance WHERE session_id = @sessionId", new { sessionId }, tx);
                await c.ExecuteAsync("DELETE FROM discipline_records WHERE session_id = @sessionId", new { sessionId }, tx);
            }
            await c.ExecuteAsync("DELETE FROM session_instructors WHERE session_id = @sessionId", new { sessionId }, tx);
            await SetPeopleAsync(c, tx, sessionId, d);
            return true;
        });

    private sealed class Times
    {
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public bool SignIn { get; init; }
    }

    /// <summary>What a session holds that deleting it would lose: sign-ins, hand marks, statuses, discipline records.</summary>
    public async Task<long> RecordsAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        return await RecordsAsync(c, null, sessionId);
    }

    private static Task<long> RecordsAsync(DbConnection c, DbTransaction? tx, long sessionId) => c.ExecuteScalarAsync<long>("""
        SELECT (SELECT COUNT(*) FROM check_ins WHERE session_id = @sessionId)
             + (SELECT COUNT(*) FROM attendance_marks WHERE session_id = @sessionId)
             + (SELECT COUNT(*) FROM attendance WHERE session_id = @sessionId AND (marked = TRUE OR signed_in_at IS NOT NULL))
             + (SELECT COUNT(*) FROM discipline_records WHERE session_id = @sessionId)
        """, new { sessionId }, tx);

    /// <summary>
    /// Deletes a session that holds no records. One with sign-ins, marks or discipline records is refused
    /// (<see cref="DeleteOutcome.HasRecords"/>): it is cancelled instead, so its attendance is not lost.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(long sessionId) =>
        await db.InTransactionAsync(async (c, tx) =>
        {
            if (await RecordsAsync(c, tx, sessionId) > 0) return DeleteOutcome.HasRecords;
            return await c.ExecuteAsync("DELETE FROM sessions WHERE id = @sessionId", new { sessionId }, tx) > 0
                ? DeleteOutcome.Deleted : DeleteOutcome.NotFound;
        });

    /// <summary>已取消: the session keeps every record, closes for sign-in and counts nowhere. False when there is no such session.</summary>
    public async Task<bool> CancelAsync(long sessionId, long userId, string? reason, DateTimeOffset now)
    {
        var done = await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                UPDATE sessions SET cancelled_at = COALESCE(cancelled_at, @now), cancelled_by = COALESCE(cancelled_by, @userId), cancel_reason = @reason
                WHERE id = @sessionId
                """, new { sessionId, userId, reason, now }, tx);
            if (n == 0) return false;
            await Audit.WriteAsync(c, tx, userId, now, "session", sessionId, "session.cancel", reason: reason);
            return true;
        });
        attendance.Forget(sessionId);
        return done;
    }

    /// <summary>Takes a cancellation back: the session counts again and is settled again from its records.</summary>
    public async Task<bool> RestoreAsync(long sessionId, long userId, DateTimeOffset now)
    {
        var done = await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("UPDATE sessions SET cancelled_at = NULL, cancelled_by = NULL, cancel_reason = NULL WHERE id = @sessionId",
                new { sessionId }, tx);
            if (n == 0) return false;
            await Attendance.AttendanceSettlement.ReopenSessionAsync(c, tx, sessionId);
            await Audit.WriteAsync(c, tx, userId, now, "session", sessionId, "session.restore");
            return true;
        });
        attendance.Forget(sessionId);
        return done;
    }

    public enum DeleteOutcome { Deleted, NotFound, HasRecords }

    private static DynamicParameters Params(SessionData d, object extra)
    {
        var p = new DynamicParameters(extra);
        p.AddDynamicParams(new
        {
            date = d.Times.Date, start = d.Times.StartText, end = d.Times.EndText, startsAt = d.Times.StartsAt, endsAt = d.Times.EndsAt,
            pastMidnight = d.Times.PastMidnight, title = d.Title, type = d.Type.Code, method = d.Method, label = d.InstructorsLabel,
            venue = d.Venue, tp = d.TeachingPointId, scene = d.SceneId, signIn = d.SignInRequired,
            hours = d.StudyHours is { } h ? (double?)(double)h : null, link = d.OnlineLink, material = d.Material,
        });
        return p;
    }

    private static async Task SetPeopleAsync(DbConnection c, DbTransaction tx, long sessionId, SessionData d)
    {
        var order = 0;
        foreach (var instructorId in d.InstructorIds)
            await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@sessionId, @instructorId, @order)",
                new { sessionId, instructorId, order = order++ }, tx);
        foreach (var teamId in d.TeamIds)
            await c.ExecuteAsync("INSERT INTO session_instructors (session_id, team_id, sort_order) VALUES (@sessionId, @teamId, @order)",
                new { sessionId, teamId, order = order++ }, tx);
    }

    /// <summary>Sessions of the classes the caller sees on one day: the given date, or today in each class's own zone.</summary>
    public async Task<IReadOnlyList<(CohortRow Cohort, DateOnly Date, IReadOnlyList<SessionView> Sessions)>> DayAsync(
        CurrentUser me, DateOnly? date, DateTimeOffset now)
    {
        var result = new List<(CohortRow, DateOnly, IReadOnlyList<SessionView>)>();
        foreach (var cohort in await cohorts.ListVisibleAsync(me))
        {
            var day = date ?? (ClassClock.TryFindZone(cohort.TimeZone, out var zone)
                ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)
                : DateOnly.FromDateTime(now.UtcDateTime));
            if (day < cohort.StartDate || day > cohort.EndDate) continue;
            var sessions = await LoadAsync("s.cohort_id = @id AND s.session_date = @day", new { id = cohort.Id, day });
            if (sessions.Count > 0) result.Add((cohort, day, sessions));
        }
        return result;
    }

    /// <summary>Sessions an instructor teaches, directly or with a team they lead or belong to, in the given classes.</summary>
    public async Task<IReadOnlyList<SessionView>> OfInstructorAsync(long instructorId, IReadOnlySet<long> cohortIds) =>
        (await LoadAsync("""
            s.id IN (SELECT si.session_id FROM session_instructors si
                     WHERE si.instructor_id = @instructorId
                        OR si.team_id IN (SELECT team_id FROM instructor_team_members WHERE instructor_id = @instructorId)
                        OR si.team_id IN (SELECT id FROM instructor_teams WHERE lead_instructor_id = @instructorId))
            """, new { instructorId })).Where(s => cohortIds.Contains(s.Row.CohortId)).ToList();
}
