using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

public class LeavePlanTests
{
    private static readonly DateOnly Day1 = new(2031, 3, 10), Day2 = new(2031, 3, 11);

    private static LeaveSlot Slot(long id, DateOnly day, int fromHour, int toHour) =>
        new(id, day, new DateTimeOffset(day.ToDateTime(new TimeOnly(fromHour, 0)), TimeSpan.Zero), new DateTimeOffset(day.ToDateTime(new TimeOnly(toHour, 0)), TimeSpan.Zero));

    // Day 1: 1 (9-10), 2 (10-12), 3 (14-17); day 2: 4 (9-12), 5 (14-17).
    private static readonly LeaveSlot[] Timetable =
        [Slot(3, Day1, 14, 17), Slot(1, Day1, 9, 10), Slot(2, Day1, 10, 12), Slot(4, Day2, 9, 12), Slot(5, Day2, 14, 17)];

    [Fact]
    public void Adjacent_sessions_make_one_request_from_the_first_start_to_the_last_end()
    {
        var parts = LeavePlan.Split(Timetable, [2, 1, 3]);
        var p = Assert.Single(parts);
        Assert.Equal(Slot(1, Day1, 9, 10).Start, p.From);
        Assert.Equal(Slot(3, Day1, 14, 17).End, p.To);
        Assert.Equal([1L, 2L, 3L], p.SessionIds);
    }

    [Fact]
    public void A_session_left_out_between_two_chosen_ones_splits_them()
    {
        var parts = LeavePlan.Split(Timetable, [1, 3]);
        Assert.Equal(2, parts.Count);
        Assert.Equal([1L], parts[0].SessionIds);
        Assert.Equal(Slot(1, Day1, 9, 10).End, parts[0].To);
        Assert.Equal([3L], parts[1].SessionIds);
        Assert.Equal(Slot(3, Day1, 14, 17).Start, parts[1].From);
    }

    [Fact]
    public void The_last_session_of_one_day_and_the_first_of_the_next_are_not_adjacent()
    {
        var parts = LeavePlan.Split(Timetable, [3, 4]);
        Assert.Equal([[3L], [4L]], parts.Select(p => p.SessionIds.ToArray()).ToArray());
    }

    [Fact]
    public void Nothing_chosen_makes_no_request_and_unknown_ids_are_ignored()
    {
        Assert.Empty(LeavePlan.Split(Timetable, []));
        Assert.Equal([5L], Assert.Single(LeavePlan.Split(Timetable, [5, 99])).SessionIds);
    }
}
