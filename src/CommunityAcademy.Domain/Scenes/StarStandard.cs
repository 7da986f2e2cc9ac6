namespace CommunityAcademy.Domain.Scenes;

/// <summary>Where an indicator's score comes from: an assessor's judgement, or residents' preference cards.</summary>
public enum IndicatorSource { Assessment, Cards }

/// <summary>
/// One indicator (指标) of a dimension: scored 0…<paramref name="MaxScore"/> by an assessor, or — where the standard says
/// so (<see cref="IndicatorSource.Cards"/>) — from the scene's preference cards: full marks at <paramref name="CardTarget"/>
/// counted cards (duplicates left out), in proportion below.
/// </summary>
public sealed record Indicator(string Key, string Name, decimal MaxScore, string? HowScored = null,
    IndicatorSource Source = IndicatorSource.Assessment, int CardTarget = 0);

/// <summary>A dimension (维度) of the standard: its indicators.</summary>
public sealed record Dimension(string Key, string Name, IReadOnlyList<Indicator> Indicators);

/// <summary>The total (inclusive bounds) that earns <paramref name="Stars"/> stars.</summary>
public sealed record StarThreshold(int Stars, decimal Min, decimal Max);

/// <summary>
/// The contents of one version of a star standard (新修订版社区品质生活场景星级标准): dimensions → indicators → how each
/// is scored, and the totals for one to five stars. Immutable once stored: a change is a new version.
/// </summary>
public sealed record StarStandard(IReadOnlyList<Dimension> Dimensions, IReadOnlyList<StarThreshold> Thresholds)
{
    public IEnumerable<Indicator> Indicators => Dimensions.SelectMany(d => d.Indicators);
    public decimal MaxTotal => Indicators.Sum(i => i.MaxScore);
}

/// <summary>The stars of one assessment: the total of its indicator scores and the stars that total earns (0: below one star).</summary>
public sealed record StarResult(decimal Total, int Stars);

/// <summary>Pure rules of the star standard: checking a version, scoring an assessment under it.</summary>
public static class StarRules
{
    public const int MaxIndicators = 200;
    public const int MaxNameLength = 200;

    /// <summary>Refuses a standard with no indicators, duplicate keys, bad maxima, missing or overlapping thresholds.</summary>
    public static Error? Check(StarStandard s)
    {
        if (s.Dimensions.Count == 0 || !s.Indicators.Any()) return new Error("Scenes.NoIndicators");
        if (s.Indicators.Count() > MaxIndicators) return new Error("Scenes.TooManyIndicators", MaxIndicators);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in s.Dimensions)
        {
            if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > MaxNameLength) return new Error("Scenes.BadName", d.Key);
            if (!keys.Add("d:" + d.Key)) return new Error("Scenes.DuplicateKey", d.Key);
            foreach (var i in d.Indicators)
            {
                if (string.IsNullOrWhiteSpace(i.Key) || !keys.Add(i.Key)) return new Error("Scenes.DuplicateKey", i.Key ?? "");
                if (string.IsNullOrWhiteSpace(i.Name) || i.Name.Length > MaxNameLength) return new Error("Scenes.BadName", i.Key);
                if (i.MaxScore <= 0 || i.MaxScore > 1000) return new Error("Scenes.BadMaxScore", i.Key, i.MaxScore);
                if (i.Source == IndicatorSource.Cards && i.CardTarget is <= 0 or > 100_000) return new Error("Scenes.BadCardTarget", i.Key);
            }
        }
        var stars = s.Thresholds.Select(t => t.Stars).OrderBy(x => x).ToList();
        if (!stars.SequenceEqual([1, 2, 3, 4, 5])) return new Error("Scenes.ThresholdsOneToFive");
        foreach (var t in s.Thresholds)
            if (t.Min > t.Max || t.Min < 0 || t.Max > s.MaxTotal) return new Error("Scenes.BadThreshold", t.Stars, t.Min, t.Max, s.MaxTotal);
        var ordered = s.Thresholds.OrderBy(t => t.Stars).ToList();
        for (var a = 0; a < ordered.Count; a++)
            for (var b = a + 1; b < ordered.Count; b++)
                if (ordered[a].Min <= ordered[b].Max && ordered[b].Min <= ordered[a].Max)
                    return new Error("Scenes.OverlappingThresholds", ordered[a].Stars, ordered[b].Stars);
        for (var a = 0; a + 1 < ordered.Count; a++)
            if (ordered[a + 1].Min <= ordered[a].Min) return new Error("Scenes.ThresholdsOrder", ordered[a + 1].Stars);
        return null;
    }

    /// <summary>The score a card-fed indicator gets from <paramref name="countedCards"/> (duplicates already left out).</summary>
    public static decimal CardScore(Indicator i, int countedCards) =>
        i.CardTarget <= 0 ? 0 : Math.Round(i.MaxScore * Math.Min(1m, (decimal)countedCards / i.CardTarget), 2);

    /// <summary>
    /// Scores an assessment: every assessed indicator needs a score in 0…max; card-fed indicators take
    /// <see cref="CardScore"/> (what an assessor typed for them is ignored). A retired version refuses new assessments.
    /// </summary>
    public static Result<(StarResult Result, IReadOnlyDictionary<string, decimal> Scores)> Score(
        StarStandard s, bool retired, IReadOnlyDictionary<string, decimal?> typed, int countedCards)
    {
        if (retired) return new Error("Scenes.RetiredVersion");
        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var i in s.Indicators)
        {
            if (i.Source == IndicatorSource.Cards) { scores[i.Key] = CardScore(i, countedCards); continue; }
            if (!typed.TryGetValue(i.Key, out var v) || v is null) return new Error("Scenes.MissingScore", i.Name);
            if (v < 0 || v > i.MaxScore) return new Error("Scenes.ScoreOutOfRange", i.Name, i.MaxScore);
            scores[i.Key] = v.Value;
        }
        foreach (var k in typed.Keys)
            if (!scores.ContainsKey(k)) return new Error("Scenes.UnknownIndicator", k);
        var total = scores.Values.Sum();
        return Result<(StarResult, IReadOnlyDictionary<string, decimal>)>.Ok((new StarResult(total, StarsFor(s, total)), scores));
    }

    /// <summary>The stars a total earns under <paramref name="s"/>: the threshold containing it, else the highest one it passes, else 0.</summary>
    public static int StarsFor(StarStandard s, decimal total)
    {
        var hit = s.Thresholds.FirstOrDefault(t => total >= t.Min && total <= t.Max);
        if (hit is not null) return hit.Stars;
        return s.Thresholds.Where(t => total > t.Max).Select(t => t.Stars).DefaultIfEmpty(0).Max();
    }
}
