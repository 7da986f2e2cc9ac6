using System.Globalization;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// 评审意见汇总 (#20 point 5): the meeting's summary as .docx in the official layout — the meeting, the panel with roles,
/// then per course the scores by member and criterion with the panel's result, the 修改意见 and the decision. The organizer's.
/// </summary>
[Authorize]
public sealed class SummaryModel(MeetingStore meetings) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await meetings.ContextAsync(HttpContext.Me(), id) is not { Organizer: true } ctx) return NotFound();
        var m = ctx.Meeting;
        var bytes = Docx(m, await meetings.MembersAsync(id), await meetings.ResultsAsync(m));
        return File(bytes, ReviewExports.Docx, $"{m.Title}（评审意见汇总）.docx");
    }

    private static string Role(string r) => r switch { "expert" => "专家", "official" => "相关负责人", _ => "社区工作者代表" };
    private static string Decision(string? d) => d switch { "accepted" => "通过", "revise" => "修改后通过", "rejected" => "不通过", _ => "未决定" };

    public static byte[] Docx(MeetingRow m, IReadOnlyList<MemberRow> members, IReadOnlyList<LectureResult> results)
    {
        var local = ClassClock.ToLocal(m.StartsAt, ClassClock.DefaultZone);
        var rubric = m.RubricValue;
        var doc = new OfficialDocx().Properties($"{m.Title}评审意见汇总", null).Title($"{m.Title}评审意见汇总")
            .Body($"时间：{local:yyyy年M月d日}　地点：{m.Place ?? "—"}", indent: false)
            .Body($"评审组：{string.Join("；", members.Select(x => $"{x.DisplayName}（{Role(x.Role)}）"))}", indent: false)
            .Body($"评分标准：{rubric.Name}，{string.Join("、", rubric.Criteria.Select(c => c.Name))}。", indent: false).Blank();
        var n = 0;
        foreach (var r in results)
        {
            var l = r.Lecture;
            doc.Heading1($"{Chinese(++n)}、{l.Course}");
            doc.Body($"试讲：{ClassClock.ToLocal(l.StartsAt, ClassClock.DefaultZone):HH:mm}—{ClassClock.ToLocal(l.EndsAt, ClassClock.DefaultZone):HH:mm}，{l.Presenter ?? "—"}，第 {l.VersionNumber} 版。", indent: false);
            if (r.Scores.Count > 0)
            {
                string[] header = ["评委", .. rubric.Criteria.Select(c => c.Name), "总分"];
                var rows = r.Scores.Select(s => (IReadOnlyList<string>)
                    // a score under an older rubric version: its criteria are not this table's; its total is shown with the version, not counted
                    [s.Member, .. rubric.Criteria.Select(c => s.RubricVersion == rubric.Version && s.Values.TryGetValue(c.Key, out var v) ? v.ToString("0.#", CultureInfo.InvariantCulture) : ""),
                     s.Total.ToString("0.##", CultureInfo.InvariantCulture) + (s.RubricVersion == rubric.Version ? "" : $"（第 {s.RubricVersion} 版，未计入）")]).ToList();
                var first = 1800;
                var each = (OfficialDocx.TextWidth - first) / (header.Length - 1);
                doc.Table(header, rows, [first, .. Enumerable.Repeat(each, header.Length - 1)]);
            }
            doc.Body($"评审组得分：{(r.Panel.Aggregate is { } a ? a.ToString("0.##", CultureInfo.InvariantCulture) : "—")}（{r.Panel.Counted} 人评分）。", indent: false);
            var opinions = r.Scores.Where(s => s.Opinion is not null).ToList();
            if (opinions.Count > 0)
            {
                doc.Heading2("（一）", "评委意见");
                foreach (var s in opinions) doc.Body($"{s.Member}：{s.Opinion}");
            }
            doc.Heading2(opinions.Count > 0 ? "（二）" : "（一）", "修改意见");
            doc.Body(l.Opinion ?? "（无）");
            doc.Body($"评审结论：{Decision(l.Decision)}{(l.Checker is { } ch ? $"，由{ch}审核修改稿" : "")}{(l.RevisionCheckedAt is not null ? $"（第 {l.RevisionVersion} 版已审核）" : "")}。", indent: false);
        }
        return doc.ToBytes();
    }

    private static string Chinese(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十", _ => n.ToString() };
}
