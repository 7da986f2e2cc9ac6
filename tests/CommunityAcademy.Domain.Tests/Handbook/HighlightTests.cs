using CommunityAcademy.Domain.Handbook;

namespace CommunityAcademy.Domain.Tests.Handbook;

public class HighlightTests
{
    [Fact]
    public void Words_are_marked_overlaps_merged_and_everything_else_encoded()
    {
        var html = Highlight.Html("居民<议事会>怎么组织：居民议事", ["居民", "议事会", "居民议"]);
        Assert.Equal("<mark>居民</mark>&lt;<mark>议事会</mark>&gt;怎么组织：<mark>居民议</mark>事", html);
    }

    [Fact]
    public void Latin_is_matched_ignoring_case_and_shown_as_written()
    {
        Assert.Equal("用<mark>WiFi</mark>登记", Highlight.Html("用WiFi登记", ["wifi"]));
    }

    [Fact]
    public void A_long_paragraph_is_cut_around_its_first_hit()
    {
        var text = new string('甲', 500) + "议事会" + new string('乙', 500);
        var html = Highlight.Html(text, ["议事会"], window: 100);
        Assert.StartsWith("…", html);
        Assert.EndsWith("…", html);
        Assert.Contains("<mark>议事会</mark>", html);
        Assert.True(html.Length < 140);
    }

    [Fact]
    public void No_hit_shows_the_start_and_an_empty_word_is_ignored()
    {
        Assert.Equal("社区&amp;治理", Highlight.Html("社区&治理", ["", "街道"]));
    }

    [Theory]
    [InlineData(null, "Handbook.TitleRequired")]
    [InlineData("  ", "Handbook.TitleRequired")]
    public void An_article_needs_a_title(string? title, string code) => Assert.Equal(code, HandbookRules.CheckArticle(title, "x")!.Code);

    [Fact]
    public void A_huge_body_is_refused_and_a_long_query_cut()
    {
        Assert.Equal("Handbook.BodyTooLong", HandbookRules.CheckArticle("t", new string('字', HandbookRules.MaxBody + 1))!.Code);
        Assert.Null(HandbookRules.CheckArticle("t", new string('字', HandbookRules.MaxBody)));
        Assert.Equal(HandbookRules.MaxQueryChars, HandbookRules.TrimQuery(new string('字', 1000)).Length);
        Assert.Equal("", HandbookRules.TrimQuery(null));
    }
}
