using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace CommunityAcademy.Web.Features.Accounts;

public sealed class UserRow
{
    public long Id { get; init; }
    public string Username { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public long? UnitId { get; init; }
    public string? UnitName { get; init; }
    public string? Phone { get; init; }
    public bool IsActive { get; init; }
    public bool MustChangePassword { get; init; }
    public int FailedLogins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>Set while the password is a one-time code (初始登录码) that has not been replaced yet.</summary>
    public DateTimeOffset? OneTimeCodeExpiresAt { get; init; }
    public string SecurityStamp { get; init; } = "";
    public List<string> Roles { get; set; } = [];
}

public sealed record NewUser(string Username, string DisplayName, string Password, IReadOnlyList<string> Roles,
    long? UnitId = null, string? Phone = null, bool MustChangePassword = false, string? PasswordHash = null);

/// <summary>Accounts: users, their roles, passwords and lock-out counters.</summary>
public sealed class AccountStore(Db db, IPasswordHasher<UserRow> hasher)
{
    private const string SelectUser = """
        SELECT u.id, u.username, u.display_name, u.password_hash, u.unit_id, un.name AS unit_name, u.phone,
               u.is_active, u.must_change_password, u.failed_logins, u.locked_until, u.security_stamp,
               u.one_time_code_expires_at
        FROM users u LEFT JOIN units un ON un.id = u.unit_id
        """;

    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    public string Hash(string password) => hasher.HashPassword(new UserRow(), password);

    // One-time codes of trainee accounts (eight random characters, 31^8 possibilities, replaced at first sign-in) are
    // hashed with fewer PBKDF2 rounds: locking a roster of hundreds would otherwise take minutes, and against a random
    // code that expires the extra rounds buy little. The stored format records the count, so verification is the same.
    private static readonly PasswordHasher<UserRow> InitialHasher =
        new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 10_000 }));

    public string HashInitial(string password) => InitialHasher.HashPassword(new UserRow(), password);

    public PasswordVerificationResult Verify(UserRow user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    /// <summary>
    /// Checks what a person typed: while the password is a one-time code it is read as a code is typed on a phone (any
    /// case, with or without its dash).
    /// </summary>
    public PasswordVerificationResult VerifyTyped(UserRow user, string typed) => Verify(user, Secret(user, typed));

    /// <summary>The secret a person meant by what they typed: the code in its stored form while the password is a code.</summary>
    public static string Secret(UserRow user, string typed) =>
        (user.OneTimeCodeExpiresAt is not null ? OneTimeCode.Normalize(typed) : null) ?? typed;

    public async Task<UserRow?> FindByUsernameAsync(string username)
    {
        await using var c = await db.OpenAsync();
        var u = await c.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.username = @username",
            new { username = NormalizeUsername(username) });
        if (u is not null) u.Roles = await RolesAsync(c, u.Id);
        return u;
    }

    public async Task<UserRow?> FindByIdAsync(long id)
    {
        await using var c = await db.OpenAsync();
        var u = await c.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.id = @id", new { id });
        if (u is not null) u.Roles = await RolesAsync(c, u.Id);
        return u;
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync()
    {
        await using var c = await db.OpenAsync();
        var users = (await c.QueryAsync<UserRow>(SelectUser + " ORDER BY u.username")).ToList();
        var roles = (await c.QueryAsync<(long UserId, string Role)>("SELECT user_id, role FROM user_roles"))
            .ToLookup(r => r.UserId, r => r.Role);
        foreach (var u in users) u.Roles = roles[u.Id].Order().ToList();
        return users;
    }

    public async Task<long> CountAsync()
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users");
    }

    public async Task<bool> UsernameTakenAsync(string username)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE username = @u",
            new { u = NormalizeUsername(username) }) > 0;
    }

    public async Task<long> CreateAsync(NewUser user, DbConnection? conn = null, DbTransaction? tx = null)
    {
        var own = conn is null;
        var c = conn ?? await db.OpenAsync();
        try
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO users (username, display_name, password_hash, unit_id, phone, must_change_password, security_stamp, created_at)
                VALUES (@username, @displayName, @hash, @unitId, @phone, @must, @stamp, @now) RETURNING id
                """, new
            {
                username = NormalizeUsername(user.Username), displayName = user.DisplayName.Trim(),
                hash = user.PasswordHash ?? Hash(user.Password), unitId = user.UnitId, phone = user.Phone,
                must = user.MustChangePassword, stamp = Guid.NewGuid().ToString("N"), now = DateTimeOffset.UtcNow,
            }, tx);
            foreach (var role in user.Roles.Distinct())
                await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, tx);
            return id;
        }
        finally
        {
            if (own) await c.DisposeAsync();
        }
    }

    /// <summary>A new password also renews the security stamp, which signs out other sessions and tokens.</summary>
    public async Task SetPasswordAsync(long userId, string newPassword, bool mustChange = false)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            UPDATE users SET password_hash = @hash, must_change_password = @mustChange, security_stamp = @stamp,
                   failed_logins = 0, locked_until = NULL, one_time_code = NULL, one_time_code_expires_at = NULL
            WHERE id = @userId
            """, new { userId, hash = Hash(newPassword), mustChange, stamp = Guid.NewGuid().ToString("N") });
    }

    public async Task RecordFailureAsync(long userId, int maxFailures, DateTimeOffset lockUntil)
    {
        await using var c = await db.OpenAsync();
        // One statement, so concurrent failures cannot both read the same count.
        await c.ExecuteAsync("""
            UPDATE users SET failed_logins = failed_logins + 1,
                   locked_until = CASE WHEN failed_logins + 1 >= @maxFailures THEN @lockUntil ELSE locked_until END
            WHERE id = @userId
            """, new { userId, maxFailures, lockUntil });
        await c.ExecuteAsync("UPDATE users SET failed_logins = 0 WHERE id = @userId AND locked_until IS NOT NULL AND failed_logins >= @maxFailures",
            new { userId, maxFailures });
    }

    public async Task RecordSuccessAsync(long userId, string? rehash)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            UPDATE users SET failed_logins = 0, locked_until = NULL,
                   password_hash = COALESCE(@rehash, password_hash)
            WHERE id = @userId
            """, new { userId, rehash });
    }

    public async Task SetActiveAsync(long userId, bool active)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("UPDATE users SET is_active = @active, security_stamp = @stamp WHERE id = @userId",
            new { userId, active, stamp = Guid.NewGuid().ToString("N") });
    }

    public async Task<string?> StampAsync(long userId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT security_stamp FROM users WHERE id = @userId AND is_active = TRUE", new { userId });
    }

    private static async Task<List<string>> RolesAsync(DbConnection c, long userId) =>
        (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId ORDER BY role", new { userId })).ToList();
}
