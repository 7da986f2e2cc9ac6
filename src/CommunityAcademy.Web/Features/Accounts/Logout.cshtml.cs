using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Accounts;

[AllowAnonymous]
public sealed class LogoutModel(SessionValidator sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // The login session ends, not only this browser's cookie: a copy of the cookie no longer works either.
        if (User.Identity?.IsAuthenticated == true) await sessions.RevokeAsync(User);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/Accounts/Login");
    }
}
