using System.Data.Common;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Domain.Timetable;
using Dapper;

using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Online;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>One credit of 学时 (the session-8 contract): a person, a class, the source item, its category
/// (<see cref="HourCategories"/>), tenths of an hour, when it was earned.</summary>
public sealed record HourCredit(long UserId, long CohortId, string SourceKind, long SourceId, string Category, int HoursX10, DateTimeOffset At);

/// <summary>A source of 学时 for the ledger (the session-8 contract). Every registered source is read when a class's rows are written.</summary>
public interface IHourSource
{
    string Kind { get; }
    Task<IReadOnlyList<HourCredit>> CreditsAsync(DbConnection c, long cohortId);
}

/// <summary>
/// Optional for a source: a cheap stamp of what its credits depend on in a class. The keeper rewrites a class's rows when
/// the stamps of its sources differ from those the rows were written from. A source without one changes the class's rows
/// only when they are rewritten for another reason (the rule, a stamped source, the class's page).
/// </summary>
public interface IStampedHourSource : IHourSource
{
    Task<string> StampAsync(DbConnection c, long cohortId);
}

/// <summary>
/// 集中培训: the class's in-person sessions, credited by the class's rule (<see cref="CreditRule"/>) from the settled attendance. A
/// session that takes sign-in counts once it is settled (a reopened one counts again when settled again); a session that takes no
/// sign-in credits every active trainee in full once it has ended; a cancelled session never. The session's 学时 are the
/// timetable's (set, or from the duration: <see cref="StudyHours"/>). Online sessions (a type whose delivery is not in person:
/// live courses, case pushes, theme courses) are never credited here, with or without sign-in: they credit only those who
/// completed them, through <see cref="OnlineHourSource"/>.
/// </summary>
public sealed class SessionHourSource(TimeProvider clock) : IStampedHourSource
{
    public const string KindCode = "session";
    public string Kind => KindCode;

    private sealed class SessionRow
    {
        public long Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public double? StudyHours { get; init; }
        public bool SignInRequired { get; init; }
        public DateTimeOffset? AttendanceSettledAt { get; init; }
        public DateTimeOffset? CancelledAt { get; init; }
        public bool Online { get; init; }
    }

    /// <summary>The online items: <see cref="AttendanceStore.IsOnline"/>.</summary>
    public const string OnlineSql = AttendanceStore.IsOnline;

    private sealed class AttendanceRow
    {
        public long SessionId { get; init; }
        public long UserId { get; init; }
        public string Status { get; init; } = "";
        public int LateMinutes { get; init; }
        public int EarlyLeaveMinutes { get; init; }
        public DateTimeOffset? SignedInAt { get; init; }
    }

    public static int HoursX10(double? set, DateTimeOffset start, DateTimeOffset end) =>
        (int)(StudyHours.Effective(set is { } h ? (decimal)h : null, end - start) * 10);

    public async Task<IReadOnlyList<HourCredit>> CreditsAsync(DbConnection c, long cohortId)
    {
        var rule = await LedgerStore.RuleAsync(c, cohortId);
        var sessions = (await c.QueryAsync<SessionRow>($$"""
            SELECT s.id, s.starts_at, s.ends_at, s.study_hours, s.sign_in_required, s.attendance_settled_at, s.cancelled_at,
                   CASE WHEN {{OnlineSql}} THEN TRUE ELSE FALSE END AS online
            FROM sessions s WHERE s.cohort_id = @cohortId
            """, new { cohortId })).ToDictionary(s => s.Id);
        var credits = new List<HourCredit>();
        foreach (var a in await c.QueryAsync<AttendanceRow>("""
            SELECT a.session_id, e.user_id, a.status, a.late_minutes, a.early_leave_minutes, a.signed_in_at
            FROM attendance a JOIN enrollments e ON e.id = a.enrollment_id
            JOIN sessions s ON s.id = a.session_id
            WHERE a.cohort_id = @cohortId AND e.user_id IS NOT NULL AND e.category = 'trainee' AND e.status = 'active'
              AND s.sign_in_required = TRUE AND s.attendance_settled_at IS NOT NULL AND s.cancelled_at IS NULL
            """, new { cohortId }))
        {
            var s = sessions[a.SessionId];
            if (s.Online) continue; // credited through completion (OnlineHourSource), never by attendance
            AttendanceStatuses.TryParse(a.Status, out var status);
            var minutes = (int)Math.Round((s.EndsAt - s.StartsAt).TotalMinutes);
            var missed = status switch
            {
                AttendanceStatus.Late => a.SignedInAt is { } at ? AttendanceRulebook.MinutesUp(at - s.StartsAt) : a.LateMinutes,
                AttendanceStatus.EarlyLeave => a.EarlyLeaveMinutes,
                _ => 0,
            };
            var hours = rule.Credit(status, HoursX10(s.StudyHours, s.StartsAt, s.EndsAt), minutes, missed);
            if (hours > 0) credits.Add(new(a.UserId, cohortId, KindCode, s.Id, HourCategories.Classroom, hours, s.EndsAt));
        }
        var now = clock.GetUtcNow();
        var open = sessions.Values.Where(s => !s.Online && !s.SignInRequired && s.CancelledAt is null && s.EndsAt <= now && HoursX10(s.StudyHours, s.StartsAt, s.EndsAt) > 0).ToList();
        if (open.Count > 0)
        {
            var users = (await c.QueryAsync<long>("""
                SELECT user_id FROM enrollments WHERE cohort_id = @cohortId AND user_id IS NOT NULL AND category = 'trainee' AND status = 'active'
                """, new { cohortId })).ToList();
            foreach (var s in open)
                foreach (var u in users)
                    credits.Add(new(u, cohortId, KindCode, s.Id, HourCategories.Classroom, HoursX10(s.StudyHours, s.StartsAt, s.EndsAt), s.EndsAt));
        }
        return credits;
    }

    /// <summary>What the credits depend on: the sessions' times, 学时, settlement, versions and cancellations, the sessions
    /// without sign-in that have ended, which sessions are online, the trainees and their accounts.</summary>
    public Task<string> StampAsync(DbConnection c, long cohortId) => LedgerStore.StampOfAsync(c, $$"""
            SELECT COUNT(*), (SELECT COALESCE(SUM(s.id), 0) FROM sessions s WHERE s.cohort_id = @cohortId AND {{OnlineSql}}), COALESCE(SUM(attendance_version), 0), COUNT(attendance_settled_at), COUNT(cancelled_at), COALESCE(SUM(COALESCE(study_hours, -1)), 0),
                   SUM(CASE WHEN sign_in_required = FALSE AND ends_at <= @now THEN 1 ELSE 0 END), MAX(ends_at), MIN(starts_at),
                   (SELECT COUNT(*) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'),
                   (SELECT COALESCE(SUM(COALESCE(user_id, 0)), 0) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'),
                   (SELECT COALESCE(SUM(COALESCE(unit_id, 0)), 0) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active')
            FROM sessions WHERE cohort_id = @cohortId
            """, new { cohortId, now = clock.GetUtcNow() });
}

/// <summary>实践: the class's practice tasks accepted (task_submissions.state = accepted), each crediting its hours_x10 when accepted.</summary>
public sealed class TaskHourSource : IStampedHourSource
{
    public const string KindCode = "task";
    public string Kind => KindCode;

    private sealed class Row
    {
        public long UserId { get; init; }
        public long ReviewId { get; init; }
        public int HoursX10 { get; init; }
        public DateTimeOffset AcceptedAt { get; init; }
    }

    public async Task<IReadOnlyList<HourCredit>> CreditsAsync(DbConnection c, long cohortId) =>
        (await c.QueryAsync<Row>("""
            SELECT e.user_id, t.review_id, t.hours_x10, ts.accepted_at
            FROM task_submissions ts
            JOIN review_submissions s ON s.id = ts.submission_id
            JOIN practice_tasks t ON t.review_id = s.review_id
            JOIN reviews r ON r.id = t.review_id
            JOIN enrollments e ON e.id = s.enrollment_id
            WHERE r.cohort_id = @cohortId AND ts.state = 'accepted' AND ts.accepted_at IS NOT NULL AND t.hours_x10 > 0 AND e.user_id IS NOT NULL AND e.status = 'active'
            """, new { cohortId }))
        .Select(r => new HourCredit(r.UserId, cohortId, KindCode, r.ReviewId, HourCategories.Practice, r.HoursX10, r.AcceptedAt)).ToList();

    public Task<string> StampAsync(DbConnection c, long cohortId) => LedgerStore.StampOfAsync(c, """
            SELECT COUNT(*), COALESCE(SUM(t.hours_x10), 0), MAX(ts.updated_at),
                   (SELECT COALESCE(SUM(p.hours_x10), 0) FROM practice_tasks p JOIN reviews q ON q.id = p.review_id WHERE q.cohort_id = @cohortId)
            FROM task_submissions ts JOIN review_submissions s ON s.id = ts.submission_id JOIN practice_tasks t ON t.review_id = s.review_id
            JOIN reviews r ON r.id = t.review_id WHERE r.cohort_id = @cohortId AND ts.state = 'accepted'
            """, new { cohortId });
}

/// <summary>
/// 网络学习: the class's online items (live courses, case pushes, theme courses) each trainee completed
/// (<see cref="OnlineStore.CompletedItemsAsync"/>), crediting the item's 学时 when completed. Only completion credits an
/// online item (the sessions source leaves them out).
/// </summary>
public sealed class OnlineHourSource : IStampedHourSource
{
    public const string KindCode = "online";
    public string Kind => KindCode;

    public async Task<IReadOnlyList<HourCredit>> CreditsAsync(DbConnection c, long cohortId) =>
        (await OnlineStore.CompletedItemsAsync(c, cohortId))
        .Where(x => x.UserId > 0 && x.HoursX10 > 0)
        .Select(x => new HourCredit(x.UserId, cohortId, KindCode, x.SessionId, HourCategories.Online, x.HoursX10, x.CompletedAt)).ToList();

    /// <summary>What completion depends on: the online sessions (times, 学时, cancellations, type), their settings and modules,
    /// the modules read, the questions answered right, the live exports (people, matches, intervals) and the marks by hand,
    /// the trainees and their accounts.</summary>
    public Task<string> StampAsync(DbConnection c, long cohortId) => LedgerStore.StampOfAsync(c, $$"""
            SELECT COUNT(*), COALESCE(SUM(s.id), 0), COALESCE(SUM(s.attendance_version), 0), COUNT(s.cancelled_at), COALESCE(SUM(COALESCE(s.study_hours, -1)), 0),
                   MAX(s.ends_at), MIN(s.starts_at),
                   (SELECT COUNT(*) FROM online_items oi JOIN sessions s2 ON s2.id = oi.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT MAX(oi.updated_at) FROM online_items oi JOIN sessions s2 ON s2.id = oi.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(*) FROM online_modules m JOIN sessions s2 ON s2.id = m.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COALESCE(SUM(m.id), 0) FROM online_modules m JOIN sessions s2 ON s2.id = m.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(r.read_at) FROM online_reads r JOIN online_modules m ON m.id = r.module_id JOIN sessions s2 ON s2.id = m.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT MAX(r.read_at) FROM online_reads r JOIN online_modules m ON m.id = r.module_id JOIN sessions s2 ON s2.id = m.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(a.correct_at) FROM online_answers a JOIN sessions s2 ON s2.id = a.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT MAX(a.correct_at) FROM online_answers a JOIN sessions s2 ON s2.id = a.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(*) FROM online_live_people p JOIN sessions s2 ON s2.id = p.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COALESCE(SUM(p.id), 0) FROM online_live_people p JOIN sessions s2 ON s2.id = p.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COALESCE(SUM(COALESCE(p.enrollment_id, 0)), 0) FROM online_live_people p JOIN sessions s2 ON s2.id = p.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(*) FROM online_live_intervals i JOIN online_live_people p ON p.id = i.person_id JOIN sessions s2 ON s2.id = p.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(*) FROM online_live_marks k JOIN sessions s2 ON s2.id = k.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COALESCE(SUM(CASE WHEN k.present THEN 1 ELSE 0 END), 0) FROM online_live_marks k JOIN sessions s2 ON s2.id = k.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT MAX(k.marked_at) FROM online_live_marks k JOIN sessions s2 ON s2.id = k.session_id WHERE s2.cohort_id = @cohortId),
                   (SELECT COUNT(*) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active'),
                   (SELECT COALESCE(SUM(COALESCE(user_id, 0)), 0) FROM enrollments WHERE cohort_id = @cohortId AND category = 'trainee' AND status = 'active')
            FROM sessions s WHERE s.cohort_id = @cohortId AND {{SessionHourSource.OnlineSql}}
            """, new { cohortId });
}
