using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class OneTimeCodeOptions
{
    public const string Section = "Security:OneTimeCodes";
    /// <summary>Days a trainee's printed code stays valid.</summary>
    public int LifetimeDays { get; set; } = 14;
}

/// <summary>A code ready to be stored with a new or reset account: the hash is the password, the protected text prints again.</summary>
public sealed record IssuedCode(string Code, string PasswordHash, string Protected, DateTimeOffset ExpiresAt)
{
    public string Printed => OneTimeCode.Format(Code);
}

/// <summary>A trainee's code as a slip or list shows it: the code while it waits for the first sign-in, else its state.</summary>
public sealed record CodeState(long UserId, string? Code, DateTimeOffset? ExpiresAt, bool PasswordSet)
{
    public bool Expired(DateTimeOffset now) => !PasswordSet && ExpiresAt is { } e && OneTimeCode.IsExpired(e, now);
    public bool Usable(DateTimeOffset now) => Code is not null && !PasswordSet && !Expired(now);
}

/// <summary>
/// 初始登录码: issues, keeps and re-issues the one-time codes of trainee accounts. A code is the account's password
/// until the trainee sets their own (which clears it); it expires after <see cref="OneTimeCodeOptions.LifetimeDays"/>.
/// </summary>
public sealed class OneTimeCodes(Db db, AccountStore accounts, IDataProtectionProvider protection, IOptions<OneTimeCodeOptions> options,
    TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CommunityAcademy.OneTimeCodes.v1");

    /// <summary>A new code, hashed (slow: call it before a transaction opens).</summary>
    public IssuedCode Issue()
    {
        var code = OneTimeCode.New();
        return new IssuedCode(code, accounts.HashInitial(code), _protector.Protect(code),
            clock.GetUtcNow().AddDays(options.Value.LifetimeDays));
    }

    /// <summary>
    /// Stores <paramref name="issued"/> as the account's password: every session of it ends (other web nodes see it within
    /// a minute; this one once the caller has called <see cref="Infrastructure.Security.SessionValidator.ForgetUser"/>), the
    /// user name's lock-outs are lifted, and a new password is due.
    /// </summary>
    public static Task ResetAsync(DbConnection c, DbTransaction tx, long userId, IssuedCode issued, DateTimeOffset now) =>
        c.ExecuteAsync("""
            UPDATE users SET password_hash = @PasswordHash, one_time_code = @Protected, one_time_code_expires_at = @ExpiresAt,
                   must_change_password = TRUE
            WHERE id = @userId;
            UPDATE login_sessions SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL;
            DELETE FROM login_failures WHERE username = (SELECT username FROM users WHERE id = @userId);
            """, new { issued.PasswordHash, issued.Protected, issued.ExpiresAt, userId, now }, tx);

    /// <summary>The codes of a class's enrolled accounts, readable again while they wait for their first sign-in.</summary>
    public async Task<IReadOnlyDictionary<long, CodeState>> StatesAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var rows = await c.QueryAsync<CodeRow>("""
            SELECT u.id, u.one_time_code AS code, u.one_time_code_expires_at AS expires_at
            FROM users u WHERE u.id IN (SELECT e.user_id FROM enrollments e WHERE e.cohort_id = @cohortId)
            """, new { cohortId });
        return rows.ToDictionary(r => r.Id, r => new CodeState(r.Id, Unprotect(r.Code), r.ExpiresAt,
            PasswordSet: r.ExpiresAt is null));
    }

    private sealed class CodeRow
    {
        public long Id { get; init; }
        public string? Code { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
    }

    private string? Unprotect(string? text)
    {
        if (text is null) return null;
        try { return OneTimeCode.Format(_protector.Unprotect(text)); }
        catch (System.Security.Cryptography.CryptographicException) { return null; } // keys lost: the code must be issued again
    }
}
