using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed record TraineeCodeDto(long EnrollmentId, string Name, string? Unit, string? Username, string Status, string? Code, DateTimeOffset? ExpiresAt);
public sealed record TraineeCodesDto(int Count, IReadOnlyList<TraineeCodeDto> Trainees);
public sealed record IssuedCodeDto(long EnrollmentId, string Name, string? Username, string Code, DateTimeOffset ExpiresAt);
public sealed record ReissuedDto(int Count);

/// <summary>
/// /api/v1/cohorts/{id}/codes: the trainees' one-time codes (初始登录码) for slips and the unit contact's list, and their
/// re-issue. Every read and every issue goes to the audit log.
/// </summary>
public static class CodesApi
{
    public static RouteGroupBuilder MapCodesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}").WithTags("Enrollment").RequireAuthorization(Policies.ReadTraineeCodes);
        g.MapGet("/codes", List).WithSummary("The trainees' one-time codes as the caller may see them (a unit contact: its own trainees). Audited.");
        g.MapGet("/codes.xlsx", Sheet).WithSummary("The same list as a spreadsheet to hand out. Audited.");
        g.MapPost("/roster/{enrollmentId:long}/code", Reissue).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("A new one-time code for one trainee (a forgotten password, an expired code): the old password stops working. Audited.");
        g.MapPost("/codes/reissue", ReissueUnused).RequireAuthorization(Policies.TakeAttendance)
            .WithSummary("New codes for every trainee who has not yet set a password. Audited.");
        return api;
    }

    public static string StatusCode(CodeState s, DateTimeOffset now) =>
        s.PasswordSet ? "password_set" : s.Expired(now) ? "expired" : s.Code is null ? "unreadable" : "pending";

    private static async Task<Results<Ok<TraineeCodesDto>, ProblemHttpResult>> List(long id, HttpContext http, TraineeCodes codes, TimeProvider clock, Texts T)
    {
        var (outcome, _, list) = await codes.ListAsync(http.Me(), id, auditAs: "codes.view");
        if (outcome == CodeListOutcome.NotFound) return Problems.NotFound();
        if (outcome == CodeListOutcome.NotLocked) return Problems.Conflict(T["Codes.NotLocked"]);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new TraineeCodesDto(list.Count, list.Select(x => new TraineeCodeDto(x.Trainee.Id, x.Trainee.Name, x.Trainee.UnitName,
            x.Trainee.Username, StatusCode(x.State, now), x.State.Usable(now) ? x.State.Code : null, x.State.PasswordSet ? null : x.State.ExpiresAt)).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Sheet(long id, HttpContext http, TraineeCodes codes, TimeProvider clock, Texts T)
    {
        var (outcome, cohort, list) = await codes.ListAsync(http.Me(), id, auditAs: "codes.download");
        if (outcome == CodeListOutcome.NotFound) return Problems.NotFound();
        if (outcome == CodeListOutcome.NotLocked) return Problems.Conflict(T["Codes.NotLocked"]);
        return TypedResults.File(EnrollmentSheets.Codes(list, clock.GetUtcNow(), cohort!.TimeZone, T),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"学员登录码（{cohort.Title}）.xlsx");
    }

    private static async Task<Results<Ok<IssuedCodeDto>, ProblemHttpResult>> Reissue(long id, long enrollmentId, HttpContext http, TraineeCodes codes)
    {
        if (await codes.ReissueAsync(http.Me(), id, enrollmentId) is not { } r) return Problems.NotFound();
        return TypedResults.Ok(new IssuedCodeDto(r.Trainee.Id, r.Trainee.Name, r.Trainee.Username, r.Code.Printed, r.Code.ExpiresAt));
    }

    private static async Task<Results<Ok<ReissuedDto>, ProblemHttpResult>> ReissueUnused(long id, HttpContext http, TraineeCodes codes, Texts T)
    {
        var (outcome, count) = await codes.ReissueUnusedAsync(http.Me(), id);
        if (outcome == CodeListOutcome.NotFound) return Problems.NotFound();
        if (outcome == CodeListOutcome.NotLocked) return Problems.Conflict(T["Codes.NotLocked"]);
        return TypedResults.Ok(new ReissuedDto(count));
    }
}
