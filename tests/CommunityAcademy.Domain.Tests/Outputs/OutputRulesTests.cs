using CommunityAcademy.Domain.Outputs;

namespace CommunityAcademy.Domain.Tests.Outputs;

public class OutputRulesTests
{
    private static readonly string[] Resources = ["人/能人", "人/骨干", "文", "地", "产", "景"];

    [Fact]
    public void A_category_keeps_kind_and_subkind_apart()
    {
        Assert.Equal(new OutputCategory("人", "能人"), OutputRules.Category(" 人/能人 ", Resources).Value);
        Assert.Equal(new OutputCategory("景", null), OutputRules.Category("景", Resources).Value);
        Assert.Equal("人/骨干", OutputRules.Category("人/骨干", Resources).Value.ToString());
        var bad = OutputRules.Category("钱", Resources).Error!;
        Assert.Equal("Outputs.UnknownCategory", bad.Code);
        Assert.Equal("人/能人、人/骨干、文、地、产、景", bad.Args[1]);
        Assert.False(OutputRules.Category("人", Resources).IsOk); // 人 alone is not a category: 能人 or 骨干
    }

    [Fact]
    public void Texts_are_limited_and_kept_as_typed()
    {
        Assert.Equal("<b>甲</b>\n乙", OutputRules.Text("<b>甲</b>\r\n乙  \r\n").Value);
        Assert.True(OutputRules.Text(new string('字', OutputRules.MaxText)).IsOk);
        var tooLong = OutputRules.Text(new string('字', 100_000)).Error!;
        Assert.Equal(("Outputs.TextTooLong", (object)20_000, (object)100_000), (tooLong.Code, tooLong.Args[0], tooLong.Args[1]));
    }

    [Fact]
    public void Entries_and_comments_have_their_limits()
    {
        Assert.Equal(("千亩桃园", (string?)null), OutputRules.Entry(" 千亩桃园 ", "  ").Value);
        Assert.Equal("Outputs.EntryName", OutputRules.Entry("", "x").Error!.Code);
        Assert.Equal("Outputs.EntryName", OutputRules.Entry(new string('名', 101), null).Error!.Code);
        Assert.Equal("Outputs.TextTooLong", OutputRules.Entry("名", new string('述', 1_001)).Error!.Code);
        Assert.True(OutputRules.Comment(new string('好', 200)).IsOk);
        Assert.Equal("Outputs.CommentLength", OutputRules.Comment(new string('好', 201)).Error!.Code);
        Assert.Equal("Outputs.CommentLength", OutputRules.Comment("   ").Error!.Code);
    }
}
