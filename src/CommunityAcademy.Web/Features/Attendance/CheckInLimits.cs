using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// Sign-in limits per account, per device and per client address (Attendance:CheckInsPerMinute…). The device is what
/// the phone says it is, so a script could change it every time: the account limit still holds, and the address limit
/// is a ceiling for scripts — generous, because a whole classroom signs in through one Wi-Fi router's address.
/// </summary>
public sealed class CheckInLimits(IConfiguration config)
{
    private readonly int _perAccount = config.GetValue("Attendance:CheckInsPerMinutePerAccount", 20);
    private readonly int _perDevice = config.GetValue("Attendance:CheckInsPerMinutePerDevice", 30);
    private readonly int _perAddress = config.GetValue("Attendance:CheckInsPerMinutePerAddress", 1200);
    private readonly ConcurrentDictionary<System.Net.IPAddress, FixedWindowRateLimiter> _addresses = new();
    private readonly ConcurrentDictionary<long, FixedWindowRateLimiter> _accounts = new();
    private readonly ConcurrentDictionary<string, FixedWindowRateLimiter> _devices = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: counted here instead

    private FixedWindowRateLimiter For<TKey>(ConcurrentDictionary<TKey, FixedWindowRateLimiter> limiters, TKey key, int permits) where TKey : notnull =>
        limiters.TryGetValue(key, out var l) ? l : limiters.GetOrAdd(key, _ =>
        {
            Interlocked.Increment(ref _count);
            return new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        });

    public bool TryAcquire(long userId, string? device, System.Net.IPAddress? address = null)
    {
        if (Volatile.Read(ref _count) > 100_000) { _accounts.Clear(); _devices.Clear(); _addresses.Clear(); Volatile.Write(ref _count, 0); } // never grows without bound
        if (address is not null)
        {
            using var x = For(_addresses, address, _perAddress).AttemptAcquire();
            if (!x.IsAcquired) return false;
        }
        using var a = For(_accounts, userId, _perAccount).AttemptAcquire();
        if (!a.IsAcquired) return false;
        if (string.IsNullOrWhiteSpace(device)) return true;
        using var d = For(_devices, device, _perDevice).AttemptAcquire();
        return d.IsAcquired;
    }
}
