using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Accounts;

[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(AccountStore accounts, UnitStore units, SessionValidator sessions, Texts T) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];
    public IReadOnlyList<(long Id, string Label)> Units { get; private set; } = [];
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    [BindProperty] public string? NewUsername { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public string NewRole { get; set; } = Role.Organizer;
    [BindProperty] public long? NewUnitId { get; set; }
    [BindProperty] public string? NewPhone { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (string.IsNullOrWhiteSpace(NewUsername) || NewUsername.Trim().Length > 50 || NewUsername.Any(char.IsWhiteSpace))
            Errors.Add(T["Users.BadUsername"]);
        else if (await accounts.UsernameTakenAsync(NewUsername)) Errors.Add(T["Users.Taken", NewUsername.Trim()]);
        if (string.IsNullOrWhiteSpace(NewDisplayName)) Errors.Add(T["Users.NeedName"]);
        if (!Role.IsKnown(NewRole)) Errors.Add(T["Users.BadRole"]);
        var tree = await units.TreeAsync();
        if (Role.NeedsUnit(NewRole) && NewUnitId is null) Errors.Add(T["Users.NeedUnit"]);
        if (NewUnitId is { } u && tree.Find(u) is null) Errors.Add(T["Users.NeedUnit"]);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync();
            return Page();
        }
        var password = FirstRun.NewPassword();
        await accounts.CreateAsync(new NewUser(NewUsername!, NewDisplayName!, password, [NewRole], NewUnitId,
            string.IsNullOrWhiteSpace(NewPhone) ? null : NewPhone.Trim(), MustChangePassword: true));
        Message = T["Users.Created", AccountStore.NormalizeUsername(NewUsername!), password];
        NewUsername = NewDisplayName = NewPhone = null;
        NewUnitId = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(long id)
    {
        var user = await accounts.FindByIdAsync(id);
        if (user is null) return NotFound();
        var password = FirstRun.NewPassword();
        await accounts.SetPasswordAsync(id, password, mustChange: true);
        await sessions.RevokeAllAsync(id);
        Message = T["Users.ResetDone", user.Username, password];
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostToggleAsync(long id)
    {
        var user = await accounts.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (user.Id == HttpContext.Me().Id) Errors.Add(T["Users.NotYourself"]);
        else
        {
            await accounts.SetActiveAsync(id, !user.IsActive);
            if (user.IsActive) await sessions.RevokeAllAsync(id);
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Users = await accounts.ListAsync();
        var tree = await units.TreeAsync();
        Units = tree.Roots.SelectMany(r => tree.Subtree(r.Id))
            .Select(n => (n.Id, new string('　', tree.PathTo(n.Id).Count - 1) + n.Name)).ToList();
    }
}
