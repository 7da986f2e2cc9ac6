namespace CommunityAcademy.Domain.Reviews;

/// <summary>
/// A rubric as an organizer types it: one criterion a line, "名称|权重|最低-最高" (points) or "名称|权重|优秀=10,良好=8"
/// (levels). Keys are kept from the rubric it replaces when a name stays, so scores keep meaning the same criterion.
/// </summary>
public static class RubricText
{
    public static string Format(Rubric rubric) => string.Join("\n", rubric.Criteria.Select(c => $"{c.Name}|{c.Weight:0.##}|" + c.Scale switch
    {
        Points p => $"{p.Min}-{p.Max}",
        Levels l => string.Join(",", l.Items.Select(i => $"{i.Name}={i.Value:0.##}")),
        _ => "",
    }));

    /// <summary>The next version of <paramref name="previous"/> from the text; the first rule broken otherwise.</summary>
    public static Result<Rubric> Parse(string? text, Rubric previous, AggregateRule rule, decimal flagSpread)
    {
        var criteria = new List<Criterion>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines)
        {
            var parts = line.Split(['|', '｜'], StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || parts[0].Length is 0 or > 30
                || !decimal.TryParse(parts[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var weight))
                return new Error("Review.RubricLine", line);
            Scale scale;
            if (parts[2].Contains('='))
            {
                var levels = new List<Level>();
                foreach (var item in parts[2].Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var kv = item.Split('=', StringSplitOptions.TrimEntries);
                    if (kv.Length != 2 || kv[0].Length == 0
                        || !decimal.TryParse(kv[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v))
                        return new Error("Review.RubricLine", line);
                    levels.Add(new Level(kv[0], v));
                }
                scale = new Levels(levels);
            }
            else
            {
                var mm = parts[2].Split(['-', '–', '~'], StringSplitOptions.TrimEntries);
                if (mm.Length != 2 || !int.TryParse(mm[0], out var min) || !int.TryParse(mm[1], out var max)) return new Error("Review.RubricLine", line);
                scale = new Points(min, max);
            }
            var key = previous.Criteria.FirstOrDefault(c => c.Name == parts[0])?.Key ?? $"c{criteria.Count + 1}";
            while (criteria.Any(c => c.Key == key)) key += "x";
            criteria.Add(new Criterion(key, parts[0], weight, scale));
        }
        var rubric = previous with { Version = previous.Version + 1, Criteria = criteria, Rule = rule, FlagSpread = flagSpread };
        return rubric.Check() is { } broken ? broken : Result<Rubric>.Ok(rubric);
    }
}
