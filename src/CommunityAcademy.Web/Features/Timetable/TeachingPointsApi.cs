using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record SceneDto(long Id, long TeachingPointId, string Name, string? Description, double? Latitude, double? Longitude);
public sealed record TeachingPointDto(long Id, string Name, string? Address, string? HostName, string? HostPhone,
    double? Latitude, double? Longitude, string? Description, IReadOnlyList<SceneDto> Scenes);
public sealed record TeachingPointRequest(string? Name, string? Address, string? HostName, string? HostPhone,
    double? Latitude, double? Longitude, string? Description);
public sealed record SceneRequest(string? Name, string? Description, double? Latitude, double? Longitude);

/// <summary>/api/v1/teaching-points: where on-site teaching and visits happen, and the real scenes there.</summary>
public static class TeachingPointsApi
{
    public static RouteGroupBuilder MapTeachingPointsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/teaching-points").WithTags("Teaching points");
        g.MapGet("/", List).WithSummary("Teaching points (教学点) with their scenes (实景); the host's phone masked unless the caller is staff.");
        g.MapGet("/{id:long}", Get);
        g.MapPost("/", Create).RequireAuthorization(Policies.ManageCohorts).Produces<TeachingPointDto>(201).ProducesValidationProblem().ProducesProblem(422);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Policies.ManageCohorts).Produces<TeachingPointDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        g.MapDelete("/{id:long}", Delete).RequireAuthorization(Policies.ManageCohorts).Produces(204).ProducesProblem(404).ProducesProblem(422)
            .WithSummary("Deletes a teaching point no session uses.");
        g.MapPost("/{id:long}/scenes", AddScene).RequireAuthorization(Policies.ManageCohorts).Produces<SceneDto>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        g.MapPut("/{id:long}/scenes/{sceneId:long}", UpdateScene).RequireAuthorization(Policies.ManageCohorts).Produces<SceneDto>().ProducesValidationProblem().ProducesProblem(404);
        g.MapDelete("/{id:long}/scenes/{sceneId:long}", DeleteScene).RequireAuthorization(Policies.ManageCohorts).Produces(204).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static TeachingPointDto ToDto(TeachingPointRow p, CurrentUser me) => new(
        p.Id, p.Name, p.Address, p.HostName, me.IsStaff ? p.HostPhone : (Masking.Phone(p.HostPhone) is { Length: > 0 } m ? m : null),
        p.Latitude, p.Longitude, p.Description, p.Scenes.Select(ToDto).ToList());

    private static SceneDto ToDto(SceneRow s) => new(s.Id, s.TeachingPointId, s.Name, s.Description, s.Latitude, s.Longitude);

    private static NewTeachingPoint? Read(TeachingPointRequest b, out ValidationProblem? problem)
    {
        var v = new Validation().Require("name", b.Name);
        problem = v.Ok ? null : v.Problem();
        return v.Ok ? new NewTeachingPoint(b.Name!, b.Address, b.HostName, b.HostPhone, b.Latitude, b.Longitude, b.Description) : null;
    }

    private static async Task<Ok<List<TeachingPointDto>>> List(HttpContext http, TeachingPointStore store) =>
        TypedResults.Ok((await store.ListAsync()).Select(p => ToDto(p, http.Me())).ToList());

    private static async Task<Results<Ok<TeachingPointDto>, ProblemHttpResult>> Get(long id, HttpContext http, TeachingPointStore store) =>
        await store.GetAsync(id) is { } p ? TypedResults.Ok(ToDto(p, http.Me())) : Problems.NotFound();

    private static async Task<IResult> Create(TeachingPointRequest body, HttpContext http, TeachingPointStore store, Texts texts)
    {
        if (Read(body, out var problem) is not { } n) return problem!;
        var r = await store.CreateAsync(n);
        if (!r.IsOk) return TimetableApi.Refuse(r.Error!, texts);
        return TypedResults.Created($"/api/v1/teaching-points/{r.Value}", ToDto((await store.GetAsync(r.Value))!, http.Me()));
    }

    private static async Task<IResult> Update(long id, TeachingPointRequest body, HttpContext http, TeachingPointStore store, Texts texts)
    {
        if (await store.GetAsync(id) is null) return Problems.NotFound();
        if (Read(body, out var problem) is not { } n) return problem!;
        if (await store.UpdateAsync(id, n) is { } e) return TimetableApi.Refuse(e, texts);
        return TypedResults.Ok(ToDto((await store.GetAsync(id))!, http.Me()));
    }

    private static async Task<IResult> Delete(long id, TeachingPointStore store, Texts texts) =>
        await store.DeleteAsync(id) is { } e ? TimetableApi.Refuse(e, texts) : TypedResults.NoContent();

    private static async Task<IResult> AddScene(long id, SceneRequest body, TeachingPointStore store, Texts texts)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return Problems.Invalid("name", Texts.Of("Problem.Required"));
        var r = await store.AddSceneAsync(id, new NewScene(body.Name, body.Description, body.Latitude, body.Longitude));
        if (!r.IsOk) return TimetableApi.Refuse(r.Error!, texts);
        var scene = (await store.GetAsync(id))!.Scenes.Single(s => s.Id == r.Value);
        return TypedResults.Created($"/api/v1/teaching-points/{id}/scenes/{r.Value}", ToDto(scene));
    }

    private static async Task<IResult> UpdateScene(long id, long sceneId, SceneRequest body, TeachingPointStore store, Texts texts)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return Problems.Invalid("name", Texts.Of("Problem.Required"));
        if (await store.UpdateSceneAsync(id, sceneId, new NewScene(body.Name, body.Description, body.Latitude, body.Longitude)) is { } e)
            return TimetableApi.Refuse(e, texts);
        return TypedResults.Ok(ToDto((await store.GetAsync(id))!.Scenes.Single(s => s.Id == sceneId)));
    }

    private static async Task<IResult> DeleteScene(long id, long sceneId, TeachingPointStore store, Texts texts) =>
        await store.DeleteSceneAsync(id, sceneId) is { } e ? TimetableApi.Refuse(e, texts) : TypedResults.NoContent();
}
