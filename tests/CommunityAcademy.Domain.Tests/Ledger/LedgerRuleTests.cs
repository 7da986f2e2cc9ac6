using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Ledger;

namespace CommunityAcademy.Domain.Tests.Ledger;

public class CreditRuleTests
{
    [Theory]
    [InlineData(AttendanceStatus.Present, 40)]
    [InlineData(AttendanceStatus.Late, 40)]
    [InlineData(AttendanceStatus.EarlyLeave, 40)]
    [InlineData(AttendanceStatus.Excused, 0)]
    [InlineData(AttendanceStatus.Absent, 0)]
    [InlineData(AttendanceStatus.LeftWithoutPermission, 0)]
    [InlineData(AttendanceStatus.Pending, 0)]
    public void By_default_present_late_and_early_leave_credit_in_full_the_others_nothing(AttendanceStatus s, int credited) =>
        Assert.Equal(credited, CreditRule.Default.Credit(s, 40, 180, 10));

    [Fact]
    public void A_cancelled_session_never_credits()
    {
        foreach (var s in Enum.GetValues<AttendanceStatus>())
            Assert.Equal(0, new CreditRule(CreditMode.Full, CreditMode.Full).Credit(s, 40, 180, 0, cancelled: true));
    }

    [Fact]
    public void Early_leave_in_proportion_is_the_share_of_minutes_present_rounded_down_to_the_tenth()
    {
        var rule = new CreditRule(EarlyLeave: CreditMode.Proportional);
        // 4 学时 over 180 minutes, 10 minutes missed: 4 × 170 / 180 = 3.777… → 3.7
        Assert.Equal(37, rule.Credit(AttendanceStatus.EarlyLeave, 40, 180, 10));
        // 90 of 180 minutes: exactly half
        Assert.Equal(20, rule.Credit(AttendanceStatus.EarlyLeave, 40, 180, 90));
        // missing more than the session: nothing, never negative
        Assert.Equal(0, rule.Credit(AttendanceStatus.EarlyLeave, 40, 180, 500));
        // late stays in full under this rule
        Assert.Equal(40, rule.Credit(AttendanceStatus.Late, 40, 180, 30));
        Assert.Equal(30, new CreditRule(Late: CreditMode.Proportional).Credit(AttendanceStatus.Late, 40, 180, 45));
    }

    [Fact]
    public void A_rule_that_credits_nothing_for_late_or_early_leave_is_refused()
    {
        Assert.Equal("Ledger.BadMode", new CreditRule(Late: CreditMode.None).Check()?.Code);
        Assert.Equal("Ledger.BadMode", new CreditRule(EarlyLeave: CreditMode.None).Check()?.Code);
        Assert.Null(new CreditRule(CreditMode.Proportional, CreditMode.Proportional).Check());
    }

    [Fact]
    public void Modes_read_back_from_their_codes()
    {
        foreach (var m in Enum.GetValues<CreditMode>())
            Assert.True(CreditRule.TryParse(CreditRule.Code(m), out var back) && back == m);
        Assert.False(CreditRule.TryParse("half", out _));
    }

    [Fact]
    public void Years_sum_by_category_latest_first()
    {
        var years = YearHours.Of([(2023, "classroom", 235), (2023, "practice", 20), (2024, "online", 15), (2023, "classroom", 5)]);
        Assert.Equal([new YearHours(2024, 0, 15, 0), new YearHours(2023, 240, 0, 20)], years);
        Assert.Equal(260, years[1].TotalX10);
        Assert.Equal("23.5", YearHours.Format(235));
        Assert.Equal("4", YearHours.Format(40));
    }
}

public class PersonMatchTests
{
    private static PersonFacts P(long id, string phone, string? idNumber = null, string? name = null, long unit = 0) =>
        new(id, phone, idNumber is null ? [] : [idNumber], name is null ? [] : [(name, unit)]);

    [Fact]
    public void A_same_id_number_or_name_and_unit_under_another_number_is_proposed_the_older_account_kept()
    {
        var proposals = PersonMatch.Propose([
            P(1, "13900000001", "42070019800101001x", "王建华", 5),
            P(7, "13900000002", "42070019800101001X", "王建华", 5), // same ID (x and X), same name and unit: once, by the ID number
            P(3, "13900000003", null, "李丽娟", 6),
            P(4, "13900000004", null, " 李丽娟", 6),
            P(5, "13900000005", null, "李丽娟", 9), // another unit: not the same person
        ]);
        Assert.Equal([new MergeProposal(1, 7, "id_number"), new MergeProposal(3, 4, "name_unit")], proposals);
    }

    [Fact]
    public void Same_number_is_already_one_person_and_a_dismissed_pair_is_not_proposed_again()
    {
        Assert.Empty(PersonMatch.Propose([P(1, "139", "A1"), P(2, "139", "A1")]));
        Assert.Empty(PersonMatch.Propose([P(1, "138", "A1"), P(2, "139", "A1")], new HashSet<(long, long)> { (1, 2) }));
    }
}
