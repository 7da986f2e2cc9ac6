using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CommunityAcademy.Web.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting(Policies.LoginRateLimit)]
public sealed class LoginModel(LoginService login, Texts T, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await login.VerifyAsync(Username, Password);
        switch (r.Outcome)
        {
            case LoginOutcome.Ok:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    login.PrincipalFor(r.User!, CookieAuthenticationDefaults.AuthenticationScheme),
                    new AuthenticationProperties { IsPersistent = true });
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case LoginOutcome.LockedOut:
                // Minutes from now: the server's own time zone means nothing to the user.
                Error = T["Login.Locked", Math.Max(1, (int)Math.Ceiling((r.LockedUntil!.Value - clock.GetUtcNow()).TotalMinutes))];
                break;
            case LoginOutcome.CodeExpired:
                Error = T["Login.CodeExpired"];
                break;
            default:
                Error = T["Login.Invalid"];
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
