using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class RosterRulesTests
{
    private static readonly DateOnly Deadline = new(2023, 6, 1);
    private const string Zone = "Asia/Shanghai";
    // 2023-06-02 00:00 in Shanghai is 2023-06-01 16:00 UTC.
    private static readonly DateTimeOffset End = new(2023, 6, 1, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_deadline_ends_at_midnight_in_the_class_zone() => Assert.Equal(End, RosterRules.DeadlineEnd(Deadline, Zone));

    [Fact]
    public void Late_means_after_the_deadline_day()
    {
        Assert.False(RosterRules.IsLate(End.AddSeconds(-1), Deadline, Zone));
        Assert.True(RosterRules.IsLate(End, Deadline, Zone));
        Assert.False(RosterRules.IsLate(End.AddYears(1), null, Zone));
    }

    [Theory]
    // lockedAt offset (h from End), autoLock, reopenedAt offset, now offset, expected
    [InlineData(null, true, null, -1.0, false)]
    [InlineData(null, true, null, 0.0, true)]
    [InlineData(null, false, null, 5.0, false)]
    [InlineData(-10.0, false, null, -9.0, true)]
    [InlineData(null, true, 1.0, 2.0, false)]
    [InlineData(3.0, true, 1.0, 4.0, true)]
    [InlineData(-10.0, false, -5.0, -4.0, false)]
    public void Locked_by_hand_or_by_the_deadline_unless_reopened(double? lockedH, bool autoLock, double? reopenedH, double nowH, bool locked)
    {
        DateTimeOffset? at(double? h) => h is { } x ? End.AddHours(x) : null;
        Assert.Equal(locked, RosterRules.IsLocked(at(lockedH), autoLock, Deadline, Zone, at(reopenedH), End.AddHours(nowH)));
    }

    [Fact]
    public void Lunches_per_day_count_everyone_there()
    {
        var meals = Meals.PerDay(new DateOnly(2023, 6, 7), new DateOnly(2023, 6, 9), ["lunch"], 90,
            [new("leader", [new DateOnly(2023, 6, 7)]), new("leader", [new DateOnly(2023, 6, 7)]), .. Enumerable.Repeat(new Meals.Attendee("staff", null), 9)]);
        Assert.Equal([101, 99, 99], meals.Select(m => m.Headcount));
        Assert.All(meals, m => Assert.Equal("lunch", m.Meal));
    }
}
