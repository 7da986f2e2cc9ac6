using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using CommunityAcademy.Web.Infrastructure.Security;
using QRCoder;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>How fast one device (or, without its cookie, one address) may send public forms: residents' cards, anonymous surveys.</summary>
public sealed class PublicFormOptions
{
    public const string Section = "Web:PublicForms";
    /// <summary>Posts per minute from one device (its cookie).</summary>
    public int PerDevicePerMinute { get; set; } = 10;
    /// <summary>
    /// Posts per minute from one address with no device cookie. Residents at a scene share its Wi-Fi, so this is a
    /// burst limit against a script, not a per-address cap on people: a phone gets its cookie on the form's first GET.
    /// </summary>
    public int PerAddressWithoutDevicePerMinute { get; set; } = 60;
}

/// <summary>
/// The one home for forms the public fills without an account (a resident's preference card, an anonymous survey):
/// a device cookie that tells one phone from another behind a shared address, the burst limit on posting, and the
/// QR code of a public link (built by <see cref="PublicLinks"/>).
/// A device's cookie is random and says nothing about the person; stores keep only <see cref="DeviceKey"/>, its hash,
/// to flag a second answer from the same phone ("one per device") and leave it out of counts.
/// </summary>
public static class PublicForms
{
    public const string DeviceCookie = "ca_device";
    /// <summary>The rate-limit policy to put on a public form's POST (its route group or page folder).</summary>
    public const string RateLimit = "public-form";

    /// <summary>This phone's device id, set on first sight (call it on the form's GET as well, so the POST carries it).</summary>
    public static string Device(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(DeviceCookie, out var id) && IsDeviceId(id)) return id!;
        if (http.Items.TryGetValue(DeviceCookie, out var set) && set is string s) return s;
        id = Base64Url(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(DeviceCookie, id, new CookieOptions
        {
            HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(400), Path = "/",
        });
        http.Items[DeviceCookie] = id;
        return id;
    }

    /// <summary>What a store keeps of a device: a SHA-256 of its id, hex, 64 characters.</summary>
    public static string DeviceKey(HttpContext http) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Device(http))));

    /// <summary>An SVG QR code of <paramref name="url"/> (a link from <see cref="PublicLinks"/>), for pages and posters.</summary>
    public static string QrSvg(string url, int pixelsPerModule = 8)
    {
        using var gen = new QRCodeGenerator();
        using var data = gen.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }

    /// <summary>A PNG QR code of <paramref name="url"/>, for .docx and PDF paperwork.</summary>
    public static byte[] QrPng(string url, int pixelsPerModule = 10)
    {
        using var gen = new QRCodeGenerator();
        using var data = gen.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static IServiceCollection AddPublicForms(this IServiceCollection services)
    {
        services.AddOptions<PublicFormOptions>().BindConfiguration(PublicFormOptions.Section);
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy(RateLimit, http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<PublicFormOptions>>().Value;
            var device = http.Request.Cookies.TryGetValue(DeviceCookie, out var id) && IsDeviceId(id) ? id : null;
            return device is not null
                ? RateLimitPartition.GetFixedWindowLimiter("device:" + device,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerDevicePerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetFixedWindowLimiter("address:" + http.ClientAddress(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerAddressWithoutDevicePerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return services;
    }

    private static bool IsDeviceId(string? id) => id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
