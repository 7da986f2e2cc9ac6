using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting(Policies.LoginRateLimit)]
public sealed class LoginModel(LoginService login, IOptions<LoginOptions> options, Texts T) : PageModel
{
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await login.VerifyAsync(Username, Password, HttpContext.ClientAddress());
        if (r.Outcome == LoginOutcome.Ok)
        {
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                await login.StartSessionAsync(r.User!, CookieAuthenticationDefaults.AuthenticationScheme, HttpContext),
                new AuthenticationProperties { IsPersistent = true });
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        // One answer whatever went wrong: an unknown name, a wrong password, a lock-out or a disabled account. Only the
        // holder of a right but expired one-time code is told so.
        Error = r.Outcome == LoginOutcome.CodeExpired ? T["Login.CodeExpired"] : T["Login.Invalid", options.Value.LockoutMinutes];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
