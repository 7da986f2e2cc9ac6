using CommunityAcademy.Domain.Documents;

namespace CommunityAcademy.Domain.Tests.Documents;

public class TitleLinesTests
{
    private const string ClassTitle = "鄂州市城乡社区工作者场景塑造实务能力培训第二期";

    [Fact]
    public void The_bulletin_title_breaks_at_a_word_into_lines_that_fit()
    {
        var title = $"关于{ClassTitle}培训纪律情况的通报";
        var lines = TitleLines.Break(title);
        Assert.Equal(title, string.Concat(lines));
        Assert.All(lines, l => Assert.True(l.Length <= TitleLines.DefaultMaxChars, l));
        // no boundary between 16 and 18 characters: three lines, as even as the words allow
        Assert.Equal(["关于鄂州市城乡社区工作者", "场景塑造实务能力培训", "第二期培训纪律情况的通报"], lines);
    }

    [Fact]
    public void Never_inside_a_word_the_rule_knows_nor_inside_a_number()
    {
        foreach (var title in new[] { $"关于{ClassTitle}培训纪律情况的通报", "关于2023年度基层社区治理能力提升研修班学员考勤情况的通报", "关于青年社区工作者培训期间纪律情况的通报" })
        {
            var lines = TitleLines.Break(title, 14);
            for (var i = 1; i < lines.Count; i++)
            {
                var before = lines[i - 1];
                var after = lines[i];
                Assert.False(char.IsAsciiDigit(before[^1]) && char.IsAsciiDigit(after[0]), title);
                foreach (var word in new[] { "社区", "工作者", "培训", "通报", "情况", "期间", "2023", "年度" })
                    for (var k = 1; k < word.Length; k++)
                        Assert.False(before.EndsWith(word[..k], StringComparison.Ordinal) && after.StartsWith(word[k..], StringComparison.Ordinal), $"{title}: {before}|{after}");
            }
            Assert.Equal(title, string.Concat(lines));
        }
    }

    [Fact]
    public void Lines_are_as_even_as_the_boundaries_allow()
    {
        // 7 + 7 beats 5 + 9 and 11 + 3
        Assert.Equal(["关于甲乙丙的", "丁戊己庚辛的通报"], TitleLines.Break("关于甲乙丙的丁戊己庚辛的通报", 10));
        var lines = TitleLines.Break("关于一二三四五六七八的九十一二三四五六七的通报", 10);
        // boundaries at 2, 11 and 21 of 23: no 2 or 3 lines fit in 10, so the fewest that do
        Assert.Equal(["关于", "一二三四五六七八的", "九十一二三四五六七的", "通报"], lines);
    }

    [Fact]
    public void A_short_title_stays_on_one_line_and_the_organizers_marker_wins()
    {
        Assert.Equal(["关于培训纪律情况的通报"], TitleLines.Break("关于培训纪律情况的通报"));
        Assert.Equal(["关于鄂州市城乡社区工作者", "场景塑造实务能力培训第二期", "培训纪律情况的通报"],
            TitleLines.Break("关于鄂州市城乡社区工作者|场景塑造实务能力培训第二期|培训纪律情况的通报"));
    }

    [Fact]
    public void Without_any_boundary_the_title_is_not_cut()
    {
        Assert.Equal(["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"], TitleLines.Break("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"));
    }
}

public class TitleManualTests
{
    [Fact]
    public void The_organizer_may_move_the_breaks_but_not_change_the_words()
    {
        const string title = "关于甲乙的通报";
        Assert.Null(TitleLines.CheckManual(null, title));
        Assert.Null(TitleLines.CheckManual("关于甲乙 | 的通报", title));
        Assert.Equal("Title.BreaksOnly", TitleLines.CheckManual("关于甲丙|的通报", title)!.Code);
        Assert.Equal("Title.BadLines", TitleLines.CheckManual("关于甲乙||的通报", title)!.Code);
        Assert.Equal(["关于甲乙", "的通报"], TitleLines.Break("关于甲乙 | 的通报"));
    }
}
