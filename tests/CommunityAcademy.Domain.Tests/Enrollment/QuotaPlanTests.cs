using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class QuotaPlanTests
{
    private const string Leaders = "分管领导及民政办主任", Committee = "主任及分管的“两委”成员";

    private static QuotaLine L(long id, string unit, string? parent, long district, string districtName, string position, int places = 2) =>
        new(id, unit, parent, district, districtName, position, places);

    // 华容区 and 临空经济区 of seed 000's attachment 1.
    private static readonly QuotaLine[] Lines =
    [
        L(1, "段店镇", null, 10, "华容区", Leaders), L(2, "华容镇", null, 10, "华容区", Leaders),
        L(3, "百席村", "段店镇", 10, "华容区", Committee), L(4, "武圣村", "段店镇", 10, "华容区", Committee),
        L(5, "刘花村", "华容镇", 10, "华容区", Committee), L(6, "芦花村", "华容镇", 10, "华容区", Committee),
        L(7, "上倪村", "蒲团乡", 10, "华容区", Committee),
        L(8, "临空经济区社会事务局", null, 20, "临空经济区", "相关负责同志", 1),
        L(9, "燕矶社区", "燕矶镇", 20, "临空经济区", Committee), L(10, "保团村", "沙窝乡", 20, "临空经济区", Committee),
        L(11, "水月村", "新庙镇", 20, "临空经济区", Committee), L(12, "平石村", "新庙镇", 20, "临空经济区", Committee),
    ];

    [Fact]
    public void The_units_that_free_the_trainees_follow_where_the_places_go()
    {
        Assert.Equal("各区民政局、各乡镇街办", QuotaPlan.SendingUnits(QuotaPlan.ByDistrict(Lines)));
        Assert.Equal("各乡镇街办", QuotaPlan.SendingUnits(QuotaPlan.ByDistrict(Lines.Where(l => l.DistrictId == 10))));
        Assert.Equal("各区民政局", QuotaPlan.SendingUnits(QuotaPlan.ByDistrict([L(8, "临空经济区社会事务局", null, 20, "临空经济区", "相关负责同志", 1),
            L(13, "华容区民政局", null, 10, "华容区", "相关负责同志", 1)])));
        Assert.Equal("各单位", QuotaPlan.SendingUnits([]));
    }

    [Fact]
    public void Districts_total_their_places_and_group_lines_by_position()
    {
        var d = QuotaPlan.ByDistrict(Lines);
        Assert.Equal(["华容区", "临空经济区"], d.Select(x => x.DistrictName));
        Assert.Equal([14, 9], d.Select(x => x.Places));
        Assert.Equal([4, 10], d[0].Groups.Select(g => g.Places));
        Assert.Equal(2, d[1].Groups.Count);
    }

    [Fact]
    public void Attachment_one_is_worded_as_in_seed_000()
    {
        var d = QuotaPlan.ByDistrict(Lines);
        Assert.Equal("二、华容区（14人）", QuotaPlan.DistrictHeading(2, d[0]));
        Assert.Equal("1.段店镇、华容镇分管领导及民政办主任（4人）。", QuotaPlan.GroupText(1, d[0].Groups[0]));
        Assert.Equal("2.段店镇百席村、武圣村；华容镇刘花村、芦花村；蒲团乡上倪村主任及分管的“两委”成员（10人）。", QuotaPlan.GroupText(2, d[0].Groups[1]));
        Assert.Equal("1.临空经济区社会事务局相关负责同志（1人）。", QuotaPlan.GroupText(1, d[1].Groups[0]));
        Assert.Equal("2.燕矶镇燕矶社区；沙窝乡保团村；新庙镇水月村、平石村主任及分管的“两委”成员（8人）。", QuotaPlan.GroupText(2, d[1].Groups[1]));
    }

    [Fact]
    public void A_unit_written_otherwise_stands_as_written_in_its_line()
    {
        // Seed 000, 鄂城区 line 3: "…杜山镇先台村、杜山镇路口村；长港镇峒山村…" names the town again before 路口村.
        QuotaLine[] lines =
        [
            L(1, "先台村", "杜山镇", 10, "鄂城区", Committee), L(2, "路口村", "杜山镇", 10, "鄂城区", Committee) with { WrittenAs = "杜山镇路口村" },
            L(3, "峒山村", "长港镇", 10, "鄂城区", Committee),
        ];
        Assert.Equal("杜山镇先台村、杜山镇路口村；长港镇峒山村", QuotaPlan.UnitsText(QuotaPlan.ByDistrict(lines)[0].Groups[0]));
        // First under its parent, the written form stands for the parent's name too; blank means the rule.
        lines[0] = lines[0] with { WrittenAs = "杜山镇先台村（含原新台村）" };
        lines[2] = lines[2] with { WrittenAs = "  " };
        Assert.Equal("杜山镇先台村（含原新台村）、杜山镇路口村；长港镇峒山村", QuotaPlan.UnitsText(QuotaPlan.ByDistrict(lines)[0].Groups[0]));
    }

    [Fact]
    public void The_districts_own_bureaus_return_receipts_as_each_district_bureau()
    {
        Assert.Equal("各区民政局、葛店经开区城乡融合发展局、临空经济区社会事务局", QuotaPlan.ReceiptSubmitters([
            ("鄂城区", "鄂城区民政局"), ("华容区", "华容区民政局"), ("梁子湖区", "梁子湖区民政局"),
            ("葛店经开区", "葛店经开区城乡融合发展局"), ("临空经济区", "临空经济区社会事务局")]));
        // One district's bureau is named as it is; other submitters keep their order, each once.
        Assert.Equal("华容区民政局、临空经济区社会事务局", QuotaPlan.ReceiptSubmitters([
            ("华容区", "华容区民政局"), ("临空经济区", "临空经济区社会事务局"), ("临空经济区", "临空经济区社会事务局")]));
        Assert.Equal("凤凰街道办事处、古楼街道办事处", QuotaPlan.ReceiptSubmitters([("凤凰街道", "凤凰街道办事处"), ("古楼街道", "古楼街道办事处")]));
        Assert.Equal("各单位", QuotaPlan.ReceiptSubmitters([]));
    }

    [Fact]
    public void The_sum_must_match_the_trainee_places()
    {
        Assert.Null(QuotaPlan.CheckTotal(Lines, 23));
        var e = QuotaPlan.CheckTotal(Lines, 90)!;
        Assert.Equal("Quota.TotalMismatch", e.Code);
        Assert.Equal([23, 90], e.Args);
    }

    [Theory]
    [InlineData(1, "一")]
    [InlineData(6, "六")]
    [InlineData(10, "十")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(31, "三十一")]
    public void Chinese_ordinals(int n, string text) => Assert.Equal(text, ChineseNumerals.Ordinal(n));
}
