namespace CommunityAcademy.Domain.Plans;

/// <summary>A section of a plan: a stable key (kept when a template is copied to the next class) and its heading.</summary>
public sealed record PlanSection(string Key, string Heading, string? Hint = null);

/// <summary>
/// The sections a plan (方案) is written in. The default follows seed 002's 社区品牌创建工作方案 and seed 000's
/// 五星级场景升级行动方案: 问题与背景 (问题导向), 目标, 品牌名称与口号, 主要举措, 时间安排, 资源, 成效指标.
/// </summary>
public static class PlanTemplate
{
    public static readonly IReadOnlyList<PlanSection> Default =
    [
        new("problem", "问题与背景", "问题导向：社区面临的问题和需求"),
        new("goal", "目标", "如“幸福石榴园，服务520”"),
        new("brand", "品牌名称与口号"),
        new("actions", "主要举措"),
        new("schedule", "时间安排"),
        new("resources", "资源"),
        new("indicators", "成效指标"),
    ];

    /// <summary>The most a section holds: a plan is a few pages, not a book.</summary>
    public const int MaxSectionLength = 20_000;

    /// <summary>Null when every section is within its limit and known to the template; else the first rule broken.</summary>
    public static Error? Check(IReadOnlyList<PlanSection> template, IReadOnlyDictionary<string, string> sections)
    {
        foreach (var (key, text) in sections)
        {
            var section = template.FirstOrDefault(s => s.Key == key);
            if (section is null) return new Error("Plan.UnknownSection", key);
            if (text.Length > MaxSectionLength) return new Error("Plan.SectionTooLong", section.Heading, MaxSectionLength);
        }
        return null;
    }
}

/// <summary>A community brand's six traits (seed 002): the group declares how its plan meets each; a mentor confirms or questions it.</summary>
public static class BrandTraits
{
    public static readonly IReadOnlyList<(string Key, string Name)> All =
    [
        ("differentiated", "差异化"), ("serial", "系列化"), ("refined", "精细化"),
        ("participation", "参与度"), ("satisfaction", "满意度"), ("influence", "影响广"),
    ];

    /// <summary>A mentor's view of a declared trait.</summary>
    public enum Verdict { Pending, Confirmed, Questioned }

    /// <summary>A trait declared without a word of how, or questioned without a reason, is refused.</summary>
    public static Error? CheckVerdict(Verdict verdict, string? reason) =>
        verdict == Verdict.Questioned && string.IsNullOrWhiteSpace(reason) ? new Error("Plan.QuestionNeedsReason") : null;
}
