using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed record ParticipantRequest(string? Category, string? Name, string? Organization, string? Position, string? Phone, List<DateOnly>? Days);
public sealed record PersonEntryDto(long Id, string Name, string? Organization, string? Position, string? Phone, IReadOnlyList<DateOnly>? Days);
public sealed record CategoryDto(string Category, string Label, int Planned, IReadOnlyList<PersonEntryDto> People);
public sealed record ParticipantsDto(int Trainees, IReadOnlyList<CategoryDto> Categories, IReadOnlyList<MealCount> Meals);

/// <summary>/api/v1/cohorts/{id}/participants: the people who are not trainees, and meals per day.</summary>
public static class ParticipantsApi
{
    public static RouteGroupBuilder MapParticipantsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/participants").WithTags("Enrollment").RequireAuthorization(Policies.Staff);
        g.MapGet("/", Get).WithSummary("Leaders, teaching team, staff and media by category, and the meal headcount per day.");
        g.MapPost("/", Add).RequireAuthorization(Policies.ManageCohorts);
        g.MapDelete("/{enrollmentId:long}", Remove).RequireAuthorization(Policies.ManageCohorts);
        return api;
    }

    internal static ParticipantsDto ToDto(ParticipantsView v) => new(v.Trainees,
        v.Categories.Select(c => new CategoryDto(c.Category, c.Label, c.Planned,
            c.People.Select(p => new PersonEntryDto(p.Id, p.Name, p.Organization, p.Position, p.Phone, ParticipantService.ParseDays(p.Days))).ToList())).ToList(),
        v.Meals);

    private static async Task<Results<Ok<ParticipantsDto>, ProblemHttpResult>> Get(long id, HttpContext http, ParticipantService participants)
    {
        var v = await participants.ViewAsync(http.Me(), id);
        return v is null ? Problems.NotFound() : TypedResults.Ok(ToDto(v));
    }

    private static async Task<Results<Created<ParticipantsDto>, ValidationProblem, ProblemHttpResult>> Add(long id, ParticipantRequest body, HttpContext http, ParticipantService participants)
    {
        var v = await participants.ViewAsync(http.Me(), id);
        if (v is null) return Problems.NotFound();
        var input = new ParticipantInput(body.Category ?? "", body.Name ?? "", body.Organization, body.Position, body.Phone, body.Days);
        var errors = ParticipantService.Validate(v.Cohort, input);
        if (errors.Count > 0) return Problems.Invalid(errors);
        await participants.AddAsync(id, input);
        return TypedResults.Created($"/api/v1/cohorts/{id}/participants", ToDto((await participants.ViewAsync(http.Me(), id))!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(long id, long enrollmentId, HttpContext http, ParticipantService participants)
    {
        if (await participants.ViewAsync(http.Me(), id) is null) return Problems.NotFound();
        return await participants.RemoveAsync(id, enrollmentId) ? TypedResults.NoContent() : Problems.NotFound();
    }
}
