namespace CommunityAcademy.Domain.Reviews;

/// <summary>How a criterion is scored: points from Min to Max (1–10, 0–100), or named levels (优秀/良好/…).</summary>
public abstract record Scale
{
    /// <summary>1–10, the default for plans.</summary>
    public static readonly Scale OneToTen = new Points(1, 10);
    public static readonly Scale Percent = new Points(0, 100);

    /// <summary>The score on 0–100; null when the value is not on the scale.</summary>
    public abstract decimal? Normalise(decimal value);

    /// <summary>Null when <paramref name="value"/> is on the scale; otherwise the rule it breaks, naming <paramref name="criterion"/>.</summary>
    public abstract Error? Check(decimal value, string criterion = "");
}

/// <summary>Whole or half points from <see cref="Min"/> to <see cref="Max"/>.</summary>
public sealed record Points(int Min, int Max) : Scale
{
    public override Error? Check(decimal value, string criterion = "") =>
        value < Min || value > Max ? new Error("Review.OutOfScale", criterion, value, Min, Max)
        : value * 2 != decimal.Truncate(value * 2) ? new Error("Review.HalfPoints", criterion, value)
        : null;

    public override decimal? Normalise(decimal value) =>
        Check(value) is not null ? null : Max == Min ? 100m : (value - Min) * 100m / (Max - Min);
}

/// <summary>A level with the value it counts for and what it means (描述).</summary>
public sealed record Level(string Name, decimal Value, string? Descriptor = null);

/// <summary>Named levels; a score is one of the levels' values. Normalised by value between the lowest and the highest.</summary>
public sealed record Levels(IReadOnlyList<Level> Items) : Scale
{
    public override Error? Check(decimal value, string criterion = "") =>
        Items.Any(l => l.Value == value) ? null : new Error("Review.NotALevel", criterion, value, string.Join("、", Items.Select(l => l.Name)));

    public override decimal? Normalise(decimal value)
    {
        if (Check(value) is not null) return null;
        var min = Items.Min(l => l.Value);
        var max = Items.Max(l => l.Value);
        return max == min ? 100m : (value - min) * 100m / (max - min);
    }
}

/// <summary>One criterion (评分维度) of a rubric: a stable key, its name, its weight.</summary>
public sealed record Criterion(string Key, string Name, decimal Weight, Scale Scale, string? Description = null);

/// <summary>How a panel's scores make one: the mean, or the trimmed mean (highest and lowest dropped) from
/// <see cref="Rubric.TrimFrom"/> reviewers on.</summary>
public enum AggregateRule { Mean, TrimmedMean }

/// <summary>
/// A rubric (评分标准), versioned: a score keeps the version it was given under. Criteria with weights and a scale;
/// how a panel aggregates; the spread between reviewers above which a submission is flagged (0–100 points).
/// </summary>
public sealed record Rubric(string Name, int Version, IReadOnlyList<Criterion> Criteria, AggregateRule Rule = AggregateRule.Mean, decimal FlagSpread = 20m)
{
    /// <summary>A trimmed mean needs at least this many reviewers; below it the mean is used (and the page says so).</summary>
    public const int TrimFrom = 5;

    /// <summary>Seed 002's mentors: 可行性、实用性、创新性、合理性、持续性, equal weights, 1–10.</summary>
    public static Rubric DefaultForPlans() => new("方案评分", 1,
    [
        new("feasibility", "可行性", 1, Scale.OneToTen), new("practicality", "实用性", 1, Scale.OneToTen),
        new("innovation", "创新性", 1, Scale.OneToTen), new("rationality", "合理性", 1, Scale.OneToTen),
        new("sustainability", "持续性", 1, Scale.OneToTen),
    ]);

    /// <summary>Null when the rubric can be used: criteria with distinct keys, positive weights, a valid scale.</summary>
    public Error? Check()
    {
        if (Criteria.Count == 0) return new Error("Review.NoCriteria");
        if (Criteria.Select(c => c.Key).Distinct().Count() != Criteria.Count) return new Error("Review.DuplicateCriterion");
        if (Criteria.FirstOrDefault(c => c.Weight <= 0) is { } w) return new Error("Review.Weight", w.Name);
        foreach (var c in Criteria)
            switch (c.Scale)
            {
                case Points p when p.Max <= p.Min: return new Error("Review.ScaleRange", c.Name);
                case Levels l when l.Items.Count < 2 || l.Items.Select(x => x.Value).Distinct().Count() != l.Items.Count:
                    return new Error("Review.ScaleLevels", c.Name);
            }
        if (FlagSpread < 0 || FlagSpread > 100) return new Error("Review.FlagSpread");
        return null;
    }

    /// <summary>
    /// One reviewer's score of a submission on 0–100: each criterion normalised, weighted. Every criterion must be
    /// scored and on its scale; otherwise the first rule broken.
    /// </summary>
    public Result<decimal> Total(IReadOnlyDictionary<string, decimal> values)
    {
        decimal sum = 0, weights = 0;
        foreach (var c in Criteria)
        {
            if (!values.TryGetValue(c.Key, out var v)) return new Error("Review.Missing", c.Name);
            if (c.Scale.Check(v, c.Name) is { } broken) return broken;
            sum += c.Weight * c.Scale.Normalise(v)!.Value;
            weights += c.Weight;
        }
        var unknown = values.Keys.FirstOrDefault(k => Criteria.All(c => c.Key != k));
        if (unknown is not null) return new Error("Review.UnknownCriterion", unknown);
        return Result<decimal>.Ok(Math.Round(sum / weights, 2));
    }
}
