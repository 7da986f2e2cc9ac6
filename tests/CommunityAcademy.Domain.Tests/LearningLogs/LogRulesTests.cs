using CommunityAcademy.Domain.LearningLogs;

namespace CommunityAcademy.Domain.Tests.LearningLogs;

public class LogRulesTests
{
    private static readonly DateOnly Start = new(2031, 3, 10), End = new(2031, 3, 14);

    [Fact]
    public void An_entry_over_the_limit_is_refused_with_the_limit_and_its_length()
    {
        Assert.Null(LogRules.CheckBody(new string('日', LogRules.MaxLength)));
        Assert.Null(LogRules.CheckBody(""));        // an empty draft is fine
        var e = LogRules.CheckBody(new string('日', 100_000));
        Assert.Equal("Logs.TooLong", e!.Code);
        Assert.Equal([LogRules.MaxLength, 100_000], e.Args);
    }

    [Theory]
    [InlineData("2031-03-09", "2031-03-12", "Logs.DayOutsideClass")]
    [InlineData("2031-03-15", "2031-03-20", "Logs.DayOutsideClass")]
    [InlineData("2031-03-13", "2031-03-12", "Logs.DayInFuture")]
    [InlineData("2031-03-12", "2031-03-12", null)]
    [InlineData("2031-03-10", "2031-03-20", null)]
    public void A_day_of_the_class_not_after_today(string day, string today, string? code) =>
        Assert.Equal(code, LogRules.CheckDay(DateOnly.Parse(day), Start, End, DateOnly.Parse(today))?.Code);

    [Fact]
    public void A_comment_is_required_and_short()
    {
        Assert.Equal("Logs.CommentRequired", LogRules.CheckComment("  ")!.Code);
        Assert.Equal("Logs.CommentTooLong", LogRules.CheckComment(new string('好', LogRules.MaxCommentLength + 1))!.Code);
        Assert.Null(LogRules.CheckComment("写得好"));
    }

    [Fact]
    public void The_page_opens_on_today_within_the_class_else_its_nearest_day()
    {
        Assert.Equal(Start, LogRules.DefaultDay(Start, End, new DateOnly(2031, 3, 1)));
        Assert.Equal(new DateOnly(2031, 3, 12), LogRules.DefaultDay(Start, End, new DateOnly(2031, 3, 12)));
        Assert.Equal(End, LogRules.DefaultDay(Start, End, new DateOnly(2031, 4, 1)));
    }
}
