using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class ChangePasswordModel(AccountStore accounts, LoginService login, StampValidator stamps, Texts T) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public bool MustChange => User.HasClaim(c => c.Type == Claims.MustChangePassword);
    public bool Done { get; private set; }
    public List<string> Errors { get; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var me = HttpContext.Me();
        var user = await accounts.FindByIdAsync(me.Id);
        if (user is null) return Forbid();
        if (string.IsNullOrEmpty(Current) || accounts.VerifyTyped(user, Current) == PasswordVerificationResult.Failed)
            Errors.Add(T["ChangePassword.WrongCurrent"]);
        foreach (var problem in PasswordRules.Check(New, user.Username)) Errors.Add(T[problem]);
        if (New != Confirm) Errors.Add(T["ChangePassword.Mismatch"]);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await accounts.SetPasswordAsync(me.Id, New!);
        stamps.Forget(me.Id);
        // Other sessions and tokens die with the old stamp; this one is renewed.
        var fresh = await accounts.FindByIdAsync(me.Id);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            login.PrincipalFor(fresh!, CookieAuthenticationDefaults.AuthenticationScheme), new AuthenticationProperties { IsPersistent = true });
        Done = true;
        return Page();
    }
}

public static class PasswordRules
{
    public const int MinLength = 8;

    /// <summary>Resource keys of the rules a new password breaks.</summary>
    public static IEnumerable<string> Check(string? password, string username)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) yield return "Password.TooShort";
        else
        {
            if (password.Equals(username, StringComparison.OrdinalIgnoreCase)) yield return "Password.SameAsUsername";
            if (!(password.Any(char.IsLetter) && password.Any(char.IsDigit))) yield return "Password.LettersAndDigits";
        }
    }
}
