using System.Text;
using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

public class ScanPassTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("a test key of thirty-two bytes!!");
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2023-06-07T05:09:30Z");
    private const string Device = "AbCdEfGhIjKlMnOpQrStUv";

    [Fact]
    public void A_pass_says_its_session_step_scan_time_and_device()
    {
        var pass = ScanPass.Create(Key, 42, 113_400, T0, Device);
        Assert.Equal(PassCheck.Ok, ScanPass.Verify(Key, pass, 42, Device, out var claims));
        Assert.Equal(new ScanPassClaims(42, 113_400, T0, Device), claims);
    }

    [Fact]
    public void Another_device_session_or_key_is_refused()
    {
        var pass = ScanPass.Create(Key, 42, 113_400, T0, Device);
        Assert.Equal(PassCheck.OtherDevice, ScanPass.Verify(Key, pass, 42, "ZZZZEfGhIjKlMnOpQrStUv", out var c1));
        Assert.Null(c1);
        Assert.Equal(PassCheck.OtherDevice, ScanPass.Verify(Key, pass, 42, null, out _));
        Assert.Equal(PassCheck.OtherSession, ScanPass.Verify(Key, pass, 43, Device, out _));
        Assert.Equal(PassCheck.Forged, ScanPass.Verify(Encoding.ASCII.GetBytes("another key of thirty-two bytes!"), pass, 42, Device, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("42.1.2.dev")]
    [InlineData("42.x.1685000000.AbCdEfGhIjKlMnOpQrStUv.sig")]
    [InlineData("42.1.1685000000.short.sig")]
    [InlineData("42.1.1685000000.Ab.Cd.EfGhIjKlMnOpQrStUv.sig")]
    public void Malformed_passes(string pass) => Assert.Equal(PassCheck.Malformed, ScanPass.Verify(Key, pass, 42, Device, out _));

    [Fact]
    public void Changing_the_scan_time_breaks_the_signature()
    {
        var pass = ScanPass.Create(Key, 42, 113_400, T0, Device);
        var parts = pass.Split('.');
        parts[2] = (long.Parse(parts[2]) + 600).ToString();
        Assert.Equal(PassCheck.Forged, ScanPass.Verify(Key, string.Join('.', parts), 42, Device, out _));
    }

    [Fact]
    public void Devices_are_random_and_valid()
    {
        var a = ScanPass.NewDevice();
        Assert.True(ScanPass.ValidDevice(a));
        Assert.NotEqual(a, ScanPass.NewDevice());
        Assert.False(ScanPass.ValidDevice("has.dot.in.it.long.enough"));
    }
}
