using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed record TokenRequest(string? Username, string? Password);
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);
public sealed record MeDto(long Id, string Username, string DisplayName, IReadOnlyList<string> Roles, long? UnitId);
public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

/// <summary>
/// /api/v1/auth/token issues bearer tokens, /api/v1/auth/logout ends the caller's login session, /api/v1/auth/password
/// changes the caller's password; /api/v1/me says who the token belongs to.
/// </summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", Token).WithTags("Auth").AllowAnonymous().RequireRateLimiting(Policies.LoginRateLimit)
            .WithSummary("Exchanges a username and password for a bearer token (Authorization: Bearer …).");
        api.MapPost("/auth/logout", Logout).WithTags("Auth")
            .WithSummary("Ends the login session of the token (or cookie) sent: it no longer works, on any instance within a minute.");
        api.MapPost("/auth/password", ChangePassword).WithTags("Auth")
            .WithSummary("Changes the caller's password; every other login session ends. A bearer caller gets a new token for its session.");
        api.MapGet("/me", (HttpContext http) =>
        {
            var me = http.Me();
            return TypedResults.Ok(new MeDto(me.Id, me.Username, me.DisplayName, me.Roles.Order().ToList(), me.UnitId));
        }).WithTags("Auth");
        return api;
    }

    /// <summary>One answer for an unknown user name, a wrong password, a locked-out address and a disabled account.</summary>
    public static string LoginFailedTitle(int lockoutMinutes) =>
        Texts.Of("Problem.LoginFailed", lockoutMinutes);

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Token(
        TokenRequest body, LoginService login, HttpContext http, IOptions<LoginOptions> options, TimeProvider clock,
        IOptionsMonitor<BearerTokenOptions> bearer)
    {
        var v = new Validation().Require("username", body.Username).Require("password", body.Password);
        if (!v.Ok) return v.Problem();
        var r = await login.VerifyAsync(body.Username, body.Password, http.ClientAddress());
        if (r.Outcome == LoginOutcome.CodeExpired)
            return TypedResults.Problem(statusCode: 401, title: Texts.Of("Problem.CodeExpired"),
                extensions: new Dictionary<string, object?> { ["code"] = "code_expired" });
        if (r.Outcome != LoginOutcome.Ok) return TypedResults.Problem(statusCode: 401, title: LoginFailedTitle(options.Value.LockoutMinutes));
        var principal = await login.StartSessionAsync(r.User!, BearerTokenDefaults.AuthenticationScheme, http);
        return TypedResults.Ok(IssueToken(principal, options, clock, bearer));
    }

    private static TokenResponse IssueToken(System.Security.Claims.ClaimsPrincipal principal, IOptions<LoginOptions> options, TimeProvider clock,
        IOptionsMonitor<BearerTokenOptions> bearer)
    {
        var expires = clock.GetUtcNow().AddHours(options.Value.TokenLifetimeHours);
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { ExpiresUtc = expires, IssuedUtc = clock.GetUtcNow() }, BearerTokenDefaults.AuthenticationScheme);
        var token = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector.Protect(ticket);
        return new TokenResponse(token, expires);
    }

    private static async Task<NoContent> Logout(HttpContext http, SessionValidator sessions)
    {
        await sessions.RevokeAsync(http.User);
        if (!http.Request.HasBearerToken()) await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TokenResponse>, NoContent, ValidationProblem, ProblemHttpResult>> ChangePassword(
        PasswordChange body, HttpContext http, PasswordChanger changer, LoginService login, IOptions<LoginOptions> options, TimeProvider clock,
        IOptionsMonitor<BearerTokenOptions> bearer, Texts T)
    {
        var v = new Validation().Require("currentPassword", body.CurrentPassword).Require("newPassword", body.NewPassword);
        if (!v.Ok) return v.Problem();
        var r = await changer.ChangeAsync(http, body.CurrentPassword, body.NewPassword);
        if (r.User is null) return Problems.NotFound();
        if (r.WrongCurrent) v.Add("currentPassword", T["ChangePassword.WrongCurrent"]);
        foreach (var e in r.Errors) v.Add("newPassword", T.Error(e));
        if (!v.Ok) return v.Problem();
        if (!http.Request.HasBearerToken()) return TypedResults.NoContent(); // the cookie was renewed by the changer
        var principal = login.PrincipalFor(r.User, BearerTokenDefaults.AuthenticationScheme, http.User.FindFirst(Claims.SessionId)!.Value);
        return TypedResults.Ok(IssueToken(principal, options, clock, bearer));
    }
}
