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

public sealed record HostDto(string Role, string RoleName, string Name);
public sealed record SessionDto(long Id, DateOnly Date, string Start, string End, string Title, string Type, string Instructors, string? Venue);

/// <summary>/api/v1/cohorts: the classes the caller may see.</summary>
public static class CohortsApi
{
    public static RouteGroupBuilder MapCohortsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts").WithTags("Cohorts");
        g.MapGet("/", List).WithSummary("Classes visible to the caller (staff: all; unit contact: those with places in its subtree; trainee: their own).");
        g.MapGet("/{id:long}", Get).WithSummary("A class with its hosts, rules, categories, places per district and sessions.");
        return api;
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
