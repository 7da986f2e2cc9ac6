using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features.Groups;

/// <param name="Method">by_unit | balanced | teams | by_hand.</param>
/// <param name="Count">The number of groups for balanced and by_hand.</param>
public sealed record CreateGroupingRequest(string? Kind, string? Name, long? SessionId, string? Method, int? Count);
/// <param name="GroupId">The group to move into; null: out of every group of the grouping.</param>
public sealed record MoveMembersRequest(List<long>? EnrollmentIds, long? GroupId);

/// <summary>/api/v1/cohorts/{id}/groupings: a class's groupings (read by its staff; formed and changed by organizers and head teachers).</summary>
public static class GroupsApi
{
    /// <summary>Who forms groupings and moves people: administrators, organizers, head teachers (of the class: the group's class check).</summary>
    public const string EditPolicy = Policies.TakeAttendance;

    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/groupings").WithTags("Groups");
        g.MapGet("/", List).RequireAuthorization(Policies.Staff).WithSummary("The class's groupings (分组), the working groups first.");
        g.MapGet("/{groupingId:long}", Get).RequireAuthorization(Policies.Staff)
            .WithSummary("A grouping with its groups (name, leader, host, place, question, mentors, members) and the trainees in none.");
        g.MapPost("/", Create).RequireAuthorization(EditPolicy)
            .WithSummary("Creates and forms a grouping: {kind: working|cafe_tables|teams|other, name, sessionId?, method: by_unit|balanced|teams|by_hand, count?}. 201; at most one working grouping per class (422).")
            .Produces<GroupingDetailDto>(201).ProducesValidationProblem().ProducesProblem(422);
        g.MapPost("/{groupingId:long}/moves", Move).RequireAuthorization(EditPolicy)
            .WithSummary("Moves trainees into a group of the grouping: {enrollmentIds: [...], groupId} (groupId null: out of every group). 200 with the grouping.")
            .Produces<GroupingDetailDto>(200).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> List(long id, CohortStore cohorts, GroupStore groups) =>
        await cohorts.FindAsync(id) is null ? Problems.NotFound() : TypedResults.Ok(await groups.ListAsync(id));

    private static async Task<IResult> Get(long id, long groupingId, GroupStore groups) =>
        await groups.GetAsync(id, groupingId) is { } g ? TypedResults.Ok(g) : Problems.NotFound();

    private static async Task<IResult> Create(long id, CreateGroupingRequest? body, HttpContext http, CohortStore cohorts, GroupStore groups, Texts texts)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        FormingMethod method = default;
        var v = new Validation()
            .Check(body?.Kind is { } k && GroupStore.Kinds.Contains(k), "kind", texts.Error(new Error("Groups.BadKind", body?.Kind ?? "")))
            .Check(body?.Name is { } n && n.Trim().Length is > 0 and <= GroupStore.MaxName, "name", texts.Error(new Error("Groups.NameRequired", GroupStore.MaxName)))
            .Check(GroupForming.TryParse(body?.Method, out method), "method", texts.Error(new Error("Groups.BadMethod", body?.Method ?? "")));
        if (!v.Ok) return v.Problem();
        var r = await groups.CreateAsync(http.Me(), id, new NewGrouping(body!.Kind!, body.Name!, body.SessionId, method, body.Count ?? 0));
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        return TypedResults.Created($"/api/v1/cohorts/{id}/groupings/{r.Value}", await groups.GetAsync(id, r.Value));
    }

    private static async Task<IResult> Move(long id, long groupingId, MoveMembersRequest? body, HttpContext http, GroupStore groups, Texts texts)
    {
        if (await groups.GetAsync(id, groupingId) is null) return Problems.NotFound();
        if (body?.EnrollmentIds is not { Count: > 0 } ids) return Problems.Invalid("enrollmentIds", texts.Error(new Error("Groups.NobodyChosen")));
        var r = await groups.MoveAsync(http.Me(), id, groupingId, ids, body.GroupId);
        if (!r.IsOk) return Problems.Rule(texts, r.Error!);
        return TypedResults.Ok(await groups.GetAsync(id, groupingId));
    }
}
