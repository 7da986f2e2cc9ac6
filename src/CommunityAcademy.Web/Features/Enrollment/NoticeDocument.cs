using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>
/// 预通知: the class as a formal notice (seed 000 is the model) with attachment 1 (targets and places by district)
/// and attachment 2 (the receipt form), in the official layout of <see cref="OfficialDocx"/>.
/// </summary>
public static class NoticeDocument
{
    public static byte[] Build(CohortOverview o, QuotaSet quotas)
    {
        var c = o.Cohort;
        var doc = new OfficialDocx();
        // The file's properties: the notice's title, and the issuing office (the sponsor among the hosts, else the issuer).
        var office = o.Hosts.FirstOrDefault(h => h.Role == "sponsor")?.Name ?? c.Issuer;
        doc.Properties($"{c.Title}（预通知）", office);
        foreach (var line in Domain.Documents.TitleLines.Break(c.Title)) doc.Title(line); // GB/T 9704 7.3.1: at a word, balanced
        doc.Title("（预通知）").Blank();
        doc.Body(c.NoticePreamble ?? $"为进一步提升城乡社区工作者的治理能力，{c.Issuer ?? "主办单位"}拟举办{c.Title}，现将有关事项通知如下：");

        doc.Heading1("一、培训时间及地点");
        doc.Body($"时间：{DateRange(c.StartDate, c.EndDate)}（{c.Days}天）");
        if (!string.IsNullOrWhiteSpace(c.Venue)) doc.Body($"地点：{c.Venue}");

        doc.Heading1($"二、参加人员（共{o.TotalParticipants}人）");
        for (var i = 0; i < o.Categories.Count; i++)
        {
            var cat = o.Categories[i];
            var end = i == o.Categories.Count - 1 ? "。" : "；";
            var text = cat.Category == "trainee"
                ? $"{cat.Label}{(string.IsNullOrWhiteSpace(c.TraineeDescription) ? "" : "：" + c.TraineeDescription)}（{cat.Headcount}人，详见附件1）{end}"
                : $"{cat.Label}（{cat.Headcount}人）{end}";
            doc.Heading2($"（{ChineseNumerals.Ordinal(i + 1)}）", text);
        }

        var section = 3;
        doc.Heading1($"{ChineseNumerals.Ordinal(section++)}、培训内容");
        doc.Body(c.NoticeContent ?? (c.Theme is null ? c.Title : $"本期培训以“{c.Theme}”为主题。"));

        var providers = o.Hosts.Where(h => h.Role == "provider").Select(h => h.Name).ToList();
        if (providers.Count > 0)
        {
            doc.Heading1($"{ChineseNumerals.Ordinal(section++)}、培训机构");
            doc.Body(string.Join("、", providers), indent: true);
        }

        if (o.Sessions.Count > 0)
        {
            doc.Heading1($"{ChineseNumerals.Ordinal(section++)}、培训安排");
            var days = o.Sessions.Select(s => s.SessionDate).Distinct().Order().ToList();
            doc.Table(["日期", "时  间", "课程安排", "授课专家"],
                o.Sessions.Select(s => (IReadOnlyList<string>)[$"第{ChineseNumerals.Ordinal(days.IndexOf(s.SessionDate) + 1)}天",
                    $"{s.StartTime}-{s.EndTime}", s.Title, s.Instructors]).ToList(),
                ScheduleWidths, mergeFirstColumn: true);
        }

        doc.Heading1($"{ChineseNumerals.Ordinal(section)}、培训要求");
        var n = 1;
        var meals = c.MealList.Select(CohortTerms.MealName).ToList();
        doc.Heading2($"（{ChineseNumerals.Ordinal(n++)}）",
            $"本次培训班课程时间为{c.Days}天，{(c.Accommodation ? "提供住宿" : "不提供住宿")}，" +
            (meals.Count > 0 ? $"只提供工作餐（{string.Join("、", meals)}）" : "不提供餐食") +
            (c.Accommodation ? "。" : "，如需住宿由各单位按差旅费有关规定报销。") +
            (c.FullTimeRelease ? $"{QuotaPlan.SendingUnits(quotas.Districts)}要为参训人员提供必要的学习条件，保证参训人员的全脱产培训时间。参训人员培训期间应集中精力学习，不得承担所在单位日常事务性工作、会议等任务。" : ""));
        doc.Heading2($"（{ChineseNumerals.Ordinal(n++)}）",
            // No leave because the days are full: the reason is part of the rule.
            (c.LeaveAllowed ? "参训人员确需请假的，须事先向班主任提出申请，经批准后方可离开。" : "参训人员一律不准请假，本次培训课程安排紧凑，") +
            "请各位参训学员严格遵守参训期间课堂纪律，不迟到、不早退" +
            (c.ArriveMinutesBefore > 0 ? $"，上课前{c.ArriveMinutesBefore}分钟必须到齐" : "") + "，手机一律静音。");
        doc.Heading2($"（{ChineseNumerals.Ordinal(n++)}）",
            // Where the class provides meals, the eight-point rules come with the line on improper dining.
            "参训人员需严格遵守中央八项规定及其实施细则精神" + (meals.Count > 0 ? "，自觉抵制违规吃喝问题" : "") + "。培训期间不得擅自离开，一切服从会务组安排" +
            (c.SignInEverySession ? "，培训课程均需签到" : "") + "。" +
            (string.IsNullOrWhiteSpace(c.UnauthorizedDeparture) ? "" : $"未经批准擅自离开的，情节严重的将{Passive(c.UnauthorizedDeparture.Trim())}。") +
            (c.BulletinAfterClass ? "本期培训结束后将对培训纪律等情况进行通报。" : ""));
        var submitters = quotas.Scopes.Select(s => (Scope: quotas.Tree.Find(s)?.Name ?? "", Submitter: quotas.SubmitterName(s)))
            .Where(s => s.Submitter is not null).Select(s => (s.Scope, s.Submitter!));
        if (c.ReceiptDeadline is { } deadline)
            doc.Heading2($"（{ChineseNumerals.Ordinal(n)}）",
                $"{deadline.Month}月{deadline.Day}日前由{QuotaPlan.ReceiptSubmitters(submitters)}汇总提交参训人员回执。");

        doc.AttachmentsNote(["培训对象", "参训人员回执"]);
        if (c.ContactName is not null) { doc.Blank(); doc.Body($"联系人：{c.ContactName}  {c.ContactPhone}"); }
        doc.Signature(c.Issuer ?? "", c.IssuedOn ?? DateOnly.FromDateTime(DateTime.UtcNow));

        doc.Attachment(1, "培训对象");
        var districts = quotas.Districts;
        for (var i = 0; i < districts.Count; i++)
        {
            doc.Heading1(QuotaPlan.DistrictHeading(i + 1, districts[i]));
            for (var g = 0; g < districts[i].Groups.Count; g++)
                doc.Body(QuotaPlan.GroupText(g + 1, districts[i].Groups[g]));
        }

        doc.Attachment(2, "参训人员回执");
        var blank = Enumerable.Range(1, 12).Select(i => (IReadOnlyList<string>)[i.ToString(), "", "", "", ""]).ToList();
        doc.Table(["序号", "单位", "姓名", "职务", "联系方式"], blank, [900, 2600, 1500, 2100, 1700]);
        return doc.ToBytes();
    }

    /// <summary>
    /// The schedule's columns in twips: 日期, 时间, 课程安排, 授课专家, within the 156 mm text block. "08:30-08:45" in 14 pt 仿宋
    /// is 11 half-width characters = 77 pt = 1540 twips, plus 2 × 108 twips of cell margins: the time column is 1900.
    /// </summary>
    public static readonly int[] ScheduleWidths = [1100, 1900, 4100, 1700];

    /// <summary>
    /// The class's rule for a departure ("通报所在单位上级纪检、组织部门") as what will happen to the trainee, as seed 000 writes
    /// it: "将被通报给所在单位上级纪检、组织部门". A rule that is not a 通报 stands as written ("将取消结业资格").
    /// </summary>
    public static string Passive(string consequence) =>
        consequence.StartsWith("被") ? consequence
        : consequence.StartsWith("通报给") ? "被" + consequence
        : consequence.StartsWith("通报") ? "被通报给" + consequence[2..]
        : consequence;

    /// <summary>"2023年6月7日至9日", "2023年6月30日至7月2日", "2023年6月7日".</summary>
    public static string DateRange(DateOnly start, DateOnly end)
    {
        var from = $"{start.Year}年{start.Month}月{start.Day}日";
        if (end == start) return from;
        if (end.Year != start.Year) return $"{from}至{end.Year}年{end.Month}月{end.Day}日";
        if (end.Month != start.Month) return $"{from}至{end.Month}月{end.Day}日";
        return $"{from}至{end.Day}日";
    }
}
