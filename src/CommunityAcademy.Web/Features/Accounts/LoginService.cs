using System.Security.Claims;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class LoginOptions
{
    public const string Section = "Security:Login";
    /// <summary>Failed logins of one user name from one client address before that address is locked out of it.</summary>
    public int MaxFailures { get; set; } = 5;
    /// <summary>How long the lock lasts; failures further apart than this are not added up.</summary>
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Login attempts per client address per minute (page and token endpoint together).</summary>
    public int AttemptsPerMinute { get; set; } = 30;
    public int TokenLifetimeHours { get; set; } = 12;
}

/// <summary>
/// <see cref="LoginOutcome.Ok"/> or why not. Only the logs tell the others apart: the caller answers every failure alike,
/// so an unauthenticated caller learns neither which user names exist nor that one is locked.
/// </summary>
public enum LoginOutcome { Ok, Invalid, LockedOut, Inactive, CodeExpired }

public sealed record LoginResult(LoginOutcome Outcome, UserRow? User = null);

/// <summary>
/// Checks a user name and password, counting failures per user name and client address: five in a row lock that
/// address out of that name for a while, and no other address. Opens the login session of a success.
/// </summary>
public sealed class LoginService(AccountStore accounts, LoginSessionStore sessions, IOptions<LoginOptions> options, TimeProvider clock,
    ILogger<LoginService> log)
{
    public async Task<LoginResult> VerifyAsync(string? username, string? password, string clientAddress)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            return new(LoginOutcome.Invalid);
        var o = options.Value;
        var now = clock.GetUtcNow();
        var lockedUntil = await accounts.LockedUntilAsync(username, clientAddress);
        var user = await accounts.FindByUsernameAsync(username);
        // Every path hashes the password once, so the time taken does not tell the cases apart either.
        var secret = user is null ? password : AccountStore.Secret(user, password);
        var check = user is null ? Burn(password) : accounts.Verify(user, secret);
        if (lockedUntil is { } until && until > now)
        {
            log.LogWarning("Login refused: user name locked for this client address ({UserId})", user?.Id);
            return new(LoginOutcome.LockedOut);
        }
        if (user is null || check == PasswordVerificationResult.Failed)
        {
            var locked = await accounts.RecordFailureAsync(username, clientAddress, now, o.MaxFailures, TimeSpan.FromMinutes(o.LockoutMinutes));
            log.LogWarning("Failed login for {Account}{Locked}", user is null ? "an unknown user name" : $"account {user.Id}",
                locked is not null ? ", now locked for this client address" : "");
            return new(locked is not null ? LoginOutcome.LockedOut : LoginOutcome.Invalid);
        }
        if (!user.IsActive) return new(LoginOutcome.Inactive);
        if (user.OneTimeCodeExpiresAt is { } expires && Domain.Accounts.OneTimeCode.IsExpired(expires, now))
        {
            // Only the holder of the right code learns this, so it may be told apart from the other failures.
            log.LogInformation("Expired one-time code used for account {UserId}", user.Id);
            return new(LoginOutcome.CodeExpired);
        }
        // A one-time code keeps its cheaper hash: it lives two weeks at most.
        await accounts.RecordSuccessAsync(user.Id, username, clientAddress,
            check == PasswordVerificationResult.SuccessRehashNeeded && user.OneTimeCodeExpiresAt is null ? accounts.Hash(secret) : null);
        log.LogInformation("Account {UserId} signed in", user.Id);
        return new(LoginOutcome.Ok, user);
    }

    private PasswordVerificationResult Burn(string password)
    {
        accounts.Hash(password);
        return PasswordVerificationResult.Failed;
    }

    /// <summary>Opens a login session for <paramref name="user"/> and returns the principal that carries it.</summary>
    public async Task<ClaimsPrincipal> StartSessionAsync(UserRow user, string authenticationType, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var kind = authenticationType == CookieAuthenticationDefaults.AuthenticationScheme ? SessionKind.Cookie : SessionKind.Token;
        // Rows are kept a day past the longest a cookie (12 h, sliding) or token can live, then deleted.
        var keep = TimeSpan.FromHours(Math.Max(12, options.Value.TokenLifetimeHours) + 24);
        var sid = await sessions.StartAsync(user.Id, kind, http.ClientAddress(), http.Request.Headers.UserAgent.ToString(), now, keep);
        return PrincipalFor(user, authenticationType, sid);
    }

    public ClaimsPrincipal PrincipalFor(UserRow user, string authenticationType, string sessionId)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Username),
            new(Claims.DisplayName, user.DisplayName),
            new(Claims.SessionId, sessionId),
            new(Claims.IssuedAt, clock.GetUtcNow().ToUnixTimeSeconds().ToString()),
        };
        if (user.UnitId is { } unit) claims.Add(new(Claims.UnitId, unit.ToString()));
        if (user.MustChangePassword) claims.Add(new(Claims.MustChangePassword, "1"));
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
