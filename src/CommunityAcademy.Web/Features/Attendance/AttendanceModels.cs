using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Web.Features.Attendance;

// Rows read by Dapper are classes with init properties: SQLite hands back Int64 where PostgreSQL hands back Int32.

/// <summary>A session with what sign-in needs from its class and teaching point.</summary>
public sealed class CheckInSessionRow
{
    public long Id { get; init; }
    public long CohortId { get; init; }
    public string Title { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public bool SignInRequired { get; init; }
    /// <summary>When its statuses were last settled (see AttendanceSettlement); null: derived from the scans when read.</summary>
    public DateTimeOffset? AttendanceSettledAt { get; init; }
    /// <summary>已取消: closed for sign-in, left out of every count.</summary>
    public DateTimeOffset? CancelledAt { get; init; }
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public int ArriveMinutesBefore { get; init; }
    public int CheckinOpensMinutes { get; init; }
    public int CheckoutGraceMinutes { get; init; }
    public int QrRotationSeconds { get; init; }
    public bool SignOutRequired { get; init; }
    public int DepartureMinutes { get; init; }
    public int LatesPerAbsence { get; init; }
    public int? CheckinRadiusMeters { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    public AttendanceRules Rules => new(ArriveMinutesBefore, CheckinOpensMinutes, CheckoutGraceMinutes, SignOutRequired, DepartureMinutes);
    public int Rotation => QrRotationSeconds <= 0 ? 15 : QrRotationSeconds;
}

public sealed class CheckInRow
{
    public long Id { get; init; }
    public long SessionId { get; init; }
    public long EnrollmentId { get; init; }
    public string Kind { get; init; } = "";
    public string ClientId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? DeviceAt { get; init; }
    public DateTimeOffset ServerAt { get; init; }
    public string Method { get; init; } = "";
    public string? DeviceKey { get; init; }
    public long? RecordedBy { get; init; }
    public string Flags { get; init; } = "";
    public double? DistanceM { get; init; }
}

public sealed class MarkRow
{
    public long SessionId { get; init; }
    public long EnrollmentId { get; init; }
    public string Status { get; init; } = "";
    public int LateMinutes { get; init; }
    public string Reason { get; init; } = "";
    public long? MarkedBy { get; init; }
    public DateTimeOffset MarkedAt { get; init; }
}

public sealed class TraineeRow
{
    public long Id { get; init; }
    public long? UserId { get; init; }
    public string Name { get; init; } = "";
    public long? UnitId { get; init; }
    public string? UnitName { get; init; }
    public string? UnitPath { get; init; }
    /// <summary>The unit's place in tree order (Domain.Units.UnitOrder); trainees come sorted by it.</summary>
    public string? UnitSortKey { get; init; }
    public string? Position { get; init; }
}

public sealed class LeaveRow
{
    public long Id { get; init; }
    public long CohortId { get; init; }
    public long EnrollmentId { get; init; }
    public string TraineeName { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string Reason { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public long? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionNote { get; init; }
    /// <summary>The photo of a note (attachments.id), if the trainee gave one.</summary>
    public long? AttachmentId { get; init; }
}

/// <summary>What a sign-in request asks (POST /sessions/{id}/checkins). A head teacher's (traineeId) carries a reason (代签到).</summary>
/// <param name="Pass">The scan pass the phone got when it opened the link (see ScanPass); the sign-in counts from the scan.</param>
/// <param name="Confirm">The trainee confirmed a 签退 before the end, knowing it records 早退 or 擅自离开.</param>
public sealed record CheckInRequest(string? Kind, string? ClientId, DateTimeOffset? At, string? Token, long? TraineeId,
    string? DeviceId, double? Latitude, double? Longitude, string? Reason = null, string? Pass = null, bool? Confirm = null);

/// <summary>撤销代签到: why (optional).</summary>
public sealed record UndoCheckInRequest(string? Reason);

public sealed record CheckInDto(long Id, long SessionId, long TraineeId, string Kind, string ClientId, DateTimeOffset At,
    DateTimeOffset? DeviceAt, DateTimeOffset ServerAt, string Method, IReadOnlyList<string> Flags)
{
    /// <summary>What the record means now, by the class's rules: the status, with the time it was measured against.</summary>
    public CheckInReading? Reading { get; init; }
}

/// <summary>
/// The status of the trainee in the session after a sign-in or sign-out, as the console derives it, with what it was
/// measured against (<see cref="DueAt"/> for the sign-in, <see cref="EffectiveEnd"/> for the sign-out) and, from the
/// API, the sentence a phone shows (<see cref="Message"/>).
/// </summary>
public sealed record CheckInReading(string Status, int LateMinutes, int EarlyLeaveMinutes, DateTimeOffset? SignedInAt, DateTimeOffset? SignedOutAt,
    DateTimeOffset DueAt, DateTimeOffset EffectiveEnd, bool Marked, string? MarkReason, bool ExcusedByLeave)
{
    public string? Message { get; init; }
}

/// <summary>One trainee in one session: times, the derived or marked status, flags.</summary>
public sealed record AttendanceLine(long TraineeId, string Name, long? UnitId, string? UnitName, DateTimeOffset? SignedInAt,
    DateTimeOffset? SignedOutAt, string Status, int LateMinutes, int EarlyLeaveMinutes, bool Marked, string? Reason,
    IReadOnlyList<string> Flags);

public sealed record SessionAttendanceDto(long SessionId, long CohortId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset OpensAt, bool WindowOpen, int Expected, int In, int Missing, IReadOnlyList<AttendanceLine> Trainees);

public sealed record MarkRequest(IReadOnlyList<long>? TraineeIds, string? Status, int? LateMinutes, string? Reason);

public sealed record QrDto(long SessionId, string Token, string Url, string Svg, int RotationSeconds, DateTimeOffset ChangesAt);

/// <summary>请假: chosen sessions (sessionIds) or a span (from, to); a reason; optionally a photo uploaded before (attachmentId).</summary>
public sealed record LeaveRequestBody(DateTimeOffset? From, DateTimeOffset? To, string? Reason, long? TraineeId,
    IReadOnlyList<long>? SessionIds = null, long? AttachmentId = null);
public sealed record LeaveNoteDto(long Id);
public sealed record LeaveDecisionBody(bool? Approve, string? Note);
public sealed record LeaveDto(long Id, long CohortId, long TraineeId, string TraineeName, DateTimeOffset From, DateTimeOffset To,
    string Reason, string Status, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecisionNote,
    IReadOnlyList<long> SessionIds, long? AttachmentId);

public sealed record CohortSessionRef(long Id, DateOnly Date, string Start, string End, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public sealed record TraineeAttendance(long TraineeId, string Name, long? UnitId, string? UnitName, IReadOnlyList<string> Statuses,
    int Lates, int EarlyLeaves, int Absences, int Departures, int Excused, int EffectiveAbsences, decimal Rate);
public sealed record CohortAttendanceDto(long CohortId, string Title, IReadOnlyList<CohortSessionRef> Sessions,
    IReadOnlyList<TraineeAttendance> Trainees, IReadOnlyList<SessionRate> BySession);
public sealed record SessionRate(long SessionId, string Title, int Counted, int Attended, decimal Rate);
public sealed record UnitRate(long UnitId, string Name, int Depth, int Trainees, int Counted, int Attended, decimal Rate,
    int Lates, int EarlyLeaves, int Absences, int Departures);
public sealed record AttendanceSummaryDto(long CohortId, string Title, int Trainees, int Counted, int Attended, decimal Rate,
    IReadOnlyList<UnitRate> Units);

public sealed record DisciplineDto(long TraineeId, string Name, string? UnitName, long? SessionId, string? SessionTitle, string Kind,
    int Minutes, DateTimeOffset OccurredAt, string? RecordedBy, string? Escalation,
    long Id = 0, long? UnitId = null, string? EscalationDecision = null, DateOnly? EscalatedOn = null, string? EscalationDecidedBy = null,
    DateTimeOffset? EscalationDecidedAt = null)
{
    /// <summary>The organizer recorded that it was reported (to <see cref="Escalation"/>, on <see cref="EscalatedOn"/>).</summary>
    public bool Reported => EscalationDecision == "reported";
}
