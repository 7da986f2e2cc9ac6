using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class ChangePasswordModel(PasswordChanger changer, Texts T) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    /// <summary>Where the user was going when a first password was asked for (a scan link): they go on there after.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool MustChange => User.HasClaim(c => c.Type == Claims.MustChangePassword);
    public bool Done { get; private set; }
    /// <summary>What is wrong, by field (Current, New, Confirm), shown under each.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new();

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (New != Confirm) Add(nameof(Confirm), T["ChangePassword.Mismatch"]);
        else
        {
            var r = await changer.ChangeAsync(HttpContext, Current, New);
            if (r.User is null) return Forbid();
            if (r.WrongCurrent) Add(nameof(Current), T["ChangePassword.WrongCurrent"]);
            foreach (var e in r.Errors) Add(nameof(New), T.Error(e));
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/")
        {
            return LocalRedirect(ReturnUrl!);
        }
        Done = true;
        return Page();
    }

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        list.Add(message);
    }
}
