using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>/api/v1: 请假 — a trainee's leave requests (for sessions or a time span, with a photo of a note) and the head
/// teacher's decisions.</summary>
public static class LeaveApi
{
    public static RouteGroupBuilder MapLeaveApi(this RouteGroupBuilder api)
    {
        var c = api.MapGroup("/cohorts/{id:long}").WithTags("Attendance");
        c.MapGet("/leave-requests", ListLeave)
            .WithSummary("Leave requests: all for staff, one's own for a trainee; each with the sessions it was asked for (sessionIds) and the photo of a note (attachmentId).");
        c.MapPost("/leave-requests", RequestLeave)
            .WithSummary("请假: {sessionIds, reason, attachmentId?} for chosen sessions that have not ended — adjacent ones (same day, none left out between) " +
                         "make one request, the others separate ones: 201 with the list — or {from, to, reason, attachmentId?} for a span: 201 with the request. " +
                         "attachmentId: a photo uploaded before to /leave-notes. A class whose rule is no leave refuses with the rule quoted (422).")
            .Produces<LeaveDto>(201).Produces<List<LeaveDto>>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        c.MapPost("/leave-notes", UploadLeaveNote).DisableAntiforgery()
            .WithSummary("A photo of a note for a leave request (multipart: file; JPEG, PNG or WebP; stored upright without metadata): 201 {id}, " +
                         "to give as attachmentId. Only the trainee and those who take attendance in the class may download it.")
            .Produces<LeaveNoteDto>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        api.MapPost("/leave-requests/{id:long}/decision", DecideLeave).RequireAuthorization(Policies.TakeAttendance).WithTags("Attendance")
            .WithSummary("Approves or refuses a leave request: {approve, note}; a refusal needs a note (400). Approved leave makes the trainee excused. " +
                         "409 when the class is archived.");
        return api;
    }

    private static async Task<IResult> ListLeave(long id, HttpContext http, CohortStore cohorts, LeaveStore leave)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.Ok(await leave.ListAsync(cohort.Id, me.IsStaff ? null : me.Id));
    }

    private static async Task<IResult> RequestLeave(long id, LeaveRequestBody? body, HttpContext http, CohortStore cohorts, LeaveStore leave, Texts texts)
    {
        var me = http.Me();
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        var bySessions = body.SessionIds is { Count: > 0 };
        var v = new Validation();
        if (bySessions)
            v.Check(body.SessionIds!.Count <= 200, "sessionIds", texts["Leave.TooManySessions"])
             .Check(body.From is null && body.To is null, "from", texts["Leave.SessionsOrSpan"]);
        else
            v.Check(body.From is not null, "from", texts["Attendance.FromRequired"])
             .Check(body.To is not null && (body.From is null || body.To > body.From), "to", texts["Attendance.ToAfterFrom"]);
        v.Check(!string.IsNullOrWhiteSpace(body.Reason) && body.Reason.Length <= 500, "reason", texts["Attendance.ReasonRequired"]);
        if (!v.Ok) return v.Problem();
        if (!cohort.LeaveAllowed)
            return Problems.Rule(texts, new Error("Attendance.NoLeave", "参训人员一律不准请假"));
        var r = await leave.RequestAsync(me, AttendanceApi.TakesAttendance(me) ? body.TraineeId : null, cohort,
            new LeaveAsk(bySessions ? body.SessionIds : null, body.From, body.To, body.Reason!.Trim(), body.AttachmentId));
        if (!r.IsOk) return r.Error!.Code switch
        {
            "Attendance.UnknownTrainee" => Problems.NotFound(texts.Error(r.Error)),
            "Attendance.LeaveSessionUnknown" => Problems.Invalid("sessionIds", texts.Error(r.Error)),
            "Attendance.LeaveNoteUnknown" => Problems.Invalid("attachmentId", texts.Error(r.Error)),
            _ => Problems.Rule(texts, r.Error),
        };
        var made = r.Value!;
        return bySessions
            ? TypedResults.Created($"/api/v1/cohorts/{id}/leave-requests", made)
            : TypedResults.Created($"/api/v1/cohorts/{id}/leave-requests/{made[0].Id}", made[0]);
    }

    private static async Task<IResult> UploadLeaveNote(long id, IFormFile? file, HttpContext http, CohortStore cohorts, LeaveStore leave,
        Infrastructure.Files.AttachmentStore attachments, Texts texts)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (file is null) return Problems.Invalid("file", texts["Leave.PhotoRequired"]);
        if (!cohort.LeaveAllowed) return Problems.Rule(texts, new Error("Attendance.NoLeave", "参训人员一律不准请假"));
        var (bytes, tooBig) = await attachments.ReadAsync(file);
        if (tooBig is not null) return Problems.Invalid("file", tooBig);
        var (photo, refused) = attachments.Prepare(bytes!, file.FileName, Infrastructure.Files.AttachmentUses.Images);
        if (refused is not null) return Problems.Invalid("file", refused);
        var r = await leave.UploadNoteAsync(http.Me(), cohort, photo!);
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        return TypedResults.Created($"/api/v1/attachments/{r.Value}", new LeaveNoteDto(r.Value));
    }

    private static async Task<IResult> DecideLeave(long id, LeaveDecisionBody? body, HttpContext http, LeaveStore leave, CohortAccess access,
        CohortEditor editor, Texts texts)
    {
        if (body?.Approve is null) return Problems.Invalid("approve", texts["Attendance.ApproveRequired"]);
        // Not under /cohorts/{id}: the request's class is checked here, the same way (who sees it, then archived or not).
        if (await leave.CohortOfAsync(id) is not { } cohortId || !await access.CanSeeAsync(http.Me(), cohortId)) return Problems.NotFound();
        if (await editor.IsArchivedAsync(cohortId, null)) return Problems.Conflict(texts["Cohorts.Archived.ReadOnly"]);
        if (body.Approve == false && string.IsNullOrWhiteSpace(body.Note)) return Problems.Invalid("note", texts["Error.Attendance.RefusalReasonRequired"]);
        if (body.Note is { Length: > 500 }) return Problems.Invalid("note", texts["Leave.NoteTooLong"]);
        var r = await leave.DecideAsync(http.Me(), id, body.Approve.Value, body.Note);
        if (!r.IsOk) return r.Error!.Code == "Attendance.UnknownLeave" ? Problems.NotFound() : Problems.Rule(texts, r.Error!);
        return TypedResults.Ok(r.Value);
    }
}
