namespace CommunityAcademy.Domain.Scores;

/// <summary>
/// How many 优秀学员 to choose (#19): a number (<see cref="Count"/>) or a share in percent of the ranked trainees
/// (<see cref="Share"/>), optionally at most <see cref="CapPerUnit"/> per unit at level <see cref="CapLevel"/> of the unit tree
/// (2 district, 3 street/town, 4 community/village).
/// </summary>
public sealed record SelectionRule(int? Count, int? Share, int? CapPerUnit, int? CapLevel)
{
    public const int MaxCount = 100_000;

    public Error? Check()
    {
        if ((Count is null) == (Share is null)) return new Error("Outstanding.CountOrShare");
        if (Count is < 1 or > MaxCount) return new Error("Outstanding.BadCount", MaxCount);
        if (Share is < 1 or > 100) return new Error("Outstanding.BadShare");
        if ((CapPerUnit is null) != (CapLevel is null)) return new Error("Outstanding.CapNeedsLevel");
        if (CapPerUnit is < 1 or > MaxCount) return new Error("Outstanding.BadCap");
        if (CapLevel is not (null or 2 or 3 or 4)) return new Error("Outstanding.BadLevel");
        return null;
    }

    /// <summary>
    /// The number asked for out of <paramref name="ranked"/> trainees: the count (at most all of them), or the share rounded
    /// down — a share is a ceiling (不超过 x%), so 10% of 25 is 2.
    /// </summary>
    public int Target(int ranked) => Count is { } n ? Math.Min(n, ranked) : ranked * Share!.Value / 100;
}

/// <summary>A ranked trainee: rank (ties share one), score, and the unit the cap counts them under (null: no unit at that level,
/// all such counted together as one).</summary>
public sealed record Candidate(long Id, int Rank, decimal Score, long? CapUnit);

/// <summary>
/// The selection: who is chosen, who was passed over because their unit was full, how many were asked (<see cref="Target"/>),
/// and how many more than that were taken because they tie at the cut line.
/// </summary>
public sealed record Selection(IReadOnlyList<Candidate> Chosen, IReadOnlyList<Candidate> Capped, int Target)
{
    /// <summary>Fewer than asked: the cap (or too few trainees) left only <see cref="Chosen"/>.Count.</summary>
    public bool Short => Chosen.Count < Target;
    /// <summary>Taken beyond the number asked because they share the rank at the cut line.</summary>
    public int TiedBeyond => Math.Max(0, Chosen.Count - Target);
}

public static class OutstandingSelection
{
    /// <summary>
    /// Walks the ranking (best first, as <c>Ranking.Rank</c> lists it) one rank at a time. A whole rank is taken while fewer
    /// than the target are chosen, so trainees tied at the cut line are all chosen (the list may be longer than asked; the
    /// page says by how many) — none is dropped by name. The cap per unit is never exceeded: a trainee whose unit is full is
    /// passed over (listed in <see cref="Selection.Capped"/>) and the next rank moves up; within one rank a unit's last places
    /// go in the ranking's order (by name). When the ranking runs out first, the selection is short and says so.
    /// </summary>
    public static Selection Select(IReadOnlyList<Candidate> ranked, SelectionRule rule)
    {
        var target = rule.Target(ranked.Count);
        var chosen = new List<Candidate>();
        var capped = new List<Candidate>();
        var perUnit = new Dictionary<long, int>(); // -1: no unit at the level
        var i = 0;
        while (i < ranked.Count && chosen.Count < target)
        {
            var rank = ranked[i].Rank;
            for (; i < ranked.Count && ranked[i].Rank == rank; i++)
            {
                var c = ranked[i];
                if (rule.CapPerUnit is { } cap)
                {
                    var key = c.CapUnit ?? -1;
                    var n = perUnit.GetValueOrDefault(key);
                    if (n >= cap) { capped.Add(c); continue; }
                    perUnit[key] = n + 1;
                }
                chosen.Add(c);
            }
        }
        return new Selection(chosen, capped, target);
    }
}
