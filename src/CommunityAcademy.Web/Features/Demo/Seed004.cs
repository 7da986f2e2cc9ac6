using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 004 (../shared/seeds/004): 桂城街道关爱专员社区治理先锋营计划 — 关爱专员 of 佛山市南海区桂城街道's communities learn
/// over autumn: 2 online live courses (业主组织的建设与运营, 社区营造行业发展新观察), 4 online case pushes and 2 study visits
/// to 顺德区 (伦教街道霞石村 and 龙江镇文华花园; 容桂街道振华社区 and 陈村镇仙涌村), then practice tasks in their own
/// communities (<see cref="Seed004Tasks"/>): 挖掘社区居民骨干, 发掘社区需求, a themed 学习总结报告, scored on completion
/// and performance. The seed names no community of 桂城: the six below are invented and marked
/// <see cref="DemoClassKit.SampleMark"/>, two 关爱专员 each. The seed gives no dates of its own beyond "9月–11月": the
/// class ran over the seven weeks before the demo's day, so its tasks are handed in, late, returned and scored by then.
/// </summary>
public static class Seed004
{
    public const string Title = "桂城街道关爱专员社区治理先锋营计划";
    public const string Organizer = "organizer-guicheng";
    public const string Live1 = "线上直播课程：业主组织的建设与运营";
    public const string Live2 = "线上直播课程：社区营造行业发展新观察";
    public const string Visit1 = "外出社区参访：顺德区伦教街道霞石村、龙江镇文华花园";
    public const string Visit2 = "外出社区参访：顺德区容桂街道振华社区、陈村镇仙涌村";
    /// <summary>The online theme course the seed says every 关爱专员 completed (#21): three modules (<see cref="Seed004Online"/>).</summary>
    public const string ThemeCourse = "线上主题课程：关爱专员社区治理必修课";
    public static readonly string[] CasePushes = ["线上案例推送学习（第一期）", "线上案例推送学习（第二期）", "线上案例推送学习（第三期）", "线上案例推送学习（第四期）"];

    /// <summary>Days before the demo's day that the class began (its last visit 49 days later).</summary>
    public const int StartedDaysAgo = 70;

    private static readonly string[] InventedCommunityNames = ["东湖社区", "桂花社区", "南岸社区", "翠园社区", "滨江社区", "金桂社区"];

    /// <summary>The six communities, all invented and marked as sample data.</summary>
    public static IReadOnlyList<string> Communities { get; } = InventedCommunityNames.Select(v => v + DemoClassKit.SampleMark).ToList();

    public const string Position = "关爱专员";
    public const int PerCommunity = 2;

    public static async Task<long> SeedAsync(DbConnection c, DbTransaction tx, DateOnly today, DemoAccountMaker account, DateTimeOffset now)
    {
        var city = await DemoClassKit.UnitAsync(c, tx, "佛山市", null, UnitKind.City);
        var district = await DemoClassKit.UnitAsync(c, tx, "南海区", city, UnitKind.District);
        var street = await DemoClassKit.UnitAsync(c, tx, "桂城街道", district, UnitKind.Street);
        var communities = new List<long>();
        foreach (var name in Communities) communities.Add(await DemoClassKit.UnitAsync(c, tx, name, street, UnitKind.Community));

        var start = today.AddDays(-StartedDaysAgo);
        var deadline = start.AddDays(-3);
        const string online = "线上";
        var sessions = new List<NewSession>
        {
            new(start, "19:30", "21:00", Live1, "online_live", "先锋营计划讲师" + DemoClassKit.SampleMark, online),
            new(start.AddDays(7), "09:00", "10:00", CasePushes[0], "online_case", "先锋营计划项目组", online),
            new(start.AddDays(14), "19:30", "21:00", Live2, "online_live", "先锋营计划讲师" + DemoClassKit.SampleMark, online),
            new(start.AddDays(21), "09:00", "10:00", CasePushes[1], "online_case", "先锋营计划项目组", online),
            new(start.AddDays(28), "09:00", "10:00", CasePushes[2], "online_case", "先锋营计划项目组", online),
            new(start.AddDays(35), "09:00", "10:00", CasePushes[3], "online_case", "先锋营计划项目组", online),
            new(start.AddDays(38), "09:00", "12:00", ThemeCourse, "online_case", "先锋营计划项目组", online),
            new(start.AddDays(42), "08:30", "17:00", Visit1, "site_visit", "霞石村、文华花园社区工作人员", "佛山市顺德区伦教街道霞石村、龙江镇文华花园"),
            new(start.AddDays(49), "08:30", "17:00", Visit2, "site_visit", "振华社区书记、仙涌村工作人员", "佛山市顺德区容桂街道振华社区、陈村镇仙涌村"),
        };
        var quotas = communities.Select(u => new NewQuotaLine(u, Position, PerCommunity)).ToList();
        var cohortId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            "关爱桂城", "社区治理先锋营", Title, null, "提升关爱专员社区治理综合能力", start, start.AddDays(49), "线上及顺德区参访点",
            "线上直播课程、线上案例推送学习、外出社区参访、社区治理实践活动",
            "Asia/Shanghai", "佛山市南海区桂城街道", deadline.AddDays(-7), null, null, deadline,
            Accommodation: false, Meals: [], LeaveAllowed: true, ArriveMinutesBefore: 10, SignInEverySession: true,
            FullTimeRelease: false, UnauthorizedDeparture: null, BulletinAfterClass: false,
            Hosts: [("sponsor", "佛山市南海区桂城街道"), ("guide", "“关爱桂城”建设督导委员会")],
            Categories: [("trainee", "各社区关爱专员", quotas.Sum(q => q.Places))],
            sessions, quotas, [(street, street)]));
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @street, trainee_description = @trainees WHERE id = @cohortId",
            new { cohortId, street, trainees = "桂城街道各社区的关爱专员，每个社区2人。" + DemoClassKit.SampleTrainees }, tx);

        var ids = await DemoClassKit.SessionsAsync(c, tx, cohortId);
        await DemoClassKit.DescribeAsync(c, tx, ids[Visit1], null,
            "霞石村：以社区环境改造、社区文化传承、社区生态环境教育为公共议题，借助霞石民间生活体验馆与社区花园联动村民；文华花园：社区电梯改造、小区空间的参与式规划");
        await DemoClassKit.DescribeAsync(c, tx, ids[Visit2], null, "振华社区：老旧小区改造经验，预防和化解社区矛盾；仙涌村：乡村文化振兴与社区营造");

        var organizer = await account(Organizer, "桂城街道（演示）", Role.Organizer, street);
        var trainees = new List<DemoTrainee>();
        for (var u = 0; u < communities.Count; u++)
            for (var p = 0; p < PerCommunity; p++)
            {
                var i = trainees.Count;
                var (name, gender) = DemoClassKit.InventedPerson(i, 4);
                trainees.Add(new DemoTrainee($"gc{i + 1:00}", name, gender, communities[u], Position, $"1390757{i + 1:0000}"));
            }
        await DemoClassKit.EnrollAsync(c, tx, cohortId, street, organizer, deadline, trainees, account, now);
        return cohortId;
    }
}
