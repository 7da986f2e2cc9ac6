using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <param name="Source">"staff" (a row an organizer added) or "session" (an instructor with an account on one of its sessions).</param>
public sealed record StaffMemberDto(long UserId, string Username, string DisplayName, string Role, string Source, DateTimeOffset? AddedAt);
public sealed record AddStaffRequest(string? Username, string? Role);
internal sealed record StaffUser(long Id, string Username, string DisplayName);

/// <summary>
/// The people on a class (cohort_staff): head teacher, mentors, experts, instructors. They see the class and only the
/// classes they are on (<see cref="CohortStore"/>). Instructors linked to its sessions who have an account are on it
/// without a row. An added person must hold the account role of the same name (an instructor: any account).
/// </summary>
public sealed class CohortStaff(Db db, TimeProvider clock, CohortAccess access)
{
    /// <summary>The places on a class, as stored in cohort_staff.role.</summary>
    public static readonly IReadOnlyList<string> Places = [Role.HeadTeacher, Role.Mentor, Role.Expert, "instructor"];

    /// <summary>Account roles that see a class by being on it (and no other way).</summary>
    public static readonly IReadOnlyList<string> Roles = [Role.HeadTeacher, Role.Mentor, Role.Expert];

    public async Task<IReadOnlyList<StaffMemberDto>> ListAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<StaffRow>("""
            SELECT u.id AS user_id, u.username, u.display_name, cs.role, cs.added_at
            FROM cohort_staff cs JOIN users u ON u.id = cs.user_id WHERE cs.cohort_id = @cohortId ORDER BY cs.id
            """, new { cohortId })).Select(r => new StaffMemberDto(r.UserId, r.Username, r.DisplayName, r.Role, "staff", r.AddedAt)).ToList();
        var instructors = (await c.QueryAsync<StaffRow>("""
            SELECT u.id AS user_id, u.username, u.display_name
            FROM users u WHERE u.id IN (SELECT i.user_id FROM sessions s JOIN session_instructors si ON si.session_id = s.id
                                        JOIN instructors i ON i.id = si.instructor_id WHERE s.cohort_id = @cohortId)
            ORDER BY u.id
            """, new { cohortId })).Select(r => new StaffMemberDto(r.UserId, r.Username, r.DisplayName, "instructor", "session", null));
        return [.. rows, .. instructors.Where(x => !rows.Any(r => r.UserId == x.UserId && r.Role == "instructor"))];
    }

    private sealed class StaffRow
    {
        public long UserId { get; init; }
        public string Username { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public DateTimeOffset? AddedAt { get; init; }
    }

    public async Task<Result<StaffMemberDto>> AddAsync(CurrentUser me, long cohortId, string username, string role)
    {
        if (!Places.Contains(role)) return new Error("Cohorts.StaffBadRole", role);
        var now = Instant.Truncate(clock.GetUtcNow());
        var r = await db.InTransactionAsync<Result<StaffMemberDto>>(async (c, tx) =>
        {
            var user = await c.QuerySingleOrDefaultAsync<StaffUser>(
                "SELECT id, username, display_name FROM users WHERE username = @username AND is_active = @active",
                new { username = username.Trim(), active = true }, tx);
            if (user is not { } u) return new Error("Cohorts.StaffUnknownUser", username.Trim());
            if (role != "instructor" && await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM user_roles WHERE user_id = @id AND role = @role", new { id = u.Id, role }, tx) == 0)
                return new Error("Cohorts.StaffRoleMismatch", u.Username, role);
            var at = await c.ExecuteScalarAsync<DateTimeOffset?>(
                "SELECT added_at FROM cohort_staff WHERE cohort_id = @cohortId AND user_id = @id AND role = @role", new { cohortId, id = u.Id, role }, tx);
            if (at is null)
            {
                await c.ExecuteAsync("INSERT INTO cohort_staff (cohort_id, user_id, role, added_by, added_at) VALUES (@cohortId, @id, @role, @by, @now)",
                    new { cohortId, id = u.Id, role, by = me.Id, now }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "cohort_staff", cohortId, "add", null, $"{u.Username}:{role}");
            }
            return Result<StaffMemberDto>.Ok(new StaffMemberDto(u.Id, u.Username, u.DisplayName, role, "staff", at ?? now));
        });
        access.Forget(cohortId);
        return r;
    }

    /// <summary>Takes a person off the class (one place, or every place when role is null); false when they were not on it.</summary>
    public async Task<bool> RemoveAsync(CurrentUser me, long cohortId, long userId, string? role)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        var removed = await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("DELETE FROM cohort_staff WHERE cohort_id = @cohortId AND user_id = @userId" + (role is null ? "" : " AND role = @role"),
                new { cohortId, userId, role }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "cohort_staff", cohortId, "remove", $"{userId}:{role ?? "*"}");
            return n > 0;
        });
        access.Forget(cohortId);
        return removed;
    }

    /// <summary>The demo and tests: puts a user on a class in the caller's transaction.</summary>
    public static Task AddAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long cohortId, long userId, string role, DateTimeOffset now) =>
        c.ExecuteAsync("INSERT INTO cohort_staff (cohort_id, user_id, role, added_at) VALUES (@cohortId, @userId, @role, @now)",
            new { cohortId, userId, role, now = Instant.Truncate(now) }, tx);
}

/// <summary>/api/v1/cohorts/{id}/staff: who is on a class (read by staff; changed by organizers). The class check is the group's.</summary>
public static class CohortStaffApi
{
    public static RouteGroupBuilder MapCohortStaffApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cohorts/{id:long}/staff").WithTags("Cohorts");
        g.MapGet("/", List).RequireAuthorization(Policies.Staff)
            .WithSummary("The head teacher, mentors, experts and instructors on the class (instructors of its sessions with an account: source \"session\").");
        g.MapPost("/", Add).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Puts a person on the class: {username, role: head_teacher|mentor|expert|instructor}; the account must hold that role (instructor: any). 201; 200 if already on it.")
            .Produces<StaffMemberDto>(201).Produces<StaffMemberDto>(200).ProducesValidationProblem().ProducesProblem(404);
        g.MapDelete("/{userId:long}", Remove).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Takes a person off the class (?role= for one place only). 204; 404 when they were not on it.");
        return api;
    }

    private static async Task<IResult> List(long id, CohortStaff staff, CohortStore cohorts)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        return TypedResults.Ok(await staff.ListAsync(id));
    }

    private static async Task<IResult> Add(long id, AddStaffRequest? body, HttpContext http, CohortStaff staff, CohortStore cohorts, Texts texts)
    {
        if (await cohorts.FindAsync(id) is null) return Problems.NotFound();
        var v = new Validation()
            .Check(!string.IsNullOrWhiteSpace(body?.Username) && body.Username.Length <= 100, "username", texts["Error.Cohorts.StaffUsernameRequired"])
            .Check(body?.Role is { } r && CohortStaff.Places.Contains(r), "role", texts.Error(new Error("Cohorts.StaffBadRole", body?.Role ?? "")));
        if (!v.Ok) return v.Problem();
        var before = (await staff.ListAsync(id)).Any(x => x.Source == "staff" && x.Username == body!.Username!.Trim() && x.Role == body.Role);
        var res = await staff.AddAsync(http.Me(), id, body!.Username!, body.Role!);
        if (!res.IsOk) return Problems.Invalid(res.Error!.Code == "Cohorts.StaffRoleMismatch" ? "role" : "username", texts.Error(res.Error!));
        return before ? TypedResults.Ok(res.Value) : TypedResults.Created($"/api/v1/cohorts/{id}/staff/{res.Value!.UserId}", res.Value);
    }

    private static async Task<IResult> Remove(long id, long userId, string? role, HttpContext http, CohortStaff staff) =>
        await staff.RemoveAsync(http.Me(), id, userId, string.IsNullOrWhiteSpace(role) ? null : role) ? TypedResults.NoContent() : Problems.NotFound();
}
