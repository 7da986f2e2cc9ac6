using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Tests.Cohorts;

public class CohortCopyTests
{
    private static readonly DateOnly S = new(2023, 6, 7), E = new(2023, 6, 9), D = new(2023, 5, 31);

    [Fact]
    public void A_copy_keeps_the_length_and_moves_the_deadline_by_the_offset()
    {
        var p = CohortCopy.Make(S, E, D, new DateOnly(2024, 3, 12), null).Value!;
        Assert.Equal(279, p.OffsetDays);
        Assert.Equal(new DateOnly(2024, 3, 14), p.End);
        Assert.Equal(new DateOnly(2024, 3, 5), p.ReceiptDeadline);
        Assert.Equal(new DateOnly(2024, 3, 13), p.Shift(new DateOnly(2023, 6, 8)));
    }

    [Fact]
    public void A_shorter_class_leaves_the_last_days_sessions_outside()
    {
        var p = CohortCopy.Make(S, E, null, new DateOnly(2023, 7, 1), new DateOnly(2023, 7, 2)).Value!;
        Assert.False(p.Outside(p.Shift(new DateOnly(2023, 6, 8))));
        Assert.True(p.Outside(p.Shift(new DateOnly(2023, 6, 9))));
        Assert.Null(p.ReceiptDeadline);
    }

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        Assert.Equal("Cohorts.EndBeforeStart", CohortCopy.Make(S, E, D, new DateOnly(2023, 7, 5), new DateOnly(2023, 7, 4)).Error!.Code);

    [Fact]
    public void Only_dates_zone_and_sign_in_rules_touch_attendance()
    {
        var a = new SignInSettings(S, E, "Asia/Shanghai", 10, 30, 30, false, 30, 2, null);
        Assert.False(CohortCopy.TouchesAttendance(a, a with { }));
        Assert.True(CohortCopy.TouchesAttendance(a, a with { ArriveMinutesBefore = 5 }));
        Assert.True(CohortCopy.TouchesAttendance(a, a with { TimeZone = "Asia/Urumqi" }));
        Assert.True(CohortCopy.TouchesAttendance(a, a with { End = E.AddDays(1) }));
    }
}
