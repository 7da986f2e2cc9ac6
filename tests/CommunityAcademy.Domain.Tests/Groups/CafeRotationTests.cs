using CommunityAcademy.Domain.Groups;

namespace CommunityAcademy.Domain.Tests.Groups;

public class CafeRotationTests
{
    private static List<CafePerson> Hosts(int t) => Enumerable.Range(1, t).Select(i => new CafePerson(i)).ToList();
    private static List<CafePerson> Travellers(int n, int t) => Enumerable.Range(t + 1, n - t).Select(i => new CafePerson(i)).ToList();

    private static CafeRotation Generate(int n, int t, int r, int seed = 1, int? iterations = 30_000) =>
        CafeRotations.Generate(new CafeRequest(Hosts(t), Travellers(n, t), r, seed, Iterations: iterations)).Value!;

    // Every round: each present person exactly once, host t first at table t, sizes within one.
    private static void AssertValid(long[][][] rounds, IReadOnlyList<CafePerson> hosts, Func<int, IEnumerable<long>> presentTravellers)
    {
        for (var r = 0; r < rounds.Length; r++)
        {
            var round = rounds[r];
            Assert.Equal(hosts.Count, round.Length);
            for (var t = 0; t < round.Length; t++) Assert.Equal(hosts[t].Id, round[t][0]);
            var seated = round.SelectMany(x => x).OrderBy(x => x).ToList();
            Assert.Equal(hosts.Select(h => h.Id).Concat(presentTravellers(r)).OrderBy(x => x).ToList(), seated);
            Assert.True(round.Max(x => x.Length) - round.Min(x => x.Length) <= 1, $"round {r + 1} sizes");
        }
    }

    [Theory]
    [InlineData(10, 5, 3, 1)]
    [InlineData(29, 5, 5, 2)]
    [InlineData(23, 4, 6, 3)]   // more rounds than tables
    [InlineData(31, 6, 4, 4)]
    [InlineData(40, 7, 7, 5)]
    public void Every_round_is_a_partition_with_hosts_fixed_sizes_balanced_and_true_figures(int n, int t, int r, int seed)
    {
        var rot = Generate(n, t, r, seed);
        Assert.Equal(r, rot.Rounds.Length);
        AssertValid(rot.Rounds, Hosts(t), _ => Travellers(n, t).Select(p => p.Id));
        var measured = CafeRotations.Measure(rot.Rounds, Hosts(t).Concat(Travellers(n, t)));
        Assert.Equal(measured, rot.Figures);
        Assert.True(measured.TablesBalanced);
        if (r <= t) Assert.True(measured.NoTravellerRepeatsATable);
        Assert.True(rot.Figures.MaxMeetings >= rot.Bounds.MaxMeetings);
        Assert.True(rot.Figures.PairsMeetingMoreThanOnce >= rot.Bounds.PairsMeetingMoreThanOnce);
    }

    [Fact]
    public void The_same_seed_gives_the_same_rotation()
    {
        var a = Generate(29, 5, 5, seed: 7);
        var b = Generate(29, 5, 5, seed: 7);
        Assert.Equal(Flat(a.Rounds), Flat(b.Rounds));
    }

    private static string Flat(long[][][] rounds) => string.Join("|", rounds.Select(r => string.Join(";", r.Select(t => string.Join(",", t)))));

    [Fact]
    public void Twenty_five_people_at_five_tables_for_five_rounds_meet_at_most_once_and_visit_every_table()
    {
        var rot = Generate(25, 5, 5, iterations: null);
        Assert.True(rot.Constructed);
        Assert.Equal(1, rot.Figures.MaxMeetings);
        Assert.Equal(0, rot.Figures.PairsMeetingMoreThanOnce);
        foreach (var traveller in Travellers(25, 5))
            Assert.Equal([0, 1, 2, 3, 4], rot.Rounds.Select(r => Array.FindIndex(r, t => t.Contains(traveller.Id))).Order());
        Assert.Equal(0, rot.Bounds.RoundPairCoincidences);
    }

    [Fact]
    public void People_of_one_unit_are_kept_apart_in_the_construction()
    {
        // 20 travellers of 4 units of 5: each unit fits one a-class, whose members never meet.
        var travellers = Enumerable.Range(6, 20).Select(i => new CafePerson(i, UnitId: 100 + (i - 6) / 5)).ToList();
        var rot = CafeRotations.Generate(new CafeRequest(Hosts(5), travellers, 5, Seed: 3)).Value!;
        Assert.Equal(0, rot.Figures.SameUnitMeetings);
        Assert.Equal(1, rot.Figures.MaxMeetings);
        Assert.Equal(CafeRotations.Measure(rot.Rounds, Hosts(5).Concat(travellers)), rot.Figures);
    }

    [Fact]
    public void Districts_and_genders_are_spread_when_nothing_above_them_suffers()
    {
        var travellers = Enumerable.Range(7, 24).Select(i => new CafePerson(i, DistrictId: i % 3, Gender: i % 2 == 0 ? "F" : "M")).ToList();
        var rot = CafeRotations.Generate(new CafeRequest(Hosts(6), travellers, 3, Seed: 5, Iterations: 60_000)).Value!;
        var measured = CafeRotations.Measure(rot.Rounds, Hosts(6).Concat(travellers));
        Assert.Equal(measured, rot.Figures);
        Assert.True(rot.Figures.DistrictExcess <= 3, $"district excess {rot.Figures.DistrictExcess}");
        Assert.True(rot.Figures.GenderExcess <= 3, $"gender excess {rot.Figures.GenderExcess}");
        Assert.Equal(1, rot.Figures.MaxMeetings);
    }

    [Fact]
    public void Seed_001_has_the_issue_s_counting_bound_of_40()
    {
        var rot = Generate(29, 5, 5);
        Assert.Equal(40, rot.Bounds.RoundPairCoincidences);
        Assert.Equal(2, rot.Bounds.MaxMeetings);
        var m = rot.Figures.MaxMeetings;
        Assert.Equal((40 + m * (m - 1) / 2 - 1) / (m * (m - 1) / 2), rot.Bounds.PairsMeetingMoreThanOnce);
        Assert.True(rot.Figures.PairsMeetingMoreThanOnce >= rot.Bounds.PairsMeetingMoreThanOnce);
    }

    [Fact]
    public void Regenerating_keeps_the_played_rounds_drops_the_absent_and_seats_the_late()
    {
        var first = Generate(29, 5, 5, seed: 3);
        var played = first.Rounds.Take(2).ToArray();
        var absent = new long[] { 8, 17 };
        var travellers = Travellers(29, 5).Where(p => !absent.Contains(p.Id)).Append(new CafePerson(100)).ToList();
        var again = CafeRotations.Generate(new CafeRequest(Hosts(5), travellers, 5, Seed: 4, Played: played, Iterations: 30_000)).Value!;
        Assert.Equal(Flat(played), Flat(again.Rounds.Take(2).ToArray()));
        AssertValid(again.Rounds, Hosts(5), r => r < 2
            ? Travellers(29, 5).Select(p => p.Id)
            : travellers.Select(p => p.Id));
        var everyone = Hosts(5).Concat(travellers).Append(new CafePerson(8)).Append(new CafePerson(17));
        Assert.Equal(CafeRotations.Measure(again.Rounds, everyone), again.Figures);
        Assert.True(again.Figures.RepeatedTableVisits == 0, $"{again.Figures.RepeatedTableVisits} repeated visits");
    }

    [Fact]
    public void Fewer_than_two_people_per_table_and_malformed_played_rounds_are_refused()
    {
        var tooFew = CafeRotations.Generate(new CafeRequest(Hosts(5), Travellers(9, 5), 5));
        Assert.Equal("Cafe.TooFewPeople", tooFew.Error?.Code);
        Assert.Equal("Cafe.NoTables", CafeRotations.Generate(new CafeRequest([], Travellers(9, 0), 2)).Error?.Code);
        Assert.Equal("Cafe.Rounds", CafeRotations.Generate(new CafeRequest(Hosts(2), Travellers(6, 2), 0)).Error?.Code);
        Assert.Equal("Cafe.DuplicatePerson", CafeRotations.Generate(new CafeRequest(Hosts(2), [new(3), new(3)], 2)).Error?.Code);
        var moved = new[] { new[] { new long[] { 2, 3 }, new long[] { 1, 4 } } }; // hosts at each other's tables
        Assert.Equal("Cafe.PlayedShape", CafeRotations.Generate(new CafeRequest(Hosts(2), Travellers(4, 2), 2, Played: moved)).Error?.Code);
        Assert.True(CafeRotations.Generate(new CafeRequest(Hosts(5), Travellers(10, 5), 5)).IsOk);
    }

    [Fact]
    public void A_swap_by_hand_exchanges_two_travellers_and_the_figures_follow()
    {
        var rot = Generate(25, 5, 5, iterations: null);
        var round = rot.Rounds[1];
        long a = round[0][1], b = round[1][1];
        var swapped = CafeRotations.Swap(rot.Rounds, 1, a, b);
        Assert.True(swapped.IsOk);
        Assert.Contains(b, swapped.Value![1][0]);
        Assert.Contains(a, swapped.Value[1][1]);
        Assert.Contains(a, rot.Rounds[1][0]); // the original is untouched
        var figures = CafeRotations.Measure(swapped.Value, Hosts(25).Take(5).Concat(Travellers(25, 5)));
        Assert.True(figures.MaxMeetings >= 2); // the perfect plan loses its perfection
        Assert.False(figures.NoTravellerRepeatsATable);
        Assert.Equal("Cafe.SwapHost", CafeRotations.Swap(rot.Rounds, 1, round[0][0], b).Error?.Code);
        Assert.Equal("Cafe.SwapSameTable", CafeRotations.Swap(rot.Rounds, 1, round[0][1], round[0][2]).Error?.Code);
        Assert.Equal("Cafe.SwapNotInRound", CafeRotations.Swap(rot.Rounds, 1, 999, b).Error?.Code);
    }

    [Fact]
    public void Two_hundred_people_at_twenty_tables_for_six_rounds_meet_at_most_twice_and_rarely()
    {
        var rot = Generate(200, 20, 6, iterations: null);
        Assert.True(rot.Figures.MaxMeetings <= 2);
        Assert.True(rot.Figures.PairsMeetingMoreThanOnce <= 43, $"{rot.Figures.PairsMeetingMoreThanOnce} pairs meet twice");
        Assert.True(rot.Figures.NoTravellerRepeatsATable);
    }
}
