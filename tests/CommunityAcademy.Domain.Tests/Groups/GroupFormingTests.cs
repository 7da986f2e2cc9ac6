using CommunityAcademy.Domain.Groups;

namespace CommunityAcademy.Domain.Tests.Groups;

public class GroupFormingTests
{
    /// <summary>Seed 002: 11 communities of 团城山街道, four people each (书记 and three others).</summary>
    private static List<FormingPerson> Seed002()
    {
        var list = new List<FormingPerson>();
        var id = 1;
        for (var unit = 101; unit <= 111; unit++)
            for (var k = 0; k < 4; k++) list.Add(new FormingPerson(id++, unit, 10, k % 2 == 0 ? "女" : "男"));
        return list;
    }

    /// <summary>A class of several districts of unequal size, units of unequal size, mixed genders.</summary>
    private static List<FormingPerson> Mixed(int seed, int people)
    {
        var rng = new Random(seed);
        var list = new List<FormingPerson>();
        for (var i = 1; i <= people; i++)
        {
            var district = rng.Next(3) == 0 ? 1 : rng.Next(2, 5);
            var unit = district * 100 + rng.Next(1, 4);
            list.Add(new FormingPerson(i, unit, district, rng.Next(3) == 0 ? "男" : "女"));
        }
        return list;
    }

    [Fact]
    public void One_group_per_unit_makes_seed_002s_eleven_groups_in_the_order_of_the_units()
    {
        var people = Seed002();
        var groups = GroupForming.ByUnit(people).Value!;
        Assert.Equal(11, groups.Count);
        Assert.Equal(Enumerable.Range(101, 11).Select(u => (long?)u), groups.Select(g => g.UnitId));
        Assert.All(groups, g => Assert.Equal(4, g.Members.Count));
        Assert.All(groups, g => Assert.All(g.Members, m => Assert.Equal(g.UnitId, people.Single(p => p.Id == m).UnitId)));
    }

    [Fact]
    public void People_without_a_unit_form_one_more_group()
    {
        var groups = GroupForming.ByUnit([new(1, 5, 1, null), new(2, null, null, null), new(3, 5, 1, null)]).Value!;
        Assert.Equal([[1L, 3L], [2L]], groups.Select(g => g.Members.ToArray()).ToArray());
        Assert.Null(groups[1].UnitId);
    }

    [Theory]
    [InlineData(1, 29, 5)]
    [InlineData(2, 44, 11)]
    [InlineData(3, 60, 7)]
    [InlineData(4, 17, 4)]
    [InlineData(5, 200, 20)]
    public void Balanced_groups_have_sizes_within_one_and_every_district_and_unit_spread_within_one(int seed, int n, int count)
    {
        var people = Mixed(seed, n);
        var groups = GroupForming.Balanced(people, count).Value!;
        Assert.Equal(count, groups.Count);
        Assert.True(groups.Max(g => g.Members.Count) - groups.Min(g => g.Members.Count) <= 1);
        Assert.Equal(people.Select(p => p.Id).Order(), groups.SelectMany(g => g.Members).Order()); // a partition
        var byId = people.ToDictionary(p => p.Id);
        foreach (var (name, key) in new (string, Func<FormingPerson, long?>)[] { ("unit", p => p.UnitId), ("district", p => p.DistrictId) })
            foreach (var value in people.Select(key).Distinct())
            {
                var counts = groups.Select(g => g.Members.Count(m => key(byId[m]) == value)).ToList();
                Assert.True(counts.Max() - counts.Min() <= 1, $"{name} {value}: {string.Join(",", counts)}");
            }
        // gender: as even as the sizes allow — never more than two apart
        foreach (var gender in new[] { "男", "女" })
        {
            var counts = groups.Select(g => g.Members.Count(m => byId[m].Gender == gender)).ToList();
            Assert.True(counts.Max() - counts.Min() <= 2, $"{gender}: {string.Join(",", counts)}");
        }
    }

    [Fact]
    public void Balanced_spreads_the_genders_of_a_class_of_one_unit()
    {
        var people = Enumerable.Range(1, 12).Select(i => new FormingPerson(i, 7, 1, i <= 4 ? "男" : "女")).ToList();
        var groups = GroupForming.Balanced(people, 4).Value!;
        Assert.All(groups, g => Assert.Equal(1, g.Members.Count(m => m <= 4)));
    }

    [Fact]
    public void Forming_is_deterministic()
    {
        var a = GroupForming.Balanced(Mixed(9, 50), 6).Value!.Select(g => string.Join(",", g.Members));
        var b = GroupForming.Balanced(Mixed(9, 50), 6).Value!.Select(g => string.Join(",", g.Members));
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(2, new[] { 2 })]
    [InlineData(3, new[] { 3 })]
    [InlineData(4, new[] { 4 })]
    [InlineData(5, new[] { 3, 2 })]
    [InlineData(7, new[] { 4, 3 })]
    [InlineData(8, new[] { 4, 4 })]
    [InlineData(29, new[] { 4, 4, 3, 3, 3, 3, 3, 3, 3 })]
    [InlineData(30, new[] { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 })]
    public void Teams_are_threes_with_the_remainder_as_fours_or_one_two(int n, int[] sizes)
    {
        Assert.Equal(sizes, GroupForming.TeamSizes(n));
        var groups = GroupForming.Teams(Mixed(n, n)).Value!;
        Assert.Equal(sizes, groups.Select(g => g.Members.Count));
    }

    [Fact]
    public void Teams_mix_units()
    {
        var groups = GroupForming.Teams(Seed002()).Value!; // 44 people, 11 units of four
        Assert.All(groups, g => Assert.Equal(g.Members.Count, g.Members.Select(m => (m - 1) / 4).Distinct().Count()));
    }

    [Fact]
    public void By_hand_makes_empty_groups()
    {
        var groups = GroupForming.ByHand(3).Value!;
        Assert.Equal(3, groups.Count);
        Assert.All(groups, g => Assert.Empty(g.Members));
    }

    [Fact]
    public void Bad_input_is_an_error_not_an_exception()
    {
        var people = Seed002();
        Assert.Equal("Groups.CountTooSmall", GroupForming.Balanced(people, 0).Error!.Code);
        Assert.Equal("Groups.MoreGroupsThanPeople", GroupForming.Balanced(people, 45).Error!.Code);
        Assert.Equal("Groups.NoPeople", GroupForming.Balanced([], 3).Error!.Code);
        Assert.Equal("Groups.NoPeople", GroupForming.ByUnit([]).Error!.Code);
        Assert.Equal("Groups.TooFewForTeams", GroupForming.Teams([people[0]]).Error!.Code);
        Assert.Equal("Groups.CountTooSmall", GroupForming.ByHand(0).Error!.Code);
        Assert.Equal("Groups.TooManyGroups", GroupForming.ByHand(GroupForming.MaxGroups + 1).Error!.Code);
        Assert.False(GroupForming.TryParse("random", out _));
        Assert.True(GroupForming.TryParse("balanced", out var m) && m == FormingMethod.Balanced);
    }
}
