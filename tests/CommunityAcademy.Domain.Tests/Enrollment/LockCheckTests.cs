using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public sealed class LockCheckTests
{
    private static readonly DateOnly Deadline = new(2023, 6, 1);

    private static UnitReconciliation Unit(long id, string name, long district, string districtName, int places, int received, ReceiptStatus s) =>
        new(id, name, district, districtName, district, places, received, s, false, []);

    private static DistrictReconciliation District(long id, string name, int places, int received, ReceiptStatus s) =>
        new(id, name, places, received, s, false, 0, 0, 0, 0);

    private static ReconciliationReport Report(IReadOnlyList<DistrictReconciliation> d, IReadOnlyList<UnitReconciliation> u) => new(u, d, [], []);

    [Fact]
    public void Districts_missing_or_short_and_a_deadline_to_come_are_named()
    {
        var r = Report(
            [District(1, "鄂城区", 46, 46, ReceiptStatus.Complete), District(2, "华容区", 14, 0, ReceiptStatus.Missing), District(3, "梁子湖区", 16, 12, ReceiptStatus.Short)],
            [Unit(10, "凤凰街道", 1, "鄂城区", 46, 46, ReceiptStatus.Complete), Unit(20, "华容镇", 2, "华容区", 14, 0, ReceiptStatus.Missing),
             Unit(30, "太和镇", 3, "梁子湖区", 16, 12, ReceiptStatus.Short)]);
        var c = LockCheck.Concerns(r, Deadline, new DateOnly(2023, 5, 25));
        Assert.Equal(["Lock.Missing", "Lock.Short", "Lock.BeforeDeadline"], c.Select(e => e.Code));
        Assert.Equal(["华容区", 0, 14], c[0].Args);
        Assert.Equal(["梁子湖区", 12, 16], c[1].Args);
        Assert.Equal(6, c[2].Args[1]);
        Assert.Equal(1, c[2].Args[2]);
    }

    [Fact]
    public void A_unit_missing_inside_a_district_that_adds_up_is_named_by_itself()
    {
        var r = Report([District(1, "鄂城区", 4, 4, ReceiptStatus.Complete)],
            [Unit(10, "凤凰街道", 1, "鄂城区", 2, 4, ReceiptStatus.Over), Unit(11, "古楼街道", 1, "鄂城区", 2, 0, ReceiptStatus.Missing)]);
        var c = Assert.Single(LockCheck.Concerns(r, null, new DateOnly(2023, 6, 2)));
        Assert.Equal("Lock.UnitMissing", c.Code);
        Assert.Equal(["古楼街道", "鄂城区", 0, 2], c.Args);
    }

    [Theory]
    [InlineData("2023-06-01", true)]  // receipts still come in on the day itself
    [InlineData("2023-06-02", false)]
    public void The_deadline_counts_until_its_day_is_over(string today, bool asks)
    {
        var r = Report([District(1, "鄂城区", 1, 1, ReceiptStatus.Complete)], [Unit(10, "凤凰街道", 1, "鄂城区", 1, 1, ReceiptStatus.Complete)]);
        Assert.Equal(asks, LockCheck.Concerns(r, Deadline, DateOnly.Parse(today)).Count == 1);
    }

    [Fact]
    public void Everything_in_and_the_deadline_past_needs_no_question() =>
        Assert.Empty(LockCheck.Concerns(Report([District(1, "鄂城区", 1, 1, ReceiptStatus.Complete)],
            [Unit(10, "凤凰街道", 1, "鄂城区", 1, 1, ReceiptStatus.Complete)]), Deadline, new DateOnly(2023, 7, 1)));
}
