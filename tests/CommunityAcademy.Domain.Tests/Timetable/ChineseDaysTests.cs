using CommunityAcademy.Domain.Timetable;

namespace CommunityAcademy.Domain.Tests.Timetable;

public class ChineseDaysTests
{
    [Theory]
    [InlineData(1, "第一天")]
    [InlineData(3, "第三天")]
    [InlineData(10, "第十天")]
    [InlineData(12, "第十二天")]
    [InlineData(20, "第二十天")]
    [InlineData(31, "第三十一天")]
    public void Day_labels(int n, string label)
    {
        Assert.Equal(label, ChineseDays.DayLabel(n));
        Assert.Equal(n, ChineseDays.ParseDayLabel(label));
    }

    [Theory]
    [InlineData("第 2 天", 2)]
    [InlineData("第2天", 2)]
    [InlineData("第二天", 2)]
    [InlineData("第\u3000三\u3000天", 3)]
    [InlineData("2023-06-07", null)]
    [InlineData("第零天", null)]
    [InlineData("第天", null)]
    [InlineData("", null)]
    public void Day_labels_parse_loosely(string text, int? n) => Assert.Equal(n, ChineseDays.ParseDayLabel(text));
}
