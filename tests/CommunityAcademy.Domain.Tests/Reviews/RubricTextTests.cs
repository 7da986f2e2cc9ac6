using CommunityAcademy.Domain.Reviews;

namespace CommunityAcademy.Domain.Tests.Reviews;

/// <summary>A rubric as an organizer types it (#18): one criterion a line, keys kept by name, the next version.</summary>
public class RubricTextTests
{
    [Fact]
    public void The_default_rubric_reads_back_as_its_next_version_with_the_same_keys()
    {
        var before = Rubric.DefaultForPlans();
        var r = RubricText.Parse(RubricText.Format(before), before, AggregateRule.TrimmedMean, 15m);
        Assert.True(r.IsOk, r.Error?.ToString());
        Assert.Equal(2, r.Value!.Version);
        Assert.Equal(before.Criteria.Select(c => (c.Key, c.Name, c.Weight, c.Scale)), r.Value.Criteria.Select(c => (c.Key, c.Name, c.Weight, c.Scale)));
        Assert.Equal((AggregateRule.TrimmedMean, 15m), (r.Value.Rule, r.Value.FlagSpread));
    }

    [Fact]
    public void Levels_weights_and_a_new_criterion_are_read()
    {
        var r = RubricText.Parse("可行性|2|0-100\n答辩表现｜1｜优秀=10,良好=8，合格=6", Rubric.DefaultForPlans(), AggregateRule.Mean, 20m);
        Assert.True(r.IsOk, r.Error?.ToString());
        Assert.Equal(("feasibility", 2m, (Scale)new Points(0, 100)), (r.Value!.Criteria[0].Key, r.Value.Criteria[0].Weight, r.Value.Criteria[0].Scale));
        var levels = Assert.IsType<Levels>(r.Value.Criteria[1].Scale);
        Assert.Equal(["优秀", "良好", "合格"], levels.Items.Select(l => l.Name));
        Assert.Equal("c2", r.Value.Criteria[1].Key);
    }

    [Theory]
    [InlineData("可行性|1", "Review.RubricLine")]
    [InlineData("可行性|x|1-10", "Review.RubricLine")]
    [InlineData("可行性|1|10-1", "Review.ScaleRange")]
    [InlineData("可行性|0|1-10", "Review.Weight")]
    [InlineData("", "Review.NoCriteria")]
    public void A_bad_line_is_refused_with_the_rule(string text, string code)
    {
        var r = RubricText.Parse(text, Rubric.DefaultForPlans(), AggregateRule.Mean, 20m);
        Assert.Equal(code, r.Error?.Code);
    }
}
