using CommunityAcademy.Domain.Certificates;

namespace CommunityAcademy.Domain.Tests.Certificates;

public class CertificateRuleTests
{
    private static CertificateCandidate Who(string name, decimal rate = 1m, int departures = 0, int accepted = 2, int tasks = 2, decimal score = 90m,
        int items = 0, decimal online = 0m) =>
        new(name.Length, name, rate, departures, accepted, tasks, score, items, online);

    [Fact]
    public void Without_a_rule_everyone_is_eligible()
    {
        var all = CertificateEligibility.Judge(CertificateRule.Default, [Who("乙", 0.1m, 3, 0, 2, 5m), Who("甲")]);
        Assert.All(all, j => Assert.True(j.Eligible));
    }

    [Fact]
    public void Each_rule_broken_is_a_reason_with_its_figures_in_the_rule_order()
    {
        var rule = new CertificateRule(90, true, true, 60m);
        var why = CertificateEligibility.Reasons(rule, Who("张三", 0.8333m, 1, 1, 3, 59.5m));
        Assert.Equal(["Certificate.Why.Attendance", "Certificate.Why.Departures", "Certificate.Why.Tasks", "Certificate.Why.Score"], why.Select(e => e.Code));
        Assert.Equal(["83.33", 90], why[0].Args);
        Assert.Equal([1], why[1].Args);
        Assert.Equal([2, 3], why[2].Args);
        Assert.Equal(["59.50", "60"], why[3].Args);
    }

    [Theory]
    [InlineData(0.9, 90, true)]    // exactly at the minimum
    [InlineData(0.8999, 90, false)]
    [InlineData(0.8333, 83, true)] // 83.33 % is not below 83
    [InlineData(1.0, 100, true)]
    public void The_attendance_rate_is_compared_in_percent(double rate, int min, bool eligible) =>
        Assert.Equal(eligible, CertificateEligibility.Reasons(new CertificateRule(min, false, false, null), Who("甲", (decimal)rate)).Count == 0);

    [Fact]
    public void Only_the_rules_switched_on_count()
    {
        var leftOnce = Who("李四", departures: 1);
        Assert.Empty(CertificateEligibility.Reasons(new CertificateRule(null, false, true, null), leftOnce));
        Assert.Single(CertificateEligibility.Reasons(new CertificateRule(null, true, false, null), leftOnce));
        // no tasks in the class: the task rule is met
        Assert.Empty(CertificateEligibility.Reasons(new CertificateRule(null, false, true, null), Who("王五", accepted: 0, tasks: 0)));
        Assert.Single(CertificateEligibility.Reasons(new CertificateRule(null, false, false, 60m), Who("赵六", score: 59.99m)));
        Assert.Empty(CertificateEligibility.Reasons(new CertificateRule(null, false, false, 60m), Who("赵六", score: 60m)));
    }

    [Fact]
    public void The_eligible_come_first_each_by_name()
    {
        var rule = new CertificateRule(null, true, false, null);
        var judged = CertificateEligibility.Judge(rule, [Who("丙", departures: 1), Who("乙"), Who("甲", departures: 2), Who("丁")]);
        Assert.Equal(["丁", "乙", "丙", "甲"], judged.Select(j => j.Candidate.Name)); // ordinal: 丁 U+4E01 < 乙 U+4E59; 丙 U+4E19 < 甲 U+7532
        Assert.Equal([true, true, false, false], judged.Select(j => j.Eligible));
    }

    [Fact]
    public void Online_items_completed_every_one_or_a_share_with_the_figures_when_not_met()
    {
        var every = new CertificateRule(null, false, false, null, 100);
        var why = CertificateEligibility.Reasons(every, Who("张三", items: 3, online: 2m / 3m));
        Assert.Equal("Certificate.Why.Online", Assert.Single(why).Code);
        Assert.Equal([2, 3, "66.67", 100], why[0].Args);
        Assert.Empty(CertificateEligibility.Reasons(every, Who("张三", items: 3, online: 1m)));
        // at least 60 %: 2 of 3 is enough, 1 of 3 is not
        var share = new CertificateRule(null, false, false, null, 60);
        Assert.Empty(CertificateEligibility.Reasons(share, Who("李四", items: 3, online: 2m / 3m)));
        Assert.Equal([1, 3, "33.33", 60], Assert.Single(CertificateEligibility.Reasons(share, Who("李四", items: 3, online: 1m / 3m))).Args);
        // a class without online items meets the rule; the rule off: nothing completed is no reason
        Assert.Empty(CertificateEligibility.Reasons(every, Who("王五", items: 0, online: 0m)));
        Assert.Empty(CertificateEligibility.Reasons(CertificateRule.Default, Who("王五", items: 3, online: 0m)));
        // in the rule's order: after the score
        Assert.Equal(["Certificate.Why.Score", "Certificate.Why.Online"],
            CertificateEligibility.Reasons(new CertificateRule(null, false, false, 60m, 100), Who("赵六", score: 10m, items: 2, online: 0m)).Select(e => e.Code));
    }

    [Theory]
    [InlineData(0, "Certificate.BadOnlinePercent")]
    [InlineData(101, "Certificate.BadOnlinePercent")]
    [InlineData(1, null)]
    [InlineData(100, null)]
    public void The_online_share_is_checked(int percent, string? code) =>
        Assert.Equal(code, new CertificateRule(null, false, false, null, percent).Check()?.Code);

    [Theory]
    [InlineData(101, null, "Certificate.BadPercent")]
    [InlineData(-1, null, "Certificate.BadPercent")]
    [InlineData(null, 100.5, "Certificate.BadScore")]
    [InlineData(80, 60.0, null)]
    public void Rule_values_are_checked(int? percent, double? score, string? code) =>
        Assert.Equal(code, new CertificateRule(percent, false, false, (decimal?)score).Check()?.Code);
}

public class CertificateTemplateTests
{
    private static CertificateTemplate T(string body, string serial = "鄂民培〔2023〕第{0000}号") =>
        CertificateTemplate.Default("鄂州市民政局") with { Body = body, SerialFormat = serial };

    [Fact]
    public void The_default_template_is_good() => Assert.Null(CertificateTemplate.Default("鄂州市民政局").Check());

    [Fact]
    public void The_outstanding_kinds_default_template_is_good_and_its_own() =>
        Assert.Equal((null, "优秀学员证书", PageOrientation.Portrait), (CertificateTemplate.DefaultOutstanding("桂城街道").Check(),
            CertificateTemplate.DefaultOutstanding("桂城街道").Title, CertificateTemplate.DefaultOutstanding("桂城街道").Orientation));

    [Fact]
    public void An_unknown_field_is_refused_by_name_with_the_known_ones()
    {
        var e = T("{姓名}参加{班级}，成绩{分数}").Check();
        Assert.Equal("Certificate.UnknownField", e?.Code);
        Assert.Equal("{分数}", e!.Args[0]);
        Assert.Contains("{学时}", (string)e.Args[1]);
        Assert.Equal("Certificate.Brace", T("{姓名参加").Check()?.Code);
        Assert.Equal("Certificate.BodyRequired", T("  ").Check()?.Code);
    }

    [Fact]
    public void Fields_are_filled()
    {
        var text = CertificateFields.Fill("{姓名}于{开始日期}至{结束日期}参加{班级}，完成{学时}学时。",
            new Dictionary<string, string> { ["姓名"] = "张三", ["开始日期"] = CertificateFields.Date(new DateOnly(2023, 7, 5)),
                ["结束日期"] = "2023年7月7日", ["班级"] = "鄂州市社区工作者培训班", ["学时"] = "24" });
        Assert.Equal("张三于2023年7月5日至2023年7月7日参加鄂州市社区工作者培训班，完成24学时。", text);
    }

    [Theory]
    [InlineData("鄂民培〔2023〕第{0000}号", 1, "鄂民培〔2023〕第0001号")]
    [InlineData("鄂民培〔2023〕第{0000}号", 12345, "鄂民培〔2023〕第12345号")]
    [InlineData("结业〔{年}〕第{000}号", 7, "结业〔2024〕第007号")]
    public void The_serial_is_padded_to_the_zeros(string format, int n, string expected)
    {
        Assert.Null(SerialFormat.Check(format));
        Assert.Equal(expected, SerialFormat.Format(format, n, 2024));
    }

    [Theory]
    [InlineData("鄂民培〔2023〕第0001号", "Certificate.SerialNumber")]
    [InlineData("{00}-{00}", "Certificate.SerialNumber")]
    [InlineData("{0000}{x}", "Certificate.SerialBrace")]
    [InlineData("", "Certificate.SerialRequired")]
    public void A_serial_format_needs_one_number(string format, string code) => Assert.Equal(code, SerialFormat.Check(format)?.Code);
}
