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
    private const string DoneKey = "ca.done";
    private string? _message;

    public bool CanManage { get; private set; }
    /// <summary>What a change did: set by it, and shown once on the page the browser is sent back to.</summary>
    public string? Message { get => _message ??= TempData[DoneKey] as string; protected set => _message = value; }
    public string? Error { get; protected set; }

    /// <summary>Loads what the page shows; called on GET and after every change.</summary>
    protected abstract Task LoadAsync();

    protected async Task<bool> AuthorizedAsync() => CanManage = (await auth.AuthorizeAsync(User, policy)).Succeeded;

    /// <summary>Whether the caller meets another page's policy (a link to that page is shown only then).</summary>
    protected async Task<bool> AllowsAsync(string otherPolicy) => (await auth.AuthorizeAsync(User, otherPolicy)).Succeeded;

    protected string? Done(string message) { Message = message; return null; }

    /// <summary>
    /// Runs a change when the user may make it; the change returns null or the error to show. Done: the browser is sent
    /// to the page again (post-redirect-get: a reload posts nothing twice) and reads what was done there. Refused: the page
    /// answers 422 with the error and keeps what was typed.
    /// </summary>
    protected async Task<IActionResult> Manage(Func<Task<string?>> work)
    {
        if (!await AuthorizedAsync()) return Forbid();
        Error = await work();
        if (Error is null)
        {
            if (_message is not null) TempData[DoneKey] = _message;
            return Redirect(Request.PathBase + Request.Path);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
