using System.Globalization;
using System.Text;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record PersonRefDto(string Kind, long Id, string Name);

public sealed record SessionDto(
    long Id, long CohortId, DateOnly Date, string DayLabel, string Start, string End, bool PastMidnight,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Title, string Type, string TypeName, string Delivery,
    string? Method, string? MethodName, string Instructors, IReadOnlyList<PersonRefDto> People, string? Venue,
    long? TeachingPointId, string? TeachingPointName, long? SceneId, string? SceneName, bool SignInRequired,
    decimal StudyHours, bool StudyHoursSet, string? OnlineLink, string? Material,
    bool Cancelled = false, DateTimeOffset? CancelledAt = null, string? CancelReason = null);

/// <summary>POST /sessions/{id}/cancel: why the session does not take place (optional, at most 200 characters).</summary>
public sealed record CancelSessionRequest(string? Reason);

public sealed record TimetableDto(long CohortId, string Title, string TimeZone, DateOnly StartDate, DateOnly EndDate,
    decimal TotalStudyHours, IReadOnlyList<SessionDto> Sessions, IReadOnlyList<ClashView> Warnings);

public sealed record SessionSavedDto(SessionDto Session, IReadOnlyList<ClashView> Warnings);
public sealed record DayDto(long CohortId, string CohortTitle, DateOnly Date, string DayLabel, decimal StudyHours, IReadOnlyList<SessionDto> Sessions);
public sealed record TimetableImportDto(int Created, int Existing, IReadOnlyList<ClashView> Warnings);
public sealed record SessionTypeDto(string Code, string Name, string NameEn, string Delivery, bool HasMethod, bool Builtin);
public sealed record WorkshopMethodDto(string Code, string Name, string NameEn, bool Builtin);
public sealed record SessionTypeRequest(string? Code, string? Name, string? NameEn, string? Delivery, bool? HasMethod);
public sealed record WorkshopMethodRequest(string? Code, string? Name, string? NameEn);

/// <summary>
/// /api/v1: sessions of a class (read by whoever sees the class; changed by administrators and organizers),
/// the .ics export, the spreadsheet import, today's sessions, session types and workshop methods.
/// Instructors and teaching points: <see cref="InstructorsApi"/>, <see cref="TeachingPointsApi"/>.
/// </summary>
public static class TimetableApi
{
    public static RouteGroupBuilder MapTimetableApi(this RouteGroupBuilder api)
    {
        var cohort = api.MapGroup("/cohorts/{id:long}").WithTags("Timetable");
        cohort.MapGet("/sessions", List).WithSummary("The timetable of a class: sessions in time order, study hours; clash warnings for staff.");
        cohort.MapPost("/sessions", Create).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Adds a session. Body at least date (yyyy-MM-dd), start, end (HH:mm, the class's zone), title, type.");
        cohort.MapPost("/sessions/import", Import).RequireAuthorization(Policies.ManageCohorts).DisableAntiforgery()
            .WithSummary("Imports sessions from .xlsx/.xls/.csv (日期, 时间, 课程安排, 授课专家 …). All rows or none.");
        cohort.MapGet("/timetable.ics", CohortCalendar).Produces<string>(200, "text/calendar")
            .WithSummary("The class's sessions as iCalendar (RFC 5545) in the class's time zone.");
        cohort.MapGet("/clashes", Clashes).RequireAuthorization(Policies.Staff)
            .WithSummary("Clash warnings: an instructor, a venue or the class in two places at once; overlaps; sessions outside the class's days.");

        var sessions = api.MapGroup("/sessions").WithTags("Timetable");
        sessions.MapGet("/{id:long}", Get);
        sessions.MapPut("/{id:long}", Update).RequireAuthorization(Policies.ManageCohorts).WithSummary("Replaces a session (same body as POST).");
        sessions.MapDelete("/{id:long}", Delete).RequireAuthorization(Policies.ManageCohorts).Produces(204).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Deletes a session without records. One with sign-ins, marks or discipline records is refused (409): cancel it instead.");
        sessions.MapPost("/{id:long}/cancel", Cancel).RequireAuthorization(Policies.ManageCohorts).Produces<SessionDto>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Cancels a session (已取消), body {reason}: it keeps its records, closes for sign-in and counts in no statistics, bulletin or 学时.");
        sessions.MapPost("/{id:long}/restore", Restore).RequireAuthorization(Policies.ManageCohorts).Produces<SessionDto>().ProducesProblem(404)
            .WithSummary("Takes a cancellation back: the session counts again.");

        api.MapGet("/timetable/today", Today).WithTags("Timetable")
            .WithSummary("Sessions of the caller's classes on a day: ?date=yyyy-MM-dd, or today in each class's own time zone.");

        var types = api.MapGroup("/session-types").WithTags("Timetable");
        types.MapGet("/", ListTypes);
        types.MapPost("/", AddType).RequireAuthorization(Policies.ManageCohorts).WithSummary("Adds a session type (delivery: in_person, live_online or self_paced).")
            .Produces<SessionTypeDto>(201).ProducesValidationProblem().ProducesProblem(422);
        types.MapPut("/{code}", UpdateType).RequireAuthorization(Policies.ManageCohorts)
            .Produces<SessionTypeDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        types.MapDelete("/{code}", DeleteType).RequireAuthorization(Policies.ManageCohorts).WithSummary("Deletes a type an organizer added and no session uses.")
            .Produces(204).ProducesProblem(404).ProducesProblem(422);
        var methods = api.MapGroup("/workshop-methods").WithTags("Timetable");
        methods.MapGet("/", ListMethods);
        methods.MapPost("/", AddMethod).RequireAuthorization(Policies.ManageCohorts)
            .Produces<WorkshopMethodDto>(201).ProducesValidationProblem().ProducesProblem(422);
        methods.MapPut("/{code}", UpdateMethod).RequireAuthorization(Policies.ManageCohorts)
            .Produces<WorkshopMethodDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        methods.MapDelete("/{code}", DeleteMethod).RequireAuthorization(Policies.ManageCohorts)
            .Produces(204).ProducesProblem(404).ProducesProblem(422);

        api.MapInstructorsApi();
        api.MapTeachingPointsApi();
        return api;
    }

    internal static SessionDto ToDto(SessionView s, CohortRow? cohort = null) => new(
        s.Row.Id, s.Row.CohortId, s.Row.SessionDate, cohort is null ? "" : SessionStore.DayLabel(cohort, s.Row.SessionDate),
        s.Row.StartTime, s.Row.EndTime, s.Row.PastMidnight, s.Row.StartsAt, s.Row.EndsAt, s.Row.Title, s.Row.SessionType,
        s.Row.TypeName ?? s.Row.SessionType, s.Mode.Code(), s.Row.WorkshopMethod, s.Row.MethodName, s.InstructorsText,
        s.People.Select(p => p.InstructorId is { } i ? new PersonRefDto("instructor", i, p.Name) : new PersonRefDto("team", p.TeamId!.Value, p.Name)).ToList(),
        s.Row.Venue, s.Row.TeachingPointId, s.Row.TeachingPointName, s.Row.SceneId, s.Row.SceneName, s.Row.SignInRequired,
        s.StudyHours, s.StudyHoursSet is not null, s.Row.OnlineLink, s.Row.Material, s.Cancelled, s.Row.CancelledAt, s.Row.CancelReason);

    /// <summary>Field errors as a 400 naming each field, in the caller's language.</summary>
    internal static ValidationProblem Invalid(IEnumerable<FieldError> errors, Texts texts) =>
        Problems.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => texts.Error(e.Error)).ToArray()));

    /// <summary>
    /// A store's refusal as HTTP: bad input 400 (naming the field), an unknown thing named in the path 404,
    /// a rule (name taken, still in use) 422.
    /// </summary>
    internal static IResult Refuse(Error e, Texts texts)
    {
        string? field = e.Code switch
        {
            "Timetable.NameRequired" or "Timetable.NameTooLong" => "name",
            "Timetable.BadCode" => "code",
            "Timetable.CoordinatesPair" or "Timetable.BadLatitude" => "latitude",
            "Timetable.BadLongitude" => "longitude",
            "Timetable.BadHeadcount" => "headcount",
            "Timetable.UnknownUser" => "userId",
            _ => null,
        };
        if (field is not null) return Problems.Invalid(field, texts.Error(e));
        if (e.Code.StartsWith("Timetable.Unknown")) return Problems.NotFound(texts.Error(e));
        return Problems.Rule(texts, e);
    }

    private static async Task<Results<Ok<TimetableDto>, ProblemHttpResult>> List(long id, HttpContext http, SessionStore store)
    {
        var me = http.Me();
        if (await store.CohortAsync(id) is not { } cohort) return Problems.NotFound();
        var view = await store.TimetableAsync(cohort, withWarnings: me.IsStaff);
        return TypedResults.Ok(new TimetableDto(cohort.Id, cohort.Title, cohort.TimeZone, cohort.StartDate, cohort.EndDate,
            view.TotalStudyHours, view.Sessions.Select(s => ToDto(s, cohort)).ToList(), view.Warnings));
    }

    private static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> Get(long id, HttpContext http, SessionStore store)
    {
        if (await store.GetAsync(id) is not { } s || await store.CohortAsync(s.Row.CohortId) is not { } cohort)
            return Problems.NotFound();
        return TypedResults.Ok(ToDto(s, cohort));
    }

    private static async Task<Results<Created<SessionSavedDto>, ValidationProblem, ProblemHttpResult>> Create(
        long id, SessionDraft body, HttpContext http, SessionStore store, Texts texts)
    {
        if (await store.CohortAsync(id) is not { } cohort) return Problems.NotFound();
        var r = SessionValidator.Validate(body, cohort, await store.CatalogAsync(), out var errors);
        if (!r.IsOk) return Invalid(errors, texts);
        var sessionId = await store.AddAsync(cohort.Id, r.Value!);
        return TypedResults.Created($"/api/v1/sessions/{sessionId}", await SavedAsync(store, cohort, sessionId));
    }

    private static async Task<Results<Ok<SessionSavedDto>, ValidationProblem, ProblemHttpResult>> Update(
        long id, SessionDraft body, HttpContext http, SessionStore store, Texts texts)
    {
        if (await store.GetAsync(id) is not { } existing || await store.CohortAsync(existing.Row.CohortId) is not { } cohort)
            return Problems.NotFound();
        var r = SessionValidator.Validate(body, cohort, await store.CatalogAsync(), out var errors);
        if (!r.IsOk) return Invalid(errors, texts);
        if (!await store.UpdateAsync(id, r.Value!)) return Problems.NotFound();
        return TypedResults.Ok(await SavedAsync(store, cohort, id));
    }

    /// <summary>The saved session with the warnings that name it.</summary>
    private static async Task<SessionSavedDto> SavedAsync(SessionStore store, CohortRow cohort, long sessionId)
    {
        var view = await store.TimetableAsync(cohort, withWarnings: true);
        var s = view.Sessions.Single(x => x.Row.Id == sessionId);
        return new SessionSavedDto(ToDto(s, cohort), view.Warnings.Where(w => w.Sessions.Any(x => x.Id == sessionId)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, HttpContext http, SessionStore store, Texts texts)
    {
        if (await store.GetAsync(id) is not { } s || await store.CohortAsync(s.Row.CohortId) is null) return Problems.NotFound();
        return await store.DeleteAsync(id) switch
        {
            SessionStore.DeleteOutcome.Deleted => TypedResults.NoContent(),
            SessionStore.DeleteOutcome.HasRecords => Problems.Rule(texts, new Error("Timetable.SessionHasRecords", s.Row.Title, id), 409),
            _ => Problems.NotFound(),
        };
    }

    public const int CancelReasonMax = 200;

    private static async Task<Results<Ok<SessionDto>, ValidationProblem, ProblemHttpResult>> Cancel(
        long id, CancelSessionRequest? body, HttpContext http, SessionStore store, Texts texts, TimeProvider clock)
    {
        var me = http.Me();
        if (await store.GetAsync(id) is not { } s || await store.CohortAsync(s.Row.CohortId) is not { } cohort) return Problems.NotFound();
        var reason = string.IsNullOrWhiteSpace(body?.Reason) ? null : body.Reason.Trim();
        if (reason is { Length: > CancelReasonMax }) return Problems.Invalid("reason", texts["Timetable.CancelReasonTooLong", CancelReasonMax]);
        if (!await store.CancelAsync(id, me.Id, reason, clock.GetUtcNow())) return Problems.NotFound();
        return TypedResults.Ok(ToDto((await store.GetAsync(id))!, cohort));
    }

    private static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> Restore(long id, HttpContext http, SessionStore store, TimeProvider clock)
    {
        var me = http.Me();
        if (await store.GetAsync(id) is not { } s || await store.CohortAsync(s.Row.CohortId) is not { } cohort) return Problems.NotFound();
        if (!await store.RestoreAsync(id, me.Id, clock.GetUtcNow())) return Problems.NotFound();
        return TypedResults.Ok(ToDto((await store.GetAsync(id))!, cohort));
    }

    private static async Task<Results<Ok<List<ClashView>>, ProblemHttpResult>> Clashes(long id, HttpContext http, SessionStore store)
    {
        if (await store.CohortAsync(id) is not { } cohort) return Problems.NotFound();
        return TypedResults.Ok((await store.TimetableAsync(cohort, withWarnings: true)).Warnings.ToList());
    }

    private static async Task<Results<Ok<TimetableImportDto>, UnprocessableEntity<Units.ImportErrorsDto>, ValidationProblem, ProblemHttpResult>> Import(
        long id, IFormFile? file, HttpContext http, SessionStore store, TimetableImport import)
    {
        if (await store.CohortAsync(id) is not { } cohort) return Problems.NotFound();
        if (file is null) return Problems.Invalid("file", Texts.Of("Problem.FileRequired"));
        await using var s = file.OpenReadStream();
        var r = await import.ImportAsync(cohort, s, file.FileName);
        if (!r.Ok) return TypedResults.UnprocessableEntity(Units.ImportErrorsDto.Of(Texts.Of("Problem.NoSessionImported"), r.Errors));
        return TypedResults.Ok(new TimetableImportDto(r.Created, r.Existing, (await store.TimetableAsync(cohort, withWarnings: true)).Warnings));
    }

    private static async Task<Results<Ok<List<DayDto>>, ValidationProblem>> Today(string? date, HttpContext http, SessionStore store, TimeProvider clock)
    {
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (!SessionClock.TryParseDate(date, out var d)) return Problems.Invalid("date", Texts.Of("Problem.DateFormat"));
            day = d;
        }
        var days = await store.DayAsync(http.Me(), day, clock.GetUtcNow());
        return TypedResults.Ok(days.Select(x => new DayDto(x.Cohort.Id, x.Cohort.Title, x.Date, SessionStore.DayLabel(x.Cohort, x.Date),
            x.Sessions.Sum(s => s.Credited), x.Sessions.Select(s => ToDto(s, x.Cohort)).ToList())).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CohortCalendar(long id, HttpContext http, SessionStore store, TimeProvider clock)
    {
        if (await store.CohortAsync(id) is not { } cohort) return Problems.NotFound();
        var view = await store.TimetableAsync(cohort, withWarnings: false);
        var ics = ICalendar.Write($"{cohort.Title} 课程表", view.Sessions.Select(s => ToEvent(s, null)).ToList(), clock.GetUtcNow());
        return TypedResults.File(Encoding.UTF8.GetBytes(ics), ICalendar.ContentType, $"课程表（{cohort.Title}）.ics");
    }

    /// <summary>One session as a calendar event; with <paramref name="cohortTitle"/> when calendars mix classes.</summary>
    internal static ICalendar.Event ToEvent(SessionView s, string? cohortTitle)
    {
        var d = new StringBuilder();
        if (cohortTitle is not null) d.Append("培训班：").Append(cohortTitle).Append('\n');
        d.Append("类型：").Append(s.Row.TypeName ?? s.Row.SessionType);
        if (s.Row.MethodName is { } m) d.Append('（').Append(m).Append('）');
        d.Append('\n');
        if (s.InstructorsText.Length > 0) d.Append("授课专家：").Append(s.InstructorsText).Append('\n');
        if (s.Cancelled) d.Append("已取消").Append(s.Row.CancelReason is { } why ? "：" + why : "").Append('\n');
        d.Append("学时：").Append(StudyHours.Format(s.Credited)).Append('\n');
        d.Append(s.Row.SignInRequired ? "需签到" : "无需签到");
        if (s.Row.OnlineLink is { } link) d.Append("\n直播链接：").Append(link);
        if (s.Row.Material is { } mat) d.Append("\n案例材料：").Append(mat);
        var place = s.Mode == Delivery.LiveOnline ? "线上" : s.PlaceText.Length > 0 ? s.PlaceText : s.Row.CohortVenue;
        if (s.Row.TeachingPointAddress is { } addr) place += "，" + addr;
        return new ICalendar.Event($"session-{s.Row.Id}@communityacademy", s.Row.StartsAt, s.Row.EndsAt, s.Row.CohortTimeZone ?? "Asia/Shanghai",
            s.Row.Title, place, d.ToString(), s.Row.OnlineLink, s.Row.TypeName, s.Cancelled);
    }

    private static SessionTypeDto ToDto(SessionTypeRow t) => new(t.Code, t.Name, t.NameEn, t.Delivery, t.HasMethod, t.Builtin);
    private static WorkshopMethodDto ToDto(WorkshopMethodRow m) => new(m.Code, m.Name, m.NameEn, m.Builtin);

    private static async Task<Ok<List<SessionTypeDto>>> ListTypes(CatalogStore catalog) =>
        TypedResults.Ok((await catalog.TypesAsync()).Select(ToDto).ToList());

    private static async Task<Ok<List<WorkshopMethodDto>>> ListMethods(CatalogStore catalog) =>
        TypedResults.Ok((await catalog.MethodsAsync()).Select(ToDto).ToList());

    private static (NewSessionType?, ValidationProblem?) ReadType(SessionTypeRequest body)
    {
        var v = new Validation().Require("name", body.Name);
        var delivery = Domain.Timetable.Delivery.InPerson;
        if (!string.IsNullOrWhiteSpace(body.Delivery))
            v.Check(Deliveries.TryParse(body.Delivery, out delivery), "delivery", Texts.Of("Problem.Delivery"));
        if (!string.IsNullOrWhiteSpace(body.Code))
            v.Check(CatalogStore.IsCode(body.Code.Trim()), "code", Texts.Of("Problem.Code"));
        return v.Ok ? (new NewSessionType(body.Code, body.Name!, body.NameEn, delivery, body.HasMethod ?? false), null) : (null, v.Problem());
    }

    private static async Task<IResult> AddType(SessionTypeRequest body, CatalogStore catalog, Texts texts)
    {
        var (t, problem) = ReadType(body);
        if (problem is not null) return problem;
        var r = await catalog.AddTypeAsync(t!);
        if (!r.IsOk) return Refuse(r.Error!, texts);
        return TypedResults.Created($"/api/v1/session-types/{r.Value}", ToDto((await catalog.TypesAsync()).Single(x => x.Code == r.Value)));
    }

    private static async Task<IResult> UpdateType(string code, SessionTypeRequest body, CatalogStore catalog, Texts texts)
    {
        if ((await catalog.TypesAsync()).All(t => t.Code != code)) return Problems.NotFound();
        var (t, problem) = ReadType(body with { Code = null });
        if (problem is not null) return problem;
        if (await catalog.UpdateTypeAsync(code, t!) is { } e) return Refuse(e, texts);
        return TypedResults.Ok(ToDto((await catalog.TypesAsync()).Single(x => x.Code == code)));
    }

    private static async Task<IResult> DeleteType(string code, CatalogStore catalog, Texts texts) =>
        await catalog.DeleteTypeAsync(code) is { } e ? Refuse(e, texts) : TypedResults.NoContent();

    private static async Task<IResult> AddMethod(WorkshopMethodRequest body, CatalogStore catalog, Texts texts)
    {
        var v = new Validation().Require("name", body.Name);
        if (!string.IsNullOrWhiteSpace(body.Code))
            v.Check(CatalogStore.IsCode(body.Code.Trim()), "code", Texts.Of("Problem.Code"));
        if (!v.Ok) return v.Problem();
        var r = await catalog.AddMethodAsync(new NewWorkshopMethod(body.Code, body.Name!, body.NameEn));
        if (!r.IsOk) return Refuse(r.Error!, texts);
        return TypedResults.Created($"/api/v1/workshop-methods/{r.Value}", ToDto((await catalog.MethodsAsync()).Single(x => x.Code == r.Value)));
    }

    private static async Task<IResult> UpdateMethod(string code, WorkshopMethodRequest body, CatalogStore catalog, Texts texts)
    {
        if ((await catalog.MethodsAsync()).All(m => m.Code != code)) return Problems.NotFound();
        if (string.IsNullOrWhiteSpace(body.Name)) return Problems.Invalid("name", Texts.Of("Problem.Required"));
        if (await catalog.UpdateMethodAsync(code, new NewWorkshopMethod(null, body.Name, body.NameEn)) is { } e) return Refuse(e, texts);
        return TypedResults.Ok(ToDto((await catalog.MethodsAsync()).Single(x => x.Code == code)));
    }

    private static async Task<IResult> DeleteMethod(string code, CatalogStore catalog, Texts texts) =>
        await catalog.DeleteMethodAsync(code) is { } e ? Refuse(e, texts) : TypedResults.NoContent();
}
