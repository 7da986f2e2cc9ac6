using System.Collections.Concurrent;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// What a phone is told after a sign-in or sign-out: the status the console derives (<see cref="AttendanceStore.Line"/>:
/// a head teacher's mark, else the rules with the trainee's approved leave), read without a database round trip on the
/// sign-in path — a class's approved leave and marks are kept for a few seconds (one load per class, shared by the
/// requests that wait for it) and dropped at once when this node changes them.
/// </summary>
public sealed class CheckInReadings(Db db)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (Lazy<Task<ClassFacts>> Facts, long Until)> _classes = new();

    /// <summary>A class's approved leave (by enrolment) and head teachers' marks (by session and enrolment).</summary>
    public sealed record ClassFacts(ILookup<long, LeaveSpan> Leave, IReadOnlyDictionary<(long Session, long Enrollment), MarkRow> Marks)
    {
        public IReadOnlyList<LeaveSpan> LeaveOf(long enrollment) => Leave.Contains(enrollment) ? Leave[enrollment].ToList() : [];
    }

    public ValueTask<ClassFacts> FactsAsync(CheckInSessionRow s)
    {
        var now = Environment.TickCount64;
        if (_classes.TryGetValue(s.CohortId, out var hit) && hit.Until > now)
            return hit.Facts.Value is { IsCompletedSuccessfully: true } done ? new(done.Result) : new(hit.Facts.Value);
        var fresh = (new Lazy<Task<ClassFacts>>(() => LoadAsync(s.CohortId)), now + (long)KeepFor.TotalMilliseconds);
        var kept = _classes.AddOrUpdate(s.CohortId, fresh, (_, old) => old.Until > now ? old : fresh);
        return new(kept.Facts.Value);
    }

    /// <summary>Leave was decided or a mark set in this class: the next answer reads them again.</summary>
    public void Forget(long cohortId) => _classes.TryRemove(cohortId, out _);

    private async Task<ClassFacts> LoadAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var leave = await AttendanceStore.ApprovedLeaveAsync(c, null, cohortId);
        var marks = (await c.QueryAsync<MarkRow>(
                "SELECT * FROM attendance_marks WHERE session_id IN (SELECT id FROM sessions WHERE cohort_id = @cohortId)", new { cohortId }))
            .ToDictionary(m => (m.SessionId, m.EnrollmentId));
        return new(leave, marks);
    }

    /// <summary>The status of one trainee in one session from these times, as <see cref="AttendanceStore.Line"/> says it.</summary>
    public async ValueTask<CheckInReading> ReadAsync(CheckInSessionRow s, long enrollment, DateTimeOffset? signIn, DateTimeOffset? signOut,
        DateTimeOffset? now = null)
    {
        var f = await FactsAsync(s);
        var r = AttendanceRulebook.Explain(s.StartsAt, s.EndsAt, s.Rules, signIn, signOut, f.LeaveOf(enrollment), now ?? signOut ?? signIn ?? s.StartsAt);
        if (f.Marks.TryGetValue((s.Id, enrollment), out var m))
            return new(m.Status, m.LateMinutes, 0, signIn, signOut, r.DueAt, r.EffectiveEnd, true, m.Reason, false);
        var o = r.Outcome;
        return new(o.Status.Code(), o.LateMinutes, o.EarlyLeaveMinutes, signIn, signOut, r.DueAt, r.EffectiveEnd, false, null, r.ExcusedByLeave);
    }
}
