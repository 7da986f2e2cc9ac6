using System.Security.Claims;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class LoginOptions
{
    public const string Section = "Security:Login";
    /// <summary>Failed passwords in a row before the account is locked.</summary>
    public int MaxFailures { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Login attempts per client address per minute (page and token endpoint together).</summary>
    public int AttemptsPerMinute { get; set; } = 30;
    public int TokenLifetimeHours { get; set; } = 12;
}

public enum LoginOutcome { Ok, Invalid, LockedOut, Inactive, CodeExpired }

public sealed record LoginResult(LoginOutcome Outcome, UserRow? User = null, DateTimeOffset? LockedUntil = null);

/// <summary>Checks a username and password, counting failures and locking the account after too many.</summary>
public sealed class LoginService(AccountStore accounts, IOptions<LoginOptions> options, TimeProvider clock, ILogger<LoginService> log)
{
    public async Task<LoginResult> VerifyAsync(string? username, string? password)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            return new(LoginOutcome.Invalid);
        var user = await accounts.FindByUsernameAsync(username);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            // Same answer as a wrong password: don't reveal which usernames exist.
            accounts.Hash(password);
            return new(LoginOutcome.Invalid);
        }
        if (user.LockedUntil is { } until && until > now)
        {
            log.LogWarning("Login refused for locked account {UserId}", user.Id);
            return new(LoginOutcome.LockedOut, LockedUntil: until);
        }
        var secret = AccountStore.Secret(user, password);
        var check = accounts.Verify(user, secret);
        if (check == PasswordVerificationResult.Failed)
        {
            var o = options.Value;
            await accounts.RecordFailureAsync(user.Id, o.MaxFailures, now.AddMinutes(o.LockoutMinutes));
            log.LogWarning("Wrong password for account {UserId} ({Failures} in a row)", user.Id, user.FailedLogins + 1);
            return user.FailedLogins + 1 >= o.MaxFailures
                ? new(LoginOutcome.LockedOut, LockedUntil: now.AddMinutes(o.LockoutMinutes))
                : new(LoginOutcome.Invalid);
        }
        if (!user.IsActive) return new(LoginOutcome.Inactive);
        if (user.OneTimeCodeExpiresAt is { } expires && Domain.Accounts.OneTimeCode.IsExpired(expires, now))
        {
            // Only the holder of the code learns this: the right code, too late.
            log.LogInformation("Expired one-time code used for account {UserId}", user.Id);
            return new(LoginOutcome.CodeExpired);
        }
        await accounts.RecordSuccessAsync(user.Id,
            check == PasswordVerificationResult.SuccessRehashNeeded && user.OneTimeCodeExpiresAt is null ? accounts.Hash(secret) : null);
        log.LogInformation("Account {UserId} signed in", user.Id);
        return new(LoginOutcome.Ok, user);
    }

    public ClaimsPrincipal PrincipalFor(UserRow user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Username),
            new(Claims.DisplayName, user.DisplayName),
            new(Claims.Stamp, user.SecurityStamp),
            new(Claims.IssuedAt, clock.GetUtcNow().ToUnixTimeSeconds().ToString()),
        };
        if (user.UnitId is { } unit) claims.Add(new(Claims.UnitId, unit.ToString()));
        if (user.MustChangePassword) claims.Add(new(Claims.MustChangePassword, "1"));
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
