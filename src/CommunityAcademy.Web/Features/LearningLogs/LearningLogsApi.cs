using System.Globalization;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.LearningLogs;

public sealed record LogWriteBody(string? Body, List<long>? SessionIds);
public sealed record LogCommentBody(string? Body);
public sealed record LogMarkBody(bool? Featured);

/// <summary>/api/v1: 学员日志 (#23 point 1) — a trainee's own entries (list, write a day's, add a photo) and the class's
/// (the head teacher's or organizer's: list with filters, comment, mark good).</summary>
public static class LearningLogsApi
{
    public static void AddLearningLogs(IServiceCollection services)
    {
        services.AddSingleton<LearningLogStore>();
        services.AddSingleton<IAttachmentOwnerAccess, LogPhotoAccess>();
    }

    public static RouteGroupBuilder MapLearningLogsApi(this RouteGroupBuilder api)
    {
        var c = api.MapGroup("/cohorts/{id:long}/learning-logs").WithTags("LearningLogs");
        c.MapGet("/mine", Mine).WithSummary("My entries in the class (a trainee), newest day first, with their sessions, photos (attachment ids), comments and whether marked good.");
        c.MapPut("/mine/{day}", Write)
            .WithSummary("Writes my entry of a day (yyyy-MM-dd, a day of the class not after today): {body, sessionIds} — sessions of that day; " +
                         "the body at most 5,000 characters (422 with the rule). Saves as often as called (drafts as typed).");
        c.MapPost("/mine/{day}/photos", AddPhoto).DisableAntiforgery()
            .WithSummary("Adds a photo to my entry of a day (multipart: file; JPEG, PNG or WebP; stored upright without metadata): 201 with the entry.");
        c.MapGet("", List).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Every entry of the class (head teacher, organizer): ?day=yyyy-MM-dd&enrollmentId=&unitId=&featured=true to filter.");
        c.MapPost("/{logId:long}/comments", Comment).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Comments on an entry: {body} (at most 1,000 characters); the trainee reads it on the phone. 201 with the comment.");
        c.MapPut("/{logId:long}/featured", Mark).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("Marks an entry good (精选) or takes the mark back: {featured}; audited.");
        return api;
    }

    private static bool TryDay(string day, out DateOnly d) => DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);

    private static async Task<IResult> Mine(long id, HttpContext http, CohortStore cohorts, LearningLogStore logs)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        if (await logs.EnrollmentOfAsync(http.Me().Id, id) is not { } enrollment) return Problems.NotFound();
        return TypedResults.Ok(await logs.MineAsync(id, enrollment));
    }

    private static async Task<IResult> Write(long id, string day, LogWriteBody? body, HttpContext http, CohortStore cohorts, LearningLogStore logs, Texts texts)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (await logs.EnrollmentOfAsync(http.Me().Id, id) is not { } enrollment) return Problems.NotFound();
        if (!TryDay(day, out var d)) return Problems.Invalid("day", texts["Logs.BadDay"]);
        if (body is null) return Problems.Invalid("body", texts["Attendance.BodyRequired"]);
        if (body.SessionIds is { Count: > 50 }) return Problems.Invalid("sessionIds", texts["Logs.TooManySessions"]);
        var r = await logs.WriteAsync(http.Me(), cohort, enrollment, d, body.Body, body.SessionIds ?? []);
        return r.IsOk ? TypedResults.Ok(r.Value) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> AddPhoto(long id, string day, IFormFile? file, HttpContext http, CohortStore cohorts, LearningLogStore logs,
        AttachmentStore attachments, Texts texts)
    {
        if (await cohorts.FindAsync(id) is not { } cohort) return Problems.NotFound();
        if (await logs.EnrollmentOfAsync(http.Me().Id, id) is not { } enrollment) return Problems.NotFound();
        if (!TryDay(day, out var d)) return Problems.Invalid("day", texts["Logs.BadDay"]);
        if (file is null) return Problems.Invalid("file", texts["Leave.PhotoRequired"]);
        var (bytes, tooBig) = await attachments.ReadAsync(file);
        if (tooBig is not null) return Problems.Invalid("file", tooBig);
        var (photo, refused) = attachments.Prepare(bytes!, file.FileName, AttachmentUses.Images);
        if (refused is not null) return Problems.Invalid("file", refused);
        var existing = (await logs.MineAsync(id, enrollment)).FirstOrDefault(e => e.Day == d);
        var r = await logs.WriteAsync(http.Me(), cohort, enrollment, d, existing?.Body ?? "", existing?.SessionIds ?? [], photo);
        return r.IsOk ? TypedResults.Created($"/api/v1/cohorts/{id}/learning-logs/mine", r.Value) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> List(long id, string? day, long? enrollmentId, long? unitId, bool? featured, CohortStore cohorts, LearningLogStore logs, Texts texts)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        DateOnly? d = null;
        if (!string.IsNullOrEmpty(day)) { if (!TryDay(day, out var x)) return Problems.Invalid("day", texts["Logs.BadDay"]); d = x; }
        return TypedResults.Ok(await logs.ListAsync(id, new LogFilter(d, enrollmentId, unitId, featured == true)));
    }

    private static async Task<IResult> Comment(long id, long logId, LogCommentBody? body, HttpContext http, LearningLogStore logs, Texts texts)
    {
        var r = await logs.CommentAsync(http.Me(), id, logId, body?.Body);
        if (!r.IsOk) return r.Error!.Code == "Logs.Unknown" ? Problems.NotFound() : Problems.Rule(texts, r.Error!);
        return TypedResults.Created($"/api/v1/cohorts/{id}/learning-logs", r.Value);
    }

    private static async Task<IResult> Mark(long id, long logId, LogMarkBody? body, HttpContext http, LearningLogStore logs, Texts texts)
    {
        if (body?.Featured is not { } featured) return Problems.Invalid("featured", texts["Logs.FeaturedRequired"]);
        var r = await logs.MarkAsync(http.Me(), id, logId, featured);
        if (!r.IsOk) return r.Error!.Code == "Logs.Unknown" ? Problems.NotFound() : Problems.Rule(texts, r.Error!);
        return TypedResults.Ok(new { featured = r.Value });
    }
}
