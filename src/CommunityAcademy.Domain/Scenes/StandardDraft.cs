using System.Globalization;
using System.Text.RegularExpressions;

namespace CommunityAcademy.Domain.Scenes;

/// <summary>One indicator as typed in the standard's form: numbers still text, so that "abc" earns a message, not a 400.</summary>
public sealed record IndicatorDraft(string? Key, string? Name, string? MaxScore, string? Source, string? HowScored, string? CardTarget);

/// <summary>One dimension as typed in the standard's form.</summary>
public sealed record DimensionDraft(string? Key, string? Name, IReadOnlyList<IndicatorDraft> Indicators);

/// <summary>The total range for <paramref name="Stars"/> stars as typed.</summary>
public sealed record ThresholdDraft(int Stars, string? Min, string? Max);

/// <summary>
/// A rule broken by one field of the form. <paramref name="Field"/>: <c>d{n}.name</c>, <c>d{n}</c> (the dimension),
/// <c>d{n}.i{m}.name|max|how|target</c>, <c>t{stars}.min|max</c>, <c>t{stars}</c> (the range), or "" (the standard).
/// </summary>
public sealed record FieldError(string Field, Error Error);

/// <summary>
/// The star standard edited as a form (#25 point 1): organizers type dimensions → indicators (name, weight as the maximum
/// score, how scored: an assessor's typed score or residents' cards) → one to five stars' ranges, never JSON. Reads a
/// draft into a <see cref="StarStandard"/> with every broken rule at its field (empty or long names, weights, card
/// targets, ranges out of 0…total, overlapping or out of order); <see cref="StarRules.Check"/> holds on what it returns.
/// Keys are not typed: a row keeps its key from the version it was copied from, a new row gets a fresh one.
/// </summary>
public static partial class StandardDraft
{
    public const int MaxHowScored = 1000;
    public const int MaxDimensions = 50;
    public const int MaxNumberText = 20;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();

    public static (IReadOnlyList<DimensionDraft> Dimensions, IReadOnlyList<ThresholdDraft> Thresholds) From(StarStandard s) =>
        (s.Dimensions.Select(d => new DimensionDraft(d.Key, d.Name, d.Indicators.Select(i => new IndicatorDraft(i.Key, i.Name, Text(i.MaxScore),
            i.Source == IndicatorSource.Cards ? "cards" : "assessment", i.HowScored, i.Source == IndicatorSource.Cards ? i.CardTarget.ToString(CultureInfo.InvariantCulture) : null)).ToList())).ToList(),
         Enumerable.Range(1, 5).Select(n => s.Thresholds.FirstOrDefault(t => t.Stars == n) is { } t ? new ThresholdDraft(n, Text(t.Min), Text(t.Max)) : new ThresholdDraft(n, null, null)).ToList());

    /// <summary>A new empty row: an indicator typed by an assessor.</summary>
    public static IndicatorDraft NewIndicator() => new(null, null, null, "assessment", null, null);
    public static DimensionDraft NewDimension() => new(null, null, [NewIndicator()]);

    public static string Text(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    public static (StarStandard? Standard, IReadOnlyList<FieldError> Errors) Read(IReadOnlyList<DimensionDraft> dimensions, IReadOnlyList<ThresholdDraft> thresholds)
    {
        var errors = new List<FieldError>();
        if (dimensions.Count == 0 || dimensions.All(d => d.Indicators.Count == 0)) errors.Add(new("", new Error("Scenes.NoIndicators")));
        if (dimensions.Count > MaxDimensions) errors.Add(new("", new Error("Scenes.TooManyDimensions", MaxDimensions)));
        if (dimensions.Sum(d => d.Indicators.Count) > StarRules.MaxIndicators) errors.Add(new("", new Error("Scenes.TooManyIndicators", StarRules.MaxIndicators)));
        if (errors.Count > 0) return (null, errors);

        var dims = new List<Dimension>();
        for (var di = 0; di < dimensions.Count; di++)
        {
            var d = dimensions[di];
            var name = CheckName(d.Name, $"d{di}.name", errors);
            if (d.Indicators.Count == 0) errors.Add(new($"d{di}", new Error("Scenes.DimensionEmpty", name ?? $"{di + 1}")));
            var inds = new List<Indicator>();
            for (var ii = 0; ii < d.Indicators.Count; ii++)
            {
                var i = d.Indicators[ii];
                var at = $"d{di}.i{ii}";
                var iname = CheckName(i.Name, at + ".name", errors);
                var label = iname ?? $"{di + 1}.{ii + 1}";
                var max = Number(i.MaxScore, at + ".max", label, errors);
                if (max is { } m && (m <= 0 || m > 1000)) { errors.Add(new(at + ".max", new Error("Scenes.BadMaxScore", label, Text(m)))); max = null; }
                var how = (i.HowScored ?? "").Trim();
                if (how.Length > MaxHowScored) errors.Add(new(at + ".how", new Error("Scenes.HowScoredTooLong", label, MaxHowScored, how.Length)));
                var cards = i.Source == "cards";
                var target = 0;
                if (cards)
                {
                    var t = Number(i.CardTarget, at + ".target", label, errors);
                    if (t is { } tv && (tv != Math.Floor(tv) || tv <= 0 || tv > 100_000)) { errors.Add(new(at + ".target", new Error("Scenes.BadCardTarget", label))); t = null; }
                    target = (int)(t ?? 0);
                }
                inds.Add(new Indicator("", iname ?? "", max ?? 0, how.Length == 0 ? null : how, cards ? IndicatorSource.Cards : IndicatorSource.Assessment, target));
            }
            dims.Add(new Dimension("", name ?? "", inds));
        }
        // keys: a row keeps its own unless it is missing, malformed or taken by a row above; then a fresh one
        var keyed = new List<Dimension>();
        var dimKeys = Keys(dimensions.Select(d => d.Key).ToList(), "d");
        var indKeys = Keys(dimensions.SelectMany(d => d.Indicators).Select(i => i.Key).ToList(), "i");
        var next = 0;
        for (var di = 0; di < dims.Count; di++)
            keyed.Add(dims[di] with { Key = dimKeys[di], Indicators = dims[di].Indicators.Select(x => x with { Key = indKeys[next++] }).ToList() });

        var total = keyed.SelectMany(d => d.Indicators).Sum(i => i.MaxScore);
        var ranges = new List<StarThreshold>();
        for (var stars = 1; stars <= 5; stars++)
        {
            var t = thresholds.FirstOrDefault(x => x.Stars == stars);
            var min = Number(t?.Min, $"t{stars}.min", T(stars), errors);
            var max = Number(t?.Max, $"t{stars}.max", T(stars), errors);
            if (min is null || max is null) continue;
            if (min > max || min < 0 || max > total) { errors.Add(new($"t{stars}", new Error("Scenes.BadThreshold", stars, Text(min.Value), Text(max.Value), Text(total)))); continue; }
            ranges.Add(new StarThreshold(stars, min.Value, max.Value));
        }
        if (ranges.Count == 5)
        {
            for (var a = 0; a < ranges.Count; a++)
                for (var b = a + 1; b < ranges.Count; b++)
                    if (ranges[a].Min <= ranges[b].Max && ranges[b].Min <= ranges[a].Max)
                        errors.Add(new($"t{ranges[b].Stars}", new Error("Scenes.OverlappingThresholds", ranges[a].Stars, ranges[b].Stars)));
            for (var a = 0; a + 1 < ranges.Count; a++)
                if (ranges[a + 1].Min <= ranges[a].Min && !errors.Any(e => e.Field == $"t{ranges[a + 1].Stars}"))
                    errors.Add(new($"t{ranges[a + 1].Stars}", new Error("Scenes.ThresholdsOrder", ranges[a + 1].Stars)));
        }
        if (errors.Count > 0) return (null, errors);
        var s = new StarStandard(keyed, ranges);
        if (StarRules.Check(s) is { } e) return (null, [new FieldError("", e)]);
        return (s, []);
    }

    private static string T(int stars) => $"{stars}★";

    /// <summary>Each row's key: its own when well formed and not taken above, else <paramref name="prefix"/>n unused by any row.</summary>
    private static IReadOnlyList<string> Keys(IReadOnlyList<string?> typed, string prefix)
    {
        var kept = new string?[typed.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < typed.Count; n++)
            if (typed[n] is { } k && KeyPattern().IsMatch(k) && taken.Add(k)) kept[n] = k;
        var fresh = 1;
        return kept.Select(k =>
        {
            if (k is not null) return k;
            while (!taken.Add(prefix + fresh)) fresh++;
            return prefix + fresh;
        }).ToList();
    }

    private static string? CheckName(string? typed, string field, List<FieldError> errors)
    {
        var v = (typed ?? "").Trim();
        if (v.Length == 0) { errors.Add(new(field, new Error("Scenes.NameRequired"))); return null; }
        if (v.Length > StarRules.MaxNameLength) { errors.Add(new(field, new Error("Scenes.NameTooLong", StarRules.MaxNameLength, v.Length))); return null; }
        return v;
    }

    private static decimal? Number(string? typed, string field, string label, List<FieldError> errors)
    {
        var v = (typed ?? "").Trim();
        if (v.Length == 0) { errors.Add(new(field, new Error("Scenes.NumberRequired", label))); return null; }
        if (v.Length > MaxNumberText || !decimal.TryParse(v, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
        {
            errors.Add(new(field, new Error("Scenes.NotANumberField", label)));
            return null;
        }
        return d;
    }
}
