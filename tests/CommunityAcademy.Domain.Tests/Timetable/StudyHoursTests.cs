using CommunityAcademy.Domain.Timetable;

namespace CommunityAcademy.Domain.Tests.Timetable;

public class StudyHoursTests
{
    [Theory]
    [InlineData(15, 0)]       // 开班仪式 08:30-08:45
    [InlineData(22, 0)]
    [InlineData(23, 0.5)]
    [InlineData(44, 0.5)]
    [InlineData(45, 1)]
    [InlineData(67, 1)]
    [InlineData(68, 1.5)]
    [InlineData(90, 2)]
    [InlineData(120, 2.5)]    // evening World Café 19:00-21:00
    [InlineData(165, 3.5)]    // 08:45-11:30
    [InlineData(180, 4)]      // 08:30-11:30, 14:30-17:30
    [InlineData(420, 9)]      // a 7-hour salon
    [InlineData(0, 0)]
    [InlineData(-10, 0)]
    public void Default_hours_count_45_minutes_down_to_a_half(int minutes, decimal hours) =>
        Assert.Equal(hours, StudyHours.FromDuration(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void A_set_value_wins_over_the_duration()
    {
        Assert.Equal(6m, StudyHours.Effective(6m, TimeSpan.FromHours(7)));
        Assert.Equal(0m, StudyHours.Effective(0m, TimeSpan.FromHours(3)));
        Assert.Equal(4m, StudyHours.Effective(null, TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Seed_000_credits_23_and_a_half_hours()
    {
        int[] minutes = [15, 165, 180, 180, 180, 180, 180];
        Assert.Equal(23.5m, StudyHours.Total(minutes.Select(m => StudyHours.FromDuration(TimeSpan.FromMinutes(m)))));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(3.5, null)]
    [InlineData(24, null)]
    [InlineData(0.1, null)]
    [InlineData(-1, "Timetable.StudyHoursRange")]
    [InlineData(24.5, "Timetable.StudyHoursRange")]
    [InlineData(1.25, "Timetable.StudyHoursPrecision")]
    public void Set_values_are_checked(decimal hours, string? code) => Assert.Equal(code, StudyHours.Check(hours)?.Code);

    [Theory]
    [InlineData(4, "4")]
    [InlineData(3.5, "3.5")]
    [InlineData(23.50, "23.5")]
    [InlineData(0, "0")]
    public void Hours_print_without_trailing_zeros(decimal hours, string text) => Assert.Equal(text, StudyHours.Format(hours));

    [Fact]
    public void A_cancelled_session_credits_nothing_and_a_held_one_its_hours()
    {
        Assert.Equal(0m, StudyHours.Credited(4m, cancelled: true));
        Assert.Equal(4m, StudyHours.Credited(4m, cancelled: false));
        Assert.Equal(3.5m, StudyHours.Total([StudyHours.Credited(3.5m, false), StudyHours.Credited(4m, true)]));
    }
}
