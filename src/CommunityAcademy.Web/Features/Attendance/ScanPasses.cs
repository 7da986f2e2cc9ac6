using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// The web side of <see cref="ScanPass"/>: the device cookie a pass is bound to (random, HttpOnly, a year; never in a
/// link, so a forwarded link or a photo of the code carries no pass that works elsewhere) and the pass given when a
/// phone opens a scan link with a valid code — before the login page, so the time it signs in at is the scan's.
/// </summary>
public sealed class ScanPasses(AttendanceStore store, TimeProvider clock)
{
    public const string DeviceCookie = "ca.dev";

    /// <summary>The phone's device key, made and set on the response when it has none.</summary>
    public static string DeviceOf(HttpContext http)
    {
        var d = http.Request.Cookies[DeviceCookie];
        if (ScanPass.ValidDevice(d)) return d!;
        d = ScanPass.NewDevice();
        http.Response.Cookies.Append(DeviceCookie, d, new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Path = "/",
        });
        http.Items[DeviceCookie] = d;
        return d;
    }

    /// <summary>The device cookie the request carries (or was just given), or null: what a pass is checked against.</summary>
    public static string? CookieOf(HttpContext http) =>
        http.Request.Cookies[DeviceCookie] is { } sent ? sent : http.Items.TryGetValue(DeviceCookie, out var given) ? given as string : null;

    /// <summary>A pass for this phone when the token is a valid code of the session now; otherwise null.</summary>
    public async Task<string?> IssueAsync(HttpContext http, CheckInSessionRow s, string? token)
    {
        var now = clock.GetUtcNow();
        var key = await store.KeyAsync();
        if (QrToken.Verify(key, token, s.Id, now, s.Rotation) != QrCheck.Ok) return null;
        return ScanPass.Create(key, s.Id, long.Parse(token!.Trim().Split('.')[1]), now, DeviceOf(http));
    }

    /// <summary>The claims of a pass this phone holds for the session, or null when it is not one (or not its own).</summary>
    public async Task<ScanPassClaims?> ReadAsync(HttpContext http, CheckInSessionRow s, string? pass) =>
        ScanPass.Verify(await store.KeyAsync(), pass, s.Id, CookieOf(http), out var claims) == PassCheck.Ok ? claims : null;
}
