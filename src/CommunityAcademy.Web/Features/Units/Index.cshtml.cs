using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Units;

public sealed class IndexModel(UnitStore units, IAuthorizationService auth, Texts T) : PageModel
{
    public sealed record Line(UnitNode Node, int Depth);

    public IReadOnlyList<Line> Rows { get; private set; } = [];
    public IReadOnlyList<(long Id, string Label)> Options { get; private set; } = [];
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
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostCreateAsync() => Manage("create", async () =>
    {
        UnitKind kind;
        if (!string.IsNullOrWhiteSpace(Kind)) { if (!UnitKinds.TryParse(Kind, out kind)) return T["Error.Unit.BadKind"]; }
        else if (UnitKinds.InferFromName(Name ?? "") is { } k) kind = k;
        else return T["Error.Unit.KindRequired"];
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
        if (await units.MoveAsync(id, ParentId) is { } e) return T.Error(e);
        Message = T["Units.Moved"];
        return null;
    });

    private async Task<IActionResult> Manage(string action, Func<Task<string?>> work)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageUnits)).Succeeded) return Forbid();
        Action = action;
        Error = await work();
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var me = HttpContext.Me();
        CanManage = me.CanManageUnits;
        var (tree, visible) = await units.VisibleAsync(me);
        var baseDepth = visible.Count > 0 ? tree.PathTo(visible[0].Id).Count : 1;
        Rows = visible.Select(n => new Line(n, tree.PathTo(n.Id).Count - baseDepth)).ToList();
        Options = Rows.Select(r => (r.Node.Id, new string('　', r.Depth) + r.Node.Name)).ToList();
    }
}
