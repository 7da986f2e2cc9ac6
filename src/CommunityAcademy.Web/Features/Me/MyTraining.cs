using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>A class the trainee is enrolled in (active), with the enrolment.</summary>
public sealed record MyClass(CohortRow Cohort, long EnrollmentId);

/// <summary>One session of my attendance: the line the console derives (or the settled one), and whether sign-in has opened.</summary>
public sealed record MySession(CheckInSessionRow Session, AttendanceLine Line, bool Opened);

/// <summary>Today's session on a trainee's home page with their own status in words.</summary>
public sealed record MyToday(long SessionId, long CohortId, string CohortTitle, string StartTime, string EndTime, string Title, string? Venue, string Status);

/// <summary>
/// 我的培训 (#14 point 1): what a trainee sees of their own classes. Every status comes from the attendance store's one
/// derivation (<see cref="AttendanceStore.GridAsync"/> and <see cref="AttendanceStore.SessionAttendanceAsync"/>), so the
/// trainee's page says what the head teacher's console says.
/// </summary>
public sealed class MyTraining(Db db, CohortStore cohorts, AttendanceStore attendance, AttendanceSettlement settlement,
    AttendanceReports reports, HomeDashboard home, TimeProvider clock)
{
    /// <summary>The caller's active trainee enrolments, the class starting soonest last-to-first (the newest first).</summary>
    public async Task<IReadOnlyList<MyClass>> ClassesAsync(CurrentUser me)
    {
        await using var c = await db.OpenAsync();
        var mine = (await c.QueryAsync<(long CohortId, long Id)>("""
            SELECT cohort_id, id FROM enrollments WHERE user_id = @u AND category = 'trainee' AND status = 'active'
            """, new { u = me.Id })).ToDictionary(x => x.CohortId, x => x.Id);
        if (mine.Count == 0) return [];
        return (await cohorts.ListVisibleAsync(me)).Where(x => mine.ContainsKey(x.Id)).Select(x => new MyClass(x, mine[x.Id])).ToList();
    }

    /// <summary>The caller's class if they are an active trainee in it; null otherwise (the page answers 404).</summary>
    public async Task<MyClass?> ClassAsync(CurrentUser me, long cohortId)
    {
        await using var c = await db.OpenAsync();
        var id = await c.ExecuteScalarAsync<long?>("""
            SELECT id FROM enrollments WHERE cohort_id = @cohortId AND user_id = @u AND category = 'trainee' AND status = 'active'
            """, new { cohortId, u = me.Id });
        if (id is null || await cohorts.FindAsync(cohortId) is not { } cohort) return null;
        return new MyClass(cohort, id.Value);
    }

    /// <summary>My line in every session that takes sign-in (not cancelled), as the class's statistics have it.</summary>
    public async Task<IReadOnlyList<MySession>> AttendanceAsync(MyClass mine)
    {
        await settlement.SettleDueAsync(mine.Cohort.Id);
        var (sessions, trainees, grid) = await attendance.GridAsync(mine.Cohort.Id, onlyEnrollment: mine.EnrollmentId);
        if (trainees.Count == 0) return [];
        var now = clock.GetUtcNow();
        return sessions.Select((s, j) => new MySession(s, grid[0, j], Domain.Attendance.AttendanceRulebook.OpensAt(s.StartsAt, s.Rules) <= now)).ToList();
    }

    /// <summary>My 违纪记录 only.</summary>
    public async Task<IReadOnlyList<DisciplineDto>> DisciplineAsync(MyClass mine) =>
        (await reports.DisciplineAsync(mine.Cohort)).Where(d => d.TraineeId == mine.EnrollmentId).ToList();

    /// <summary>Today's sessions of my classes (each class's own today), with my status as the console derives it.</summary>
    public async Task<IReadOnlyList<MyToday>> TodayAsync(CurrentUser me, Texts texts)
    {
        var classes = await ClassesAsync(me);
        var byCohort = classes.ToDictionary(m => m.Cohort.Id);
        var list = new List<MyToday>();
        foreach (var r in await home.TodayAsync(classes.Select(m => m.Cohort).ToList())) // the one "today's sessions" query
        {
            string status;
            if (r.CancelledAt is not null) status = texts["Session.Cancelled"];
            else if (!r.SignInRequired) status = texts["Me.NoSignIn"];
            else if (await attendance.SessionAsync(r.Id, fresh: true) is not { } s) continue;
            else
            {
                var line = (await attendance.SessionAttendanceAsync(s, byCohort[r.CohortId].EnrollmentId)).Trainees.FirstOrDefault();
                status = line is null ? texts["Me.NoSignIn"] : StatusText(line, s.TimeZone, texts);
            }
            list.Add(new MyToday(r.Id, r.CohortId, r.CohortTitle, r.StartTime, r.EndTime, r.Title, r.Venue, status));
        }
        return list;
    }

    /// <summary>
    /// A status in words, one rule for the home page and my attendance: 未签到; 已签到 13:09 while the session is on;
    /// then 出勤, 迟到 5 分钟, 早退 10 分钟, 缺勤, 请假, 擅自离开 (the names of <see cref="AttendanceReports.StatusName"/>).
    /// </summary>
    public static string StatusText(AttendanceLine l, string timeZone, Texts texts)
    {
        var name = AttendanceReports.StatusName(l.Status);
        var words = l.Status switch
        {
            "late" when l.EarlyLeaveMinutes > 0 => texts["Me.LateMinutes", name, l.LateMinutes] + "，" + texts["Me.EarlyMinutes", AttendanceReports.StatusName("early_leave"), l.EarlyLeaveMinutes],
            "late" => texts["Me.LateMinutes", name, l.LateMinutes],
            "early_leave" => texts["Me.EarlyMinutes", name, l.EarlyLeaveMinutes],
            _ => name,
        };
        if (l.SignedInAt is { } at)
        {
            var signed = texts["Me.SignedInAt", ClassClock.ToLocal(at, timeZone).ToString("HH:mm")];
            return l.Status == "pending" ? signed : $"{words} · {signed}";
        }
        return words;
    }
}
