using CommunityAcademy.Domain;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>请假 (LeaveRequest): a trainee asks, a head teacher or organizer decides; approved leave excuses the sessions it covers.</summary>
public sealed class LeaveStore(Db db, TimeProvider clock)
{
    private const string Select = """
        SELECT l.id, l.cohort_id, l.enrollment_id, e.name AS trainee_name, l.starts_at, l.ends_at, l.reason, l.status, l.requested_at,
               l.decided_by, l.decided_at, l.decision_note
        FROM leave_requests l JOIN enrollments e ON e.id = l.enrollment_id
        """;

    private static LeaveDto ToDto(LeaveRow r) => new(r.Id, r.CohortId, r.EnrollmentId, r.TraineeName, r.StartsAt, r.EndsAt, r.Reason, r.Status,
        r.RequestedAt, r.DecidedAt, r.DecisionNote);

    /// <summary>The class of a leave request; null when there is none.</summary>
    public async Task<long?> CohortOfAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM leave_requests WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<LeaveDto>> ListAsync(long cohortId, long? userId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<LeaveRow>(Select + " WHERE l.cohort_id = @cohortId" + (userId is null ? "" : " AND e.user_id = @userId") + " ORDER BY l.id",
            new { cohortId, userId })).Select(ToDto).ToList();
    }

    public async Task<Result<LeaveDto>> RequestAsync(CurrentUser me, long? traineeId, CohortRow cohort, DateTimeOffset from, DateTimeOffset to, string reason)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        await using var c = await db.OpenAsync();
        var enrollment = traineeId is { } t
            ? await c.ExecuteScalarAsync<long?>("SELECT id FROM enrollments WHERE id = @t AND cohort_id = @cohort AND category = 'trainee' AND status = 'active'", new { t, cohort = cohort.Id })
            : await c.ExecuteScalarAsync<long?>("SELECT id FROM enrollments WHERE user_id = @u AND cohort_id = @cohort AND category = 'trainee' AND status = 'active'", new { u = me.Id, cohort = cohort.Id });
        if (enrollment is null) return traineeId is null ? new Error("Attendance.NotEnrolled") : new Error("Attendance.UnknownTrainee", traineeId);
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO leave_requests (cohort_id, enrollment_id, starts_at, ends_at, reason, status, requested_at)
            VALUES (@cohort, @enrollment, @from, @to, @reason, 'pending', @now) RETURNING id
            """, new { cohort = cohort.Id, enrollment, from = Instant.Truncate(from), to = Instant.Truncate(to), reason, now });
        return Result<LeaveDto>.Ok(ToDto((await c.QuerySingleAsync<LeaveRow>(Select + " WHERE l.id = @id", new { id }))));
    }

    public async Task<Result<LeaveDto>> DecideAsync(CurrentUser me, long id, bool approve, string? note)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<LeaveDto>>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<LeaveRow>(Select + " WHERE l.id = @id", new { id }, tx);
            if (row is null) return new Error("Attendance.UnknownLeave");
            if (row.Status != "pending") return new Error("Attendance.LeaveDecided");
            var status = approve ? "approved" : "refused";
            await c.ExecuteAsync("UPDATE leave_requests SET status = @status, decided_by = @by, decided_at = @now, decision_note = @note WHERE id = @id",
                new { status, by = me.Id, now, note = note?.Trim(), id }, tx);
            if (approve) await AttendanceSettlement.ReopenSpanAsync(c, tx, row.CohortId, row.StartsAt, row.EndsAt);
            await Audit.WriteAsync(c, tx, me.Id, now, "leave_request", id, "decide", row.Status, status, note);
            return Result<LeaveDto>.Ok(ToDto(await c.QuerySingleAsync<LeaveRow>(Select + " WHERE l.id = @id", new { id }, tx)));
        });
    }
}
