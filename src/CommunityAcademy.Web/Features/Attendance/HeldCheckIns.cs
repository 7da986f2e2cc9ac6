using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

public sealed class HeldRow
{
    public long Id { get; init; }
    public long SessionId { get; init; }
    public long EnrollmentId { get; init; }
    public string TraineeName { get; init; } = "";
    public string? UnitName { get; init; }
    public string Kind { get; init; } = "";
    public string ClientId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public DateTimeOffset DeviceAt { get; init; }
    public DateTimeOffset ServerAt { get; init; }
    public string? DeviceKey { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionNote { get; init; }
}

public sealed record HeldDto(long Id, long SessionId, long TraineeId, string TraineeName, string Kind, DateTimeOffset At, DateTimeOffset DeviceAt,
    DateTimeOffset ServerAt, string Status, DateTimeOffset? DecidedAt, string? DecisionNote)
{
    public static HeldDto Of(HeldRow r) => new(r.Id, r.SessionId, r.EnrollmentId, r.TraineeName, r.Kind, r.At, r.DeviceAt, r.ServerAt, r.Status,
        r.DecidedAt, r.DecisionNote);
}

/// <summary>
/// 待确认的离线签到: sign-ins a phone uploads as made offline without a scan pass (see ScanPass). They are not counted;
/// the head teacher accepts one (a check-in at the time it claims, flagged offline and held, audited) or refuses it
/// (audited). Idempotent on the phone's clientId, as sign-ins are.
/// </summary>
public sealed class HeldCheckIns(Db db, TimeProvider clock)
{
    private const string Select = """
        SELECT h.*, e.name AS trainee_name, u.name AS unit_name FROM held_check_ins h
        JOIN enrollments e ON e.id = h.enrollment_id LEFT JOIN units u ON u.id = e.unit_id
        """;

    public async Task<CheckInOutcome> HoldAsync(CheckInSessionRow s, long enrollment, string kind, string clientId, DateTimeOffset at,
        DateTimeOffset deviceAt, DateTimeOffset now, string? device)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO held_check_ins (session_id, enrollment_id, kind, client_id, at, device_at, server_at, device_key, status)
            VALUES (@session, @enrollment, @kind, @clientId, @at, @deviceAt, @now, @device, 'held')
            ON CONFLICT (client_id) DO NOTHING
            """, new { session = s.Id, enrollment, kind, clientId, at, deviceAt, now, device = device is { Length: > 64 } ? device[..64] : device });
        var row = await c.QuerySingleAsync<HeldRow>(Select + " WHERE h.client_id = @clientId", new { clientId });
        if (row.SessionId != s.Id || row.EnrollmentId != enrollment || row.Kind != kind)
            return CheckInOutcome.Fail(new Error("Attendance.ClientIdReused"), 409, "clientId");
        return new(null, false, new Error("Attendance.Held"), 202, Held: true);
    }

    public async Task<IReadOnlyList<HeldDto>> ListAsync(long sessionId, bool waitingOnly = false)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<HeldRow>(Select + " WHERE h.session_id = @sessionId" + (waitingOnly ? " AND h.status = 'held'" : "")
            + " ORDER BY CASE WHEN h.status = 'held' THEN 0 ELSE 1 END, h.at, h.id", new { sessionId })).Select(HeldDto.Of).ToList();
    }

    /// <summary>Accepts or refuses one held sign-in of the session, once; audited with the trainee's name and the note.</summary>
    public async Task<Result<HeldDto>> DecideAsync(CurrentUser me, long sessionId, long id, bool accept, string? note)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        return await db.InTransactionAsync<Result<HeldDto>>(async (c, tx) =>
        {
            var h = await c.QuerySingleOrDefaultAsync<HeldRow>(Select + " WHERE h.id = @id AND h.session_id = @sessionId", new { id, sessionId }, tx);
            if (h is null) return new Error("Attendance.UnknownHeld");
            if (h.Status != "held") return new Error("Attendance.HeldDecided");
            long? checkIn = null;
            if (accept)
            {
                var signedIn = await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM check_ins WHERE session_id = @s AND enrollment_id = @e AND kind = 'in'", new { s = sessionId, e = h.EnrollmentId }, tx);
                if (h.Kind == "out" && signedIn == 0) return new Error("Attendance.NoSignIn");
                checkIn = await c.ExecuteScalarAsync<long?>("""
                    INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, device_at, server_at, method, device_key, recorded_by, flags)
                    VALUES (@s, @e, @kind, @clientId, @at, @deviceAt, @now, 'qr', @device, @by, 'offline,held')
                    ON CONFLICT (client_id) DO NOTHING RETURNING id
                    """, new { s = sessionId, e = h.EnrollmentId, kind = h.Kind, clientId = h.ClientId, at = h.At, deviceAt = h.DeviceAt, now,
                        device = h.DeviceKey, by = me.Id }, tx);
                await AttendanceSettlement.ReopenSessionAsync(c, tx, sessionId);
            }
            await c.ExecuteAsync("""
                UPDATE held_check_ins SET status = @status, decided_by = @by, decided_at = @now, decision_note = @note, check_in_id = @checkIn WHERE id = @id
                """, new { status = accept ? "accepted" : "refused", by = me.Id, now, note, checkIn, id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "attendance", sessionId, accept ? "held_accepted" : "held_refused",
                JsonSerializer.Serialize(new { trainee = h.EnrollmentId, name = h.TraineeName, kind = h.Kind, at = h.At.ToUniversalTime(), held = true }),
                accept ? JsonSerializer.Serialize(new { trainee = h.EnrollmentId, name = h.TraineeName, kind = h.Kind, at = h.At.ToUniversalTime(), checkIn }) : null,
                note);
            return Result<HeldDto>.Ok(HeldDto.Of(await c.QuerySingleAsync<HeldRow>(Select + " WHERE h.id = @id", new { id }, tx)));
        });
    }
}
