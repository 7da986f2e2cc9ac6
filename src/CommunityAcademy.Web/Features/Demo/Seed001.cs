using System.Data.Common;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 001 (../shared/seeds/001): 惠南镇's two-day closed workshop for its 29 village directors (村委会主任) — lectures,
/// the town's 推进会, the visit to 连民村's 民宿“宿宇”, the evening World Café (5 tables, 5 questions), the Open Space
/// afternoon. The seed names four villages; the other 25 are invented and marked <see cref="DemoClassKit.SampleMark"/>.
/// The seed gives no clock times, venue or leave rule: those below are the demo's.
/// </summary>
public static class Seed001
{
    public const string Title = "惠南镇农村社区事务广角镜——社区自治成长工作坊";
    public const string Organizer = "organizer-huinan";
    public const string Position = "村委会主任";
    public const string WorldCafeTitle = "“世界咖啡”引导技术培训";
    public const string OpenSpaceTitle = "“如何有效动员农村治理有关资源”开放空间讨论会";
    public const string VisitTitle = "参访连民村特色民宿“宿宇”";

    /// <summary>The four villages the seed names (桥北村, 六灶湾村 and 同治村 spoke at the 推进会; the class visited 连民村).</summary>
    public static readonly string[] NamedVillages = ["桥北村", "六灶湾村", "同治村", "连民村"];

    private static readonly string[] InventedVillageNames =
    [
        "东园村", "西宅村", "南港村", "北塘村", "新丰村", "永乐村", "红星村", "光明村", "友谊村", "和平村", "前进村", "胜利村", "海滨村",
        "桂香村", "汇南村", "曙光村", "民建村", "丰收村", "新华村", "联合村", "勤丰村", "建新村", "东风村", "春华村", "秋实村",
    ];

    /// <summary>The 29 villages: the four the seed names, then 25 invented ones, each marked as sample data.</summary>
    public static IReadOnlyList<string> Villages { get; } = [.. NamedVillages, .. InventedVillageNames.Select(v => v + DemoClassKit.SampleMark)];

    /// <summary>
    /// The World Café's five questions, one per table. The seed gives two of them (农村治理痛点难点, 当前村民最需要的服务项目);
    /// the other three are invented for the demo and marked so.
    /// </summary>
    public static readonly string[] WorldCafeQuestions =
    [
        "农村治理的痛点难点是什么？",
        "当前村民最需要的服务项目有哪些？",
        "“家门口”服务站如何提质增能？" + DemoClassKit.SampleMark,
        "怎样让更多村民参与村务议事？" + DemoClassKit.SampleMark,
        "美丽庭院建设中村民能做什么？" + DemoClassKit.SampleMark,
    ];

    /// <summary>The World Café session's note: its tables and questions, as the timetable shows them.</summary>
    public static string WorldCafeNote =>
        "分5组（5张桌）轮换讨论5个问题：" + string.Join(" ", WorldCafeQuestions.Select((q, i) => $"{i + 1}. {q}"));

    /// <summary>Loads the class; <paramref name="start"/> is its first day. Returns the class id.</summary>
    public static async Task<long> SeedAsync(DbConnection c, DbTransaction tx, DateOnly start, DateOnly today, DemoAccountMaker account, DateTimeOffset now)
    {
        var city = await DemoClassKit.UnitAsync(c, tx, "上海市", null, UnitKind.City);
        var district = await DemoClassKit.UnitAsync(c, tx, "浦东新区", city, UnitKind.District);
        var town = await DemoClassKit.UnitAsync(c, tx, "惠南镇", district, UnitKind.Town);
        var villages = new List<long>();
        foreach (var v in Villages) villages.Add(await DemoClassKit.UnitAsync(c, tx, v, town, UnitKind.Village));

        var day2 = start.AddDays(1);
        var deadline = today.AddDays(-1);
        const string venue = "惠南镇社区办事处培训室" + DemoClassKit.SampleMark;
        var sessions = new List<NewSession>
        {
            new(start, "08:30", "09:00", "开班动员", "opening_ceremony", "镇党委潘书记、副镇长富燕萍", venue),
            new(start, "09:00", "11:30", "《农村社区治理形势解读》", "lecture", "复旦大学政治学理论专业博士", venue),
            new(start, "13:30", "15:00", "美丽庭院建设暨“家门口”服务体系建设提质增能工作推进会", "lecture", "桥北村、六灶湾村、同治村代表交流发言", venue),
            new(start, "15:30", "17:00", VisitTitle, "site_visit", "民宿工作人员", "连民村民宿“宿宇”"),
            new(start, "18:30", "21:00", WorldCafeTitle, "workshop", "张佳华", venue),
            new(day2, "08:30", "10:00", "《村民自治实务》", "lecture", "华东理工大学硕士生导师、社会学博士", venue),
            new(day2, "10:15", "11:45", "《人际沟通实用技巧》", "lecture", "陈烽", venue),
            new(day2, "13:30", "16:30", OpenSpaceTitle, "workshop", "王燕", venue),
            new(day2, "16:30", "17:00", "总结", "closing", "惠南镇社建办主任", venue),
        };
        var cohortId = await CohortWriter.InsertAsync(c, tx, new NewCohort(
            "社区自治成长工作坊系列培训", null, Title, null, "撬动村民自治发力，推进和谐乡村建设", start, day2, venue, "封闭式培训（两天，现场教学、实地参访、互动讨论）",
            "Asia/Shanghai", "浦东新区惠南镇社区办事处", today.AddDays(-14), null, null, deadline,
            Accommodation: true, Meals: ["breakfast", "lunch", "dinner"], LeaveAllowed: false, ArriveMinutesBefore: 10, SignInEverySession: true,
            FullTimeRelease: true, UnauthorizedDeparture: null, BulletinAfterClass: false,
            Hosts: [("sponsor", "浦东新区惠南镇社区办事处"), ("sponsor", "惠南镇社建办"), ("organizer", "浦东新区沁远社区公益服务中心"),
                ("co_organizer", "上海浦东新家园社区治理发展中心")],
            Categories: [("trainee", "惠南镇村委会主任", Villages.Count)],
            sessions,
            villages.Select(v => new NewQuotaLine(v, Position, 1)).ToList(),
            [(town, town)]));
        await c.ExecuteAsync("UPDATE cohorts SET owner_unit_id = @town, trainee_description = @trainees WHERE id = @cohortId",
            new { cohortId, town, trainees = "惠南镇29个村委会主任。" + DemoClassKit.SampleTrainees }, tx);

        var ids = await DemoClassKit.SessionsAsync(c, tx, cohortId);
        await DemoClassKit.DescribeAsync(c, tx, ids[WorldCafeTitle], "world_cafe", WorldCafeNote);
        await DemoClassKit.DescribeAsync(c, tx, ids[OpenSpaceTitle], "open_space",
            "定义本村“人”“文”“地”“产”“景”五大类资源，讨论村民自治最需要什么样的资源、如何得到这些资源");
        await DemoClassKit.TeachAsync(c, tx, ids[WorldCafeTitle], new NewInstructor("张佳华", "执行秘书长", "上海市浦东新区陆家嘴社区公益基金会", null, null));
        await DemoClassKit.TeachAsync(c, tx, ids["《人际沟通实用技巧》"], new NewInstructor("陈烽", "国家二级心理咨询师", null, null, null));
        await DemoClassKit.TeachAsync(c, tx, ids[OpenSpaceTitle], new NewInstructor("王燕", "主任", "上海浦东新家园社区治理发展中心", null, null));
        await DemoClassKit.PlaceAsync(c, tx, ids[VisitTitle], "连民村", "特色民宿“宿宇”");

        var organizer = await account(Organizer, "惠南镇社区办事处（演示）", Role.Organizer, town);
        var trainees = Villages.Select((_, i) =>
        {
            var (name, gender) = DemoClassKit.InventedPerson(i, 1);
            return new DemoTrainee($"hn{i + 1:00}", name, gender, villages[i], Position, $"1390712{i + 1:0000}");
        }).ToList();
        await DemoClassKit.EnrollAsync(c, tx, cohortId, town, organizer, deadline, trainees, account, now);
        await Seed001Cafe.SeedAsync(c, tx, cohortId, ids[WorldCafeTitle], organizer, now); // the evening's café, planned (#16 point 2)
        await OpenSpaceDemo.SeedAsync(c, tx, cohortId, ids[OpenSpaceTitle], now); // the afternoon's Open Space (#17)
        return cohortId;
    }
}
