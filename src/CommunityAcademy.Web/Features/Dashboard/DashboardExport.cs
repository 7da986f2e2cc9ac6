using CommunityAcademy.Web.Infrastructure.Files;

namespace CommunityAcademy.Web.Features.Dashboard;

/// <summary>
/// The dashboard's tables as .xlsx (#24 point 2: each chart's table its own download, or all of them): the same rows the page
/// shows, written by <see cref="XlsxWriter"/>, which escapes a text cell starting with = + - @ (a class or unit named so).
/// </summary>
public static class DashboardExport
{
    /// <summary>The parts a download may ask for (the page's sections).</summary>
    public static readonly string[] Parts = ["classes", "areas", "area-classes", "instructors", "trends"];

    private static decimal H(int x10) => x10 / 10m;
    private static object Pct(decimal rate) => new XlsxWriter.Percent((double)rate);
    private static object Mean(Surveys.Rating? r) => r is { } x ? Math.Round(x.Mean, 2) : "";

    public static byte[] Xlsx(DashboardDto d, string? part)
    {
        var sheets = new List<XlsxWriter.Sheet>();
        var title = $"{d.Year}年培训工作概览";
        if (part is null or "classes")
            sheets.Add(new XlsxWriter.Sheet("培训班", ["培训班", "项目", "开始", "结束", "参训人数", "应到", "实到", "出勤率", "学时", "满意度（1–5）", "评分数"],
                d.Classes.Select(c => (IReadOnlyList<object?>)[c.Title, c.ProgramName, c.StartDate.ToString("yyyy-MM-dd"), c.EndDate.ToString("yyyy-MM-dd"),
                    c.Trainees, c.Counted, c.Attended, Pct(c.Rate), H(c.HoursX10), Mean(c.Satisfaction), c.Satisfaction?.Count ?? 0])
                .Append(["合计", "", "", "", d.Classes.Sum(c => c.Trainees), d.Counted, d.Attended, Pct(d.Rate), H(d.HoursX10), "", ""]).ToList())
            { FreezeHeader = true, TitleRows = [$"{title}：{d.Classes.Count} 个培训班，培训 {d.People} 人"] });
        if (part is null or "areas")
            sheets.Add(new XlsxWriter.Sheet("出勤（按地区）", ["地区/单位", "参训人次", "应到", "实到", "出勤率"],
                d.Areas.Select(a => (IReadOnlyList<object?>)[a.Name, a.Trainees, a.Counted, a.Attended, Pct(a.Rate)]).ToList())
            { FreezeHeader = true, TitleRows = [title + (d.Crumbs.Count > 0 ? "：" + string.Join("/", d.Crumbs.Select(x => x.Name)) : "") + " 出勤"] });
        if (part is null or "area-classes" && d.Unit is not null)
            sheets.Add(new XlsxWriter.Sheet("培训班（本地区）", ["培训班", "开始", "参训人数", "应到", "实到", "出勤率"],
                d.AreaClasses.Select(c => (IReadOnlyList<object?>)[c.Title, c.StartDate.ToString("yyyy-MM-dd"), c.Trainees, c.Counted, c.Attended, Pct(c.Rate)]).ToList())
            { FreezeHeader = true, TitleRows = [title + "：" + string.Join("/", d.Crumbs.Select(x => x.Name))] });
        if (part is null or "instructors")
            sheets.Add(new XlsxWriter.Sheet("满意度（按授课教师）", ["授课教师", "满意度（1–5）", "评分数"],
                d.Instructors.Select(i => (IReadOnlyList<object?>)[i.Name, Math.Round(i.Rating.Mean, 2), i.Rating.Count]).ToList())
            { FreezeHeader = true, TitleRows = [title + " 满意度（按授课教师）"] });
        if (part is null or "trends")
            sheets.Add(new XlsxWriter.Sheet("项目趋势", ["项目", "培训班", "开始", "出勤率", "满意度（1–5）"],
                d.Trends.SelectMany(t => t.Classes.Select(c => (IReadOnlyList<object?>)[t.ProgramName, c.Title, c.StartDate.ToString("yyyy-MM-dd"), Pct(c.Rate), Mean(c.Satisfaction)])).ToList())
            { FreezeHeader = true, TitleRows = [title + " 项目趋势"] });
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, sheets.ToArray());
        return ms.ToArray();
    }
}
