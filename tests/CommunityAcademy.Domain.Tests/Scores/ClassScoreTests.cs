using CommunityAcademy.Domain.Scores;

namespace CommunityAcademy.Domain.Tests.Scores;

public class ClassScoreTests
{
    [Theory]
    [InlineData(40, 40, 19, 0, "Score.WeightsSum")]
    [InlineData(50, 40, 20, 0, "Score.WeightsSum")]
    [InlineData(40, 40, 10, 10, "Score.OnlineWithoutItems")]
    [InlineData(120, -20, 0, 0, "Score.WeightOutOfRange")]
    public void A_weight_set_must_sum_to_100_with_online_at_0(int a, int t, int p, int o, string code) =>
        Assert.Equal(code, new ScoreFormula(a, t, p, o, null, null).Check()?.Code);

    [Fact]
    public void The_sum_is_named_in_the_error_and_a_good_formula_passes()
    {
        Assert.Equal([99], new ScoreFormula(40, 40, 19, 0, null, null).Check()!.Args);
        Assert.Null(new ScoreFormula(50, 30, 20, 0, 0, 3).Check());
        Assert.Null(ScoreFormula.Default.Check());
        Assert.Equal("Score.BadLimit", new ScoreFormula(50, 30, 20, 0, -1, null).Check()?.Code);
    }

    [Fact]
    public void Each_part_its_weight_and_contribution_add_up_to_the_total()
    {
        // attendance 5/6 = 0.8333 → 83.33 × 50% = 41.67 (41.665 half away from zero); tasks (90 + 0 unscored + 60) / 3 = 50 × 30% = 15;
        // plan 72.5 × 20% = 14.5 → 71.17
        var r = ClassScores.Compute(new ScoreFormula(50, 30, 20, 0, 0, null), new ScoreInputs(0.8333m, [90m, null, 60m], 72.5m, 0, 1));
        Assert.Equal([(ScorePart.Attendance, 83.33m, 41.67m), (ScorePart.Tasks, 50m, 15m), (ScorePart.Plan, 72.5m, 14.5m), (ScorePart.Online, (decimal?)null, 0m)],
            r.Parts.Select(p => (p.Part, p.Value, p.Contribution)));
        Assert.Equal(71.17m, r.Total);
        Assert.Equal((1, 3), (r.Parts[1].Unscored, r.Parts[1].Of));
        Assert.False(r.IsDisqualified);
    }

    [Fact]
    public void An_online_weight_is_refused_for_a_class_without_online_items_and_allowed_with_them()
    {
        var f = new ScoreFormula(40, 30, 10, 20, null, null);
        var e = f.Check(onlineItems: 0);
        Assert.Equal("Score.OnlineWithoutItems", e?.Code);
        Assert.Equal([20], e!.Args);
        Assert.Null(f.Check(onlineItems: 3));
        Assert.Equal("Score.WeightsSum", (f with { Online = 30 }).Check(onlineItems: 3)?.Code);
        Assert.Null(ScoreFormula.Default.Check(onlineItems: 3)); // 0 stays allowed
    }

    [Fact]
    public void The_online_part_is_the_completion_share_times_100_and_explained_as_a_part()
    {
        // 2 of 3 items: 0.6667 → 66.67 × 20% = 13.33; attendance 100 × 40% = 40; tasks 80 × 30% = 24; plan 50 × 10% = 5 → 82.33
        var r = ClassScores.Compute(new ScoreFormula(40, 30, 10, 20, null, null), new ScoreInputs(1m, [80m], 50m, 0, 0, 2m / 3m));
        var online = r.Parts.Single(p => p.Part == ScorePart.Online);
        Assert.Equal((66.67m, 20, 13.33m), (online.Value!.Value, online.Weight, online.Contribution));
        Assert.Equal(82.33m, r.Total);
        Assert.Equal(r.Total, r.Parts.Sum(p => p.Contribution));
        // no online items: not available, contributing nothing
        var none = ClassScores.Compute(new ScoreFormula(40, 30, 10, 20, null, null), new ScoreInputs(1m, [80m], 50m, 0, 0));
        Assert.Equal(((decimal?)null, 0m), (none.Parts[3].Value, none.Parts[3].Contribution));
        // nothing completed counts 0, not "not available"
        Assert.Equal(0m, ClassScores.Compute(new ScoreFormula(40, 30, 10, 20, null, null), new ScoreInputs(1m, [], null, 0, 0, 0m)).Parts[3].Value);
    }

    [Fact]
    public void No_tasks_no_plan_count_zero_and_the_rules_say_why_a_trainee_is_disqualified()
    {
        var r = ClassScores.Compute(new ScoreFormula(40, 40, 20, 0, 0, 2), new ScoreInputs(1m, [], null, 1, 3));
        Assert.Equal(40m, r.Total);
        Assert.Equal(1, r.Parts[2].Unscored);
        Assert.Equal(["Score.TooManyDepartures(1, 0)", "Score.TooManyAbsences(3, 2)"], r.Disqualified.Select(e => e.ToString()));
        Assert.Empty(ClassScores.Compute(new ScoreFormula(40, 40, 20, 0, null, null), new ScoreInputs(0m, [], null, 5, 9)).Disqualified);
    }
}

public class OutstandingSelectionTests
{
    private static Candidate C(long id, int rank, decimal score, long? unit = null) => new(id, rank, score, unit);

    [Theory]
    [InlineData(25, 10, 2)] // 2.5 → 2: a share is a ceiling
    [InlineData(29, 10, 2)]
    [InlineData(30, 10, 3)]
    [InlineData(5, 10, 0)]
    [InlineData(500, 15, 75)]
    public void A_share_is_rounded_down(int ranked, int share, int target) =>
        Assert.Equal(target, new SelectionRule(null, share, null, null).Target(ranked));

    [Fact]
    public void A_count_larger_than_the_ranking_takes_everyone() =>
        Assert.Equal(3, new SelectionRule(10, null, null, null).Target(3));

    [Theory]
    [InlineData(null, null, null, null, "Outstanding.CountOrShare")]
    [InlineData(3, 10, null, null, "Outstanding.CountOrShare")]
    [InlineData(0, null, null, null, "Outstanding.BadCount")]
    [InlineData(null, 101, null, null, "Outstanding.BadShare")]
    [InlineData(3, null, 1, null, "Outstanding.CapNeedsLevel")]
    [InlineData(3, null, 1, 5, "Outstanding.BadLevel")]
    [InlineData(3, null, 0, 4, "Outstanding.BadCap")]
    public void Bad_rules_are_named(int? count, int? share, int? cap, int? level, string code) =>
        Assert.Equal(code, new SelectionRule(count, share, cap, level).Check()?.Code);

    [Fact]
    public void Ties_at_the_cut_line_are_all_chosen_and_counted_beyond_the_number_asked()
    {
        var ranked = new[] { C(1, 1, 90), C(2, 2, 80), C(3, 2, 80), C(4, 4, 70) };
        var s = OutstandingSelection.Select(ranked, new SelectionRule(2, null, null, null));
        Assert.Equal([1L, 2, 3], s.Chosen.Select(c => c.Id));
        Assert.Equal(1, s.TiedBeyond);
        Assert.False(s.Short);
        // a cut line between ranks takes exactly the number
        Assert.Equal([1L, 2, 3], OutstandingSelection.Select(ranked, new SelectionRule(3, null, null, null)).Chosen.Select(c => c.Id));
    }

    [Fact]
    public void The_cap_per_unit_passes_over_a_full_unit_and_the_next_rank_moves_up()
    {
        var ranked = new[] { C(1, 1, 95, 10), C(2, 2, 90, 10), C(3, 3, 85, 20), C(4, 4, 80, 10), C(5, 5, 75, 20), C(6, 6, 70, null), C(7, 7, 60, null) };
        var s = OutstandingSelection.Select(ranked, new SelectionRule(4, null, 1, 4));
        Assert.Equal([1L, 3, 6], s.Chosen.Select(c => c.Id)); // unit 10 and 20 full after one each; without a unit: counted as one
        Assert.Equal([2L, 4, 5, 7], s.Capped.Select(c => c.Id));
        Assert.True(s.Short);
        Assert.Equal(4, s.Target);
        var two = OutstandingSelection.Select(ranked, new SelectionRule(4, null, 2, 4));
        Assert.Equal([1L, 2, 3, 5], two.Chosen.Select(c => c.Id));
        Assert.Equal([4L], two.Capped.Select(c => c.Id));
    }

    [Fact]
    public void Within_a_tie_a_units_last_place_goes_in_the_rankings_order()
    {
        var ranked = new[] { C(1, 1, 90, 10), C(2, 1, 90, 10), C(3, 3, 80, 20) };
        var s = OutstandingSelection.Select(ranked, new SelectionRule(2, null, 1, 4));
        Assert.Equal([1L, 3], s.Chosen.Select(c => c.Id));
        Assert.Equal([2L], s.Capped.Select(c => c.Id));
    }
}
