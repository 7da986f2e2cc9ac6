using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features;

/// <param name="UnitsMissing">Submitting units that have returned nothing yet.</param>
public sealed record EnrollmentCard(CohortRow Cohort, DateOnly Today, int Places, int Received, int UnitsMissing, int? DaysLeft, bool Waiting);
public sealed record ContactCard(CohortRow Cohort, int Places, int Received, ReceiptProgressStatus Status, int? DaysLeft);
public sealed record TodaySession(long Id, long CohortId, string CohortTitle, string StartTime, string EndTime, string Title, string? Venue,
    bool SignInRequired = true, DateTimeOffset? CancelledAt = null);
public sealed record PendingLeave(long Id, long CohortId, string CohortTitle, string TraineeName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, string TimeZone);

/// <summary>What is due, per role, on the home page (#13 point 4). "Today" is the test clock's day in each class's zone.</summary>
public sealed class HomeDashboard(Db db, ReconciliationService reconciliation, TimeProvider clock)
{
    public DateOnly TodayIn(CohortRow c) => DateOnly.FromDateTime(ClassClock.ToLocal(clock.GetUtcNow(), c.TimeZone).DateTime);

    /// <summary>An organizer's classes in progress or to come, with their enrollment progress.</summary>
    public async Task<IReadOnlyList<EnrollmentCard>> OrganizerAsync(CurrentUser me, IReadOnlyList<CohortRow> visible)
    {
        var cards = new List<EnrollmentCard>();
        foreach (var c in visible.Where(c => TodayIn(c) <= c.EndDate).OrderBy(c => c.StartDate).ThenBy(c => c.Id))
        {
            var today = TodayIn(c);
            var waiting = ReceiptProgress.Waiting(c.ReceiptDeadline, c.IsRosterLocked(clock.GetUtcNow()), c.EndDate, today);
            var view = await reconciliation.BuildAsync(me, c.Id);
            var r = view?.Report;
            cards.Add(new EnrollmentCard(c, today, r?.Places ?? 0, r?.Received ?? 0, r?.Scopes.Count(s => s.SubmittedAt is null) ?? 0,
                waiting ? ReceiptProgress.DaysLeft(c.ReceiptDeadline, today) : null, waiting));
        }
        return cards;
    }

    /// <summary>A unit contact's classes waiting for its receipt: its places, names sent, status, days left.</summary>
    public async Task<IReadOnlyList<ContactCard>> ContactAsync(CurrentUser me, IReadOnlyList<CohortRow> visible)
    {
        var cards = new List<ContactCard>();
        foreach (var c in visible.OrderBy(c => c.ReceiptDeadline).ThenBy(c => c.Id))
        {
            var today = TodayIn(c);
            if (!ReceiptProgress.Waiting(c.ReceiptDeadline, c.IsRosterLocked(clock.GetUtcNow()), c.EndDate, today)) continue;
            if (await reconciliation.BuildAsync(me, c.Id) is not { } view) continue;
            var r = view.Report;
            if (r.Places == 0) continue;
            var returned = r.Scopes.Any(s => s.SubmittedAt is not null);
            cards.Add(new ContactCard(c, r.Places, r.Received, ReceiptProgress.Status(r.Places, r.Received, returned, c.ReceiptDeadline, today),
                ReceiptProgress.DaysLeft(c.ReceiptDeadline, today)));
        }
        return cards;
    }

    /// <summary>Today's sessions (each class's own today) across the given classes, in time order.</summary>
    public async Task<IReadOnlyList<TodaySession>> TodayAsync(IReadOnlyList<CohortRow> visible)
    {
        var list = new List<(DateTimeOffset At, TodaySession S)>();
        await using var db0 = await db.OpenAsync();
        foreach (var c in visible)
        {
            var today = TodayIn(c);
            if (today < c.StartDate || today > c.EndDate) continue;
            var rows = await db0.QueryAsync<TodayRow>("""
                SELECT id, start_time, end_time, title, venue, starts_at, sign_in_required, cancelled_at FROM sessions
                WHERE cohort_id = @id AND session_date = @today ORDER BY starts_at, sort_order
                """, new { id = c.Id, today });
            list.AddRange(rows.Select(s => (s.StartsAt,
                new TodaySession(s.Id, c.Id, c.Title, s.StartTime, s.EndTime, s.Title, s.Venue, s.SignInRequired, s.CancelledAt))));
        }
        return list.OrderBy(x => x.At).Select(x => x.S).ToList();
    }

    /// <summary>Leave requests waiting for a decision in the given classes, oldest first.</summary>
    public async Task<IReadOnlyList<PendingLeave>> PendingLeaveAsync(IReadOnlyList<CohortRow> visible)
    {
        if (visible.Count == 0) return [];
        await using var c = await db.OpenAsync();
        var byId = visible.ToDictionary(x => x.Id);
        var args = new DynamicParameters();
        var names = byId.Keys.Select((id, i) => { args.Add("c" + i, id); return "@c" + i; }).ToList(); // the same SQL on both databases
        var rows = await c.QueryAsync<Attendance.LeaveRow>($"""
            SELECT l.id, l.cohort_id, e.name AS trainee_name, l.starts_at, l.ends_at, l.reason FROM leave_requests l
            JOIN enrollments e ON e.id = l.enrollment_id
            WHERE l.status = 'pending' AND l.cohort_id IN ({string.Join(", ", names)}) ORDER BY l.requested_at, l.id
            """, args);
        return rows.Select(r => new PendingLeave(r.Id, r.CohortId, byId[r.CohortId].Title, r.TraineeName, r.StartsAt, r.EndsAt, r.Reason, byId[r.CohortId].TimeZone)).ToList();
    }

    private sealed class TodayRow
    {
        public long Id { get; init; }
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Venue { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public bool SignInRequired { get; init; }
        public DateTimeOffset? CancelledAt { get; init; }
    }
}
