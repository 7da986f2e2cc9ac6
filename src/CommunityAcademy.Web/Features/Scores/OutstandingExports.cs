using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>优秀学员的文书 (#19 point 3): the 表彰 notice (.docx, official layout) and the list (.xlsx), from the confirmed list.</summary>
public static class OutstandingExports
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string NoticeTitle(CohortRow c) => $"关于表彰{c.Title}优秀学员的通报";

    /// <summary>
    /// The notice: title, the addressees (the units whose trainees are on the list), what the class was and how the
    /// trainees were chosen (the formula), the list as a table, the closing words, the issuer and the day of confirmation.
    /// </summary>
    public static byte[] NoticeDocx(CohortRow c, OutstandingDto v, DateOnly issuedOn)
    {
        var f = v.Scores.Formula;
        var title = NoticeTitle(c);
        var doc = new OfficialDocx().Properties(title, c.Issuer).Title(title).Blank();
        var units = v.Confirmed.Select(p => p.Unit).Where(u => !string.IsNullOrWhiteSpace(u)).Distinct().ToList();
        doc.Body((units.Count == 0 ? "各参训单位" : string.Join("、", units)) + "：", indent: false);
        var weights = new List<string> { $"出勤情况占{f.Attendance}%" };
        if (f.Tasks > 0) weights.Add($"实践任务占{f.Tasks}%");
        if (f.Plan > 0) weights.Add($"小组方案占{f.Plan}%");
        var dates = c.StartDate == c.EndDate ? $"{c.StartDate.Year}年{c.StartDate.Month}月{c.StartDate.Day}日" :
            $"{c.StartDate.Year}年{c.StartDate.Month}月{c.StartDate.Day}日至{c.EndDate.Month}月{c.EndDate.Day}日";
        doc.Body($"{dates}，{c.Title}顺利举办。参训学员遵守纪律、认真学习、积极完成实践任务，涌现出一批表现突出的优秀学员。"
            + $"根据结业成绩（{string.Join("、", weights)}）综合评定，经研究，决定对以下{v.Confirmed.Count}名学员予以通报表彰，授予“优秀学员”称号。");
        doc.Table(["序号", "姓名", "单位", "结业成绩"],
            v.Confirmed.Select(p => (IReadOnlyList<string>)[p.Position.ToString(), p.Name, p.Unit ?? "", p.Score.ToString("0.00")]).ToList(),
            [900, 1800, 4300, 1845]);
        doc.Blank();
        doc.Body("希望受到表彰的学员珍惜荣誉、再接再厉，把培训所学运用到社区工作实践中，发挥示范带动作用；"
            + "希望全体学员以他们为榜样，学以致用，不断提升服务群众的能力和水平。");
        doc.Signature(string.IsNullOrWhiteSpace(c.Issuer) ? "" : c.Issuer, issuedOn);
        return doc.ToBytes();
    }

    /// <summary>The confirmed list: position, name, unit, score, rank, how chosen and why (an adjustment's reason).</summary>
    public static byte[] ListXlsx(CohortRow c, OutstandingDto v)
    {
        var reasons = v.Adjustments.Where(a => a.Action == "add").ToDictionary(a => a.EnrollmentId, a => a.Reason);
        var rows = v.Confirmed.Select(p => (IReadOnlyList<object?>)
            [p.Position, p.Name, p.Unit ?? "", p.Score, p.Rank, p.Added ? "增补" : "按评选办法", reasons.GetValueOrDefault(p.EnrollmentId, "")]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("优秀学员", ["序号", "姓名", "单位", "结业成绩", "名次", "入选方式", "增补理由"], rows, [6, 12, 30, 10, 6, 12, 30])
        {
            FreezeHeader = true, TitleRows = [$"{c.Title}优秀学员名单"],
        });
        return ms.ToArray();
    }

    public static DateOnly LocalDate(DateTimeOffset t, string zone) => DateOnly.FromDateTime(ClassClock.ToLocal(t, zone).DateTime);
}
