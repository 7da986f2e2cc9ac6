using System.Collections.Concurrent;
using System.Security.Claims;
using CommunityAcademy.Web.Features.Accounts;

namespace CommunityAcademy.Web.Infrastructure.Security;

/// <summary>
/// A cookie or token carries the account's security stamp. A new password, or a disabled account,
/// changes the stamp in the database, and every older cookie and token stops working within a minute
/// (at once in this process). The cache keeps this off the database on every request.
/// </summary>
public sealed class StampValidator(AccountStore accounts, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<long, (string? Stamp, DateTimeOffset Until)> _cache = new();

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return false;
        var stamp = principal.FindFirstValue(Claims.Stamp);
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(id, out var entry) || entry.Until <= now)
        {
            entry = (await accounts.StampAsync(id), now + CacheFor);
            _cache[id] = entry;
        }
        return entry.Stamp is not null && entry.Stamp == stamp;
    }

    public void Forget(long userId) => _cache.TryRemove(userId, out _);

    /// <summary>
    /// Checks bearer-token requests; cookies are checked by the cookie handler's own event. Not async while the stamp is
    /// in the cache (nearly always): a request that passes adds no frame of its own to every await further in.
    /// </summary>
    public static Task Middleware(HttpContext http, RequestDelegate next)
    {
        if (http.User.Identity?.IsAuthenticated == true
            && http.User.Identity.AuthenticationType != Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme
            && http.Request.HasBearerToken())
        {
            var check = http.RequestServices.GetRequiredService<StampValidator>().IsCurrentAsync(http.User);
            if (!check.IsCompletedSuccessfully) return CheckedAsync(http, next, check);
            if (!check.Result) return Refuse(http);
        }
        return next(http);
    }

    private static async Task CheckedAsync(HttpContext http, RequestDelegate next, Task<bool> check)
    {
        if (await check) await next(http);
        else await Refuse(http);
    }

    private static Task Refuse(HttpContext http) =>
        Results.Problem(statusCode: 401, title: "令牌已失效，请重新登录。 The token is no longer valid.").ExecuteAsync(http);
}
