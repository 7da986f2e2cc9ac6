using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// API calls that ride on the page's cookie (not a bearer token) must carry the antiforgery header
/// on unsafe methods; otherwise another site could make a signed-in browser post to the API.
/// </summary>
public sealed class ApiAntiforgery : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        var unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (unsafeMethod && !http.Request.HasBearerToken() && http.Request.Cookies.Count > 0 && http.User.Identity?.IsAuthenticated == true)
            return CheckedAsync(ctx, next);
        return next(ctx); // not async: no frame of its own on the way through
    }

    private static async ValueTask<object?> CheckedAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var af = ctx.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await af.IsRequestValidAsync(ctx.HttpContext))
            return TypedResults.Problem(statusCode: 400, title: Texts.Of("Problem.Antiforgery"));
        return await next(ctx);
    }
}
