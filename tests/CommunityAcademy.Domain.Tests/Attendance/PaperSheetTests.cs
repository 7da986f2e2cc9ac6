using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

/// <summary>纸质签到表: the times typed from a paper sheet, read and checked against the session's windows.</summary>
public class PaperSheetTests
{
    // Seed 000, day 1, 08:45-11:30 Shanghai; sign-in opens 30 minutes before, sign-out closes 30 minutes after.
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2023-06-07T00:45:00Z");
    private static readonly DateTimeOffset End = DateTimeOffset.Parse("2023-06-07T03:30:00Z");
    private static readonly AttendanceRules Rules = new();
    private const string Zone = "Asia/Shanghai";

    [Theory]
    [InlineData("8:55", "08:55:00")]
    [InlineData("08:55", "08:55:00")]
    [InlineData(" 8：55 ", "08:55:00")]            // a full-width colon, as a Chinese keyboard types it
    [InlineData("08:55:30", "08:55:30")]
    [InlineData("0.3715277777777778", "08:55:00")] // an Excel time cell: the fraction of a day
    [InlineData("1899-12-30 08:55", "08:55:00")]    // a time cell read as a date and time
    [InlineData("2023-06-07 14:05", "14:05:00")]
    public void Reads_a_time_as_typed_or_as_the_spreadsheet_hands_it_over(string text, string expected) =>
        Assert.Equal(TimeOnly.Parse(expected), PaperSheet.ParseTime(text));

    [Theory]
    [InlineData("25:99")]
    [InlineData("八点")]
    [InlineData("1.5")]
    [InlineData("855")]
    [InlineData("")]
    public void Anything_else_is_not_a_time(string text) => Assert.Null(PaperSheet.ParseTime(text));

    [Fact]
    public void Times_are_the_class_s_local_time_on_the_session_s_date_within_its_windows()
    {
        var (@in, @out, e1, e2) = PaperSheet.Times("8:40", "11:35", Start, End, Rules, Zone);
        Assert.Equal(DateTimeOffset.Parse("2023-06-07T08:40:00+08:00"), @in);
        Assert.Equal(DateTimeOffset.Parse("2023-06-07T11:35:00+08:00"), @out);
        Assert.Null(e1);
        Assert.Null(e2);

        var early = PaperSheet.Times("8:10", "", Start, End, Rules, Zone);   // the window opens at 08:15
        Assert.Equal(new Error("Attendance.Paper.InOutsideWindow", "08:15", "11:30").ToString(), early.InError!.ToString());
        var late = PaperSheet.Times("9:00", "12:01", Start, End, Rules, Zone); // sign-out closes at 12:00
        Assert.Equal(new Error("Attendance.Paper.OutOutsideWindow", "08:15", "12:00").ToString(), late.OutError!.ToString());
        var before = PaperSheet.Times("10:00", "9:30", Start, End, Rules, Zone);
        Assert.Equal(new Error("Attendance.Paper.OutBeforeIn", "09:30", "10:00").ToString(), before.OutError!.ToString());
        Assert.Equal("Attendance.Paper.BadTime", PaperSheet.Times("x", "", Start, End, Rules, Zone).InError!.Code);
        Assert.Equal((null, null, null, null), PaperSheet.Times(" ", null, Start, End, Rules, Zone));
    }

    [Fact]
    public void A_session_past_midnight_reads_early_morning_times_on_the_next_day()
    {
        var start = DateTimeOffset.Parse("2023-06-07T23:00:00+08:00");
        var end = DateTimeOffset.Parse("2023-06-08T01:00:00+08:00");
        var (@in, @out, _, e) = PaperSheet.Times("22:50", "0:55", start, end, Rules, Zone);
        Assert.Equal(DateTimeOffset.Parse("2023-06-07T22:50:00+08:00"), @in);
        Assert.Equal(DateTimeOffset.Parse("2023-06-08T00:55:00+08:00"), @out);
        Assert.Null(e);
    }
}
