using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>What the scenes pages share: the caller, the unit tree for scoping, an error to show, a message after a change.</summary>
public abstract class ScenePageModel(UnitStore units, Texts texts) : PageModel
{
    private const string DoneKey = "ca.done";
    protected Texts Texts => texts;
    public CurrentUser Me => HttpContext.Me();
    public UnitTree Tree { get; private set; } = new([]);
    public string? Error { get; protected set; }
    public string? Message => TempData[DoneKey] as string;

    protected async Task<bool> SeesScenesAsync()
    {
        Tree = await units.TreeAsync();
        return SceneAccess.MaySeeAny(Me);
    }

    /// <summary>The communities the caller may keep things for (managers: all; a contact: its subtree).</summary>
    public IEnumerable<UnitNode> KeptUnits() => SceneAccess.Manages(Me)
        ? Tree.InOrder()
        : Me.UnitId is { } u && Me.IsIn(Domain.Accounts.Role.UnitContact) ? Tree.Subtree(u) : [];

    protected IActionResult Done(string message, string? to = null)
    {
        TempData[DoneKey] = message;
        return Redirect(to ?? Request.PathBase + Request.Path);
    }

    protected IActionResult Refused(Domain.Error e)
    {
        Error = texts.Error(e);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>A trainee (no scenes at all) is refused; a scene outside the caller's communities does not exist for them.</summary>
    protected IActionResult Missing() => SceneAccess.MaySeeAny(Me) ? NotFound() : Forbid();

    public string UnitPath(long? id) => id is { } u && Tree.Find(u) is not null ? Tree.PathName(u) : "—";
}
