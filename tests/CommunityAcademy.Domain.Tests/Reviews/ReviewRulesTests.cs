using CommunityAcademy.Domain.Reviews;

namespace CommunityAcademy.Domain.Tests.Reviews;

public class RubricTests
{
    private static readonly Rubric Plans = Rubric.DefaultForPlans();

    private static Dictionary<string, decimal> Scores(params decimal[] v) =>
        Plans.Criteria.Select((c, i) => (c.Key, v[i])).ToDictionary(x => x.Key, x => x.Item2);

    [Fact]
    public void The_default_for_plans_is_seed_002s_five_criteria_with_equal_weights_on_1_to_10()
    {
        Assert.Equal(["可行性", "实用性", "创新性", "合理性", "持续性"], Plans.Criteria.Select(c => c.Name));
        Assert.All(Plans.Criteria, c => Assert.Equal((1m, Scale.OneToTen), (c.Weight, c.Scale)));
        Assert.Null(Plans.Check());
    }

    [Fact]
    public void A_total_normalises_each_criterion_to_0_100_and_weighs_it()
    {
        Assert.Equal(100m, Plans.Total(Scores(10, 10, 10, 10, 10)).Value);
        Assert.Equal(0m, Plans.Total(Scores(1, 1, 1, 1, 1)).Value);
        // (8-1)/9 = 77.78, (6-1)/9 = 55.56 … mean of 77.78, 55.56, 100, 44.44, 66.67 = 68.89
        Assert.Equal(68.89m, Plans.Total(Scores(8, 6, 10, 5, 7)).Value);
        var weighted = new Rubric("w", 1, [new("a", "甲", 3, Scale.Percent), new("b", "乙", 1, new Points(1, 5))]);
        // 乙 3 of 1–5 is 50; (3 · 80 + 1 · 50) / 4 = 72.5
        Assert.Equal(72.5m, weighted.Total(new Dictionary<string, decimal> { ["a"] = 80, ["b"] = 3 }).Value);
    }

    [Theory]
    [InlineData(11, "Review.OutOfScale")]
    [InlineData(0, "Review.OutOfScale")]
    [InlineData(7.3, "Review.HalfPoints")]
    public void A_score_off_the_scale_is_refused_naming_its_criterion(decimal value, string code)
    {
        var r = Plans.Total(Scores(value, 5, 5, 5, 5));
        Assert.False(r.IsOk);
        Assert.Equal(code, r.Error!.Code);
        Assert.Equal("可行性", r.Error.Args[0]);
    }

    [Fact]
    public void Every_criterion_must_be_scored_and_no_other()
    {
        var missing = Scores(5, 5, 5, 5, 5);
        missing.Remove("innovation");
        Assert.Equal(new Error("Review.Missing", "创新性").ToString(), Plans.Total(missing).Error!.ToString());
        var extra = Scores(5, 5, 5, 5, 5);
        extra["beauty"] = 5;
        Assert.Equal("Review.UnknownCriterion", Plans.Total(extra).Error!.Code);
    }

    [Fact]
    public void Levels_count_by_their_values_between_the_lowest_and_the_highest()
    {
        var levels = new Levels([new("不合格", 0), new("合格", 60), new("良好", 80), new("优秀", 100, "可直接推广")]);
        Assert.Equal(80m, levels.Normalise(80));
        Assert.Null(levels.Normalise(70));
        Assert.Equal("Review.NotALevel", levels.Check(70, "完成度")!.Code);
    }

    [Fact]
    public void A_rubric_is_checked_before_use()
    {
        Assert.Equal("Review.NoCriteria", new Rubric("x", 1, []).Check()!.Code);
        Assert.Equal("Review.DuplicateCriterion", new Rubric("x", 1, [new("a", "甲", 1, Scale.Percent), new("a", "乙", 1, Scale.Percent)]).Check()!.Code);
        Assert.Equal("Review.Weight", new Rubric("x", 1, [new("a", "甲", 0, Scale.Percent)]).Check()!.Code);
        Assert.Equal("Review.ScaleRange", new Rubric("x", 1, [new("a", "甲", 1, new Points(5, 5))]).Check()!.Code);
        Assert.Equal("Review.ScaleLevels", new Rubric("x", 1, [new("a", "甲", 1, new Levels([new("好", 1)]))]).Check()!.Code);
    }
}

public class PanelTests
{
    private static readonly Rubric Mean = Rubric.DefaultForPlans() with { Version = 2 };
    private static readonly Rubric Trimmed = Mean with { Rule = AggregateRule.TrimmedMean };

    private static ReviewerScore S(long reviewer, decimal total, int version = 2, bool accepted = false) => new(reviewer, total, version, accepted);

    [Fact]
    public void The_mean_of_the_scores_given_under_the_current_version()
    {
        var r = Panel.Aggregate(Mean, [S(1, 80), S(2, 70), S(3, 75)]);
        Assert.Equal((75m, 3, 0, 10m, false), (r.Aggregate, r.Counted, r.OlderVersion, r.Spread, r.Flagged));
    }

    [Fact]
    public void Older_versions_are_left_out_unless_accepted()
    {
        var r = Panel.Aggregate(Mean, [S(1, 80), S(2, 20, version: 1), S(3, 70, version: 1, accepted: true)]);
        Assert.Equal((75m, 2, 1), (r.Aggregate, r.Counted, r.OlderVersion));
        Assert.Null(Panel.Aggregate(Mean, [S(1, 80, version: 1)]).Aggregate);
    }

    [Fact]
    public void The_trimmed_mean_drops_the_highest_and_the_lowest_from_five_reviewers_and_says_when_it_cannot()
    {
        var five = Panel.Aggregate(Trimmed, [S(1, 90), S(2, 60), S(3, 70), S(4, 80), S(5, 20)]);
        Assert.Equal((70m, AggregateRule.TrimmedMean, false), (five.Aggregate, five.RuleApplied, five.TrimFellBackToMean));
        var four = Panel.Aggregate(Trimmed, [S(1, 90), S(2, 60), S(3, 70), S(4, 80)]);
        Assert.Equal((75m, AggregateRule.Mean, true), (four.Aggregate, four.RuleApplied, four.TrimFellBackToMean));
    }

    [Fact]
    public void Reviewers_who_differ_by_more_than_the_spread_flag_the_submission()
    {
        Assert.False(Panel.Aggregate(Mean, [S(1, 80), S(2, 60)]).Flagged);      // 20: not more than 20
        Assert.True(Panel.Aggregate(Mean, [S(1, 80.5m), S(2, 60)]).Flagged);
        Assert.True(Panel.Aggregate(Mean with { FlagSpread = 5 }, [S(1, 66), S(2, 60)]).Flagged);
    }

    [Fact]
    public void The_rule_from_a_databases_sums_is_the_rule_from_the_scores()
    {
        // The oracle: the counted totals sorted, the highest and the lowest dropped from five on, averaged.
        static decimal? Expected(Rubric rubric, IReadOnlyList<ReviewerScore> scores)
        {
            var counted = scores.Where(x => x.RubricVersion == rubric.Version || x.Accepted).Select(x => x.Total).Order().ToList();
            if (counted.Count == 0) return null;
            var used = rubric.Rule == AggregateRule.TrimmedMean && counted.Count >= 5 ? counted.Skip(1).SkipLast(1).ToList() : counted;
            return Math.Round(used.Sum() / used.Count, 2, MidpointRounding.AwayFromZero);
        }
        var random = new Random(18);
        foreach (var rubric in new[] { Mean, Trimmed })
            for (var i = 0; i < 500; i++)
            {
                var scores = Enumerable.Range(1, random.Next(0, 8)).Select(r => S(r, random.Next(0, 10001) / 100m,
                    version: random.Next(0, 4) == 0 ? 1 : 2, accepted: random.Next(0, 2) == 0)).ToList();
                var counted = scores.Where(x => x.RubricVersion == 2 || x.Accepted).ToList();
                // as SQL sums them: COUNT, SUM, MIN, MAX of the counted, COUNT of the rest
                var sums = counted.Count == 0 ? PanelSums.None with { OlderVersion = scores.Count }
                    : new PanelSums(counted.Count, counted.Sum(x => x.Total), counted.Min(x => x.Total), counted.Max(x => x.Total), scores.Count - counted.Count);
                var r = Panel.FromSums(rubric, sums);
                Assert.Equal(Expected(rubric, scores), r.Aggregate);
                Assert.Equal(sums, PanelSums.Of(rubric, scores));
                // as the ranking reads them: in hundredths, converted without a division
                Assert.Equal(sums, PanelSums.FromHundredths(sums.Counted, (long)(sums.Sum * 100), (long)(sums.Min * 100), (long)(sums.Max * 100), sums.OlderVersion));
                // as the class score reads them: the aggregate alone, the lowest and highest only when the rule may drop them
                var extremes = Panel.UsesExtremes(rubric);
                Assert.Equal(r.Aggregate, Panel.AggregateOfHundredths(rubric, sums.Counted, (long)(sums.Sum * 100),
                    extremes ? (long)(sums.Min * 100) : 0, extremes ? (long)(sums.Max * 100) : 0));
                Assert.Equal(counted.Count == 0 ? 0 : counted.Max(x => x.Total) - counted.Min(x => x.Total), r.Spread);
            }
    }

    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(10000L, "100.00")]
    [InlineData(-250L, "-2.50")]
    [InlineData(123456789012345L, "1234567890123.45")]
    public void Hundredths_are_exact(long x, string expected) =>
        Assert.Equal(expected, PanelSums.Hundredths(x).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Others_scores_stay_hidden_until_ones_own_is_in() =>
        Assert.Equal([false, true, true], new[] { Panel.MaySeeOthers(false, false), Panel.MaySeeOthers(true, false), Panel.MaySeeOthers(false, true) });
}

public class RankingTests
{
    [Fact]
    public void Aggregates_a_double_cannot_tell_apart_still_rank_by_their_decimal_value_and_equal_names_keep_their_order()
    {
        var ranked = Ranking.Rank(new (string, decimal?)[]
        {
            ("甲", 0.1000000000000000000000000001m), ("乙", 0.1000000000000000000000000002m), ("丙#1", 50m), ("丙#2", 50m), ("丁", null),
        }, x => x.Split('#')[0]);
        Assert.Equal(["丙#1", "丙#2", "乙", "甲"], ranked.Select(r => r.Item));
        Assert.Equal([1, 1, 3, 4], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Ties_share_a_rank_and_the_next_rank_skips_ties_listed_by_name()
    {
        var ranked = Ranking.Rank<string>([("石榴园", 80m), ("广州路", 91.5m), ("柯尔山", 80m), ("杭州西路", 72m), ("未评", null), ("八泉", 80m)], n => n);
        Assert.Equal([(1, "广州路"), (2, "八泉"), (2, "柯尔山"), (2, "石榴园"), (5, "杭州西路")], ranked.Select(r => (r.Rank, r.Item)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Many_ties_rank_as_a_stable_sort_by_aggregate_then_name_does(bool ignoreCase)
    {
        // the order and ranks a plain stable LINQ sort gives (the rule as first written), on 3,000 items full of ties:
        // equal aggregates, equal names, names equal but for case, unranked ones in between
        var random = new Random(18);
        var items = Enumerable.Range(0, 3_000).Select(i => (Item: (Id: i, Name: (random.Next(2) == 0 ? "学员" : "Team") + (char)('a' + random.Next(3)) + random.Next(40)),
            Aggregate: random.Next(10) == 0 ? null : (decimal?)(random.Next(60, 100) + random.Next(4) * 0.25m))).ToList();
        var names = ignoreCase ? StringComparer.OrdinalIgnoreCase : null;
        var ranked = Ranking.Rank(items, x => x.Name, names);
        var expected = items.Where(x => x.Aggregate is not null)
            .OrderByDescending(x => x.Aggregate!.Value).ThenBy(x => x.Item.Name, names ?? StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(x => x.Item.Id), ranked.Select(r => r.Item.Id));
        var ranks = expected.Select((x, i) => expected.FindIndex(y => y.Aggregate == x.Aggregate) + 1);
        Assert.Equal(ranks, ranked.Select(r => r.Rank));
        Assert.Equal(expected.Select(x => x.Aggregate!.Value), ranked.Select(r => r.Aggregate));
    }

    [Fact]
    public void Order_gives_the_places_of_the_ranked_items_best_first_and_reads_no_name_of_an_unranked_one()
    {
        // 80 and 80.00 are one aggregate; the unranked one's name is null and never read
        var (order, ranks) = Ranking.Order([80m, null, 91.5m, 80.00m, 72m, 80m], ["石榴园", null!, "广州路", "柯尔山", "杭州西路", "八泉"]);
        Assert.Equal([2, 5, 3, 0, 4], order);
        Assert.Equal([1, 2, 2, 2, 5], ranks);
    }

    [Fact]
    public void Nothing_scored_nothing_ranked() => Assert.Empty(Ranking.Rank<string>([("甲", null)], n => n));
}

public class ConflictTests
{
    // 黄石市 /1/, 下陆区 /1/2/, 团城山街道 /1/2/3/, 石榴园社区 /1/2/3/4/, 广州路社区 /1/2/3/5/, a university /9/
    [Theory]
    [InlineData("/1/2/3/4/", "/1/2/3/4/", true)]   // the same community
    [InlineData("/1/2/3/", "/1/2/3/4/", true)]     // the street above the group's community
    [InlineData("/1/2/3/4/", "/1/2/3/", true)]     // a community under the owner's street
    [InlineData("/1/2/3/5/", "/1/2/3/4/", false)]  // a sister community
    [InlineData("/9/", "/1/2/3/4/", false)]        // a training institution elsewhere
    [InlineData("/1/2/3/4/", "/1/2/3/45/", false)] // /4/ is not /45/
    public void A_reviewer_conflicts_with_owners_in_their_unit_its_subtree_or_its_ancestors(string reviewer, string owner, bool conflict) =>
        Assert.Equal(conflict, Conflicts.Between(reviewer, [owner]) is not null);

    [Fact]
    public void Any_member_of_a_group_makes_the_conflict_and_no_unit_none()
    {
        Assert.Equal("/1/2/3/4/", Conflicts.Between("/1/2/3/4/", ["/1/2/3/5/", null, "/1/2/3/4/"]));
        Assert.Null(Conflicts.Between(null, ["/1/2/3/4/"]));
        Assert.Equal("Review.Conflict", Assigner.Check(new Reviewer(7, "王导师", "/1/2/3/4/"), ["/1/2/3/4/"])!.Code);
    }

    [Fact]
    public void Assignment_spreads_the_load_refuses_conflicts_and_names_what_stays_short()
    {
        Reviewer[] reviewers = [new(1, "甲", "/9/"), new(2, "乙", "/1/2/3/4/"), new(3, "丙", null)];
        ToAssign[] submissions =
        [
            new(10, ["/1/2/3/4/"], []), new(11, ["/1/2/3/5/"], []), new(12, ["/1/2/3/6/"], []), new(13, ["/1/2/3/4/", "/1/2/3/7/"], [3]),
        ];
        var a = Assigner.Spread(submissions, reviewers, perSubmission: 2);
        Assert.DoesNotContain(a.Pairs, p => p.Reviewer == 2 && p.Submission is 10 or 13);
        Assert.All(submissions, s => Assert.Equal(2, a.Pairs.Count(p => p.Submission == s.Id) + s.Assigned.Count));
        var loads = reviewers.Select(r => a.Pairs.Count(p => p.Reviewer == r.Id) + (r.Id == 3 ? 1 : 0)).ToList();
        Assert.True(loads.Max() - loads.Min() <= 1, string.Join(",", loads));
        Assert.Empty(a.Short);
        var three = Assigner.Spread([new(10, ["/1/2/3/4/"], [])], reviewers, perSubmission: 3);
        Assert.Equal([(10L, 1)], three.Short);
        Assert.Equal(Assigner.Spread(submissions, reviewers, 2).Pairs, a.Pairs); // stable
    }
}

public class RoundTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_version_only_while_a_round_is_open()
    {
        ReviewRound[] rounds = [new(1, "提出", T0, T0.AddHours(2)), new(2, "讨论", T0.AddHours(3), null)];
        Assert.Null(Rounds.CanSubmitVersion(rounds, T0.AddHours(1)));
        Assert.Equal("Review.RoundClosed", Rounds.CanSubmitVersion(rounds, T0.AddHours(2.5))!.Code);
        Assert.Equal("讨论", Rounds.Current(rounds, T0.AddDays(3))!.Name);
        Assert.Null(Rounds.Current([rounds[1] with { ClosedByHand = true }], T0.AddDays(3)));
    }

    [Fact]
    public void A_reviewer_scores_only_when_assigned_only_their_own_and_only_in_an_open_round()
    {
        ReviewRound[] open = [new(1, "提出", null, null)];
        Assert.Equal("Review.NotAssigned", Rounds.CanScore(open, T0, isAssigned: false, 1, 1)!.Code);
        Assert.Equal("Review.NotYourScore", Rounds.CanScore(open, T0, isAssigned: true, 2, 1)!.Code);
        Assert.Equal("Review.RoundClosed", Rounds.CanScore([open[0] with { ClosedByHand = true }], T0, true, 1, 1)!.Code);
        Assert.Null(Rounds.CanScore(open, T0, true, 1, 1));
    }

    [Fact]
    public void Round_names_default_to_seed_002s_and_are_edited_as_text()
    {
        Assert.Equal(["提出", "讨论", "优化", "细化", "修改"], Rounds.DefaultNames);
        Assert.Equal(["提出", "讨论", "优化"], Rounds.ParseNames("提出—讨论—优化").Value);
        Assert.Equal(["初稿", "定稿"], Rounds.ParseNames(" 初稿 \n定稿\n").Value);
        Assert.Equal("Review.RoundCount", Rounds.ParseNames("  ").Error!.Code);
        Assert.Equal("Review.RoundDuplicate", Rounds.ParseNames("提出、提出").Error!.Code);
        Assert.Equal("Review.RoundName", Rounds.ParseNames(new string('长', 21)).Error!.Code);
    }
}

public class PlanTemplateTests
{
    [Fact]
    public void The_default_sections_and_the_six_brand_traits_follow_the_seeds()
    {
        Assert.Equal(["问题与背景", "目标", "品牌名称与口号", "主要举措", "时间安排", "资源", "成效指标"], Plans.PlanTemplate.Default.Select(s => s.Heading));
        Assert.Equal(["差异化", "系列化", "精细化", "参与度", "满意度", "影响广"], Plans.BrandTraits.All.Select(t => t.Name));
    }

    [Fact]
    public void Sections_are_known_and_bounded_and_a_question_has_a_reason()
    {
        var t = Plans.PlanTemplate.Default;
        Assert.Null(Plans.PlanTemplate.Check(t, new Dictionary<string, string> { ["goal"] = "幸福石榴园，服务520" }));
        Assert.Equal("Plan.UnknownSection", Plans.PlanTemplate.Check(t, new Dictionary<string, string> { ["x"] = "" })!.Code);
        Assert.Equal("Plan.SectionTooLong", Plans.PlanTemplate.Check(t, new Dictionary<string, string> { ["goal"] = new string('字', 20_001) })!.Code);
        Assert.Equal("Plan.QuestionNeedsReason", Plans.BrandTraits.CheckVerdict(Plans.BrandTraits.Verdict.Questioned, " ")!.Code);
        Assert.Null(Plans.BrandTraits.CheckVerdict(Plans.BrandTraits.Verdict.Confirmed, null));
    }
}
