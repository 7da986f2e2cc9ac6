using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed record CohortSummaryDto(long Id, string Program, string Title, int? Number, DateOnly StartDate, DateOnly EndDate, string? Venue);

public sealed record RulesDto(bool Accommodation, IReadOnlyList<string> Meals, bool LeaveAllowed, int ArriveMinutesBefore,
    bool SignInEverySession, bool FullTimeRelease, string? UnauthorizedDeparture, bool BulletinAfterClass);

public sealed record CohortDto(
    long Id, string Program, string Title, int? Number, string? Theme, DateOnly StartDate, DateOnly EndDate, int Days,
    string? Venue, string? Format, string TimeZone, string? Issuer, DateOnly? IssuedOn,
    string? ContactName, string? ContactPhone, DateOnly? ReceiptDeadline,
    IReadOnlyList<HostDto> Hosts, RulesDto Rules, IReadOnlyList<CategoryRow> Categories, int TotalParticipants,
    int TraineePlaces, IReadOnlyList<DistrictPlaces> PlacesByDistrict, IReadOnlyList<SessionDto> Sessions);

public sealed record HostInput(string? Role, string? Name);
public sealed record CategoryInput(string? Category, string? Label, int? Headcount);
public sealed record RulesInput(bool? Accommodation, List<string>? Meals, bool? LeaveAllowed, int? ArriveMinutesBefore, bool? SignInEverySession,
    bool? FullTimeRelease, string? UnauthorizedDeparture, bool? BulletinAfterClass, bool? AutoLock);
public sealed record CreateCohortRequest(
    string? Program, string? Title, int? Number, string? Theme, DateOnly? StartDate, DateOnly? EndDate, string? Venue, string? Format,
    string? TimeZone, string? Issuer, DateOnly? IssuedOn, string? ContactName, string? ContactPhone, DateOnly? ReceiptDeadline,
    RulesInput? Rules, List<HostInput>? Hosts, List<CategoryInput>? Categories,
    List<Enrollment.QuotaLineInput>? Quotas, List<Enrollment.SubmitterLineInput>? Submitters,
    string? NoticePreamble, string? NoticeContent, string? TraineeDescription);

public sealed record HostDto(string Role, string RoleName, string Name);
public sealed record SessionDto(long Id, DateOnly Date, string Start, string End, string Title, string Type, string Instructors, string? Venue);

/// <summary>/api/v1/cohorts: the classes the caller may see.</summary>
public static class CohortsApi
{
    public static RouteGroupBuilder MapCohortsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts").WithTags("Cohorts");
        g.MapGet("/", List).WithSummary("Classes visible to the caller (admin and organizer without a unit: all; organizer: owned in its unit's subtree; " +
            "head teacher, mentor, expert, instructor: those they are on; unit contact: those with places in its subtree; trainee: their own).");
        g.MapGet("/{id:long}", Get).WithSummary("A class with its hosts, rules, categories, places per district and sessions.");
        g.MapPost("/", Create).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Creates a class with its rules, hosts, participant categories and (optionally) quotas and submitting units.");
        return api;
    }

    private static async Task<Results<Created<CohortDto>, ValidationProblem>> Create(CreateCohortRequest body, HttpContext http,
        CohortStore cohorts, Enrollment.QuotaStore quotas, Infrastructure.Data.Db db)
    {
        var v = new Validation()
            .Require("program", body.Program).Require("title", body.Title)
            .Require("startDate", body.StartDate).Require("endDate", body.EndDate);
        if (body.StartDate is { } s0 && body.EndDate is { } e0) v.Check(e0 >= s0, "endDate", "结束日期不能早于开始日期。 The end is before the start.");
        var zone = string.IsNullOrWhiteSpace(body.TimeZone) ? Domain.Cohorts.ClassClock.DefaultZone : body.TimeZone.Trim();
        v.Check(Domain.Cohorts.ClassClock.TryFindZone(zone, out _), "timeZone", $"未知时区“{zone}”。 Unknown time zone.");
        var hosts = body.Hosts ?? [];
        for (var i = 0; i < hosts.Count; i++)
        {
            v.Check(CohortTerms.HostRoles.Any(r => r.Code == hosts[i].Role), $"hosts[{i}].role", "应为 sponsor/organizer/co_organizer/provider/guide。");
            v.Require($"hosts[{i}].name", hosts[i].Name);
        }
        var cats = body.Categories ?? [];
        for (var i = 0; i < cats.Count; i++)
        {
            v.Check(CohortTerms.Categories.Any(c => c.Code == cats[i].Category), $"categories[{i}].category", "应为 leader/teaching_team/trainee/staff/media/other。");
            v.Check(cats[i].Headcount is >= 0 and <= 100000, $"categories[{i}].headcount", "人数应为 0–100000。");
        }
        var meals = body.Rules?.Meals ?? [];
        v.Check(meals.All(m => CohortTerms.Meals.Any(x => x.Code == m)), "rules.meals", "餐食应为 breakfast/lunch/dinner。");
        v.Check(body.Rules?.ArriveMinutesBefore is null or (>= 0 and <= 240), "rules.arriveMinutesBefore", "应为 0–240 分钟。");
        if (body.ContactPhone is { Length: > 0 } phone) v.Check(Domain.Enrollment.PhoneNumber.IsValid(phone), "contactPhone", "不是有效的电话号码。");
        var quotaLines = (body.Quotas ?? []).Select(q => new Enrollment.QuotaInput(q.UnitId ?? 0, q.Position ?? "", q.Places ?? -1)).ToList();
        var submitters = (body.Submitters ?? []).Select(x => new Enrollment.SubmitterInput(x.ScopeUnitId ?? 0, x.SubmitterUnitId ?? 0)).ToList();
        var tree = (await quotas.LoadAsync(0)).Tree;
        foreach (var (k, msgs) in Enrollment.QuotaStore.Validate(tree, quotaLines, submitters))
            foreach (var m in msgs) v.Add(k.StartsWith("lines") ? "quotas" + k[5..] : k, m);
        if (!v.Ok) return v.Problem();

        var r = body.Rules;
        var id = await db.InTransactionAsync(async (c, tx) =>
        {
            var newId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
                body.Program!.Trim(), null, body.Title!.Trim(), body.Number, body.Theme, body.StartDate!.Value, body.EndDate!.Value, body.Venue, body.Format,
                zone, body.Issuer, body.IssuedOn, body.ContactName, body.ContactPhone, body.ReceiptDeadline,
                r?.Accommodation ?? false, meals, r?.LeaveAllowed ?? true, r?.ArriveMinutesBefore ?? 0, r?.SignInEverySession ?? true,
                r?.FullTimeRelease ?? false, r?.UnauthorizedDeparture, r?.BulletinAfterClass ?? false,
                hosts.Select(h => (h.Role!, h.Name!.Trim())).ToList(),
                cats.Select(x => (x.Category!, string.IsNullOrWhiteSpace(x.Label) ? CohortTerms.Categories.First(k => k.Code == x.Category).Chinese : x.Label.Trim(), x.Headcount ?? 0)).ToList(),
                [], quotaLines.Select(q => new NewQuotaLine(q.UnitId, q.Position.Trim(), q.Places)).ToList(),
                submitters.Select(x => (x.ScopeUnitId, x.SubmitterUnitId)).ToList()));
            await Dapper.SqlMapper.ExecuteAsync(c, """
                UPDATE cohorts SET notice_preamble = @NoticePreamble, notice_content = @NoticeContent, trainee_description = @TraineeDescription,
                       roster_auto_lock = @autoLock, owner_unit_id = @owner WHERE id = @newId
                """, new { body.NoticePreamble, body.NoticeContent, body.TraineeDescription, autoLock = r?.AutoLock ?? true, owner = http.Me().UnitId, newId }, tx);
            return newId;
        });
        var created = (await Get(id, http, cohorts)).Result as Ok<CohortDto>;
        return TypedResults.Created($"/api/v1/cohorts/{id}", created!.Value);
    }

    private static async Task<Ok<List<CohortSummaryDto>>> List(HttpContext http, CohortStore cohorts) =>
        TypedResults.Ok((await cohorts.ListVisibleAsync(http.Me()))
            .Select(c => new CohortSummaryDto(c.Id, c.ProgramName, c.Title, c.Number, c.StartDate, c.EndDate, c.Venue)).ToList());

    private static async Task<Results<Ok<CohortDto>, ProblemHttpResult>> Get(long id, HttpContext http, CohortStore cohorts)
    {
        if (await cohorts.OverviewAsync(http.Me(), id) is not { } o) return Problems.NotFound();
        var c = o.Cohort;
        return TypedResults.Ok(new CohortDto(
            c.Id, c.ProgramName, c.Title, c.Number, c.Theme, c.StartDate, c.EndDate, c.Days, c.Venue, c.Format, c.TimeZone,
            c.Issuer, c.IssuedOn, c.ContactName, c.ContactPhone, c.ReceiptDeadline,
            o.Hosts.Select(h => new HostDto(h.Role, CohortTerms.HostRoleName(h.Role), h.Name)).ToList(),
            new RulesDto(c.Accommodation, c.MealList, c.LeaveAllowed, c.ArriveMinutesBefore, c.SignInEverySession,
                c.FullTimeRelease, c.UnauthorizedDeparture, c.BulletinAfterClass),
            o.Categories, o.TotalParticipants, o.TraineePlaces, o.PlacesByDistrict,
            o.Sessions.Select(s => new SessionDto(s.Id, s.SessionDate, s.StartTime, s.EndTime, s.Title, s.SessionType, s.Instructors, s.Venue)).ToList()));
    }
}
