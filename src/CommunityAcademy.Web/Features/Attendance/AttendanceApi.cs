using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// /api/v1: 签到 (sign-in and sign-out by QR code or by the head teacher), the attendance of a session and of a class,
/// manual marks with their audit log, the rotating QR code, leave requests, discipline records, statistics and the bulletin.
/// </summary>
public static class AttendanceApi
{
    public static RouteGroupBuilder MapAttendanceApi(this RouteGroupBuilder api)
    {
        var s = api.MapGroup("/sessions/{id:long}").WithTags("Attendance");
        s.MapPost("/checkins", CheckIn).WithMetadata(new TraineesCheckedByHandler()) // the hot path: a trainee's enrollment is checked by the store
            .WithSummary("Signs in or out: {kind: in|out, clientId, at, token, pass, confirm} from a trainee (token from the QR code; pass: the scan " +
                         "pass the scan page gave this phone, bound to its ca.dev cookie — the time then counts from the scan), or {kind, clientId, at, traineeId, reason} " +
                         "from a head teacher (代签到: reason required; at may be past: an offline upload; 409 for a trainee signed in already). 201 the first time, 200 with the first result on a repeat of the clientId; " +
                         "reading: the status now, with the rule, in words (message). 202: an offline upload without a pass, held for the head teacher. " +
                         "409 code Attendance.ConfirmSignOut: a 签退 before the end, which records 早退 or 擅自离开 — send again with confirm: true.")
            .Produces<CheckInDto>(201).Produces<CheckInDto>(200).Produces(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422).ProducesProblem(429);
        s.MapDelete("/checkins/{checkInId:long}", UndoByDelete).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("撤销代签到: removes a check-in a head teacher entered (method staff; ?reason= optional), audited, the session's statuses settled again.")
            .Produces<SessionAttendanceDto>(200).ProducesProblem(404).ProducesProblem(422);
        s.MapPost("/checkins/{checkInId:long}/undo", Undo).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("撤销代签到: the same as DELETE …/checkins/{checkInId}, with {reason} (optional) in the body.")
            .Produces<SessionAttendanceDto>(200).ProducesProblem(404).ProducesProblem(422);
        s.MapGet("/attendance", SessionAttendance)
            .WithSummary("Who is in and who is missing: every trainee of the class with sign-in, sign-out and status. A trainee sees their own line.");
        s.MapPost("/attendance/marks", Mark).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Marks trainees by hand: {traineeIds, status: present|late|excused|absent|left_without_permission, lateMinutes, reason}. Audited.");
        s.MapGet("/attendance/audit", Audit).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Every change to the session's attendance: who, when, old → new, why.");
        s.MapGet("/held", (long id, HeldCheckIns held) => held.ListAsync(id)).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("待确认的离线签到: sign-ins uploaded as made offline without a scan pass, waiting first.");
        s.MapPost("/held/{heldId:long}/decision", DecideHeld).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Counts (accept: true: a check-in at the claimed time, flagged offline and held) or refuses a held sign-in: {accept, note}. Audited.")
            .Produces<HeldDto>(200).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        s.MapGet("/qr", Qr).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("The current QR code of the session (token, URL, SVG); it rotates every qr_rotation_seconds (default 15). " +
                         "The URL starts with Web:PublicAddress, or with the request's host when AllowedHosts names it; otherwise 400.")
            .Produces<QrDto>(200).ProducesProblem(400).ProducesProblem(404);

        var c = api.MapGroup("/cohorts/{id:long}").WithTags("Attendance");
        c.MapGet("/attendance", CohortAttendance).RequireAuthorization(Policies.Staff)
            .WithSummary("Status per trainee × session, with each trainee's lates, early leaves, absences (thresholds applied) and rate.");
        c.MapGet("/attendance/summary", Summary).RequireAuthorization(Policies.Staff)
            .WithSummary("Attendance rates by unit, rolled up the unit tree.");
        c.MapGet("/attendance.xlsx", Xlsx).RequireAuthorization(Policies.Staff).Produces<byte[]>(200, AttendanceReports.XlsxType);
        c.MapGet("/bulletin.docx", Bulletin).RequireAuthorization(Policies.Staff).Produces<byte[]>(200, AttendanceReports.DocxType)
            .WithSummary("通报: the discipline bulletin in the official layout; ?unitId= for the version of one submitting unit.");
        c.MapGet("/discipline", Discipline).RequireAuthorization(Policies.Staff)
            .WithSummary("违纪记录: every late, early leave, absence and unauthorized departure, with who recorded it and the organizer's escalation decision (escalationDecision: reported|not_reported|null, escalation: to whom, escalatedOn).");
        c.MapPut("/bulletin/title", SetBulletinTitle).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Where the 通报's title breaks: {title: the same words with | between lines} (empty: broken automatically at word boundaries). Audited; 200 {title} as it is broken now.")
            .ProducesValidationProblem();
        c.MapPost("/discipline/{recordId:long}/escalation", DecideEscalation).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("The organizer's decision on a 违纪记录: {reported: true, to, on (date, not before the record nor after today), note} or {reported: false, note}. Audited; the bulletin says it was reported only then.")
            .Produces<DisciplineDto>(200).ProducesValidationProblem().ProducesProblem(404);
        return api;
    }

    internal static bool TakesAttendance(CurrentUser me) => me.IsIn(Role.Administrator) || me.IsIn(Role.Organizer) || me.IsIn(Role.HeadTeacher);

    private static IResult Fail(CheckInOutcome o, Texts texts) => o.Status switch
    {
        400 => Problems.Invalid(o.Field ?? "body", texts.Error(o.Error!)),
        404 => Problems.NotFound(texts.Error(o.Error!)),
        _ => Problems.Rule(texts, o.Error!, o.Status),
    };

    private static async Task<IResult> CheckIn(long id, CheckInRequest? body, HttpContext http, AttendanceStore store, CheckInLimits limits,
        Texts texts, ILogger<CheckInLimits> log)
    {
        var me = http.Me();
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        // Control characters (a NUL, which PostgreSQL cannot store in text) make no clientId.
        bool kindOk = body.Kind is "in" or "out",
            clientIdOk = !string.IsNullOrWhiteSpace(body.ClientId) && body.ClientId.Trim().Length <= 64 && !HasControl(body.ClientId);
        if (!kindOk || !clientIdOk) // the texts are looked up only for an answer that needs them
        {
            var v = new Validation()
                .Check(kindOk, "kind", texts["Attendance.KindInOut"])
                .Check(clientIdOk, "clientId", texts["Attendance.ClientIdRequired"]);
            log.LogWarning("Check-in refused: invalid body for session {SessionId}", id);
            return v.Problem();
        }
        var staff = TakesAttendance(me);
        if (body.TraineeId is not null && !staff) return Problems.Invalid("traineeId", texts["Attendance.TraineeIdStaffOnly"]);
        // 代签到 says why (手机没电 …): it goes to the audit log with the trainee's name.
        if (body.TraineeId is not null && (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Trim().Length > 500 || HasControl(body.Reason)))
            return Problems.Invalid("reason", texts["Attendance.ProxyReasonRequired"]);
        // Head teachers upload whole offline batches; the limits are for trainees' phones.
        var device = body.DeviceId ?? http.Request.Headers["X-Device-Id"].ToString();
        if (HasControl(device)) device = string.Concat(device.Where(c => c >= ' ')); // only a label to compare phones by
        if (!staff && !limits.TryAcquire(me.Id, device, http.Connection.RemoteIpAddress))
        {
            log.LogWarning("Check-in refused: rate limit for user {UserId}", me.Id);
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: 429, title: texts["Attendance.TooMany"]);
        }
        var s = await store.SessionAsync(id);
        if (s is null) return Problems.NotFound();
        if (!s.SignInRequired) return Problems.Rule(texts, new Error("Attendance.NoSignInNeeded"));
        var r = await store.CheckInAsync(me, staff, s, ReferenceEquals(body.DeviceId, device) ? body : body with { DeviceId = device },
            body.Pass is null ? null : ScanPasses.CookieOf(http));
        if (r.Held) return TypedResults.Json(new { held = true, code = r.Error!.Code, title = texts.Error(r.Error) }, statusCode: 202);
        if (r.Error is not null) return Fail(r, texts);
        var dto = r.CheckIn!.Reading is { } reading
            ? r.CheckIn with { Reading = reading with { Message = CheckInWords.Say(texts, s, r.CheckIn.Kind, r.CheckIn.At, reading) } }
            : r.CheckIn;
        return r.Created ? TypedResults.Created($"/api/v1/sessions/{id}/checkins/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> DecideHeld(long id, long heldId, HeldDecisionBody? body, HttpContext http, HeldCheckIns held,
        AttendanceStore store, CheckInReadings readings, Texts texts)
    {
        if (body?.Accept is null) return Problems.Invalid("accept", texts["Held.AcceptRequired"]);
        if (body.Note is { Length: > 500 }) return Problems.Invalid("note", texts["Held.NoteTooLong"]);
        var r = await held.DecideAsync(http.Me(), id, heldId, body.Accept.Value, body.Note);
        if (!r.IsOk) return r.Error!.Code == "Attendance.UnknownHeld" ? Problems.NotFound() : Problems.Rule(texts, r.Error);
        if (await store.SessionAsync(id) is { } s) readings.Forget(s.CohortId);
        return TypedResults.Ok(r.Value);
    }

    public sealed record HeldDecisionBody(bool? Accept, string? Note);

    public sealed record BulletinTitleBody(string? Title);

    private static async Task<IResult> SetBulletinTitle(long id, BulletinTitleBody? body, HttpContext http, CohortStore cohorts, AttendanceReports reports, Texts texts)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (await reports.SetBulletinTitleAsync(http.Me(), cohort, body?.Title) is { } error) return Problems.Invalid("title", texts.Error(error));
        return TypedResults.Ok(new BulletinTitleBody(await reports.BulletinTitleAsync(cohort)));
    }

    private static async Task<IResult> DecideEscalation(long id, long recordId, EscalationDecisionBody? body, HttpContext http, CohortStore cohorts,
        DisciplineDecisions decisions, AttendanceReports reports, Texts texts)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (body is null) return Problems.Invalid("reported", texts.Error(new Domain.Error("Discipline.ReportedRequired")));
        if (await decisions.DecideAsync(http.Me(), cohort, recordId, body) is { } bad)
            return bad.Status == 404 ? Problems.NotFound(texts.Error(bad.Error!)) : Problems.Invalid(bad.Field!, texts.Error(bad.Error!));
        return TypedResults.Ok((await reports.DisciplineAsync(cohort)).FirstOrDefault(r => r.Id == recordId));
    }

    private static Task<IResult> UndoByDelete(long id, long checkInId, string? reason, HttpContext http, AttendanceStore store, HandEntries hand, Texts texts) =>
        UndoAsync(id, checkInId, reason, http, store, hand, texts);

    private static Task<IResult> Undo(long id, long checkInId, UndoCheckInRequest? body, HttpContext http, AttendanceStore store, HandEntries hand, Texts texts) =>
        UndoAsync(id, checkInId, body?.Reason, http, store, hand, texts);

    private static async Task<IResult> UndoAsync(long id, long checkInId, string? reason, HttpContext http, AttendanceStore store, HandEntries hand, Texts texts)
    {
        if (reason is { Length: > 500 }) return Problems.Invalid("reason", texts["Attendance.ReasonTooLong"]);
        if (await store.SessionAsync(id, fresh: true) is not { } s) return Problems.NotFound();
        var r = await hand.UndoAsync(http.Me(), s, checkInId, reason);
        if (!r.IsOk) return r.Error!.Code == "Attendance.NotByHand" ? Problems.Rule(texts, r.Error) : Problems.NotFound(texts.Error(r.Error!));
        return TypedResults.Ok(await store.SessionAttendanceAsync(s));
    }

    private static bool HasControl(string? s) => s is not null && s.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0;

    private static async Task<IResult> SessionAttendance(long id, HttpContext http, AttendanceStore store)
    {
        var me = http.Me();
        if (await store.SessionAsync(id, fresh: true) is not { } s) return Problems.NotFound();
        if (TakesAttendance(me)) return TypedResults.Ok(await store.SessionAttendanceAsync(s));
        if (me.IsStaff) return TypedResults.Ok(await store.SessionAttendanceAsync(s));
        var mine = await store.EnrollmentOfAsync(s.CohortId, me.Id);
        return mine is null ? Problems.NotFound() : TypedResults.Ok(await store.SessionAttendanceAsync(s, mine));
    }

    private static async Task<IResult> Mark(long id, MarkRequest? body, HttpContext http, AttendanceStore store, Texts texts)
    {
        var me = http.Me();
        if (await store.SessionAsync(id, fresh: true) is not { } s) return Problems.NotFound();
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        var ok = AttendanceStatuses.TryParse(body.Status, out var status) && status != AttendanceStatus.Pending && status != AttendanceStatus.EarlyLeave;
        var v = new Validation()
            .Check(body.TraineeIds is { Count: > 0 and <= 1000 }, "traineeIds", texts["Attendance.TraineeIdsRequired"])
            .Check(ok, "status", texts["Attendance.BadStatus"])
            .Check(!string.IsNullOrWhiteSpace(body.Reason) && body.Reason.Length <= 500, "reason", texts["Attendance.ReasonRequired"])
            .Check(body.LateMinutes is null or (>= 0 and <= 1440), "lateMinutes", texts["Attendance.BadLateMinutes"]);
        if (!v.Ok) return v.Problem();
        var r = await store.MarkAsync(me, s, body.TraineeIds!, status, body.LateMinutes ?? 0, body.Reason!.Trim());
        if (!r.IsOk && r.Error!.Code == "Attendance.SessionCancelled") return Problems.Rule(texts, r.Error);
        if (!r.IsOk) return Problems.NotFound(texts.Error(r.Error!));
        return TypedResults.Ok(await store.SessionAttendanceAsync(s));
    }

    private static async Task<IResult> Audit(long id, HttpContext http, AttendanceStore store)
    {
        if (await store.SessionAsync(id) is null) return Problems.NotFound();
        return TypedResults.Ok(await store.AuditOfSessionAsync(id));
    }

    private static async Task<IResult> Qr(long id, HttpContext http, AttendanceStore store, TimeProvider clock,
        PublicLinks links, Texts texts)
    {
        if (await store.SessionAsync(id) is not { } s) return Problems.NotFound();
        var token = await store.QrTokenAsync(s);
        // The scan URL comes from the configured public address, or from a host named in AllowedHosts: never from
        // whatever Host header the request carried.
        if (links.Link(http.Request, $"/Attendance/Scan?s={s.Id}&t={Uri.EscapeDataString(token)}") is not { } url)
            return TypedResults.Problem(statusCode: 400, title: texts["Web.NoPublicAddress", http.Request.Host.Host],
                extensions: new Dictionary<string, object?> { ["code"] = "Web.NoPublicAddress" });
        return TypedResults.Ok(QrCode(s, token, url, clock));
    }

    internal static QrDto QrCode(CheckInSessionRow s, string token, string url, TimeProvider clock)
    {
        var svg = PublicForms.QrSvg(url);
        var step = QrToken.Step(clock.GetUtcNow(), s.Rotation);
        return new QrDto(s.Id, token, url, svg, s.Rotation, QrToken.IssuedAt(step + 1, s.Rotation));
    }

    // ---------------------------------------------------------------- class-wide

    private static async Task<IResult> CohortAttendance(long id, HttpContext http, CohortStore cohorts, AttendanceReports reports)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.Ok(await reports.CohortAsync(cohort));
    }

    private static async Task<IResult> Summary(long id, HttpContext http, CohortStore cohorts, AttendanceReports reports)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.Ok(await reports.SummaryAsync(cohort));
    }

    private static async Task<IResult> Xlsx(long id, HttpContext http, CohortStore cohorts, AttendanceReports reports)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.File(await reports.XlsxAsync(cohort), AttendanceReports.XlsxType, $"考勤统计（{cohort.Title}）.xlsx");
    }

    private static async Task<IResult> Bulletin(long id, long? unitId, HttpContext http, CohortStore cohorts, AttendanceReports reports)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (await reports.BulletinAsync(cohort, unitId) is not { } b) return Problems.NotFound();
        return TypedResults.File(b.Bytes, AttendanceReports.DocxType, b.Scope is null ? $"违纪通报（{cohort.Title}）.docx" : $"违纪通报（{cohort.Title}，{b.Scope}）.docx");
    }

    private static async Task<IResult> Discipline(long id, HttpContext http, CohortStore cohorts, AttendanceReports reports)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.Ok(await reports.DisciplineAsync(cohort));
    }
}
