using CommunityAcademy.Domain.Plans;
using CommunityAcademy.Web.Infrastructure.Files;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>评审的导出 (#18 point 5): one plan with its versions' opinions (.docx); all plans with scores and ranks (.xlsx).</summary>
public static class ReviewExports
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The plan as it stands now (its latest version), then each version's opinions, newest first.</summary>
    public static byte[] PlanDocx(string cohort, string review, SubmissionDto s, IReadOnlyList<VersionDto> versions, IReadOnlyList<OpinionDto> opinions,
        IReadOnlyDictionary<string, string> traits)
    {
        var doc = new OfficialDocx().Properties(s.Title, cohort).Title(s.Title).Body($"{cohort} · {review}", indent: false).Blank();
        var latest = versions.LastOrDefault();
        var n = 0;
        foreach (var sec in PlanTemplate.Default)
        {
            if (latest is null || !latest.Sections.TryGetValue(sec.Key, out var text)) continue;
            doc.Heading1($"{Chinese(++n)}、{sec.Heading}");
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) doc.Body(line);
        }
        if (traits.Count > 0)
        {
            doc.Heading1($"{Chinese(++n)}、品牌特点");
            foreach (var (key, name) in BrandTraits.All)
                if (traits.TryGetValue(key, out var t)) doc.Body($"{name}：{t}");
        }
        doc.Heading1($"{Chinese(++n)}、各版本指导意见");
        foreach (var v in versions.Reverse())
        {
            doc.Heading2($"第 {v.Number} 版", $"（第 {v.Round} 轮，{v.CreatedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}）");
            var ops = opinions.Where(o => o.VersionId == v.Id).ToList();
            if (ops.Count == 0) doc.Body("（无）");
            foreach (var o in ops) doc.Body($"{o.Reviewer}：{o.Opinion}");
        }
        return doc.ToBytes();
    }

    /// <summary>One row per submission: rank, title, aggregate, the rule applied, flags, each reviewer's total.</summary>
    public static byte[] RankingXlsx(RankingDto r)
    {
        var reviewers = r.Rows.SelectMany(x => x.Scores).Select(s => s.Reviewer).Distinct().Order(StringComparer.Ordinal).ToList();
        string[] header = ["名次", "方案", "综合得分", "计分方式", "评审人数", "分差提醒", "旧版本评分（未计入）", .. reviewers];
        var rows = r.Rows.Select(x => (IReadOnlyList<object?>)
        [
            x.Rank, x.Submission.Title, x.Panel.Aggregate,
            x.Panel.Aggregate is null ? "" : x.Panel.TrimFellBackToMean ? "不足5人，按平均分" : x.Panel.RuleApplied == Domain.Reviews.AggregateRule.TrimmedMean ? "去掉最高最低后平均" : "平均分",
            x.Panel.Counted, x.Panel.Flagged ? $"分差 {x.Panel.Spread:0.##}" : "", x.Panel.OlderVersion == 0 ? "" : x.Panel.OlderVersion,
            .. reviewers.Select(name => (object?)x.Scores.FirstOrDefault(s => s.Reviewer == name)?.Total),
        ]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("评分排名", header, rows) { FreezeHeader = true, TitleRows = [r.Review.Title] });
        return ms.ToArray();
    }

    private static string Chinese(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十", _ => n.ToString() };
}
