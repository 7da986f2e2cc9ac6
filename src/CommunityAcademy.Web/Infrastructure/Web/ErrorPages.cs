using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// A browser that asks for a page and gets 403, 404 or 5xx without a body sees Features/Errors/Status (in the site
/// layout, with a way home) under the same status code. The API, and any client that does not ask for HTML, keeps
/// problem+json (UseStatusCodePages and the exception handler).
/// </summary>
public static class ErrorPages
{
    /// <summary>Place inside UseStatusCodePages and outside the exception handler.</summary>
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        var r = http.Response;
        if (r.HasStarted || r.ContentLength > 0 || !string.IsNullOrEmpty(r.ContentType)) return;
        if (r.StatusCode is not (403 or 404 or >= 500 and <= 599) || !WantsPage(http.Request)) return;
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null) return;

        var status = r.StatusCode;
        var req = http.Request;
        var (path, query, method) = (req.Path, req.QueryString, req.Method);
        var endpoint = http.GetEndpoint();
        var routeValues = http.Features.Get<IRouteValuesFeature>()?.RouteValues;
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPath = path, OriginalPathBase = req.PathBase, OriginalQueryString = query.Value,
            Endpoint = endpoint, RouteValues = routeValues,
        });
        http.SetEndpoint(null);
        http.Features.Get<IRouteValuesFeature>()?.RouteValues?.Clear();
        req.Path = "/Errors/" + status;
        req.QueryString = QueryString.Empty;
        if (!HttpMethods.IsHead(method)) req.Method = HttpMethods.Get; // a failed form post shows the page too, without its antiforgery check
        try
        {
            await next(http);
        }
        finally
        {
            req.Path = path;
            req.QueryString = query;
            req.Method = method;
            http.Features.Set<IStatusCodeReExecuteFeature>(null);
        }
    });

    /// <summary>A browser's navigation: not the API, and HTML accepted.</summary>
    public static bool WantsPage(this HttpRequest r) =>
        !r.IsApiRequest() && r.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}
