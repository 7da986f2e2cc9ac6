using System.Text;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record InstructorDto(long Id, string Name, string? Title, string? Organisation, string? Phone, long? UserId, string? Username,
    IReadOnlyList<long> TeamIds);
public sealed record InstructorRequest(string? Name, string? Title, string? Organisation, string? Phone, long? UserId);
public sealed record TeamDto(long Id, string Name, string? Organisation, long? LeadInstructorId, string? LeadName, int? Headcount,
    IReadOnlyList<PersonRefDto> Members);
public sealed record TeamRequest(string? Name, string? Organisation, long? LeadInstructorId, int? Headcount, IReadOnlyList<long>? MemberIds);

/// <summary>/api/v1/instructors and /api/v1/instructor-teams: staff read, administrators and organizers change.</summary>
public static class InstructorsApi
{
    public static RouteGroupBuilder MapInstructorsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/instructors").WithTags("Instructors");
        g.MapGet("/", List).RequireAuthorization(Policies.Staff).WithSummary("Instructors (授课专家) with their teams; phone numbers masked unless the caller manages people.");
        g.MapGet("/{id:long}", Get).RequireAuthorization(Policies.Staff);
        g.MapPost("/", Create).RequireAuthorization(Policies.ManageCohorts).Produces<InstructorDto>(201).ProducesValidationProblem().ProducesProblem(422);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Policies.ManageCohorts).Produces<InstructorDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        g.MapGet("/{id:long}/timetable.ics", Calendar).Produces<string>(200, "text/calendar")
            .WithSummary("The instructor's sessions (directly or with a team) in the classes the caller sees, as iCalendar. Staff, or the instructor's own account.");

        var t = api.MapGroup("/instructor-teams").WithTags("Instructors");
        t.MapGet("/", Teams).RequireAuthorization(Policies.Staff);
        t.MapGet("/{id:long}", Team).RequireAuthorization(Policies.Staff);
        t.MapPost("/", CreateTeam).RequireAuthorization(Policies.ManageCohorts).Produces<TeamDto>(201).ProducesValidationProblem().ProducesProblem(422);
        t.MapPut("/{id:long}", UpdateTeam).RequireAuthorization(Policies.ManageCohorts).Produces<TeamDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static InstructorDto ToDto(InstructorRow i, IReadOnlyList<TeamRow> teams, CurrentUser me) => new(
        i.Id, i.Name, i.Title, i.Organisation, me.SeesPersonalData ? i.Phone : NullIfEmpty(Masking.Phone(i.Phone)), i.UserId, i.Username,
        teams.Where(t => t.People.Contains(i.Id)).Select(t => t.Id).ToList());

    private static TeamDto ToDto(TeamRow t, IReadOnlyList<InstructorRow> people) => new(
        t.Id, t.Name, t.Organisation, t.LeadInstructorId, t.LeadName, t.Headcount,
        t.MemberIds.Select(m => new PersonRefDto("instructor", m, people.FirstOrDefault(p => p.Id == m)?.Name ?? "")).ToList());

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static async Task<Ok<List<InstructorDto>>> List(HttpContext http, InstructorStore store)
    {
        var teams = await store.TeamsAsync();
        return TypedResults.Ok((await store.ListAsync()).Select(i => ToDto(i, teams, http.Me())).ToList());
    }

    private static async Task<Results<Ok<InstructorDto>, ProblemHttpResult>> Get(long id, HttpContext http, InstructorStore store) =>
        await store.GetAsync(id) is { } i ? TypedResults.Ok(ToDto(i, await store.TeamsAsync(), http.Me())) : Problems.NotFound();

    private static NewInstructor? Read(InstructorRequest body, out ValidationProblem? problem)
    {
        var v = new Validation().Require("name", body.Name);
        problem = v.Ok ? null : v.Problem();
        return v.Ok ? new NewInstructor(body.Name!, body.Title, body.Organisation, body.Phone, body.UserId) : null;
    }

    private static async Task<IResult> Create(InstructorRequest body, HttpContext http, InstructorStore store, Texts texts)
    {
        if (Read(body, out var problem) is not { } n) return problem!;
        var r = await store.CreateAsync(n);
        if (!r.IsOk) return TimetableApi.Refuse(r.Error!, texts);
        return TypedResults.Created($"/api/v1/instructors/{r.Value}", ToDto((await store.GetAsync(r.Value))!, await store.TeamsAsync(), http.Me()));
    }

    private static async Task<IResult> Update(long id, InstructorRequest body, HttpContext http, InstructorStore store, Texts texts)
    {
        if (await store.GetAsync(id) is null) return Problems.NotFound();
        if (Read(body, out var problem) is not { } n) return problem!;
        if (await store.UpdateAsync(id, n) is { } e) return TimetableApi.Refuse(e, texts);
        return TypedResults.Ok(ToDto((await store.GetAsync(id))!, await store.TeamsAsync(), http.Me()));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Calendar(
        long id, HttpContext http, InstructorStore store, SessionStore sessions, Features.Cohorts.CohortStore cohorts, TimeProvider clock)
    {
        var me = http.Me();
        if (await store.GetAsync(id) is not { } instructor) return Problems.NotFound();
        // Staff see every instructor's calendar; anyone else only their own (an instructor with an account).
        if (!me.IsStaff && instructor.UserId != me.Id) return Problems.NotFound();
        var visible = (await cohorts.ListVisibleAsync(me)).Select(c => c.Id).ToHashSet();
        var list = await sessions.OfInstructorAsync(id, visible);
        var ics = ICalendar.Write($"{instructor.Name} 授课安排", list.Select(s => TimetableApi.ToEvent(s, s.Row.CohortTitle)).ToList(), clock.GetUtcNow());
        return TypedResults.File(Encoding.UTF8.GetBytes(ics), ICalendar.ContentType, $"授课安排（{instructor.Name}）.ics");
    }

    private static async Task<Ok<List<TeamDto>>> Teams(InstructorStore store)
    {
        var people = await store.ListAsync();
        return TypedResults.Ok((await store.TeamsAsync()).Select(t => ToDto(t, people)).ToList());
    }

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> Team(long id, InstructorStore store) =>
        await store.TeamAsync(id) is { } t ? TypedResults.Ok(ToDto(t, await store.ListAsync())) : Problems.NotFound();

    private static async Task<IResult> CreateTeam(TeamRequest body, InstructorStore store, Texts texts)
    {
        var v = new Validation().Require("name", body.Name);
        if (!v.Ok) return v.Problem();
        var r = await store.CreateTeamAsync(new NewTeam(body.Name!, body.Organisation, body.LeadInstructorId, body.Headcount, body.MemberIds ?? []));
        if (!r.IsOk) return TeamRefusal(r.Error!, texts);
        return TypedResults.Created($"/api/v1/instructor-teams/{r.Value}", ToDto((await store.TeamAsync(r.Value))!, await store.ListAsync()));
    }

    private static async Task<IResult> UpdateTeam(long id, TeamRequest body, InstructorStore store, Texts texts)
    {
        if (await store.TeamAsync(id) is null) return Problems.NotFound();
        var v = new Validation().Require("name", body.Name);
        if (!v.Ok) return v.Problem();
        if (await store.UpdateTeamAsync(id, new NewTeam(body.Name!, body.Organisation, body.LeadInstructorId, body.Headcount, body.MemberIds ?? [])) is { } e)
            return TeamRefusal(e, texts);
        return TypedResults.Ok(ToDto((await store.TeamAsync(id))!, await store.ListAsync()));
    }

    // An unknown member named in the body is bad input (400 on memberIds), not a missing resource.
    private static IResult TeamRefusal(Domain.Error e, Texts texts) =>
        e.Code == "Timetable.UnknownInstructor" ? Problems.Invalid("memberIds", texts.Error(e)) : TimetableApi.Refuse(e, texts);
}
