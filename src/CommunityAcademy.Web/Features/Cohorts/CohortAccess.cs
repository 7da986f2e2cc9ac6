using System.Collections.Concurrent;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// The one check of "may this caller see this class" (#13 point 3), applied once to the /api/v1/cohorts/{id} and
/// /api/v1/sessions/{id} route groups (<see cref="CohortAccessFilter"/>) and to the page folders whose routes carry a
/// class or session id (<see cref="CohortAccessPageFilter"/>): a class the caller may not see does not exist (404).
/// The rule itself is <see cref="CohortStore"/>'s. A "yes" is remembered for <see cref="Ttl"/> per (user, roles, unit,
/// class) on this node, and forgotten at once when the class's staff change here; a "no" is always asked again.
/// A session's class never changes, so it is remembered for good.
/// </summary>
public sealed class CohortAccess(CohortStore cohorts, Db db, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly record struct Key(long UserId, long? UnitId, string Roles, long CohortId);
    private readonly ConcurrentDictionary<Key, DateTimeOffset> _seen = new();
    private readonly ConcurrentDictionary<long, long> _sessionCohort = new();

    public async ValueTask<bool> CanSeeAsync(CurrentUser me, long cohortId)
    {
        if (me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null)) return true; // sees all; an unknown id answers 404 in the handler
        var key = new Key(me.Id, me.UnitId, string.Join(",", me.Roles.Order()), cohortId);
        var now = clock.GetUtcNow();
        if (_seen.TryGetValue(key, out var until) && until > now) return true;
        if (!await cohorts.SeesAsync(me, cohortId)) { _seen.TryRemove(key, out _); return false; }
        if (_seen.Count > 100_000) _seen.Clear(); // never grows without bound
        _seen[key] = now + Ttl;
        return true;
    }

    /// <summary>The class of a session; null when there is no such session.</summary>
    public async ValueTask<long?> CohortOfSessionAsync(long sessionId)
    {
        if (_sessionCohort.TryGetValue(sessionId, out var cohort)) return cohort;
        await using var c = await db.OpenAsync();
        var found = await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM sessions WHERE id = @sessionId", new { sessionId });
        if (found is { } f) { if (_sessionCohort.Count > 100_000) _sessionCohort.Clear(); _sessionCohort[sessionId] = f; }
        return found;
    }

    public async ValueTask<bool> CanSeeSessionAsync(CurrentUser me, long sessionId) =>
        await CohortOfSessionAsync(sessionId) is not { } cohort || await CanSeeAsync(me, cohort); // no session: the handler's 404

    /// <summary>The class's staff changed: every remembered "yes" for it is dropped on this node.</summary>
    public void Forget(long cohortId)
    {
        foreach (var k in _seen.Keys.Where(k => k.CohortId == cohortId)) _seen.TryRemove(k, out _);
    }
}

/// <summary>Which route value holds the id, and whether it names a class or a session.</summary>
public enum CohortRouteKind { Cohort, Session }

/// <summary>Metadata: the caller is let through this endpoint when a trainee, because the endpoint checks the enrollment itself.</summary>
public sealed class TraineesCheckedByHandler;

/// <summary>On /api/v1/cohorts/{id} and /api/v1/sessions/{id}: 404 (problem details) when the caller may not see the class.</summary>
public sealed class CohortAccessFilter(CohortRouteKind kind) : IEndpointFilter
{
    /// <summary>Not async and allocating nothing where it passes without a look-up (the sign-in hot path).</summary>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var user = ctx.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true) return next(ctx); // authorization answers first
        // The sign-in hot path (POST …/checkins): a trainee's enrollment is checked by the store in the same query as today.
        if (user.IsInRole(Role.Trainee) && !Role.Staff.Any(user.IsInRole)
            && ctx.HttpContext.GetEndpoint()?.Metadata.GetMetadata<TraineesCheckedByHandler>() is not null)
            return next(ctx);
        return CheckAsync(ctx, next);
    }

    private async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        if (CurrentUser.From(http.User) is not { } me) return await next(ctx);
        if (!long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id)) return await next(ctx);
        var access = http.RequestServices.GetRequiredService<CohortAccess>();
        var ok = kind == CohortRouteKind.Cohort ? await access.CanSeeAsync(me, id) : await access.CanSeeSessionAsync(me, id);
        return ok ? await next(ctx) : Problems.NotFound();
    }
}

/// <summary>The same check for pages whose route carries a class id (or a session id) as "id": 404 when hidden.</summary>
public sealed class CohortAccessPageFilter(CohortRouteKind kind) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (CurrentUser.From(context.HttpContext.User) is { } me
            && long.TryParse(context.RouteData.Values["id"]?.ToString(), out var id))
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<CohortAccess>();
            var ok = kind == CohortRouteKind.Cohort ? await access.CanSeeAsync(me, id) : await access.CanSeeSessionAsync(me, id);
            if (!ok) { context.Result = new NotFoundResult(); return; }
        }
        await next();
    }
}

public static class CohortAccessSetup
{
    /// <summary>The page folders whose "id" is a class (Enrollment, Timetable, Cohorts/Details, Attendance/Stats and Leave, Me, Groups, Outputs, Reviews) or a session (Attendance/Console, Sheet, Projector, Held, OpenSpace).</summary>
    public static void AddCohortAccess(this Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection conventions)
    {
        var cohort = new CohortAccessPageFilter(CohortRouteKind.Cohort);
        var session = new CohortAccessPageFilter(CohortRouteKind.Session);
        conventions.AddFolderApplicationModelConvention("/Enrollment", m => m.Filters.Add(cohort));
        conventions.AddFolderApplicationModelConvention("/Timetable", m => m.Filters.Add(cohort));
        conventions.AddPageApplicationModelConvention("/Cohorts/Details", m => m.Filters.Add(cohort));
        conventions.AddPageApplicationModelConvention("/Cohorts/Staff", m => m.Filters.Add(cohort));
        conventions.AddFolderApplicationModelConvention("/Me", m => m.Filters.Add(cohort)); // a trainee's pages of a class (#14)
        conventions.AddFolderApplicationModelConvention("/Groups", m => m.Filters.Add(cohort)); // a class's groupings (#16)
        conventions.AddFolderApplicationModelConvention("/OpenSpace", m => m.Filters.Add(session)); // a session's Open Space (#17)
        conventions.AddFolderApplicationModelConvention("/Outputs", m => m.Filters.Add(cohort)); // a session's outputs and 摆摊 (#17)
        conventions.AddFolderApplicationModelConvention("/Reviews", m => m.Filters.Add(cohort)); // a class's reviews and plans (#18)
        conventions.AddFolderApplicationModelConvention("/Scores", m => m.Filters.Add(cohort)); // a class's scores and outstanding trainees (#19)
        conventions.AddFolderApplicationModelConvention("/Tasks", m => m.Filters.Add(cohort)); // a class's practice tasks (#19)
        conventions.AddFolderApplicationModelConvention("/Online", m => m.Filters.Add(cohort)); // a class's online learning (#21)
        conventions.AddFolderApplicationModelConvention("/Certificates", m => m.Filters.Add(cohort)); // a class's certificates, /Me/Certificate (#22)
        conventions.AddFolderApplicationModelConvention("/LearningLogs", m => m.Filters.Add(cohort)); // a class's 学员日志, /Me/Logs (#23)
        conventions.AddFolderApplicationModelConvention("/Surveys", m => m.Filters.Add(cohort)); // a class's surveys (#23); Host and Public carry a token, not an id
        conventions.AddFolderApplicationModelConvention("/Summary", m => m.Filters.Add(cohort)); // a class's 培训总结 (#24)
        conventions.AddFolderApplicationModelConvention("/Attendance", m =>
            m.Filters.Add(m.ViewEnginePath is "/Attendance/Console" or "/Attendance/Sheet" or "/Attendance/Projector" or "/Attendance/Held" ? session : cohort));
    }

    /// <summary>
    /// On the /api/v1 group: every endpoint under /cohorts/{id} or /sessions/{id}, whichever feature maps it, gets the
    /// class check, so a new endpoint there cannot forget it.
    /// </summary>
    public static RouteGroupBuilder WithCohortAccess(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Add(b =>
        {
            if (b is not RouteEndpointBuilder r || KindOf(r.RoutePattern) is not { } kind) return;
            var filter = new CohortAccessFilter(kind);
            b.FilterFactories.Add((_, next) => ctx => filter.InvokeAsync(ctx, next));
        });
        return api;
    }

    /// <summary>/api/v1/cohorts/{id}… is a class, /api/v1/sessions/{id}… a session; anything else is not checked here.</summary>
    public static CohortRouteKind? KindOf(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern)
    {
        var s = pattern.PathSegments;
        if (s.Count < 4) return null;
        static string? Literal(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment seg) =>
            seg.Parts is [Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l] ? l.Content : null;
        if (!string.Equals(Literal(s[0]), "api", StringComparison.OrdinalIgnoreCase) || !string.Equals(Literal(s[1]), "v1", StringComparison.OrdinalIgnoreCase)) return null;
        if (s[3].Parts is not [Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" }]) return null;
        return Literal(s[2])?.ToLowerInvariant() switch { "cohorts" => CohortRouteKind.Cohort, "sessions" => CohortRouteKind.Session, _ => null };
    }
}
