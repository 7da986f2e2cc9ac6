using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

public class RollupTests
{
    [Theory]
    [InlineData(AttendanceStatus.Present, 1, 1, 0, 0, 0, 0)]
    [InlineData(AttendanceStatus.Late, 1, 1, 1, 0, 0, 0)]
    [InlineData(AttendanceStatus.EarlyLeave, 1, 1, 0, 1, 0, 0)]
    [InlineData(AttendanceStatus.Absent, 1, 0, 0, 0, 1, 0)]
    [InlineData(AttendanceStatus.LeftWithoutPermission, 1, 0, 0, 0, 0, 1)]
    [InlineData(AttendanceStatus.Excused, 0, 0, 0, 0, 0, 0)]
    [InlineData(AttendanceStatus.Pending, 0, 0, 0, 0, 0, 0)]
    public void A_status_counts_where_the_bulletin_counts_it(AttendanceStatus s, int counted, int attended, int lates, int early, int absent, int left)
    {
        var t = UnitTally.Of(s, 3);
        Assert.Equal(new UnitTally(0, 3 * counted, 3 * attended, 3 * lates, 3 * early, 3 * absent, 3 * left), t);
    }

    [Fact]
    public void The_rate_is_attended_over_counted_and_one_when_nothing_counts()
    {
        Assert.Equal(1m, UnitTally.Zero.Rate);
        Assert.Equal(0.6667m, UnitTally.Of(AttendanceStatus.Present, 2).Add(UnitTally.Of(AttendanceStatus.Absent)).Rate);
        Assert.Equal(0m, UnitTally.Of(AttendanceStatus.LeftWithoutPermission).Rate);
    }

    [Fact]
    public void Figures_roll_up_to_every_ancestor_and_not_sideways()
    {
        // city 1 > districts 2, 3 > community 4 under 2
        var paths = new Dictionary<long, string> { [1] = "/1/", [2] = "/1/2/", [3] = "/1/3/", [4] = "/1/2/4/" };
        var own = new Dictionary<long, UnitTally>
        {
            [4] = UnitTally.OfTrainees(2).Add(UnitTally.Of(AttendanceStatus.Late, 2)),
            [3] = UnitTally.OfTrainees(1).Add(UnitTally.Of(AttendanceStatus.Absent)),
            [99] = UnitTally.OfTrainees(5), // a unit that no longer exists: not rolled anywhere
        };
        var up = AttendanceRollup.RollUp(own, id => paths.GetValueOrDefault(id));
        Assert.Equal(new UnitTally(3, 3, 2, 2, 0, 1, 0), up[1]);
        Assert.Equal(new UnitTally(2, 2, 2, 2, 0, 0, 0), up[2]);
        Assert.Equal(new UnitTally(1, 1, 0, 0, 0, 1, 0), up[3]);
        Assert.Equal(up[2], up[4]);
        Assert.Equal([1L, 2L, 3L, 4L], up.Keys.Order());
    }
}

public class CountingRuleTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 0)]
    [InlineData(0, 1)]
    public void The_description_is_the_rule_the_tallies_count_with(int latesPer, int earlyPer)
    {
        var t = new DisciplineThresholds(latesPer, earlyPer);
        var rules = AttendanceCounting.Describe(t);
        Assert.Equal([AttendanceStatus.Late, AttendanceStatus.EarlyLeave, AttendanceStatus.LeftWithoutPermission], rules.Select(r => r.Status));
        foreach (var r in rules)
        {
            // 实到 as described is 实到 as counted
            Assert.Equal(r.Attended ? 1 : 0, UnitTally.Of(r.Status).Attended);
            Assert.Equal(r.Attended ? 1 : 0, DisciplineTally.Of([r.Status]).Attended);
            // six of the kind convert to 6 / PerAbsence absences, as described
            var six = DisciplineTally.Of(Enumerable.Repeat(r.Status, 6));
            Assert.Equal(r.PerAbsence > 0 ? 6 / r.PerAbsence : 0, six.EffectiveAbsences(t));
        }
        Assert.Equal(latesPer, rules[0].PerAbsence);
        Assert.Equal(earlyPer, rules[1].PerAbsence);
        Assert.False(rules[2].Attended);
    }
}

public class DayPartTests
{
    [Theory]
    [InlineData("08:30", DayPart.Morning)]
    [InlineData("11:59", DayPart.Morning)]
    [InlineData("12:00", DayPart.Afternoon)]
    [InlineData("14:30", DayPart.Afternoon)]
    [InlineData("18:00", DayPart.Evening)]
    [InlineData("19:30", DayPart.Evening)]
    public void A_session_is_named_by_the_half_day_it_starts_in(string start, DayPart part) =>
        Assert.Equal(part, DayParts.Of(TimeOnly.Parse(start)));
}

public class EscalationDecisionTests
{
    private static readonly DateOnly Day = new(2023, 6, 9), Today = new(2023, 6, 12);

    [Fact]
    public void Reported_needs_whom_and_a_date_between_the_record_and_today()
    {
        Assert.Null(EscalationDecision.Check(true, "所在单位上级纪检、组织部门", Today, Day, Today));
        Assert.Null(EscalationDecision.Check(false, null, null, Day, Today));
        Assert.Equal("reported", EscalationDecision.Check(null, "x", Today, Day, Today)!.Value.Field);
        Assert.Equal("Discipline.ToRequired", EscalationDecision.Check(true, " ", Today, Day, Today)!.Value.Error.Code);
        Assert.Equal("Discipline.ToTooLong", EscalationDecision.Check(true, new string('纪', 201), Today, Day, Today)!.Value.Error.Code);
        Assert.Equal("Discipline.DateRequired", EscalationDecision.Check(true, "x", null, Day, Today)!.Value.Error.Code);
        Assert.Equal("Discipline.DateBeforeRecord", EscalationDecision.Check(true, "x", Day.AddDays(-1), Day, Today)!.Value.Error.Code);
        Assert.Equal("Discipline.DateInFuture", EscalationDecision.Check(true, "x", Today.AddDays(1), Day, Today)!.Value.Error.Code);
    }
}
