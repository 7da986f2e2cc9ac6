using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// A page that everyone allowed in may read and that some may change: each change is checked against the
/// <c>ManageCohorts</c> policy (or the one given), answers with a message or an error (422), and reloads the page.
/// </summary>
public abstract class ManagedPageModel(IAuthorizationService auth, string policy = Policies.ManageCohorts) : PageModel
{
    public bool CanManage { get; private set; }
    public string? Message { get; protected set; }
    public string? Error { get; protected set; }

    /// <summary>Loads what the page shows; called on GET and after every change.</summary>
    protected abstract Task LoadAsync();

    protected async Task<bool> AuthorizedAsync() => CanManage = (await auth.AuthorizeAsync(User, policy)).Succeeded;

    protected string? Done(string message) { Message = message; return null; }

    /// <summary>Runs a change when the user may make it; the change returns null or the error to show.</summary>
    protected async Task<IActionResult> Manage(Func<Task<string?>> work)
    {
        if (!await AuthorizedAsync()) return Forbid();
        Error = await work();
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
