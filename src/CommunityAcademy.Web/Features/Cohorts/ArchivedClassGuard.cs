using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// An archived class is read-only: the one check for every change to it, in the API (a filter on /api/v1: any request
/// but GET under /cohorts/{id} or /sessions/{id} answers 409) and in the pages (any POST of a class's or session's
/// page answers 409 with the message). Reading stays open, and so do unarchiving and copying it.
/// </summary>
public sealed partial class ArchivedClassGuard(CohortEditor editor, Texts texts) : IEndpointFilter, IAsyncPageFilter
{
    [GeneratedRegex(@"^/api/v1/(cohorts|sessions)/(\d+)(/.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApiPath();

    /// <summary>Requests that change nothing of the class itself (bringing it back, copying it, a head teacher reading a number).</summary>
    private static readonly string[] Open = ["/unarchive", "/copy", "/phone"];

    /// <summary>Pages whose route id is a class (true) or a session (false).</summary>
    private static readonly Dictionary<string, bool> Pages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Enrollment/Codes"] = true, ["/Enrollment/Participants"] = true, ["/Enrollment/Quotas"] = true, ["/Enrollment/Receipts"] = true,
        ["/Enrollment/Reconciliation"] = true, ["/Enrollment/Roster"] = true, ["/Timetable/Edit"] = true, ["/Timetable/Import"] = true,
        ["/Timetable/Index"] = true, ["/Attendance/Stats"] = true, ["/Attendance/Sheet"] = true, ["/Attendance/Console"] = false,
        ["/Attendance/Leave"] = true, ["/Me/Leave"] = true, ["/Groups/Index"] = true, ["/Groups/Grouping"] = true,
        ["/Groups/Cafe"] = true, ["/Groups/CafeProjector"] = true,
        ["/OpenSpace/Index"] = false, ["/OpenSpace/Phone"] = false, ["/OpenSpace/Topic"] = false,
        ["/Reviews/Index"] = true, ["/Reviews/Review"] = true, ["/Reviews/Assign"] = true, ["/Reviews/Plan"] = true, ["/Reviews/Score"] = true,
        ["/Reviews/Ranking"] = true, ["/Scores/Formula"] = true, ["/Scores/Outstanding"] = true,
        ["/Tasks/Index"] = true, ["/Tasks/Task"] = true, ["/Tasks/Score"] = true, ["/Me/Tasks"] = true, // practice tasks (#19)
    };

    /// <summary>
    /// Not async where it passes without a look-up: reads, and sign-ins (POST …/checkins, the benchmarked hot path, whose own
    /// rules refuse a sign-in outside its session's window; an archived class's sessions are over).
    /// </summary>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.Request.Path.Value is not { } path || path.EndsWith("/checkins", StringComparison.OrdinalIgnoreCase))
            return next(context);
        return CheckAsync(context, next, path);
    }

    private async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string path)
    {
        if (ApiPath().Match(path) is { Success: true } m
            && !Open.Any(o => m.Groups[3].Value.EndsWith(o, StringComparison.OrdinalIgnoreCase))
            && long.TryParse(m.Groups[2].Value, out var id)
            && await IsArchivedAsync(m.Groups[1].Value.Equals("cohorts", StringComparison.OrdinalIgnoreCase), id))
            return Problems.Conflict(texts["Cohorts.Archived.ReadOnly"]);
        return await next(context);
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method)
            && context.ActionDescriptor.ViewEnginePath is { } path && Pages.TryGetValue(path, out var isCohort)
            && !string.Equals(context.HandlerMethod?.Name, "Reveal", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(context.RouteData.Values["id"]?.ToString(), out var id)
            && await IsArchivedAsync(isCohort, id))
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status409Conflict, ContentType = "text/plain; charset=utf-8", Content = texts["Cohorts.Archived.ReadOnly"],
            };
            return;
        }
        await next();
    }

    private Task<bool> IsArchivedAsync(bool isCohort, long id) => isCohort ? editor.IsArchivedAsync(id, null) : editor.IsArchivedAsync(null, id);
}
