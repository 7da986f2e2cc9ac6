using System.Text.Json;
using CommunityAcademy.Domain.Reviews;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>How a rubric version, a plan's sections and a score's values are kept as JSON (review_rubrics.body and the like).</summary>
public static class ReviewJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // Chinese stays readable in the database
    };

    public sealed record LevelJson(string Name, decimal Value, string? Descriptor);
    /// <param name="Min">Points: the bottom of the scale (null for levels).</param>
    /// <param name="Levels">Levels with descriptors (null for points).</param>
    public sealed record CriterionJson(string Key, string Name, decimal Weight, int? Min, int? Max, List<LevelJson>? Levels, string? Description);
    /// <summary>A rubric version as stored and as the API shows it.</summary>
    public sealed record RubricBody(string Name, int Version, string Rule, decimal FlagSpread, List<CriterionJson> Criteria);

    public static RubricBody Body(Rubric r) => new(r.Name, r.Version, r.Rule.ToString(), r.FlagSpread,
        r.Criteria.Select(c => c.Scale switch
        {
            Points p => new CriterionJson(c.Key, c.Name, c.Weight, p.Min, p.Max, null, c.Description),
            Levels l => new CriterionJson(c.Key, c.Name, c.Weight, null, null, l.Items.Select(i => new LevelJson(i.Name, i.Value, i.Descriptor)).ToList(), c.Description),
            _ => throw new InvalidOperationException("unknown scale"),
        }).ToList());

    public static string Rubric(Rubric r) => JsonSerializer.Serialize(Body(r), Options);

    public static Rubric Rubric(string json)
    {
        var b = JsonSerializer.Deserialize<RubricBody>(json, Options)!;
        return new Rubric(b.Name, b.Version, b.Criteria.Select(c => new Criterion(c.Key, c.Name, c.Weight,
                c.Levels is { } l ? new Levels(l.Select(x => new Level(x.Name, x.Value, x.Descriptor)).ToList()) : new Points(c.Min ?? 1, c.Max ?? 10),
                c.Description)).ToList(),
            Enum.TryParse<AggregateRule>(b.Rule, out var rule) ? rule : AggregateRule.Mean, b.FlagSpread);
    }

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Fields named prefix[key] of the posted form (binding a dictionary would take the whole form when none is there).</summary>
    public static Dictionary<string, string> Indexed(IFormCollection form, string prefix) =>
        form.Keys.Where(k => k.StartsWith(prefix + "[", StringComparison.Ordinal) && k.EndsWith(']'))
            .ToDictionary(k => k[(prefix.Length + 1)..^1], k => form[k].ToString());

    /// <summary>What a draft saved as one types answers js/autosave.js: {saved: true}, or {error} with 422.</summary>
    public static Microsoft.AspNetCore.Mvc.JsonResult Autosaved(CommunityAcademy.Domain.Error? refused, CommunityAcademy.Web.Infrastructure.Web.Texts texts) =>
        refused is null ? new(new { saved = true })
            : new(new { error = texts.Error(refused) }) { StatusCode = StatusCodes.Status422UnprocessableEntity };

    public static Dictionary<string, T> Map<T>(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, T>>(json, Options) ?? [];
}

/// <summary>A mentor's view of one declared brand trait.</summary>
public sealed record TraitVerdict(string Verdict, string? Reason);
