using CommunityAcademy.Domain.Scenes;

namespace CommunityAcademy.Domain.Tests.Scenes;

public class StandardDraftTests
{
    private static readonly StarStandard Sample = new(
        [
            new Dimension("behaviour", "场景行为", [new Indicator("use", "居民使用频次", 40, "观察"), new Indicator("cards", "偏好卡", 20, Source: IndicatorSource.Cards, CardTarget: 30)]),
            new Dimension("space", "空间", [new Indicator("space", "空间品质", 40)]),
        ],
        [new(1, 40, 54.99m), new(2, 55, 69.99m), new(3, 70, 79.99m), new(4, 80, 89.99m), new(5, 90, 100)]);

    private static (List<DimensionDraft> D, List<ThresholdDraft> T) Drafts()
    {
        var (d, t) = StandardDraft.From(Sample);
        return (d.ToList(), t.ToList());
    }

    [Fact]
    public void A_version_read_back_from_its_form_is_the_same_standard()
    {
        var (d, t) = Drafts();
        var (s, errors) = StandardDraft.Read(d, t);
        Assert.Empty(errors);
        Assert.Equal(Sample.Indicators, s!.Indicators);
        Assert.Equal(Sample.Dimensions.Select(x => (x.Key, x.Name)), s.Dimensions.Select(x => (x.Key, x.Name)));
        Assert.Equal(Sample.Thresholds, s.Thresholds);
    }

    [Fact]
    public void New_rows_get_fresh_keys_and_kept_ones_stay()
    {
        var (d, t) = Drafts();
        d[0] = d[0] with { Indicators = [new IndicatorDraft("i1", "甲", "5", "assessment", null, null), .. d[0].Indicators, new IndicatorDraft(null, "乙", "5", "assessment", null, null), new IndicatorDraft("use", "重复键", "5", "assessment", null, null)] };
        d.Add(new DimensionDraft(null, "新维度", [new IndicatorDraft("<b>", "丙", "5", "assessment", null, null)]));
        var (s, errors) = StandardDraft.Read(d, t);
        Assert.Empty(errors);
        var keys = s!.Indicators.Select(i => i.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(["i1", "use", "cards", "i2", "i3", "space", "i4"], keys);
        Assert.Equal(["behaviour", "space", "d1"], s.Dimensions.Select(x => x.Key));
        Assert.Null(StarRules.Check(s));
    }

    [Fact]
    public void Overlapping_and_out_of_order_ranges_are_refused_at_their_star()
    {
        var (d, t) = Drafts();
        t[0] = t[0] with { Max = "60" };
        var (s, errors) = StandardDraft.Read(d, t);
        Assert.Null(s);
        var e = Assert.Single(errors);
        Assert.Equal(("t2", "Scenes.OverlappingThresholds"), (e.Field, e.Error.Code));

        (d, t) = Drafts();
        t[2] = t[2] with { Min = "30", Max = "39" };
        Assert.Contains(StandardDraft.Read(d, t).Errors, x => x is { Field: "t3", Error.Code: "Scenes.ThresholdsOrder" });

        (d, t) = Drafts();
        t[4] = t[4] with { Max = "101" }; // above the weights' total
        Assert.Contains(StandardDraft.Read(d, t).Errors, x => x is { Field: "t5", Error.Code: "Scenes.BadThreshold" });
        t[4] = t[4] with { Max = "一百" };
        Assert.Contains(StandardDraft.Read(d, t).Errors, x => x is { Field: "t5.max", Error.Code: "Scenes.NotANumberField" });
    }

    [Theory]
    [InlineData("", "40", "assessment", null, "d0.i0.name", "Scenes.NameRequired")]
    [InlineData("名", "", "assessment", null, "d0.i0.max", "Scenes.NumberRequired")]
    [InlineData("名", "abc", "assessment", null, "d0.i0.max", "Scenes.NotANumberField")]
    [InlineData("名", "-1", "assessment", null, "d0.i0.max", "Scenes.BadMaxScore")]
    [InlineData("名", "1001", "assessment", null, "d0.i0.max", "Scenes.BadMaxScore")]
    [InlineData("名", "40", "cards", "0", "d0.i0.target", "Scenes.BadCardTarget")]
    [InlineData("名", "40", "cards", "2.5", "d0.i0.target", "Scenes.BadCardTarget")]
    [InlineData("名", "40", "cards", "", "d0.i0.target", "Scenes.NumberRequired")]
    public void A_bad_indicator_is_refused_at_its_field(string name, string max, string source, string? target, string field, string code)
    {
        var (d, t) = Drafts();
        d[0] = d[0] with { Indicators = [new IndicatorDraft("use", name, max, source, null, target), .. d[0].Indicators.Skip(1)] };
        var (s, errors) = StandardDraft.Read(d, t);
        Assert.Null(s);
        Assert.Contains(errors, e => e.Field == field && e.Error.Code == code);
    }

    [Fact]
    public void Long_names_empty_dimensions_and_no_indicators_are_refused()
    {
        var (d, t) = Drafts();
        d[1] = d[1] with { Name = new string('长', 100_000) };
        d.Add(new DimensionDraft(null, "空", []));
        var errors = StandardDraft.Read(d, t).Errors;
        Assert.Contains(errors, e => e is { Field: "d1.name", Error.Code: "Scenes.NameTooLong" } && (int)e.Error.Args[1] == 100_000);
        Assert.Contains(errors, e => e is { Field: "d2", Error.Code: "Scenes.DimensionEmpty" });
        Assert.Equal("Scenes.NoIndicators", Assert.Single(StandardDraft.Read([], t).Errors).Error.Code);
    }
}
