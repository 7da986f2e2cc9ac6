namespace CommunityAcademy.Domain.Enrollment;

/// <summary>
/// One quota line: places for a position at a unit. ParentName is the unit's parent when that is not the district itself.
/// WrittenAs is how attachment 1 writes the unit at its place in the line when that differs from the rule
/// (seed 000: "杜山镇先台村、杜山镇路口村" names the town twice); null follows the rule.
/// </summary>
public sealed record QuotaLine(long UnitId, string UnitName, string? ParentName, long DistrictId, string DistrictName, string Position, int Places,
    string? WrittenAs = null);

public sealed record DistrictQuota(long DistrictId, string DistrictName, int Places, IReadOnlyList<QuotaGroup> Groups);

/// <summary>Units of one district sharing a position, in order: one numbered line of attachment 1.</summary>
public sealed record QuotaGroup(string Position, IReadOnlyList<QuotaLine> Lines)
{
    public int Places => Lines.Sum(l => l.Places);
}

/// <summary>名额分配: totals per district, the check against the class's trainee places, and attachment 1's wording.</summary>
public static class QuotaPlan
{
    /// <summary>Districts in order of first appearance; consecutive lines with the same position form a group.</summary>
    public static IReadOnlyList<DistrictQuota> ByDistrict(IEnumerable<QuotaLine> lines)
    {
        var result = new List<DistrictQuota>();
        foreach (var d in lines.GroupBy(l => (l.DistrictId, l.DistrictName)))
        {
            var groups = new List<QuotaGroup>();
            foreach (var line in d)
            {
                if (groups.Count > 0 && groups[^1].Position == line.Position)
                    groups[^1] = groups[^1] with { Lines = [.. groups[^1].Lines, line] };
                else groups.Add(new QuotaGroup(line.Position, [line]));
            }
            result.Add(new DistrictQuota(d.Key.DistrictId, d.Key.DistrictName, d.Sum(l => l.Places), groups));
        }
        return result;
    }

    /// <summary>Null when the places add up to the trainee headcount; otherwise the difference as a rule broken.</summary>
    public static Error? CheckTotal(IEnumerable<QuotaLine> lines, int traineePlaces)
    {
        var sum = lines.Sum(l => l.Places);
        return sum == traineePlaces ? null : new Error("Quota.TotalMismatch", sum, traineePlaces);
    }

    /// <summary>
    /// The units of a group as attachment 1 of seed 000 writes them: units under the same parent joined by "、",
    /// the parent named before the first of them, parent groups joined by "；".
    /// "凤凰街道滨湖社区、菜园头社区、南塔社区；古楼街道考棚社区、镜园社区". A line written otherwise (<see cref="QuotaLine.WrittenAs"/>)
    /// stands as written in place of its name and, when first under its parent, of the parent's name too.
    /// </summary>
    public static string UnitsText(QuotaGroup group)
    {
        var parts = new List<string>();
        string? currentParent = null;
        var current = new List<string>();
        void flush()
        {
            if (current.Count == 0) return;
            parts.Add(string.Join("、", current));
            current.Clear();
        }
        foreach (var line in group.Lines)
        {
            if (current.Count > 0 && line.ParentName != currentParent) flush();
            currentParent = line.ParentName;
            current.Add(string.IsNullOrWhiteSpace(line.WrittenAs)
                ? (current.Count == 0 ? currentParent ?? "" : "") + line.UnitName
                : line.WrittenAs.Trim());
        }
        flush();
        return string.Join("；", parts);
    }

    /// <summary>"2.凤凰街道、古楼街道…分管领导及民政办主任（14人）。"</summary>
    public static string GroupText(int number, QuotaGroup group) =>
        $"{number}.{UnitsText(group)}{group.Position}（{group.Places}人）。";

    /// <summary>
    /// Who must free the trainees for the class, as the notice's first requirement names them (seed 000: "各区民政局、各乡镇街办"):
    /// the district offices when places go to more than one district, the township and street offices when places go to
    /// townships, streets or units under them; otherwise "各单位".
    /// </summary>
    public static string SendingUnits(IReadOnlyList<DistrictQuota> districts)
    {
        static bool township(string? name) => name is not null && (name.EndsWith('镇') || name.EndsWith('乡') || name.EndsWith("街道"));
        var parts = new List<string>();
        if (districts.Count > 1) parts.Add("各区民政局");
        if (districts.SelectMany(d => d.Groups).SelectMany(g => g.Lines).Any(l => township(l.UnitName) || township(l.ParentName))) parts.Add("各乡镇街办");
        return parts.Count == 0 ? "各单位" : string.Join("、", parts);
    }

    /// <summary>
    /// Who returns the receipts, as the notice's last requirement names them (seed 000: "各区民政局、葛店经开区城乡融合发展局、
    /// 临空经济区社会事务局"): two or more districts' own civil-affairs bureaus (鄂城区 → 鄂城区民政局) become "各区民政局", in the
    /// place of the first of them; every other submitting unit is named. "各单位" when none is known.
    /// </summary>
    public static string ReceiptSubmitters(IEnumerable<(string Scope, string Submitter)> scopes)
    {
        var list = scopes.ToList();
        static bool bureau((string Scope, string Submitter) s) => s.Scope.EndsWith('区') && s.Submitter == s.Scope + "民政局";
        var collapse = list.Count(bureau) >= 2;
        var names = new List<string>();
        foreach (var s in list)
        {
            var name = collapse && bureau(s) ? "各区民政局" : s.Submitter;
            if (!names.Contains(name)) names.Add(name);
        }
        return names.Count == 0 ? "各单位" : string.Join("、", names);
    }

    /// <summary>"一、鄂城区（46人）"</summary>
    public static string DistrictHeading(int number, DistrictQuota d) => $"{ChineseNumerals.Ordinal(number)}、{d.DistrictName}（{d.Places}人）";
}

public static class ChineseNumerals
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for headings and day numbers).</summary>
    public static string Ordinal(int n)
    {
        if (n <= 0) return n.ToString();
        if (n < 10) return Digits[n];
        if (n < 20) return "十" + (n % 10 == 0 ? "" : Digits[n % 10]);
        if (n < 100) return Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]);
        return n.ToString();
    }
}
