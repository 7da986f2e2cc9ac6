using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Errors;

/// <summary>
/// The page a browser sees for 403, 404 and 500 (Infrastructure/Web/ErrorPages re-executes the request here): in the
/// site layout, in the request's language, with a way home. The status code stays; nothing of an exception is shown.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Key { get; private set; } = "ErrorPage.Other";
    public string? RequestId { get; private set; }

    public void OnGet(int code)
    {
        var status = code is >= 400 and <= 599 ? code : 404;
        Key = status switch
        {
            403 => "ErrorPage.403",
            404 => "ErrorPage.404",
            503 => "ErrorPage.503",
            >= 500 => "ErrorPage.500",
            _ => "ErrorPage.Other",
        };
        // Quoted to the administrator, who finds it in the log beside the exception.
        if (status >= 500 && HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            RequestId = HttpContext.TraceIdentifier;
        Response.StatusCode = status;
    }
}
