using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// A request naming no handler of its page — a form posted without its button's handler, or <c>?handler=</c> with a
/// name the page does not have — while the page has handlers for that method: 404 (the error page, with a way home),
/// instead of the page rendered with nothing loaded (a 500). A page without handlers for the method is left alone.
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            var method = context.HttpContext.Request.Method;
            if (HttpMethods.IsHead(method)) method = HttpMethods.Get;
            if (context.ActionDescriptor.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)))
            {
                context.Result = new NotFoundResult();
                return;
            }
        }
        await next();
    }
}
