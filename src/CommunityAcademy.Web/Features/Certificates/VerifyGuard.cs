using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CommunityAcademy.Web.Features.Certificates;

public sealed class VerifyLimitOptions
{
    public const string Section = "Certificates:Verify";
    /// <summary>Wrong codes one client address may try in a minute before every look-up from it answers 429 until the minute ends.</summary>
    public int MissesPerMinute { get; set; } = 10;
}

/// <summary>
/// A burst of wrong codes on the public verification page is stopped (#22 point 4): codes are 128 random bits, so
/// guessing is hopeless anyway, but a client that keeps trying unknown codes is told to wait — only misses count, so a
/// hall scanning many real certificates is not slowed. Per client address, fixed one-minute windows on the app's clock,
/// on this node (like the app's other limits).
/// </summary>
public sealed class VerifyGuard(IOptions<VerifyLimitOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Window, int Misses)> _misses = new();

    private DateTimeOffset Window() { var n = clock.GetUtcNow(); return new DateTimeOffset(n.Ticks - n.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero); }

    /// <summary>Whether this address has used up its wrong tries in the current minute.</summary>
    public bool Blocked(string address) =>
        _misses.TryGetValue(address, out var x) && x.Window == Window() && x.Misses >= options.Value.MissesPerMinute;

    public void Miss(string address)
    {
        var w = Window();
        if (_misses.Count > 100_000) _misses.Clear(); // never grows without bound
        _misses.AddOrUpdate(address, (w, 1), (_, x) => x.Window == w ? (w, x.Misses + 1) : (w, 1));
    }
}

public static class CertificatesSetup
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddOptions<VerifyLimitOptions>().BindConfiguration(VerifyLimitOptions.Section);
        services.AddSingleton<VerifyGuard>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<CertificateFiles>();
        return services;
    }
}
