using CommunityAcademy.Web.Features.Cohorts;
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

    /// <summary>The plans the caller may link: those of the classes they see (the rest are not offered, and refused when sent).</summary>
    public IReadOnlyList<PlanChoice> Plans { get; private set; } = [];

    /// <summary>The classes whose plans the caller may open (/Reviews/Plan: staff of a class they see); other plans show by title only.</summary>
    public IReadOnlySet<long> PlanClassesOpen { get; private set; } = new HashSet<long>();

    /// <summary>Whether the plan of <paramref name="cohortId"/>'s class opens for the caller (a link) or shows by title only.</summary>
    public bool OpensPlan(long? cohortId) => cohortId is { } c && PlanClassesOpen.Contains(c);

    /// <summary>
    /// Loads <see cref="Plans"/> (when <paramref name="choices"/>) and <see cref="PlanClassesOpen"/> for the plans shown
    /// (<paramref name="shown"/>: their classes), by the class-access rule (<see cref="CohortStore.ListVisibleAsync"/>: one read).
    /// </summary>
    protected async Task LoadPlansAsync(SceneStore scenes, CohortStore cohorts, bool choices, IEnumerable<long?> shown)
    {
        var visible = (await cohorts.ListVisibleAsync(Me)).Select(c => c.Id).ToHashSet();
        Plans = choices ? (await scenes.PlanChoicesAsync()).Where(p => visible.Contains(p.CohortId)).ToList() : [];
        PlanClassesOpen = Me.IsStaff ? shown.OfType<long>().Where(visible.Contains).ToHashSet() : new HashSet<long>();
    }

    /// <summary>A plan sent with a form: none, or one of <see cref="Plans"/>; anything else is refused as unknown.</summary>
    protected Domain.Error? CheckPlan(long? submissionId) =>
        submissionId is { } sid && Plans.All(p => p.Id != sid) ? new Domain.Error("Scenes.UnknownPlan", sid) : null;

    /// <summary>A trainee (no scenes at all) is refused; a scene outside the caller's communities does not exist for them.</summary>
    protected IActionResult Missing() => SceneAccess.MaySeeAny(Me) ? NotFound() : Forbid();

    public string UnitPath(long? id) => id is { } u && Tree.Find(u) is not null ? Tree.PathName(u) : "—";
}
