using CommunityAcademy.Domain.Scenes;

namespace CommunityAcademy.Domain.Tests.Scenes;

public class StarRulesTests
{
    private static StarStandard Sample(params StarThreshold[] thresholds) => new(
        [
            new Dimension("space", "空间", [new Indicator("a", "整洁", 40), new Indicator("b", "设施", 30)]),
            new Dimension("people", "人气", [new Indicator("cards", "居民偏好", 30, Source: IndicatorSource.Cards, CardTarget: 20)]),
        ],
        thresholds.Length > 0 ? thresholds : [new(1, 20, 39), new(2, 40, 59), new(3, 60, 74), new(4, 75, 89), new(5, 90, 100)]);

    private static Dictionary<string, decimal?> Typed(decimal a, decimal b) => new() { ["a"] = a, ["b"] = b };

    [Fact]
    public void A_good_standard_passes() => Assert.Null(StarRules.Check(Sample()));

    [Fact]
    public void Overlapping_thresholds_are_refused()
    {
        var e = StarRules.Check(Sample(new(1, 20, 45), new(2, 40, 59), new(3, 60, 74), new(4, 75, 89), new(5, 90, 100)));
        Assert.Equal("Scenes.OverlappingThresholds", e?.Code);
    }

    [Fact]
    public void Thresholds_must_cover_one_to_five_stars()
    {
        Assert.Equal("Scenes.ThresholdsOneToFive", StarRules.Check(Sample(new(1, 20, 39), new(2, 40, 59)))?.Code);
        Assert.Equal("Scenes.BadThreshold", StarRules.Check(Sample(new(1, 20, 39), new(2, 40, 59), new(3, 60, 74), new(4, 75, 89), new(5, 90, 120)))?.Code);
    }

    [Fact]
    public void Duplicate_keys_and_empty_standards_are_refused()
    {
        Assert.Equal("Scenes.NoIndicators", StarRules.Check(new StarStandard([], []))?.Code);
        var dup = new StarStandard([new Dimension("d", "维度", [new Indicator("x", "甲", 50), new Indicator("x", "乙", 50)])], Sample().Thresholds);
        Assert.Equal("Scenes.DuplicateKey", StarRules.Check(dup)?.Code);
    }

    [Fact]
    public void Stars_follow_from_the_scores_and_the_cards()
    {
        var r = StarRules.Score(Sample(), false, Typed(35, 25), countedCards: 20);
        Assert.True(r.IsOk);
        Assert.Equal(90m, r.Value.Result.Total);
        Assert.Equal(5, r.Value.Result.Stars);
        var fewer = StarRules.Score(Sample(), false, Typed(35, 25), countedCards: 10);
        Assert.Equal(75m, fewer.Value.Result.Total);
        Assert.Equal(4, fewer.Value.Result.Stars);
        Assert.Equal(0, StarRules.Score(Sample(), false, Typed(5, 5), 0).Value.Result.Stars);
    }

    [Fact]
    public void A_total_in_a_gap_keeps_the_lower_star() =>
        Assert.Equal(1, StarRules.StarsFor(Sample(), 39.5m));

    [Fact]
    public void A_retired_version_refuses_new_assessments() =>
        Assert.Equal("Scenes.RetiredVersion", StarRules.Score(Sample(), true, Typed(1, 1), 0).Error?.Code);

    [Fact]
    public void Scores_out_of_range_missing_or_unknown_are_refused()
    {
        Assert.Equal("Scenes.ScoreOutOfRange", StarRules.Score(Sample(), false, Typed(41, 1), 0).Error?.Code);
        Assert.Equal("Scenes.MissingScore", StarRules.Score(Sample(), false, new Dictionary<string, decimal?> { ["a"] = 1 }, 0).Error?.Code);
        var extra = Typed(1, 1); extra["zz"] = 1;
        Assert.Equal("Scenes.UnknownIndicator", StarRules.Score(Sample(), false, extra, 0).Error?.Code);
    }

    [Theory]
    [InlineData("人/能人", "人", "能人")]
    [InlineData("景", "景", null)]
    public void Resource_kinds_parse(string value, string kind, string? sub) => Assert.Equal((kind, sub), SceneTerms.ParseKind(value));

    [Theory]
    [InlineData("水")]
    [InlineData("文/能人")]
    [InlineData("")]
    public void Unknown_resource_kinds_are_refused(string value) => Assert.Null(SceneTerms.ParseKind(value));

    [Fact]
    public void A_second_card_of_a_device_is_a_duplicate()
    {
        Assert.False(SceneTerms.IsDuplicate(0));
        Assert.True(SceneTerms.IsDuplicate(1));
        Assert.Equal("Scenes.AnswerTooLong", SceneTerms.CheckAnswer("likes", new string('x', 100_000))?.Code);
    }
}
