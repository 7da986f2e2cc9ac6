namespace CommunityAcademy.Domain.Groups;

/// <summary>A person to place in a group: an enrollment with its unit, the unit's district and gender (any may be unknown).</summary>
public sealed record FormingPerson(long Id, long? UnitId, long? DistrictId, string? Gender);

/// <summary>One formed group: its members in order; the unit it was formed from (one group per unit), else null.</summary>
public sealed record FormedGroup(long? UnitId, IReadOnlyList<long> Members);

/// <summary>How a grouping is formed (the page's and the API's "method").</summary>
public enum FormingMethod { ByUnit, Balanced, Teams, ByHand }

/// <summary>
/// 分组 (#16 point 1): forming a grouping's groups from the class's trainees. Pure and deterministic: the same people in
/// the same order give the same groups.
/// </summary>
public static class GroupForming
{
    /// <summary>At most this many groups in one grouping.</summary>
    public const int MaxGroups = 200;

    public static bool TryParse(string? s, out FormingMethod method)
    {
        method = s?.Trim().ToLowerInvariant() switch
        {
            "by_unit" or "unit" => FormingMethod.ByUnit,
            "balanced" => FormingMethod.Balanced,
            "teams" => FormingMethod.Teams,
            "by_hand" or "hand" => FormingMethod.ByHand,
            _ => (FormingMethod)(-1),
        };
        return Enum.IsDefined(method);
    }

    public static string Code(this FormingMethod m) => m switch
    {
        FormingMethod.ByUnit => "by_unit", FormingMethod.Balanced => "balanced", FormingMethod.Teams => "teams", _ => "by_hand",
    };

    /// <summary>Forms by the method; <paramref name="count"/> is the number of groups for Balanced and ByHand (ignored otherwise).</summary>
    public static Result<IReadOnlyList<FormedGroup>> Form(FormingMethod method, IReadOnlyList<FormingPerson> people, int count) => method switch
    {
        FormingMethod.ByUnit => ByUnit(people),
        FormingMethod.Balanced => Balanced(people, count),
        FormingMethod.Teams => Teams(people),
        _ => ByHand(count),
    };

    /// <summary>One group per unit, in the order the units first appear (people without a unit: one more group, UnitId null).</summary>
    public static Result<IReadOnlyList<FormedGroup>> ByUnit(IReadOnlyList<FormingPerson> people)
    {
        if (people.Count == 0) return new Error("Groups.NoPeople");
        var groups = people.GroupBy(p => p.UnitId).Select(g => new FormedGroup(g.Key, g.Select(p => p.Id).ToList())).ToList();
        if (groups.Count > MaxGroups) return new Error("Groups.TooManyGroups", MaxGroups);
        return Ok(groups);
    }

    private static Result<IReadOnlyList<FormedGroup>> Ok(IReadOnlyList<FormedGroup> groups) => Result<IReadOnlyList<FormedGroup>>.Ok(groups);

    /// <summary><paramref name="count"/> empty groups, filled by hand.</summary>
    public static Result<IReadOnlyList<FormedGroup>> ByHand(int count)
    {
        if (count < 1) return new Error("Groups.CountTooSmall");
        if (count > MaxGroups) return new Error("Groups.TooManyGroups", MaxGroups);
        return Ok(Enumerable.Range(0, count).Select(_ => new FormedGroup(null, [])).ToList());
    }

    /// <summary>
    /// <paramref name="count"/> groups whose sizes differ by at most one, each district, unit and gender spread over them
    /// as evenly as possible (see <see cref="Deal"/>).
    /// </summary>
    public static Result<IReadOnlyList<FormedGroup>> Balanced(IReadOnlyList<FormingPerson> people, int count)
    {
        if (count < 1) return new Error("Groups.CountTooSmall");
        if (people.Count == 0) return new Error("Groups.NoPeople");
        if (count > people.Count) return new Error("Groups.MoreGroupsThanPeople", count, people.Count);
        if (count > MaxGroups) return new Error("Groups.TooManyGroups", MaxGroups);
        var sizes = Enumerable.Range(0, count).Select(i => people.Count / count + (i < people.Count % count ? 1 : 0)).ToArray();
        return Ok(Deal(people, sizes));
    }

    /// <summary>
    /// The sizes of teams of three for <paramref name="n"/> people: all threes; one left over → one team of four; two left
    /// over → two teams of four when there are at least eight people, else one team of two (2 → [2], 5 → [3, 2]).
    /// Larger teams first. Fewer than two people: none.
    /// </summary>
    public static int[] TeamSizes(int n)
    {
        if (n < 2) return [];
        var threes = n / 3;
        return (n % 3) switch
        {
            0 => Enumerable.Repeat(3, threes).ToArray(),
            1 => [4, .. Enumerable.Repeat(3, threes - 1)],
            _ when n >= 8 => [4, 4, .. Enumerable.Repeat(3, threes - 2)],
            _ => [.. Enumerable.Repeat(3, threes), 2],
        };
    }

    /// <summary>三人小组: teams of <see cref="TeamSizes"/>, mixed across districts, units and genders as <see cref="Balanced"/> does.</summary>
    public static Result<IReadOnlyList<FormedGroup>> Teams(IReadOnlyList<FormingPerson> people)
    {
        if (people.Count < 2) return new Error("Groups.TooFewForTeams");
        var sizes = TeamSizes(people.Count);
        if (sizes.Length > MaxGroups) return new Error("Groups.TooManyGroups", MaxGroups);
        return Ok(Deal(people, sizes));
    }

    /// <summary>
    /// Places people into groups of the given sizes (larger first, within one of each other). People are taken by
    /// district, then unit (larger districts and units first, then in the given order), then gender, and dealt round
    /// the groups like cards: every district and every unit is a run of the deal, so each is spread within one over the
    /// groups. Then, while it evens out the genders, two people of the same unit and different genders in two groups
    /// change places (which leaves sizes, districts and units as they were).
    /// </summary>
    public static IReadOnlyList<FormedGroup> Deal(IReadOnlyList<FormingPerson> people, IReadOnlyList<int> sizes)
    {
        if (sizes.Sum() != people.Count) throw new ArgumentException("The sizes must add up to the number of people.", nameof(sizes));
        if (sizes.Zip(sizes.Skip(1)).Any(x => x.First < x.Second) || sizes.Count > 0 && sizes[0] - sizes[^1] > 1)
            throw new ArgumentException("The sizes must be larger first, within one of each other.", nameof(sizes));
        var n = sizes.Count;
        var position = people.Select((p, i) => (p, i)).ToDictionary(x => x.p.Id, x => x.i);
        var districtSize = people.GroupBy(p => p.DistrictId ?? 0).ToDictionary(g => g.Key, g => g.Count());
        var unitSize = people.GroupBy(p => p.UnitId ?? 0).ToDictionary(g => g.Key, g => g.Count());
        var firstOfDistrict = people.GroupBy(p => p.DistrictId ?? 0).ToDictionary(g => g.Key, g => g.Min(p => position[p.Id]));
        var firstOfUnit = people.GroupBy(p => p.UnitId ?? 0).ToDictionary(g => g.Key, g => g.Min(p => position[p.Id]));
        var ordered = people
            .OrderByDescending(p => districtSize[p.DistrictId ?? 0]).ThenBy(p => firstOfDistrict[p.DistrictId ?? 0])
            .ThenByDescending(p => unitSize[p.UnitId ?? 0]).ThenBy(p => firstOfUnit[p.UnitId ?? 0])
            .ThenBy(p => p.Gender ?? "", StringComparer.Ordinal).ThenBy(p => position[p.Id])
            .ToList();
        var members = Enumerable.Range(0, n).Select(_ => new List<FormingPerson>()).ToArray();
        var g = 0;
        foreach (var p in ordered)
        {
            while (members[g].Count >= sizes[g]) g = (g + 1) % n;
            members[g].Add(p);
            g = (g + 1) % n;
        }
        EvenGenders(members);
        return members.Select(m => new FormedGroup(null, m.OrderBy(x => position[x.Id]).Select(x => x.Id).ToList())).ToList();
    }

    /// <summary>Swaps same-unit people of different genders between groups while the sum of squared gender counts falls.</summary>
    private static void EvenGenders(List<FormingPerson>[] members)
    {
        int Count(int g, string? gender) => members[g].Count(m => m.Gender == gender);
        for (var improved = true; improved;)
        {
            improved = false;
            for (var a = 0; a < members.Length; a++)
                for (var b = a + 1; b < members.Length; b++)
                    for (var i = 0; i < members[a].Count; i++)
                    {
                        var x = members[a][i];
                        var j = members[b].FindIndex(y => y.UnitId == x.UnitId && y.Gender != x.Gender
                            // moving x to b and y to a: the change of Σ count² over the two genders
                            && 2 * (Count(b, x.Gender) - Count(a, x.Gender) + 1) + 2 * (Count(a, y.Gender) - Count(b, y.Gender) + 1) < 0);
                        if (j < 0) continue;
                        (members[a][i], members[b][j]) = (members[b][j], x);
                        improved = true;
                    }
        }
    }
}
