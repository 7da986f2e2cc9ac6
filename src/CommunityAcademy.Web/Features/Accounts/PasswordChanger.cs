using System.Security.Claims;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed record PasswordChangeResult(UserRow? User, bool WrongCurrent, IReadOnlyList<Error> Errors)
{
    public bool Ok => User is not null && !WrongCurrent && Errors.Count == 0;
}

/// <summary>
/// The signed-in user changes their own password (page and API): the current one must be right, the new one must keep
/// <see cref="PasswordPolicy"/>; then every other login session of the user ends and the asking one goes on.
/// </summary>
public sealed class PasswordChanger(AccountStore accounts, SessionValidator sessions, LoginService login)
{
    public async Task<PasswordChangeResult> ChangeAsync(HttpContext http, string? current, string? newPassword)
    {
        var user = await accounts.FindByIdAsync(http.Me().Id);
        if (user is null) return new(null, false, []);
        var wrongCurrent = string.IsNullOrEmpty(current) || accounts.VerifyTyped(user, current) == PasswordVerificationResult.Failed;
        var owner = new PasswordOwner(user.Username, user.Phone, await accounts.IdNumbersAsync(user.Id));
        var errors = PasswordPolicy.Check(newPassword, owner,
            p => (!wrongCurrent && p == current) || accounts.Verify(user, p) != PasswordVerificationResult.Failed);
        if (wrongCurrent || errors.Count > 0) return new(user, wrongCurrent, errors);

        await accounts.SetPasswordAsync(user.Id, newPassword!);
        var sid = http.User.FindFirstValue(Claims.SessionId);
        await sessions.RevokeAllAsync(user.Id, except: sid);
        var fresh = (await accounts.FindByIdAsync(user.Id))!;
        // The cookie is issued again without the one-time-password mark, for the same session.
        if (!http.Request.HasBearerToken() && sid is not null)
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                login.PrincipalFor(fresh, CookieAuthenticationDefaults.AuthenticationScheme, sid), new AuthenticationProperties { IsPersistent = true });
        return new(fresh, false, []);
    }
}
