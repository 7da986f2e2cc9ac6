using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 002 (../shared/seeds/002): 团城山街道's “培育强基” secretaries' salon — the study visit to 武汉 (杨汊湖, 横堤, 河头社区)
/// of three of its communities, then a seven-hour day: 袁方成's lecture on community brands, 11 communities in 11 groups
/// drafting a 社区品牌创建工作方案 with mentors (圆桌会谈), the secretaries sharing them at stalls (摆摊), the mentors' and
/// the district's review. The seed names four communities; the other seven are invented and marked
/// <see cref="DemoClassKit.SampleMark"/>. Three people per community (its secretary and two 两委 members), so each
/// community is a group of three. The seed gives no clock times or year: those below are the demo's.
/// </summary>
public static class Seed002
{
    public const string Title = "团城山街道“培育强基”书记沙龙";
    public const string Organizer = "organizer-tuanchengshan";
    public const string VisitTitle = "赴武汉杨汊湖、横堤、河头社区学习考察";
    public const string LectureTitle = "社区品牌创建专题讲授";
    public const string RoundtableTitle = "圆桌会谈：拟定“社区品牌创建工作方案”";
    public const string SalonTitle = "书记沙龙：“摆摊”分享品牌思路";
    public const string ReviewTitle = "方案分享与导师点评";

    /// <summary>The communities the seed names (the first three went on the study visit); 柯尔山 in simplified script.</summary>
    public static readonly string[] NamedCommunities = ["杭州西路社区", "广州路社区", "石榴园社区", "柯尔山社区"];

    private static readonly string[] InventedCommunityNames = ["湖滨社区", "新下陆社区", "铁山路社区", "长乐社区", "青山湖社区", "磁湖路社区", "月亮山社区"];

    /// <summary>The 11 communities: the four the seed names, then seven invented ones, each marked as sample data.</summary>
    public static IReadOnlyList<string> Communities { get; } = [.. NamedCommunities, .. InventedCommunityNames.Select(v => v + DemoClassKit.SampleMark)];

    /// <summary>Who comes from each community: its secretary first.</summary>
    public static readonly string[] Positions = ["社区党委书记", "社区党委副书记", "社区“两委”委员"];

    /// <summary>Loads the class; <paramref name="start"/> is the study visit's day, the salon the next. Returns the class id.</summary>
    public static async Task<long> SeedAsync(DbConnection c, DbTransaction tx, DateOnly start, DateOnly today, DemoAccountMaker account, DateTimeOffset now)
    {
        var city = await DemoClassKit.UnitAsync(c, tx, "黄石市", null, UnitKind.City);
        var district = await DemoClassKit.UnitAsync(c, tx, "下陆区", city, UnitKind.District);
        var street = await DemoClassKit.UnitAsync(c, tx, "团城山街道", district, UnitKind.Street);
        var communities = new List<long>();
        foreach (var name in Communities) communities.Add(await DemoClassKit.UnitAsync(c, tx, name, street, UnitKind.Community));

        var salon = start.AddDays(1);
        var deadline = today.AddDays(-1);
        const string venue = "团城山街道党群服务中心" + DemoClassKit.SampleMark;
        var sessions = new List<NewSession>
        {
            new(start, "08:00", "17:00", VisitTitle, "site_visit", "杨汊湖、横堤、河头社区书记", "武汉市杨汊湖、横堤、河头社区"),
            new(salon, "08:30", "10:00", LectureTitle, "lecture", "袁方成", venue),
            new(salon, "10:00", "12:00", RoundtableTitle, "workshop", "袁方成教授团队", venue),
            new(salon, "13:00", "14:30", SalonTitle, "workshop", "各社区书记", venue),
            new(salon, "14:30", "16:30", ReviewTitle, "closing", "袁方成教授团队、下陆区委组织部部长夏忠强、副区长占钢", venue),
        };
        var quotas = communities.SelectMany(u => Positions.Select(p => new NewQuotaLine(u, p, 1))).ToList();
        var cohortId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            "“培育强基”工程", "书记沙龙", Title, null, "党建引领基层社会治理品牌创建", start, salon, venue, "学习考察、专题讲授、圆桌会谈、书记沙龙",
            "Asia/Shanghai", "黄石市下陆区团城山街道", today.AddDays(-14), null, null, deadline,
            Accommodation: false, Meals: ["lunch"], LeaveAllowed: false, ArriveMinutesBefore: 10, SignInEverySession: true,
            FullTimeRelease: true, UnauthorizedDeparture: null, BulletinAfterClass: false,
            Hosts: [("sponsor", "黄石市下陆区团城山街道"), ("guide", "下陆区委组织部"), ("provider", "华中师范大学政治学研究院")],
            Categories: [("trainee", "各社区书记及“两委”成员", quotas.Count)],
            sessions, quotas, [(street, street)]));
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @street, trainee_description = @trainees WHERE id = @cohortId",
            new { cohortId, street, trainees = "团城山街道11个社区的书记及“两委”成员，每个社区3人。" + DemoClassKit.SampleTrainees }, tx);

        var ids = await DemoClassKit.SessionsAsync(c, tx, cohortId);
        await DemoClassKit.DescribeAsync(c, tx, ids[RoundtableTitle], "roundtable",
            "11个社区分为11个小组，聚焦辖区居民最关切、最紧迫的事项，在导师指导下头脑风暴，拟定“社区品牌创建工作方案”");
        await DemoClassKit.DescribeAsync(c, tx, ids[SalonTitle], "salon", "各社区书记以“摆摊”形式向其他小组成员分享品牌思路及想法");
        await DemoClassKit.DescribeAsync(c, tx, ids[ReviewTitle], null, "导师按方案的可行性、实用性、创新性、合理性、持续性给出意见和建议");
        var yuan = new NewInstructor("袁方成", "教授", "华中师范大学政治学研究院", null, null);
        foreach (var title in new[] { LectureTitle, RoundtableTitle, ReviewTitle })
            await DemoClassKit.TeachAsync(c, tx, ids[title], yuan);
        await DemoClassKit.PlaceAsync(c, tx, ids[VisitTitle], "河头社区", "“社小联治”智慧平安小区");

        var organizer = await account(Organizer, "团城山街道（演示）", Role.Organizer, street);
        var trainees = new List<DemoTrainee>();
        for (var u = 0; u < communities.Count; u++)
            for (var p = 0; p < Positions.Length; p++)
            {
                var i = trainees.Count;
                var (name, gender) = DemoClassKit.InventedPerson(i, 2);
                trainees.Add(new DemoTrainee($"tcs{i + 1:00}", name, gender, communities[u], Positions[p], $"1390713{i + 1:0000}"));
            }
        await DemoClassKit.EnrollAsync(c, tx, cohortId, street, organizer, deadline, trainees, account, now);
        return cohortId;
    }
}
