using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>{reported, to, on, note}: reported to whom and on which day (the class's calendar), or not reported.</summary>
public sealed record EscalationDecisionBody(bool? Reported, string? To, DateOnly? On, string? Note);

/// <summary>
/// The organizer's decision per 违纪记录 (reported or not, to whom, when), audited. The bulletin says a record was
/// reported only when such a decision says so (see <see cref="AttendanceReports.BulletinAsync"/>).
/// </summary>
public sealed class DisciplineDecisions(Db db, TimeProvider clock)
{
    public const int MaxNote = 500;

    private sealed class Current
    {
        public long Id { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string? EscalationDecision { get; init; }
        public string? Escalation { get; init; }
        public DateOnly? EscalatedOn { get; init; }
    }

    /// <summary>Null: done. Else the status (404, 400) with the field and the error.</summary>
    public async Task<(int Status, string? Field, Error? Error)?> DecideAsync(CurrentUser me, CohortRow cohort, long recordId, EscalationDecisionBody body)
    {
        if (body.Note is { Length: > MaxNote }) return (400, "note", new Error("Discipline.NoteTooLong", MaxNote));
        return await db.InTransactionAsync<(int, string?, Error?)?>(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Current>("""
                SELECT id, occurred_at, escalation_decision, escalation, escalated_on FROM discipline_records WHERE id = @recordId AND cohort_id = @cohort
                """, new { recordId, cohort = cohort.Id }, tx);
            if (row is null) return (404, null, new Error("Discipline.UnknownRecord"));
            var now = clock.GetUtcNow();
            var today = DateOnly.FromDateTime(ClassClock.ToLocal(now, cohort.TimeZone).DateTime);
            var occurred = DateOnly.FromDateTime(ClassClock.ToLocal(row.OccurredAt, cohort.TimeZone).DateTime);
            if (EscalationDecision.Check(body.Reported, body.To, body.On, occurred, today) is { } bad) return (400, bad.Field, bad.Error);
            var reported = body.Reported == true;
            var decision = reported ? EscalationDecision.Reported : EscalationDecision.NotReported;
            var to = reported ? body.To!.Trim() : null;
            DateOnly? on = reported ? body.On : null;
            await c.ExecuteAsync("""
                UPDATE discipline_records SET escalation_decision = @decision, escalation = @to, escalated_on = @on,
                    escalation_decided_by = @by, escalation_decided_at = @now WHERE id = @recordId
                """, new { decision, to, on, by = me.Id, now, recordId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "discipline_record", recordId, "discipline.escalation",
                row.EscalationDecision is null ? null : JsonSerializer.Serialize(new { decision = row.EscalationDecision, to = row.Escalation, on = row.EscalatedOn }),
                JsonSerializer.Serialize(new { decision, to, on }), string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim());
            return null;
        });
    }
}
