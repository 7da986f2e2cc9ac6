using System.Net;
using CommunityAcademy.Web.Features.Attendance;
using Microsoft.Extensions.Configuration;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>The limits themselves (no database): per account, per device, and a ceiling per client address.</summary>
public class CheckInLimitsTests
{
    private static CheckInLimits Limits(int account, int device, int address) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Attendance:CheckInsPerMinutePerAccount"] = account.ToString(),
        ["Attendance:CheckInsPerMinutePerDevice"] = device.ToString(),
        ["Attendance:CheckInsPerMinutePerAddress"] = address.ToString(),
    }).Build());

    [Fact]
    public void A_script_changing_its_device_id_still_meets_the_address_ceiling()
    {
        var limits = Limits(account: 100, device: 100, address: 3);
        var router = IPAddress.Parse("10.0.0.1");
        Assert.True(limits.TryAcquire(1, "a", router));
        Assert.True(limits.TryAcquire(2, "b", router));
        Assert.True(limits.TryAcquire(3, "c", router));
        Assert.False(limits.TryAcquire(4, "d", router));
        Assert.True(limits.TryAcquire(4, "d", IPAddress.Parse("10.0.0.2"))); // another address is not held back
    }

    [Fact]
    public void One_phone_signing_in_for_many_accounts_meets_the_device_limit()
    {
        var limits = Limits(account: 100, device: 2, address: 1000);
        Assert.True(limits.TryAcquire(1, "phone", null));
        Assert.True(limits.TryAcquire(2, "phone", null));
        Assert.False(limits.TryAcquire(3, "phone", null));
        Assert.True(limits.TryAcquire(3, "own-phone", null));
    }
}
