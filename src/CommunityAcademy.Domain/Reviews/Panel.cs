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
        // each sort key computed once (the name too), then one array sort by (aggregate desc, name, place in the input):
        // the order LINQ's stable OrderByDescending(aggregate).ThenBy(name) gives, without its delegates and key arrays
        var keys = new List<Key<T>>(items.TryGetNonEnumeratedCount(out var n) ? n : 0);
        foreach (var (item, aggregate) in items)
            if (aggregate is { } a) keys.Add(new Key<T>(item, a, name(item), keys.Count));
        var sorted = keys.ToArray();
        Array.Sort(sorted, new KeyOrder<T>(names is null || ReferenceEquals(names, StringComparer.Ordinal) ? null : names));
        var result = new Ranked<T>[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var rank = i > 0 && sorted[i].Aggregate == sorted[i - 1].Aggregate ? result[i - 1].Rank : i + 1;
            result[i] = new Ranked<T>(rank, sorted[i].Item, sorted[i].Aggregate);
        }
        return result;
    }

    private readonly record struct Key<T>(T Item, decimal Aggregate, string Name, int Index);

    /// <summary>Highest aggregate first; within a tie by name (ordinal when <paramref name="names"/> is null), then as given.</summary>
    private sealed class KeyOrder<T>(IComparer<string>? names) : IComparer<Key<T>>
    {
        public int Compare(Key<T> a, Key<T> b)
        {
            var k = b.Aggregate.CompareTo(a.Aggregate);
            if (k != 0) return k;
            k = names is null ? string.CompareOrdinal(a.Name, b.Name) : names.Compare(a.Name, b.Name);
            return k != 0 ? k : a.Index.CompareTo(b.Index);
        }
    }
}
