using System.Security.Cryptography;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Accounts;

public enum SessionKind { Cookie, Token }

public sealed class LoginSessionRow
{
    public string Id { get; init; } = "";
    public long UserId { get; init; }
    public string Kind { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? ClientAddress { get; init; }
    public string? UserAgent { get; init; }
}

/// <summary>
/// Login sessions (login_sessions): one row per sign-in, its id carried in the cookie or bearer token as
/// <see cref="Infrastructure.Security.Claims.SessionId"/>. Read through <see cref="Infrastructure.Security.SessionValidator"/>,
/// which caches them.
/// </summary>
public sealed class LoginSessionStore(Db db)
{
    /// <summary>How stale the stored "last seen" may get before a check writes it again (a write per check would cost
    /// the sign-in burst on SQLite).</summary>
    public static readonly TimeSpan LastSeenStep = TimeSpan.FromMinutes(5);

    public const int UserAgentMax = 300;

    /// <summary>128 random bits, as 32 hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Opens a session; sessions not seen for <paramref name="keep"/> (long expired) are deleted on the way.</summary>
    public async Task<string> StartAsync(long userId, SessionKind kind, string? clientAddress, string? userAgent, DateTimeOffset now, TimeSpan keep)
    {
        var id = NewId();
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO login_sessions (id, user_id, kind, created_at, last_seen_at, client_address, user_agent)
            VALUES (@id, @userId, @kind, @now, @now, @clientAddress, @userAgent)
            """, new
        {
            id, userId, kind = kind == SessionKind.Cookie ? "cookie" : "token", now, clientAddress,
            userAgent = userAgent is { Length: > UserAgentMax } ? userAgent[..UserAgentMax] : userAgent,
        });
        await c.ExecuteAsync("DELETE FROM login_sessions WHERE last_seen_at < @cutoff", new { cutoff = now - keep });
        return id;
    }

    /// <summary>
    /// The session's user when the session is live (not revoked, its account active), else null. Writes "last seen"
    /// when the stored one is older than <see cref="LastSeenStep"/>.
    /// </summary>
    public async Task<long?> LiveUserAsync(string id, DateTimeOffset now)
    {
        await using var c = await db.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<LoginSessionRow>("""
            SELECT s.user_id, s.last_seen_at FROM login_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = @id AND s.revoked_at IS NULL AND u.is_active = TRUE
            """, new { id });
        if (row is null) return null;
        if (now - row.LastSeenAt >= LastSeenStep)
            await c.ExecuteAsync("UPDATE login_sessions SET last_seen_at = @now WHERE id = @id", new { id, now });
        return row.UserId;
    }

    public async Task RevokeAsync(string id, DateTimeOffset now)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("UPDATE login_sessions SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now });
    }

    /// <summary>Revokes every live session of the user but <paramref name="except"/> (the one asking, if any).</summary>
    public async Task RevokeAllAsync(long userId, string? except, DateTimeOffset now)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("UPDATE login_sessions SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL AND id <> @except",
            new { userId, except = except ?? "", now });
    }

    public async Task<IReadOnlyList<LoginSessionRow>> ForUserAsync(long userId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<LoginSessionRow>("""
            SELECT id, user_id, kind, created_at, last_seen_at, revoked_at, client_address, user_agent
            FROM login_sessions WHERE user_id = @userId ORDER BY created_at
            """, new { userId })).ToList();
    }
}
