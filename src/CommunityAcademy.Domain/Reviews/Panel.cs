namespace CommunityAcademy.Domain.Reviews;

/// <summary>
/// One reviewer's submitted score of a submission: its total on 0–100 (<see cref="Rubric.Total"/>) and the rubric
/// version it was given under. <see cref="Accepted"/>: the organizer accepted a score of an older version for the ranking.
/// </summary>
public sealed record ReviewerScore(long ReviewerId, decimal Total, int RubricVersion, bool Accepted = false);

/// <summary>A panel's result: the aggregate (null: no score counts yet), the rule that made it, how many scores counted,
/// the scores left out for their older rubric version, the spread between reviewers and whether it is flagged.</summary>
public sealed record PanelResult(decimal? Aggregate, AggregateRule RuleApplied, int Counted, int OlderVersion, decimal Spread, bool Flagged)
{
    /// <summary>A trimmed mean was asked for but fewer than <see cref="Rubric.TrimFrom"/> scores counted: the mean was used.</summary>
    public bool TrimFellBackToMean { get; init; }
}

/// <summary>
/// What the panel rule needs of a submission's scores, as a database can sum them: how many count (current version or
/// accepted) with their sum, lowest and highest, and how many were left out for an older version.
/// </summary>
public sealed record PanelSums(int Counted, decimal Sum, decimal Min, decimal Max, int OlderVersion)
{
    public static readonly PanelSums None = new(0, 0, 0, 0, 0);

    /// <summary>The sums as a database keeps them, in hundredths of a point (totals are stored ×100).</summary>
    public static PanelSums FromHundredths(int counted, long sum, long min, long max, int older) =>
        counted == 0 ? None with { OlderVersion = older } : new(counted, Hundredths(sum), Hundredths(min), Hundredths(max), older);

    /// <summary><paramref name="x"/> / 100 exactly, without a decimal division (the ranking converts three per submission).</summary>
    public static decimal Hundredths(long x)
    {
        var m = (ulong)Math.Abs(x);
        return new decimal((int)(uint)m, (int)(uint)(m >> 32), 0, x < 0, 2);
    }

    /// <summary>The sums of <paramref name="scores"/> under <paramref name="rubric"/>'s version.</summary>
    public static PanelSums Of(Rubric rubric, IEnumerable<ReviewerScore> scores)
    {
        int counted = 0, older = 0;
        decimal sum = 0, min = decimal.MaxValue, max = decimal.MinValue;
        foreach (var s in scores)
        {
            if (s.RubricVersion != rubric.Version && !s.Accepted) { older++; continue; }
            counted++;
            sum += s.Total;
            min = Math.Min(min, s.Total);
            max = Math.Max(max, s.Total);
        }
        return counted == 0 ? None with { OlderVersion = older } : new PanelSums(counted, sum, min, max, older);
    }
}

public static class Panel
{
    /// <summary>
    /// Aggregates a submission's scores under <paramref name="rubric"/>: scores of another version count only when
    /// accepted; the trimmed mean drops one highest and one lowest from <see cref="Rubric.TrimFrom"/> scores on, below
    /// that the mean (and says so); flagged when the counted scores differ by more than the rubric's spread.
    /// </summary>
    public static PanelResult Aggregate(Rubric rubric, IEnumerable<ReviewerScore> scores) => FromSums(rubric, PanelSums.Of(rubric, scores));

    /// <summary>
    /// The same rule from the sums alone (the ranking of a whole review lets the database sum, <see cref="PanelSums"/>):
    /// the mean is the sum over the count; the trimmed mean takes the highest and the lowest out of the sum.
    /// </summary>
    public static PanelResult FromSums(Rubric rubric, PanelSums sums)
    {
        if (sums.Counted == 0) return new PanelResult(null, rubric.Rule, 0, sums.OlderVersion, 0, false);
        var spread = sums.Max - sums.Min;
        var trim = Trims(rubric, sums.Counted);
        return new PanelResult(Value(trim, sums.Counted, sums.Sum, sums.Min, sums.Max), trim ? AggregateRule.TrimmedMean : AggregateRule.Mean,
            sums.Counted, sums.OlderVersion, spread, spread > rubric.FlagSpread)
        {
            TrimFellBackToMean = rubric.Rule == AggregateRule.TrimmedMean && !trim,
        };
    }

    /// <summary>
    /// The aggregate alone of <see cref="FromSums"/> (the same rule, no result object), from the sums in hundredths as the
    /// database keeps them: what a class score needs of each of its tens of thousands of submissions. The lowest and the
    /// highest matter only when the rubric's rule may drop them (<see cref="UsesExtremes"/>): a caller may pass 0 otherwise.
    /// </summary>
    public static decimal? AggregateOfHundredths(Rubric rubric, int counted, long sum, long min, long max)
    {
        if (counted == 0) return null;
        var trim = Trims(rubric, counted);
        return Value(trim, counted, PanelSums.Hundredths(sum), trim ? PanelSums.Hundredths(min) : 0, trim ? PanelSums.Hundredths(max) : 0);
    }

    /// <summary>Whether the rubric's rule may need a panel's lowest and highest (a trimmed mean does; a mean does not).</summary>
    public static bool UsesExtremes(Rubric rubric) => rubric.Rule == AggregateRule.TrimmedMean;

    private static bool Trims(Rubric rubric, int counted) => rubric.Rule == AggregateRule.TrimmedMean && counted >= Rubric.TrimFrom;

    private static decimal Value(bool trim, int counted, decimal sum, decimal min, decimal max) =>
        Math.Round(trim ? (sum - max - min) / (counted - 2) : sum / counted, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Whether a reviewer may see the other reviewers' scores of a submission: only once their own is submitted
    /// (and always for the organizer, who is not on the panel).
    /// </summary>
    public static bool MaySeeOthers(bool reviewerHasSubmitted, bool isOrganizer) => isOrganizer || reviewerHasSubmitted;
}

/// <summary>A ranked submission: its rank (ties share one: 1, 2, 2, 4) and its aggregate.</summary>
public sealed record Ranked<T>(int Rank, T Item, decimal Aggregate);

public static class Ranking
{
    /// <summary>
    /// Standard competition ranking by aggregate, highest first: equal aggregates share a rank and the next rank skips
    /// (1, 2, 2, 4); within a tie, by <paramref name="name"/> in <paramref name="names"/>' order. Submissions without an
    /// aggregate are not ranked.
    /// </summary>
    public static IReadOnlyList<Ranked<T>> Rank<T>(IEnumerable<(T Item, decimal? Aggregate)> items, Func<T, string> name, IComparer<string>? names = null)
    {
        var all = items as IReadOnlyList<(T Item, decimal? Aggregate)> ?? items.ToList();
        var aggregates = new decimal?[all.Count];
        var keys = new string[all.Count];
        for (var i = 0; i < all.Count; i++)
            if ((aggregates[i] = all[i].Aggregate) is not null) keys[i] = name(all[i].Item);
        var (order, ranks) = Order(aggregates, keys, names);
        var result = new Ranked<T>[order.Length];
        for (var i = 0; i < order.Length; i++) result[i] = new Ranked<T>(ranks[i], all[order[i]].Item, aggregates[order[i]]!.Value);
        return result;
    }

    /// <summary>
    /// The rule of <see cref="Rank{T}"/> on parallel lists: the places (indexes into <paramref name="aggregates"/>) of the
    /// ranked items, best first, and each one's rank. <paramref name="names"/> is read only where an aggregate is given.
    /// </summary>
    public static (int[] Order, int[] Ranks) Order(IReadOnlyList<decimal?> aggregates, IReadOnlyList<string> names, IComparer<string>? comparer = null)
    {
        comparer ??= StringComparer.Ordinal;
        var ranked = 0;
        for (var i = 0; i < aggregates.Count; i++) if (aggregates[i] is not null) ranked++;
        // first every ranked item by name, equal names in their given order ...
        var byName = new int[ranked];
        var keys = new string[ranked];
        for (int i = 0, k = 0; i < aggregates.Count; i++)
            if (aggregates[i] is not null) (byName[k], keys[k++]) = (i, names[i]);
        Array.Sort(keys, byName, comparer);
        for (var i = 0; i < ranked;)
        {
            var j = i + 1;
            while (j < ranked && comparer.Compare(keys[i], keys[j]) == 0) j++;
            if (j - i > 1) Array.Sort(byName, i, j - i);
            i = j;
        }
        // ... then, keeping that order within each aggregate, the aggregates highest first: the order a stable sort by
        // aggregate, then name, gives, with one name sort and a pass per item (aggregates repeat: a review's have few values)
        var groups = new Dictionary<decimal, List<int>>();
        foreach (var i in byName)
        {
            var a = aggregates[i]!.Value;
            if (!groups.TryGetValue(a, out var list)) groups[a] = list = [];
            list.Add(i);
        }
        var values = groups.Keys.ToArray();
        Array.Sort(values);
        var order = new int[ranked];
        var ranks = new int[ranked];
        var at = 0;
        for (var v = values.Length - 1; v >= 0; v--)
        {
            var list = groups[values[v]];
            list.CopyTo(order, at);
            Array.Fill(ranks, at + 1, at, list.Count);
            at += list.Count;
        }
        return (order, ranks);
    }
}
