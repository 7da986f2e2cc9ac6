using System.Text;
using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

public class QrTokenTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("a test key of thirty-two bytes!!");
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2023-06-07T00:40:00Z");

    [Theory]
    [InlineData(0, QrCheck.Ok)]
    [InlineData(14, QrCheck.Ok)]       // same step
    [InlineData(15, QrCheck.Ok)]       // the previous step is still accepted
    [InlineData(29, QrCheck.Ok)]
    [InlineData(30, QrCheck.Expired)]  // two steps on
    [InlineData(3600, QrCheck.Expired)]
    [InlineData(-15, QrCheck.Expired)] // a code from the future
    public void Rotation_and_expiry(int secondsLater, QrCheck expected)
    {
        var token = QrToken.Create(Key, 42, T0, 15);
        Assert.Equal(expected, QrToken.Verify(Key, token, 42, T0.AddSeconds(secondsLater), 15));
    }

    [Fact]
    public void The_code_changes_every_rotation()
    {
        Assert.Equal(QrToken.Create(Key, 42, T0, 15), QrToken.Create(Key, 42, T0.AddSeconds(14), 15));
        Assert.NotEqual(QrToken.Create(Key, 42, T0, 15), QrToken.Create(Key, 42, T0.AddSeconds(15), 15));
    }

    [Theory]
    [InlineData("", QrCheck.Malformed)]
    [InlineData("42", QrCheck.Malformed)]
    [InlineData("42.x.abc", QrCheck.Malformed)]
    [InlineData("42.113400000.AAAAAAAAAAAAAAAAAAAAAA", QrCheck.Forged)]
    public void Bad_tokens(string token, QrCheck expected) => Assert.Equal(expected, QrToken.Verify(Key, token, 42, T0, 15));

    [Fact]
    public void Another_sessions_code_or_another_key_is_refused()
    {
        var token = QrToken.Create(Key, 41, T0, 15);
        Assert.Equal(QrCheck.OtherSession, QrToken.Verify(Key, token, 42, T0, 15));
        Assert.Equal(QrCheck.Forged, QrToken.Verify(Encoding.ASCII.GetBytes("another key of thirty-two bytes!"), QrToken.Create(Key, 42, T0, 15), 42, T0, 15));
        var parts = QrToken.Create(Key, 42, T0, 15).Split('.');
        Assert.Equal(QrCheck.Forged, QrToken.Verify(Key, $"{parts[0]}.{long.Parse(parts[1]) + 1}.{parts[2]}", 42, T0.AddSeconds(15), 15));
    }

    [Fact]
    public void Distance_in_metres()
    {
        Assert.Equal(0, Geo.DistanceMeters(30.39, 114.89, 30.39, 114.89), 3);
        Assert.InRange(Geo.DistanceMeters(30.0, 114.0, 30.001, 114.0), 110, 112);
    }
}
