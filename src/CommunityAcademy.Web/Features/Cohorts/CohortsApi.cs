using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed record CohortSummaryDto(long Id, string Program, string Title, int? Number, DateOnly StartDate, DateOnly EndDate, string? Venue, bool Archived = false);

public sealed record RulesDto(bool Accommodation, IReadOnlyList<string> Meals, bool LeaveAllowed, int ArriveMinutesBefore,
    bool SignInEverySession, bool FullTimeRelease, string? UnauthorizedDeparture, bool BulletinAfterClass, bool AutoLock = true);

public sealed record SignInRulesDto(int CheckinOpensMinutes, int CheckoutGraceMinutes, int DepartureMinutes, int LatesPerAbsence,
    int? CheckinRadiusMeters, bool SignOutRequired, int QrRotationSeconds);

public sealed record CohortDto(
    long Id, string Program, string Title, int? Number, string? Theme, DateOnly StartDate, DateOnly EndDate, int Days,
    string? Venue, string? Format, string TimeZone, string? Issuer, DateOnly? IssuedOn,
    string? ContactName, string? ContactPhone, DateOnly? ReceiptDeadline,
    IReadOnlyList<HostDto> Hosts, RulesDto Rules, IReadOnlyList<CategoryRow> Categories, int TotalParticipants,
    int TraineePlaces, IReadOnlyList<DistrictPlaces> PlacesByDistrict, IReadOnlyList<SessionDto> Sessions,
    SignInRulesDto? SignIn = null, string? NoticePreamble = null, string? NoticeContent = null, string? TraineeDescription = null,
    bool Archived = false, DateTimeOffset? ArchivedAt = null);

public sealed record HostInput(string? Role, string? Name);
public sealed record CategoryInput(string? Category, string? Label, int? Headcount);
public sealed record RulesInput(bool? Accommodation, List<string>? Meals, bool? LeaveAllowed, int? ArriveMinutesBefore, bool? SignInEverySession,
    bool? FullTimeRelease, string? UnauthorizedDeparture, bool? BulletinAfterClass, bool? AutoLock);
public sealed record CreateCohortRequest(
    string? Program, string? Title, int? Number, string? Theme, DateOnly? StartDate, DateOnly? EndDate, string? Venue, string? Format,
    string? TimeZone, string? Issuer, DateOnly? IssuedOn, string? ContactName, string? ContactPhone, DateOnly? ReceiptDeadline,
    RulesInput? Rules, List<HostInput>? Hosts, List<CategoryInput>? Categories,
    List<Enrollment.QuotaLineInput>? Quotas, List<Enrollment.SubmitterLineInput>? Submitters,
    string? NoticePreamble, string? NoticeContent, string? TraineeDescription, SignInRulesInput? SignIn = null);
public sealed record SignInRulesInput(int? CheckinOpensMinutes, int? CheckoutGraceMinutes, int? DepartureMinutes, int? LatesPerAbsence,
    int? CheckinRadiusMeters, bool? SignOutRequired, int? QrRotationSeconds);
public sealed record CopyCohortRequest(string? Title, DateOnly? StartDate, DateOnly? EndDate, int? Number);
public sealed record CopiedCohortDto(CohortDto Cohort, int OffsetDays, IReadOnlyList<SessionRef> SessionsOutside);
public sealed record EditImpactDto(int StatusesChanged, int SessionsAffected, int DaysShifted, IReadOnlyList<SessionRef> SessionsOutside);

public sealed record HostDto(string Role, string RoleName, string Name);
public sealed record SessionDto(long Id, DateOnly Date, string Start, string End, string Title, string Type, string Instructors, string? Venue);

/// <summary>/api/v1/cohorts: the classes the caller may see; organizers create, edit, copy and archive them.</summary>
public static class CohortsApi
{
    public static RouteGroupBuilder MapCohortsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts").WithTags("Cohorts");
        g.MapGet("/", List).WithSummary("Classes visible to the caller (admin and organizer without a unit: all; organizer: owned in its unit's subtree; " +
            "head teacher, mentor, expert, instructor: those they are on; unit contact: those with places in its subtree; trainee: their own); " +
            "archived ones only with ?archived=true (or only them: ?archived=only).");
        g.MapGet("/{id:long}", Get).WithSummary("A class with its hosts, rules, sign-in rules, categories, places per district and sessions.");
        g.MapPost("/", Create).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Creates a class with its rules, hosts, participant categories and (optionally) quotas and submitting units.");
        g.MapPut("/{id:long}", Put).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Replaces every field of a class (the body of POST, without quotas). A new start date moves the timetable by as many days. Changing dates, time zone or sign-in rules of a class with sign-ins answers 409 with the number of statuses that would change unless ?confirm=true; then its attendance is settled again. 409 for an archived class.");
        g.MapPatch("/{id:long}", Patch).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Changes only the fields given (a JSON merge patch of the PUT body; rules and signIn merged field by field). Same checks as PUT.");
        g.MapPost("/{id:long}/copy", Copy).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("A new class from this one: hosts, rules, categories, quotas, submitting units, the timetable with its instructors moved by the days between the start dates, the receipt deadline moved the same; never trainees, receipts or attendance. Lists the sessions that fall outside the new days.");
        g.MapPost("/{id:long}/archive", Archive).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Archives a class: hidden from the default lists, read-only, still counted in statistics.");
        g.MapPost("/{id:long}/unarchive", Unarchive).RequireAuthorization(Policies.ManageCohorts);
        return api;
    }

    internal static CohortForm ToForm(CreateCohortRequest b) => new()
    {
        Program = b.Program?.Trim(), Title = b.Title?.Trim(), Number = b.Number, Theme = b.Theme, StartDate = b.StartDate, EndDate = b.EndDate,
        Venue = b.Venue, Format = b.Format, TimeZone = b.TimeZone, Issuer = b.Issuer, IssuedOn = b.IssuedOn, ContactName = b.ContactName,
        ContactPhone = b.ContactPhone, ReceiptDeadline = b.ReceiptDeadline,
        Accommodation = b.Rules?.Accommodation ?? false, Meals = b.Rules?.Meals ?? [], LeaveAllowed = b.Rules?.LeaveAllowed ?? true,
        ArriveMinutesBefore = b.Rules?.ArriveMinutesBefore ?? 0, SignInEverySession = b.Rules?.SignInEverySession ?? true,
        FullTimeRelease = b.Rules?.FullTimeRelease ?? false, UnauthorizedDeparture = b.Rules?.UnauthorizedDeparture,
        BulletinAfterClass = b.Rules?.BulletinAfterClass ?? false, AutoLock = b.Rules?.AutoLock ?? true,
        CheckinOpensMinutes = b.SignIn?.CheckinOpensMinutes ?? Math.Max(30, b.Rules?.ArriveMinutesBefore ?? 0),
        CheckoutGraceMinutes = b.SignIn?.CheckoutGraceMinutes ?? 30,
        DepartureMinutes = b.SignIn?.DepartureMinutes ?? 30, LatesPerAbsence = b.SignIn?.LatesPerAbsence ?? 2,
        CheckinRadiusMeters = b.SignIn?.CheckinRadiusMeters, SignOutRequired = b.SignIn?.SignOutRequired ?? false,
        QrRotationSeconds = b.SignIn?.QrRotationSeconds ?? 15,
        Hosts = (b.Hosts ?? []).Select(h => new HostLine { Role = h.Role, Name = h.Name }).ToList(),
        Categories = (b.Categories ?? []).Select(x => new CategoryLine { Category = x.Category, Label = x.Label, Headcount = x.Headcount }).ToList(),
        NoticePreamble = b.NoticePreamble, NoticeContent = b.NoticeContent, TraineeDescription = b.TraineeDescription,
    };

    private static CreateCohortRequest ToRequest(CohortForm f) => new(
        f.Program, f.Title, f.Number, f.Theme, f.StartDate, f.EndDate, f.Venue, f.Format, f.TimeZone, f.Issuer, f.IssuedOn, f.ContactName,
        f.ContactPhone, f.ReceiptDeadline,
        new RulesInput(f.Accommodation, f.Meals, f.LeaveAllowed, f.ArriveMinutesBefore, f.SignInEverySession, f.FullTimeRelease,
            f.UnauthorizedDeparture, f.BulletinAfterClass, f.AutoLock),
        f.Hosts.Select(h => new HostInput(h.Role, h.Name)).ToList(), f.Categories.Select(x => new CategoryInput(x.Category, x.Label, x.Headcount)).ToList(),
        null, null, f.NoticePreamble, f.NoticeContent, f.TraineeDescription,
        new SignInRulesInput(f.CheckinOpensMinutes, f.CheckoutGraceMinutes, f.DepartureMinutes, f.LatesPerAbsence, f.CheckinRadiusMeters,
            f.SignOutRequired, f.QrRotationSeconds));

    private static ValidationProblem Invalid(Dictionary<string, List<string>> errors) =>
        Problems.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    private static async Task<Results<Created<CohortDto>, ValidationProblem>> Create(CreateCohortRequest body, HttpContext http,
        CohortStore cohorts, CohortEditor editor, Enrollment.QuotaStore quotas)
    {
        var form = ToForm(body); // no arrive minutes given means none, as before
        var errors = form.Validate();
        var quotaLines = (body.Quotas ?? []).Select(q => new Enrollment.QuotaInput(q.UnitId ?? 0, q.Position ?? "", q.Places ?? -1, q.WrittenAs)).ToList();
        var submitters = (body.Submitters ?? []).Select(x => new Enrollment.SubmitterInput(x.ScopeUnitId ?? 0, x.SubmitterUnitId ?? 0)).ToList();
        var tree = (await quotas.LoadAsync(0)).Tree;
        foreach (var (k, msgs) in Enrollment.QuotaStore.Validate(tree, quotaLines, submitters))
        {
            var key = k.StartsWith("lines") ? "quotas" + k[5..] : k;
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.AddRange(msgs);
        }
        if (errors.Count > 0) return Invalid(errors);
        var id = await editor.CreateAsync(form, http.Me().Id,
            quotaLines.Select(q => new NewQuotaLine(q.UnitId, q.Position.Trim(), q.Places, Enrollment.QuotaStore.WrittenAsOrNull(q.WrittenAs))).ToList(),
            submitters.Select(x => (x.ScopeUnitId, x.SubmitterUnitId)).ToList());
        var created = (await Get(id, http, cohorts)).Result as Ok<CohortDto>;
        return TypedResults.Created($"/api/v1/cohorts/{id}", created!.Value);
    }

    private static Task<Results<Ok<CohortDto>, ProblemHttpResult, ValidationProblem>> Put(long id, CreateCohortRequest body, bool? confirm,
        HttpContext http, CohortStore cohorts, CohortEditor editor) => Save(id, ToForm(body), confirm ?? false, http, cohorts, editor);

    private static async Task<Results<Ok<CohortDto>, ProblemHttpResult, ValidationProblem>> Patch(long id, JsonObject body, bool? confirm,
        HttpContext http, CohortStore cohorts, CohortEditor editor, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!await cohorts.CanSeeAsync(http.Me(), id) || await editor.FormAsync(id) is not { } current) return Problems.NotFound();
        var options = json.Value.SerializerOptions;
        var merged = JsonSerializer.SerializeToNode(ToRequest(current.Form), options)!.AsObject();
        foreach (var (key, value) in body)
        {
            var name = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (name is null) return Problems.Invalid(key, "未知字段。 Unknown field.");
            if (value is JsonObject part && merged[name] is JsonObject target)
                foreach (var (k, v) in part)
                {
                    var inner = target.Select(p => p.Key).FirstOrDefault(x => string.Equals(x, k, StringComparison.OrdinalIgnoreCase));
                    if (inner is null) return Problems.Invalid($"{name}.{k}", "未知字段。 Unknown field.");
                    target[inner] = v?.DeepClone();
                }
            else merged[name] = value?.DeepClone();
        }
        CreateCohortRequest? request;
        try { request = merged.Deserialize<CreateCohortRequest>(options); }
        catch (JsonException e) { return Problems.Invalid(e.Path ?? "body", "格式不对。 Not the expected type."); }
        return await Save(id, ToForm(request!), confirm ?? false, http, cohorts, editor);
    }

    private static async Task<Results<Ok<CohortDto>, ProblemHttpResult, ValidationProblem>> Save(long id, CohortForm form, bool confirm,
        HttpContext http, CohortStore cohorts, CohortEditor editor)
    {
        if (!await cohorts.CanSeeAsync(http.Me(), id)) return Problems.NotFound();
        var r = await editor.UpdateAsync(id, form, http.Me().Id, confirm);
        switch (r.Outcome)
        {
            case EditOutcome.NotFound: return Problems.NotFound();
            case EditOutcome.Archived: return Problems.Conflict(http.RequestServices.GetRequiredService<Texts>()["Cohorts.Archived.ReadOnly"]);
            case EditOutcome.Invalid: return Invalid(r.Errors!);
            case EditOutcome.NeedsConfirmation:
                var i = r.Impact!;
                return TypedResults.Problem(statusCode: 409,
                    title: http.RequestServices.GetRequiredService<Texts>()["Cohorts.Edit.ConfirmApi", i.StatusesChanged, i.SessionsAffected],
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = "Cohorts.ConfirmAttendanceChange",
                        ["impact"] = new EditImpactDto(i.StatusesChanged, i.SessionsAffected, i.DaysShifted, i.SessionsOutside),
                    });
        }
        return (await Get(id, http, cohorts)).Result switch
        {
            Ok<CohortDto> ok => ok,
            _ => Problems.NotFound(),
        };
    }

    private static async Task<Results<Created<CopiedCohortDto>, ProblemHttpResult, ValidationProblem>> Copy(long id, CopyCohortRequest body,
        HttpContext http, CohortStore cohorts, CohortEditor editor)
    {
        if (!await cohorts.CanSeeAsync(http.Me(), id)) return Problems.NotFound();
        var v = new Validation().Require("title", body.Title).Require("startDate", body.StartDate);
        if (body.StartDate is { } s && body.EndDate is { } e) v.Check(e >= s, "endDate", "结束日期不能早于开始日期。 The end is before the start.");
        v.Check(body.Number is null or (>= 1 and <= 10000), "number", "期数应为 1–10000。 The number is 1–10000.");
        if (!v.Ok) return v.Problem();
        var r = await editor.CopyAsync(id, body.Title!, body.StartDate!.Value, body.EndDate, body.Number, http.Me().Id);
        if (r.Error is not null) return Problems.NotFound();
        var made = r.Value!;
        var dto = ((await Get(made.Id, http, cohorts)).Result as Ok<CohortDto>)!.Value!;
        return TypedResults.Created($"/api/v1/cohorts/{made.Id}", new CopiedCohortDto(dto, made.OffsetDays, made.SessionsOutside));
    }

    private static Task<Results<NoContent, ProblemHttpResult>> Archive(long id, HttpContext http, CohortStore cohorts, CohortEditor editor) =>
        SetArchived(id, true, http, cohorts, editor);

    private static Task<Results<NoContent, ProblemHttpResult>> Unarchive(long id, HttpContext http, CohortStore cohorts, CohortEditor editor) =>
        SetArchived(id, false, http, cohorts, editor);

    private static async Task<Results<NoContent, ProblemHttpResult>> SetArchived(long id, bool archived, HttpContext http, CohortStore cohorts, CohortEditor editor)
    {
        if (await cohorts.FindVisibleAsync(http.Me(), id) is null) return Problems.NotFound();
        await editor.SetArchivedAsync(id, archived, http.Me().Id); // already so: nothing to do
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<CohortSummaryDto>>> List(HttpContext http, CohortStore cohorts, string? archived) =>
        TypedResults.Ok((await cohorts.ListVisibleAsync(http.Me()))
            .Where(c => archived switch { "true" => true, "only" => c.IsArchived, _ => !c.IsArchived })
            .Select(c => new CohortSummaryDto(c.Id, c.ProgramName, c.Title, c.Number, c.StartDate, c.EndDate, c.Venue, c.IsArchived)).ToList());

    private static async Task<Results<Ok<CohortDto>, ProblemHttpResult>> Get(long id, HttpContext http, CohortStore cohorts)
    {
        if (await cohorts.OverviewAsync(http.Me(), id) is not { } o) return Problems.NotFound();
        var c = o.Cohort;
        return TypedResults.Ok(new CohortDto(
            c.Id, c.ProgramName, c.Title, c.Number, c.Theme, c.StartDate, c.EndDate, c.Days, c.Venue, c.Format, c.TimeZone,
            c.Issuer, c.IssuedOn, c.ContactName, c.ContactPhone, c.ReceiptDeadline,
            o.Hosts.Select(h => new HostDto(h.Role, CohortTerms.HostRoleName(h.Role), h.Name)).ToList(),
            new RulesDto(c.Accommodation, c.MealList, c.LeaveAllowed, c.ArriveMinutesBefore, c.SignInEverySession,
                c.FullTimeRelease, c.UnauthorizedDeparture, c.BulletinAfterClass, c.RosterAutoLock),
            o.Categories, o.TotalParticipants, o.TraineePlaces, o.PlacesByDistrict,
            o.Sessions.Select(s => new SessionDto(s.Id, s.SessionDate, s.StartTime, s.EndTime, s.Title, s.SessionType, s.Instructors, s.Venue)).ToList(),
            new SignInRulesDto(c.CheckinOpensMinutes, c.CheckoutGraceMinutes, c.DepartureMinutes, c.LatesPerAbsence, c.CheckinRadiusMeters,
                c.SignOutRequired, c.QrRotationSeconds),
            c.NoticePreamble, c.NoticeContent, c.TraineeDescription, c.IsArchived, c.ArchivedAt));
    }
}
