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
    /// <summary>The latest lock-out of this user name from any client address (login_failures), for the users page.</summary>
    public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>Set while the password is a one-time code (初始登录码) that has not been replaced yet.</summary>
    public DateTimeOffset? OneTimeCodeExpiresAt { get; init; }
    public List<string> Roles { get; set; } = [];
}

public sealed record NewUser(string Username, string DisplayName, string Password, IReadOnlyList<string> Roles,
    long? UnitId = null, string? Phone = null, bool MustChangePassword = false, string? PasswordHash = null);

/// <summary>Accounts: users, their roles, passwords and the failed-login counters (per user name and client address).</summary>
public sealed class AccountStore(Db db, IPasswordHasher<UserRow> hasher)
{
    private const string SelectUser = """
        SELECT u.id, u.username, u.display_name, u.password_hash, u.unit_id, un.name AS unit_name, u.phone,
               u.is_active, u.must_change_password, u.one_time_code_expires_at,
               (SELECT MAX(f.locked_until) FROM login_failures f WHERE f.username = u.username) AS locked_until
        FROM users u LEFT JOIN units un ON un.id = u.unit_id
        """;

    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    public string Hash(string password) => hasher.HashPassword(new UserRow(), password);

    // One-time passwords of trainee accounts (six digits from the ID or phone, changed at first sign-in) are
    // hashed with fewer PBKDF2 rounds: locking a roster of hundreds would otherwise take minutes, and against a
    // six-digit secret the extra rounds buy little. The stored format records the count, so verification is the same.
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

    /// <summary>
    /// Sets the password and lifts every lock-out of the user name. The caller revokes the user's sessions
    /// (<see cref="Infrastructure.Security.SessionValidator.RevokeAllAsync"/>).
    /// </summary>
    public async Task SetPasswordAsync(long userId, string newPassword, bool mustChange = false)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            UPDATE users SET password_hash = @hash, must_change_password = @mustChange,
                   one_time_code = NULL, one_time_code_expires_at = NULL WHERE id = @userId;
            DELETE FROM login_failures WHERE username = (SELECT username FROM users WHERE id = @userId);
            """, new { userId, hash = Hash(newPassword), mustChange });
    }

    /// <summary>The ID numbers the user was enrolled with (the password may not contain their birth dates).</summary>
    public async Task<IReadOnlyList<string>> IdNumbersAsync(long userId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<string>(
            "SELECT DISTINCT id_number FROM enrollments WHERE user_id = @userId AND id_number IS NOT NULL", new { userId })).ToList();
    }

    /// <summary>Until when the user name is locked for this client address, if it is.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string username, string clientAddress)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<DateTimeOffset?>(
            "SELECT locked_until FROM login_failures WHERE username = @username AND client_address = @clientAddress",
            new { username = NormalizeUsername(username), clientAddress });
    }

    /// <summary>
    /// Counts a failed login of a user name (known or not) from a client address; failures further apart than
    /// <paramref name="window"/> start the count again. Returns the lock's end when this failure locked it.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string username, string clientAddress, DateTimeOffset now, int maxFailures, TimeSpan window)
    {
        await using var c = await db.OpenAsync();
        var lockUntil = now + window;
        // One statement, so concurrent failures cannot both read the same count.
        var locked = await c.ExecuteScalarAsync<DateTimeOffset?>("""
            INSERT INTO login_failures (username, client_address, failures, last_failure_at, locked_until)
            VALUES (@username, @clientAddress, 1, @now, CASE WHEN 1 >= @maxFailures THEN @lockUntil ELSE NULL END)
            ON CONFLICT (username, client_address) DO UPDATE SET
                failures = CASE WHEN login_failures.last_failure_at <= @windowStart THEN 1 ELSE login_failures.failures + 1 END,
                locked_until = CASE WHEN (CASE WHEN login_failures.last_failure_at <= @windowStart THEN 1 ELSE login_failures.failures + 1 END) >= @maxFailures
                                    THEN @lockUntil ELSE NULL END,
                last_failure_at = @now
            RETURNING locked_until
            """, new { username = NormalizeUsername(username), clientAddress, now, maxFailures, lockUntil, windowStart = now - window });
        // Counts that would start again anyway are dropped, so guessed names do not pile up.
        await c.ExecuteAsync("DELETE FROM login_failures WHERE last_failure_at <= @windowStart AND (locked_until IS NULL OR locked_until <= @now)",
            new { windowStart = now - window, now });
        return locked;
    }

    public async Task RecordSuccessAsync(long userId, string username, string clientAddress, string? rehash)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("DELETE FROM login_failures WHERE username = @username AND client_address = @clientAddress",
            new { username = NormalizeUsername(username), clientAddress });
        if (rehash is not null)
            await c.ExecuteAsync("UPDATE users SET password_hash = @rehash WHERE id = @userId", new { userId, rehash });
    }

    public async Task SetActiveAsync(long userId, bool active)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("UPDATE users SET is_active = @active WHERE id = @userId", new { userId, active });
    }

    private static async Task<List<string>> RolesAsync(DbConnection c, long userId) =>
        (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId ORDER BY role", new { userId })).ToList();
}
