using CommunityAcademy.Domain;
using Microsoft.AspNetCore.Authorization;
using CommunityAcademy.Domain.OpenSpace;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.OpenSpace;

public sealed record OpenSpaceSpaceRequest(string? Name, int? Capacity);
/// <param name="Slots">"14:30-15:15" each, in time order.</param>
public sealed record SetUpOpenSpaceRequest(string? Theme, List<string>? Slots, List<OpenSpaceSpaceRequest>? Spaces, bool? MarketplaceOpen);
public sealed record MarketplaceRequest(bool Open);
/// <param name="ConvenerEnrollmentId">Staff only: who convenes it (a participant posting it convenes it themselves).</param>
public sealed record PostTopicRequest(string? Title, string? Description, long? ConvenerEnrollmentId);
/// <summary>Both null: off the wall.</summary>
public sealed record PlaceTopicRequest(long? SlotId, long? SpaceId);
public sealed record TopicNotesRequest(string? Notes, string? Actions, long? FollowUpEnrollmentId);

/// <summary>
/// /api/v1/sessions/{id}/open-space (#17 point 1): the session's Open Space. Read by anyone who sees the class (the
/// group's class check); set up and placed by organizers and head teachers; topics posted and signed up for by the
/// class's trainees; a topic's notes written by its convener or the staff who run it. An archived class answers 409.
/// </summary>
public static class OpenSpaceApi
{
    /// <summary>Who sets an Open Space up and places topics: administrators, organizers, head teachers (of the class).</summary>
    public const string RunPolicy = Policies.TakeAttendance;

    public static RouteGroupBuilder MapOpenSpaceApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sessions/{id:long}/open-space").WithTags("OpenSpace");
        g.MapGet("/", Get).WithSummary("The session's Open Space (开放空间): theme, slots, spaces, the marketplace open or not, topics with counts; mine: my topic per slot.")
            .Produces<OpenSpaceDto>().ProducesProblem(404);
        g.MapPut("/", SetUp).RequireAuthorization(RunPolicy)
            .WithSummary("Creates or changes it: {theme, slots: [\"14:30-15:15\"], spaces: [{name, capacity}], marketplaceOpen}. Slots and spaces are kept by their order.")
            .Produces<OpenSpaceDto>().ProducesValidationProblem().ProducesProblem(422);
        g.MapPost("/marketplace", Marketplace).RequireAuthorization(RunPolicy).WithSummary("Opens or closes the marketplace: {open}.")
            .Produces<OpenSpaceDto>().ProducesProblem(404);
        g.MapPost("/topics", Post).WithSummary("Posts a topic {title, description}; a trainee of the class convenes it. 201; 422 when the marketplace is closed.")
            .Produces<OpenSpaceTopicDetailDto>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(422);
        g.MapGet("/topics/{topicId:long}", Topic).WithSummary("A topic with the people signed up, its notes, action points and who follows up.")
            .Produces<OpenSpaceTopicDetailDto>().ProducesProblem(404);
        g.MapPost("/topics/{topicId:long}/place", Place).RequireAuthorization(RunPolicy)
            .WithSummary("Places a topic in {slotId, spaceId} on the marketplace wall (both null: off the wall). One topic per cell (422).")
            .Produces<OpenSpaceTopicDetailDto>().ProducesProblem(404).ProducesProblem(422);
        g.MapPost("/topics/{topicId:long}/signup", SignUp)
            .WithSummary("Signs me up for the topic in its slot; in another topic of the slot, I move (one request). 200 with the slot's counts.")
            .Produces<OpenSpaceSignUpDto>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        g.MapPut("/topics/{topicId:long}/notes", Notes)
            .WithSummary($"The convener's record: {{notes, actions, followUpEnrollmentId}}, each text at most {OpenSpaceRules.MaxNotes} characters, kept as typed.")
            .Produces<OpenSpaceTopicDetailDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    private static async Task<bool> RunsAsync(HttpContext http) =>
        (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, RunPolicy)).Succeeded;

    private static IResult NotAParticipant(Texts texts) => Problems.Rule(texts, new Error("OpenSpace.NotAParticipant"), 403);

    private static async Task<IResult> Get(long id, HttpContext http, OpenSpaceStore store)
    {
        if (await store.CallerAsync(id, http.Me().Id) is not { } caller) return Problems.NotFound();
        return await store.GetAsync(id, caller.EnrollmentId) is { } os ? TypedResults.Ok(os) : Problems.NotFound();
    }

    private static async Task<IResult> SetUp(long id, SetUpOpenSpaceRequest? body, HttpContext http, OpenSpaceStore store, Texts texts)
    {
        if (await store.CallerAsync(id, http.Me().Id) is null) return Problems.NotFound();
        var v = new Validation();
        var slots = new List<OpenSpaceSlot>();
        foreach (var s in body?.Slots ?? [])
        {
            var r = OpenSpaceRules.ParseSlot(s);
            if (r.IsOk) slots.Add(r.Value); else v.Add("slots", texts.Error(r.Error!));
        }
        var spaces = new List<OpenSpaceSpace>();
        foreach (var s in body?.Spaces ?? [])
        {
            var name = (s.Name ?? "").Trim();
            if (name.Length is 0 or > OpenSpaceRules.MaxSpaceName || s.Capacity is <= 0) v.Add("spaces", texts.Error(new Error("OpenSpace.BadSpace", OpenSpaceRules.MaxSpaceName)));
            else spaces.Add(new OpenSpaceSpace(name, s.Capacity));
        }
        if (!v.Ok) return v.Problem();
        var done = await store.SetUpAsync(http.Me(), id, body?.Theme, slots, spaces, body?.MarketplaceOpen ?? true);
        if (!done.IsOk) return Problems.Rule(texts, done.Error!);
        return TypedResults.Ok(await store.GetAsync(id));
    }

    private static async Task<IResult> Marketplace(long id, MarketplaceRequest? body, HttpContext http, OpenSpaceStore store) =>
        await store.SetMarketplaceAsync(http.Me(), id, body?.Open ?? false) ? TypedResults.Ok(await store.GetAsync(id)) : Problems.NotFound();

    private static async Task<IResult> Post(long id, PostTopicRequest? body, HttpContext http, OpenSpaceStore store, Texts texts)
    {
        var me = http.Me();
        if (await store.CallerAsync(id, me.Id) is not { } caller) return Problems.NotFound();
        var runs = await RunsAsync(http);
        if (caller.EnrollmentId is null && !runs) return NotAParticipant(texts);
        if (OpenSpaceRules.CheckTopic(body?.Title, body?.Description) is { } bad)
            return Problems.Invalid(bad.Code == "OpenSpace.TitleRequired" ? "title" : "description", texts.Error(bad));
        var convener = caller.EnrollmentId ?? body!.ConvenerEnrollmentId;
        var r = await store.PostTopicAsync(me, id, convener, body!.Title, body.Description);
        if (!r.IsOk) return r.Error!.Code == "OpenSpace.None" ? Problems.NotFound() : Problems.Rule(texts, r.Error!);
        return TypedResults.Created($"/api/v1/sessions/{id}/open-space/topics/{r.Value}", await store.TopicAsync(id, r.Value));
    }

    private static async Task<IResult> Topic(long id, long topicId, OpenSpaceStore store) =>
        await store.TopicAsync(id, topicId) is { } t ? TypedResults.Ok(t) : Problems.NotFound();

    private static async Task<IResult> Place(long id, long topicId, PlaceTopicRequest? body, HttpContext http, OpenSpaceStore store, Texts texts)
    {
        if (await store.TopicAsync(id, topicId) is null) return Problems.NotFound();
        var r = await store.PlaceAsync(http.Me(), id, topicId, body?.SlotId, body?.SpaceId);
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        return TypedResults.Ok(await store.TopicAsync(id, topicId));
    }

    private static async Task<IResult> SignUp(long id, long topicId, HttpContext http, OpenSpaceStore store, Texts texts)
    {
        var me = http.Me();
        if (await store.CallerAsync(id, me.Id) is not { } caller || await store.TopicAsync(id, topicId) is null) return Problems.NotFound();
        if (caller.EnrollmentId is not { } enrollment) return NotAParticipant(texts);
        var r = await store.SignUpAsync(me, id, topicId, enrollment);
        return r.IsOk ? TypedResults.Ok(r.Value) : Problems.Rule(texts, r.Error!);
    }

    private static async Task<IResult> Notes(long id, long topicId, TopicNotesRequest? body, HttpContext http, OpenSpaceStore store, Texts texts)
    {
        var me = http.Me();
        if (await store.CallerAsync(id, me.Id) is not { } caller || await store.TopicAsync(id, topicId) is null) return Problems.NotFound();
        if (!await RunsAsync(http) && !await store.IsConvenerAsync(topicId, caller.EnrollmentId))
            return Problems.Rule(texts, new Error("OpenSpace.NotConvener"), 403);
        if (OpenSpaceRules.CheckNotes(body?.Notes, body?.Actions) is { } bad)
            return Problems.Invalid(bad.Code == "OpenSpace.NotesTooLong" ? "notes" : "actions", texts.Error(bad));
        var r = await store.SaveNotesAsync(me, id, topicId, body?.Notes, body?.Actions, body?.FollowUpEnrollmentId);
        return r.IsOk ? TypedResults.Ok(await store.TopicAsync(id, topicId)) : Problems.Rule(texts, r.Error!);
    }
}
