using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed record TokenRequest(string? Username, string? Password);
public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);
public sealed record MeDto(long Id, string Username, string DisplayName, IReadOnlyList<string> Roles, long? UnitId);

/// <summary>/api/v1/auth/token issues bearer tokens; /api/v1/me says who the token belongs to.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", Token).WithTags("Auth").AllowAnonymous().RequireRateLimiting(Policies.LoginRateLimit)
            .WithSummary("Exchanges a username and password for a bearer token (Authorization: Bearer …).");
        api.MapGet("/me", (HttpContext http) =>
        {
            var me = http.Me();
            return TypedResults.Ok(new MeDto(me.Id, me.Username, me.DisplayName, me.Roles.Order().ToList(), me.UnitId));
        }).WithTags("Auth");
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Token(
        TokenRequest body, LoginService login, IOptionsMonitor<BearerTokenOptions> bearer, IOptions<LoginOptions> options, TimeProvider clock)
    {
        var v = new Validation().Require("username", body.Username).Require("password", body.Password);
        if (!v.Ok) return v.Problem();
        var r = await login.VerifyAsync(body.Username, body.Password);
        switch (r.Outcome)
        {
            case LoginOutcome.LockedOut:
                return TypedResults.Problem(statusCode: 423, title: "账号已被暂时锁定，请稍后再试。 The account is locked for a while.",
                    extensions: new Dictionary<string, object?> { ["lockedUntil"] = r.LockedUntil });
            case LoginOutcome.CodeExpired:
                return TypedResults.Problem(statusCode: 401, title: "登录码已过期，请联系班主任或主办方重新发放。 The one-time code has expired; ask the head teacher or organizer for a new one.",
                    extensions: new Dictionary<string, object?> { ["code"] = "code_expired" });
            case LoginOutcome.Invalid or LoginOutcome.Inactive:
                return TypedResults.Problem(statusCode: 401, title: "用户名或密码错误。 Wrong username or password.");
        }
        var expires = clock.GetUtcNow().AddHours(options.Value.TokenLifetimeHours);
        var principal = login.PrincipalFor(r.User!, BearerTokenDefaults.AuthenticationScheme);
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal,
            new Microsoft.AspNetCore.Authentication.AuthenticationProperties { ExpiresUtc = expires, IssuedUtc = clock.GetUtcNow() },
            BearerTokenDefaults.AuthenticationScheme);
        var token = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenProtector.Protect(ticket);
        return TypedResults.Ok(new TokenResponse(token, expires));
    }
}
