using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Units;

/// <summary>
/// The unit tree. A tree of up to <see cref="WholeTreeUpTo"/> units is shown whole; a bigger one (5,000 communities) level
/// by level: the units above the one opened, it, and its children, each with a link that opens it (<c>?parent=</c>).
/// A parent is typed (name or path, with the type-ahead of quota-units.js) instead of chosen from a list of every unit.
/// </summary>
public sealed class IndexModel(UnitStore units, IAuthorizationService auth, Texts T) : PageModel
{
    public const int WholeTreeUpTo = 300;

    /// <summary>A row of the tree; <see cref="First"/>/<see cref="Last"/>: no 上移/下移 that way (ends of its siblings' group).</summary>
    public sealed record Line(UnitNode Node, int Depth, int Children, string ParentLabel, bool First = false, bool Last = false);

    public IReadOnlyList<Line> Rows { get; private set; } = [];
    /// <summary>Every unit the caller sees, shown or not.</summary>
    public int Total { get; private set; }
    /// <summary>The tree is shown level by level (too big to show whole).</summary>
    public bool ByLevel { get; private set; }
    public UnitNode? Opened { get; private set; }
    [BindProperty(SupportsGet = true)] public long? Parent { get; set; }
    [BindProperty] public string? ParentName { get; set; }
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public string? Action { get; private set; }

    [BindProperty] public long? Id { get; set; }
    [BindProperty] public long? ParentId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var me = HttpContext.Me();
        if (!me.IsStaff && !me.IsIn(Domain.Accounts.Role.UnitContact)) return Forbid();
        return await LoadAsync() ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostCreateAsync() => Manage("create", async () =>
    {
        UnitKind kind;
        if (!string.IsNullOrWhiteSpace(Kind)) { if (!UnitKinds.TryParse(Kind, out kind)) return T["Error.Unit.BadKind"]; }
        else if (UnitKinds.InferFromName(Name ?? "") is { } k) kind = k;
        else return T["Error.Unit.KindRequired"];
        if (await ParentOfAsync() is { } bad) return bad;
        var r = await units.CreateAsync(new NewUnit(Name ?? "", kind, ParentId));
        if (!r.IsOk) return T.Error(r.Error!);
        Message = T["Units.Created", Name!.Trim()];
        Name = null;
        return null;
    });

    public Task<IActionResult> OnPostRenameAsync() => Manage("rename", async () =>
    {
        if (Id is not { } id) return T["Error.Unit.NotFound"];
        if (await units.RenameAsync(id, Name ?? "") is { } e) return T.Error(e);
        Message = T["Units.Renamed", Name!.Trim()];
        return null;
    });

    public Task<IActionResult> OnPostMoveAsync() => Manage("move", async () =>
    {
        if (Id is not { } id) return T["Error.Unit.NotFound"];
        if (await ParentOfAsync() is { } bad) return bad;
        if (await units.MoveAsync(id, ParentId) is { } e) return T.Error(e);
        Message = T["Units.Moved"];
        return null;
    });

    /// <summary>上移/下移 among the siblings; the page comes back at the unit moved.</summary>
    public Task<IActionResult> OnPostUpAsync() => Reorder(true);
    public Task<IActionResult> OnPostDownAsync() => Reorder(false);

    private Task<IActionResult> Reorder(bool up) => Manage(up ? "up" : "down", async () =>
    {
        if (Id is not { } id) return T["Error.Unit.NotFound"];
        if (await units.ReorderAsync(id, up) is { } e) return T.Error(e);
        Message = T["Units.Reordered"];
        return null;
    });

    /// <summary>ParentId as posted, else the unit typed in ParentName (blank: none); null when fine, else the error.</summary>
    private async Task<string?> ParentOfAsync()
    {
        if (ParentId is not null || string.IsNullOrWhiteSpace(ParentName)) return null;
        var (id, problem) = new Enrollment.UnitNames(await units.TreeAsync()).Resolve(ParentName);
        if (problem is not null) return T[problem, ParentName.Trim()];
        ParentId = id;
        return null;
    }

    private async Task<IActionResult> Manage(string action, Func<Task<string?>> work)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageUnits)).Succeeded) return Forbid();
        Action = action;
        Error = await work();
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        var me = HttpContext.Me();
        CanManage = me.CanManageUnits;
        var (tree, visible) = await units.VisibleAsync(me);
        Total = visible.Count;
        var seen = visible.Select(n => n.Id).ToHashSet();
        var names = new Enrollment.UnitNames(tree);
        var baseDepth = visible.Count > 0 ? tree.PathTo(visible[0].Id).Count : 1;
        Line line(UnitNode n)
        {
            var siblings = n.ParentId is { } sp ? tree.Children(sp) : tree.Roots;
            return new(n, tree.PathTo(n.Id).Count - baseDepth, tree.Children(n.Id).Count(c => seen.Contains(c.Id)),
                n.ParentId is { } p ? names.Label(p) : "",
                UnitOrder.SwapPartner(siblings, n.Id, up: true) is null, UnitOrder.SwapPartner(siblings, n.Id, up: false) is null);
        }
        ByLevel = Parent is not null || visible.Count > WholeTreeUpTo;
        if (!ByLevel)
        {
            Rows = visible.Select(line).ToList();
            return true;
        }
        if (visible.Count == 0) return true;
        // Hidden and unknown alike: not found.
        if (Parent is { } pid && !seen.Contains(pid)) return false;
        Opened = tree.Find(Parent ?? visible[0].Id)!;
        var above = tree.PathTo(Opened.Id).Where(n => seen.Contains(n.Id)).ToList(); // ends with the opened unit
        Rows = above.Concat(tree.Children(Opened.Id).Where(c => seen.Contains(c.Id))).Select(line).ToList();
        return true;
    }
}
