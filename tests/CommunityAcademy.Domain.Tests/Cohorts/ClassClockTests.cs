using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Tests.Cohorts;

public class ClassClockTests
{
    [Fact]
    public void Shanghai_morning_is_utc_night_before_midday()
    {
        var t = ClassClock.ToInstant(new DateOnly(2023, 6, 7), new TimeOnly(8, 30), "Asia/Shanghai");
        Assert.Equal(new DateTimeOffset(2023, 6, 7, 0, 30, 0, TimeSpan.Zero), t);
        Assert.Equal(TimeSpan.Zero, t.Offset);
    }

    [Fact]
    public void Local_time_round_trips()
    {
        var t = ClassClock.ToInstant(new DateOnly(2023, 6, 9), new TimeOnly(17, 30), "Asia/Shanghai");
        var local = ClassClock.ToLocal(t, "Asia/Shanghai");
        Assert.Equal(new DateTime(2023, 6, 9, 17, 30, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(8), local.Offset);
    }

    [Fact]
    public void Unknown_zones_are_refused()
    {
        Assert.False(ClassClock.TryFindZone("Mars/Olympus", out _));
        Assert.False(ClassClock.TryFindZone(null, out _));
        Assert.Throws<ArgumentException>(() => ClassClock.ToInstant(new DateOnly(2023, 6, 7), new TimeOnly(8, 30), "Mars/Olympus"));
    }

    [Theory]
    [InlineData("08:30", true)]
    [InlineData("8:30", true)]
    [InlineData("24:00", false)]
    [InlineData("08.30", false)]
    public void Times_parse_as_clock_times(string text, bool ok) => Assert.Equal(ok, ClassClock.TryParseTime(text, out _));
}
