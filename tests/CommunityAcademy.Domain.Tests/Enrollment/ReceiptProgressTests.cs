using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class ReceiptProgressTests
{
    private static readonly DateOnly Deadline = new(2031, 3, 1);

    [Theory]
    [InlineData(5, 0, false, "2031-02-27", ReceiptProgressStatus.NotReturned)]
    [InlineData(5, 3, true, "2031-03-01", ReceiptProgressStatus.Short)]      // the deadline day itself is still open
    [InlineData(5, 5, true, "2031-02-27", ReceiptProgressStatus.Full)]
    [InlineData(5, 6, true, "2031-03-05", ReceiptProgressStatus.Full)]       // full stays full after the deadline
    [InlineData(5, 0, false, "2031-03-02", ReceiptProgressStatus.Overdue)]
    [InlineData(5, 4, true, "2031-03-02", ReceiptProgressStatus.Overdue)]
    [InlineData(5, 0, true, "2031-02-27", ReceiptProgressStatus.NotReturned)] // a receipt naming nobody for this unit
    public void Status_of_a_units_receipt(int places, int received, bool returned, string today, ReceiptProgressStatus expected) =>
        Assert.Equal(expected, ReceiptProgress.Status(places, received, returned, Deadline, DateOnly.Parse(today)));

    [Fact]
    public void Without_a_deadline_nothing_is_overdue() =>
        Assert.Equal(ReceiptProgressStatus.NotReturned, ReceiptProgress.Status(5, 0, false, null, new DateOnly(2040, 1, 1)));

    [Fact]
    public void Days_left_count_whole_days_in_the_class_calendar()
    {
        Assert.Equal(3, ReceiptProgress.DaysLeft(Deadline, new DateOnly(2031, 2, 26)));
        Assert.Equal(0, ReceiptProgress.DaysLeft(Deadline, Deadline));
        Assert.Equal(-2, ReceiptProgress.DaysLeft(Deadline, new DateOnly(2031, 3, 3)));
        Assert.Null(ReceiptProgress.DaysLeft(null, Deadline));
    }

    [Fact]
    public void A_class_waits_for_receipts_until_its_roster_is_locked_or_it_is_over()
    {
        Assert.True(ReceiptProgress.Waiting(Deadline, rosterLocked: false, new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 5)));
        Assert.False(ReceiptProgress.Waiting(Deadline, rosterLocked: true, new DateOnly(2031, 3, 10), new DateOnly(2031, 2, 5)));
        Assert.False(ReceiptProgress.Waiting(Deadline, rosterLocked: false, new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 11)));
        Assert.False(ReceiptProgress.Waiting(null, rosterLocked: false, new DateOnly(2031, 3, 10), new DateOnly(2031, 2, 5)));
    }
}
