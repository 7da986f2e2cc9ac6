using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Infrastructure.Files;

namespace CommunityAcademy.Web.Features.Enrollment;

/// <summary>The spreadsheets of enrollment: the receipt template a unit fills in, and the exports.</summary>
public static class EnrollmentSheets
{
    public static readonly string[] ReceiptHeader = ["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"];

    /// <summary>
    /// One row per place of the scope's units, unit and position pre-filled, drop-down lists for both, an instructions
    /// line above the header. Units are written as names, or as a path where a name repeats inside the scope.
    /// </summary>
    public static byte[] ReceiptTemplate(string cohortTitle, string scopeName, DateOnly? deadline, QuotaSet q, long scopeId)
    {
        var lines = q.Lines.Where(l => q.ScopeOf(l.UnitId) == scopeId).ToList();
        var names = q.Tree.Subtree(scopeId).GroupBy(n => n.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        string label(long unitId)
        {
            var n = q.Tree.Find(unitId)!;
            return names.Contains(n.Name) ? string.Join("/", q.Tree.PathTo(unitId).SkipWhile(x => x.Id != scopeId).Select(x => x.Name)) : n.Name;
        }
        var rows = new List<IReadOnlyList<string?>>();
        var i = 1;
        foreach (var l in lines)
            for (var k = 0; k < l.Places; k++)
                rows.Add([(i++).ToString(), label(l.UnitId), "", l.Position, "", "", ""]);
        var units = lines.Select(l => label(l.UnitId)).Distinct().ToList();
        var positions = lines.Select(l => l.Position).Distinct().ToList();
        var due = deadline is { } d ? $"，请于{d.Year}年{d.Month}月{d.Day}日前提交" : "";
        var instructions = $"{cohortTitle} 参训人员回执（{scopeName}）：每个名额一行，单位与职务已预填，请填写姓名、联系方式（手机或固定电话），性别、身份证号可选{due}。";
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("回执", ReceiptHeader, rows, [7, 24, 12, 30, 16, 8, 22])
        {
            TitleRows = [instructions],
            ListValidations = [new(1, "选项!$A$1:$A$" + Math.Max(units.Count, 1)), new(3, "选项!$B$1:$B$" + Math.Max(positions.Count, 1)),
                XlsxWriter.ListValidation.Choices(Array.IndexOf(ReceiptHeader, "性别"), "男", "女")],
            // 联系方式 and 身份证号 as text: typed into a General cell, an 18-digit ID becomes 4.20704E+17 and loses its last digits.
            TextColumns = [Array.IndexOf(ReceiptHeader, "联系方式"), Array.IndexOf(ReceiptHeader, "身份证号")],
            FreezeHeader = true,
            Printable = true,
        }, new XlsxWriter.Sheet("选项", [], Enumerable.Range(0, Math.Max(units.Count, positions.Count))
            .Select(k => (IReadOnlyList<string?>)[k < units.Count ? units[k] : "", k < positions.Count ? positions[k] : ""]).ToList())
        { Hidden = true, NoHeader = true });
        return ms.ToArray();
    }

    /// <summary>The columns of 附件2 in the notice (seed 000): the blank form reads back as a receipt.</summary>
    public static readonly string[] BlankFormHeader = ["序号", "单位", "姓名", "职务", "联系方式"];

    /// <summary>
    /// 附件2 参训人员回执 as the notice prints it: "附件2", the title, the five columns and numbered empty rows; 联系方式
    /// as text (the whole column), printable with the header on every page.
    /// </summary>
    public static byte[] BlankReceiptForm(int rows = 20)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("参训人员回执", BlankFormHeader,
            Enumerable.Range(1, rows).Select(i => (IReadOnlyList<object?>)[i, "", "", "", ""]).ToList(), [7, 30, 12, 30, 18])
        {
            TitleRows = ["附件2", "参训人员回执"],
            TextColumns = [Array.IndexOf(BlankFormHeader, "联系方式")],
            FreezeHeader = true,
            Printable = true,
        });
        return ms.ToArray();
    }

    public static byte[] Reconciliation(ReconciliationReport r, Func<ReceiptStatus, bool, string> status)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms,
            new XlsxWriter.Sheet("按单位", ["区", "单位", "名额", "已报", "状态"],
                r.Units.Select(u => (IReadOnlyList<string?>)[u.DistrictName, u.UnitName, u.Places.ToString(), u.Received.ToString(), status(u.Status, u.Late)]).ToList(),
                [14, 26, 8, 8, 16]),
            new XlsxWriter.Sheet("按区", ["区", "名额", "已报", "状态", "已报满", "未报满", "超出", "未报"],
                r.Districts.Select(d => (IReadOnlyList<string?>)[d.DistrictName, d.Places.ToString(), d.Received.ToString(), status(d.Status, d.Late),
                    d.UnitsComplete.ToString(), d.UnitsShort.ToString(), d.UnitsOver.ToString(), d.UnitsMissing.ToString()]).ToList()),
            new XlsxWriter.Sheet("重复报名", ["姓名", "单位", "职务", "联系方式"],
                r.NamedTwice.SelectMany(t => t.People).Select(p => (IReadOnlyList<string?>)[p.Name, p.UnitName, p.Position, p.Phone]).ToList()));
        return ms.ToArray();
    }

    /// <summary>
    /// 参训名单: the class title above the header, each trainee's district (the district-level ancestor of the unit),
    /// phones and accounts as text and as masked as the list the caller sees; frozen header, printable.
    /// </summary>
    public static byte[] Roster(string cohortTitle, IReadOnlyList<RosterEntry> entries, Domain.Units.UnitTree tree)
    {
        string district(long? unitId) => unitId is { } u ? tree.DistrictOf(u)?.Name ?? "" : "";
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("参训名单", RosterHeader,
            entries.Select((e, i) => (IReadOnlyList<object?>)[i + 1, district(e.UnitId), e.UnitName, e.Name, e.Position, e.Phone, e.Gender, e.Username]).ToList(),
            [6, 12, 24, 12, 30, 16, 6, 14])
        {
            TitleRows = [$"{cohortTitle} 参训人员名单"],
            TextColumns = [Array.IndexOf(RosterHeader, "联系方式"), Array.IndexOf(RosterHeader, "账号")],
            FreezeHeader = true,
            Printable = true,
        });
        return ms.ToArray();
    }

    public static readonly string[] RosterHeader = ["序号", "区", "单位", "姓名", "职务", "联系方式", "性别", "账号"];

    /// <summary>学员登录码: one row per trainee, the code while it waits for the first sign-in, else its state.</summary>
    public static byte[] Codes(IReadOnlyList<TraineeCode> codes, DateTimeOffset now, string timeZone, Infrastructure.Web.Texts T)
    {
        using var ms = new MemoryStream();
        string state(Accounts.CodeState s) => s.PasswordSet ? T["Codes.PasswordSet"] : s.Expired(now) ? T["Codes.Expired"] : "";
        string until(Accounts.CodeState s) => s.PasswordSet || s.ExpiresAt is null ? ""
            : Domain.Cohorts.ClassClock.ToLocal(s.ExpiresAt.Value, timeZone).ToString("yyyy-MM-dd HH:mm");
        XlsxWriter.Write(ms, new XlsxWriter.Sheet(T["Codes.Title"],
            ["序号", "单位", "姓名", "用户名", "初始登录码", "有效期至", "状态"],
            codes.Select((x, i) => (IReadOnlyList<string?>)[(i + 1).ToString(), x.Trainee.UnitName, x.Trainee.Name, x.Trainee.Username,
                x.State.Usable(now) ? x.State.Code : "", until(x.State), state(x.State)]).ToList(),
            [7, 24, 12, 16, 14, 18, 14])
        {
            TitleRows = [T["Codes.Instructions"]],
        });
        return ms.ToArray();
    }
}
