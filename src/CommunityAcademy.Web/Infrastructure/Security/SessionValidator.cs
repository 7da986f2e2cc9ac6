using CommunityAcademy.Web.Infrastructure.Web;
using System.Collections.Concurrent;
using System.Security.Claims;
using CommunityAcademy.Web.Features.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommunityAcademy.Web.Infrastructure.Security;

/// <summary>
/// A cookie or bearer token carries the id of its login session (<see cref="Claims.SessionId"/>). Logout, a new password or
/// a disabled account revokes sessions in the database; every request checks its session. What a node read is cached for
/// at most <see cref="CacheFor"/>, so another node (another instance on the same database) honours a revocation within
/// that time, and this node at once (revoking here updates the cache).
/// </summary>
public sealed class SessionValidator(LoginSessionStore store, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    private static readonly Task<bool> Live = Task.FromResult(true), NotLive = Task.FromResult(false);

    private readonly record struct Entry(long UserId, bool Live, DateTimeOffset Until);
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    /// <summary>Not async while the session is in the cache (nearly always): no allocation, no frame of its own.</summary>
    public Task<bool> IsLiveAsync(ClaimsPrincipal principal)
    {
        var sid = principal.FindFirstValue(Claims.SessionId);
        if (sid is null || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return NotLive;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(sid, out var e) && e.Until > now) return e.Live && e.UserId == userId ? Live : NotLive;
        return LoadAsync(sid, userId, now);
    }

    private async Task<bool> LoadAsync(string sid, long userId, DateTimeOffset now)
    {
        Sweep(now);
        var owner = await store.LiveUserAsync(sid, now);
        var e = new Entry(owner ?? 0, owner is not null, now + CacheFor);
        _cache[sid] = e;
        return e.Live && e.UserId == userId;
    }

    /// <summary>Drops entries past their time (once a minute, on a request that reads the database anyway).</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep) return;
        _nextSweep = now + CacheFor;
        foreach (var (key, e) in _cache)
            if (e.Until <= now) _cache.TryRemove(key, out _);
    }

    /// <summary>Logout: this session ends here and now, and on other nodes within <see cref="CacheFor"/>.</summary>
    public async Task RevokeAsync(ClaimsPrincipal principal)
    {
        var sid = principal.FindFirstValue(Claims.SessionId);
        if (sid is null) return;
        var now = clock.GetUtcNow();
        await store.RevokeAsync(sid, now);
        _cache[sid] = new Entry(0, false, now + CacheFor);
    }

    /// <summary>A new password or a disabled account: every session of the user ends but <paramref name="except"/> (the
    /// session id of the one asking, who goes on).</summary>
    public async Task RevokeAllAsync(long userId, string? except = null)
    {
        await store.RevokeAllAsync(userId, except, clock.GetUtcNow());
        ForgetUser(userId);
    }

    /// <summary>The user's sessions are read again from the database on their next request here.</summary>
    public void ForgetUser(long userId)
    {
        foreach (var (key, e) in _cache)
            if (e.UserId == userId) _cache.TryRemove(key, out _);
    }

    /// <summary>Checks bearer-token requests; cookies are checked by the cookie handler's own event.</summary>
    public static Task Middleware(HttpContext http, RequestDelegate next)
    {
        if (http.User.Identity?.IsAuthenticated == true
            && http.User.Identity.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme
            && http.Request.HasBearerToken())
        {
            var check = http.RequestServices.GetRequiredService<SessionValidator>().IsLiveAsync(http.User);
            if (!check.IsCompletedSuccessfully) return CheckedAsync(http, next, check);
            if (!check.Result) return Refuse(http);
        }
        return next(http); // not async: a request that passes adds no frame of its own to every await further in
    }

    private static async Task CheckedAsync(HttpContext http, RequestDelegate next, Task<bool> check)
    {
        if (await check) await next(http);
        else await Refuse(http);
    }

    private static Task Refuse(HttpContext http) =>
        Results.Problem(statusCode: 401, title: Texts.Of("Problem.TokenInvalid")).ExecuteAsync(http);
}
