using CommunityAcademy.Domain;
using CommunityAcademy.Web.Features.Me;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Groups;

public sealed record CreateCafeRequest(int? Tables, int? Rounds, int? Minutes);
public sealed record CafeTableRequest(long GroupId, string? Question, long? HostId, string? Place);
public sealed record SetUpCafeRequest(int? Rounds, int? Minutes, List<CafeTableRequest>? Tables);
public sealed record CafePersonStatusRequest(long EnrollmentId, string? Status);
/// <param name="People">present | late | absent | out for each person named.</param>
public sealed record CafePeopleRequest(List<CafePersonStatusRequest>? People);
/// <param name="Seed">Another seed for another rotation; null keeps the café's.</param>
/// <param name="Confirm">Needed when the plan was changed by hand (it is replaced): otherwise 409 Cafe.ConfirmEdited.</param>
public sealed record GenerateCafeRequest(int? Seed, bool? Confirm);
/// <param name="Round">1-based; a round not yet played.</param>
public sealed record SwapCafeRequest(int? Round, long? A, long? B);
public sealed record PlayedCafeRequest(int? Played);

/// <summary>/api/v1/cohorts/{id}/cafes/{sessionId}: a session's World Café (read by the class's staff; run by organizers and head teachers); …/cafes/mine: my itineraries.</summary>
public static class CafeApi
{
    public static RouteGroupBuilder MapCafeApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/cafes").WithTags("Groups");
        g.MapGet("/mine", Mine).WithSummary("My itineraries in the class (a trainee): per café, each round's table, question, place and host.");
        g.MapGet("/{sessionId:long}", Get).RequireAuthorization(Policies.Staff)
            .WithSummary("The session's café: tables, rounds, people with their status, the plan (rounds → tables → enrollment ids, host first), its figures and bounds.");
        g.MapPost("/{sessionId:long}", Create).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Creates the session's café: {tables, rounds, minutes}; the class's active trainees take part. 201.")
            .Produces<CafeDto>(201).ProducesProblem(422);
        g.MapPost("/{sessionId:long}/setup", SetUp).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Sets {rounds, minutes, tables: [{groupId, question, hostId, place}]}.");
        g.MapPost("/{sessionId:long}/people", People).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Marks people {people: [{enrollmentId, status: present|late|absent|out}]} (absent, arrived late).");
        g.MapPost("/{sessionId:long}/generate", Generate).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Generates the rotation {seed?, confirm?}: played rounds kept, the others planned for the people present. 409 over a plan changed by hand without confirm.");
        g.MapPost("/{sessionId:long}/regenerate", Regenerate).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Regenerates the rounds not yet played with the café's seed {confirm?}.");
        g.MapPost("/{sessionId:long}/swap", Swap).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Swaps two travellers {round (1-based), a, b} (enrollment ids) in a round not yet played; figures measured again.");
        g.MapPost("/{sessionId:long}/played", Played).RequireAuthorization(GroupsApi.EditPolicy)
            .WithSummary("Sets how many rounds have been played {played}: they are kept on regeneration.");
        g.MapDelete("/{sessionId:long}", Delete).RequireAuthorization(GroupsApi.EditPolicy).WithSummary("Deletes the café (its tables and rotation).");
        return api;
    }

    private static async Task<IResult> Get(long id, long sessionId, CafeStore cafes) =>
        await cafes.FindAsync(id, sessionId) is { } c ? TypedResults.Ok(c) : Problems.NotFound();

    private static async Task<IResult> Mine(long id, HttpContext http, MyTraining training, CafeStore cafes)
    {
        if (await training.ClassAsync(http.Me(), id) is not { } mine) return Problems.NotFound();
        return TypedResults.Ok(await cafes.MineAsync(id, mine.EnrollmentId));
    }

    private static async Task<IResult> Create(long id, long sessionId, CreateCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.SessionTitleAsync(id, sessionId) is null) return Problems.NotFound();
        var r = await cafes.CreateAsync(http.Me(), id, sessionId, body?.Tables ?? 0, body?.Rounds ?? 0, body?.Minutes ?? 0);
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        return TypedResults.Created($"/api/v1/cohorts/{id}/cafes/{sessionId}", await cafes.FindAsync(id, sessionId));
    }

    private static async Task<IResult> SetUp(long id, long sessionId, SetUpCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.FindAsync(id, sessionId) is not { } cafe) return Problems.NotFound();
        var tables = (body?.Tables ?? []).Select(t => new CafeTableInput(t.GroupId, t.Question, t.HostId, t.Place)).ToList();
        var r = await cafes.SetUpAsync(http.Me(), id, sessionId, body?.Rounds ?? cafe.Rounds, body?.Minutes ?? cafe.RoundMinutes, tables);
        return r.IsOk ? TypedResults.Ok(await cafes.FindAsync(id, sessionId)) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> People(long id, long sessionId, CafePeopleRequest? body, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.FindAsync(id, sessionId) is null) return Problems.NotFound();
        if (body?.People is not { Count: > 0 } people) return Problems.Invalid("people", texts.Error(new Error("Groups.NobodyChosen")));
        var r = await cafes.SetPeopleAsync(http.Me(), id, sessionId, people.GroupBy(p => p.EnrollmentId).ToDictionary(p => p.Key, p => p.Last().Status ?? ""));
        return r.IsOk ? TypedResults.Ok(await cafes.FindAsync(id, sessionId)) : Problems.Rule(texts, r.Error!);
    }

    private static Task<IResult> Generate(long id, long sessionId, GenerateCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts) =>
        GenerateAsync(id, sessionId, body?.Seed, body?.Confirm == true, http, cafes, texts);

    private static Task<IResult> Regenerate(long id, long sessionId, GenerateCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts) =>
        GenerateAsync(id, sessionId, null, body?.Confirm == true, http, cafes, texts);

    private static async Task<IResult> GenerateAsync(long id, long sessionId, int? seed, bool confirm, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.FindAsync(id, sessionId) is null) return Problems.NotFound();
        var r = await cafes.GenerateAsync(http.Me(), id, sessionId, seed, confirm);
        if (r.IsOk) return TypedResults.Ok(r.Value);
        return Problems.Rule(texts, r.Error!, r.Error!.Code is "Cafe.ConfirmEdited" or "Cafe.Changed" ? 409 : 422);
    }

    private static async Task<IResult> Swap(long id, long sessionId, SwapCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.FindAsync(id, sessionId) is null) return Problems.NotFound();
        var v = new Validation().Require("round", body?.Round).Require("a", body?.A).Require("b", body?.B);
        if (!v.Ok) return v.Problem();
        var r = await cafes.SwapAsync(http.Me(), id, sessionId, body!.Round!.Value, body.A!.Value, body.B!.Value);
        return r.IsOk ? TypedResults.Ok(r.Value) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> Played(long id, long sessionId, PlayedCafeRequest? body, HttpContext http, CafeStore cafes, Texts texts)
    {
        if (await cafes.FindAsync(id, sessionId) is null) return Problems.NotFound();
        if (body?.Played is not { } played) return Problems.Invalid("played", Texts.Of("Problem.Required"));
        var r = await cafes.SetPlayedAsync(http.Me(), id, sessionId, played);
        return r.IsOk ? TypedResults.Ok(await cafes.FindAsync(id, sessionId)) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> Delete(long id, long sessionId, HttpContext http, CafeStore cafes) =>
        await cafes.DeleteAsync(http.Me(), id, sessionId) ? TypedResults.NoContent() : Problems.NotFound();
}
