using System.Security.Cryptography;
using System.Text;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Scenes;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// The demo of #25, through the scenes stores: the sample star standard (the seeds name 新修订版社区品质生活场景星级标准,
/// not its contents: every indicator here is invented and the standard is labelled 示例), seed 000's four real scenes
/// placed in their communities with expert and self-assessments (one scene's stars rising over two expert visits),
/// residents' cards on 镜园社区口袋公园's poster (one a second card of the same phone), 惠南镇's villages' resources
/// (typed, and the Open Space outputs of seed 001 taken over) and seed 002's two named brands linked to their plans.
/// </summary>
public static class SeedScenes
{
    public const string StandardName = "新修订版社区品质生活场景星级标准" + DemoClassKit.SampleMark;
    public const string PosterScene = "镜园社区口袋公园";

    public static StarStandard SampleStandard { get; } = new(
        [
            new Dimension("behaviour", "场景行为", [
                new Indicator("use", "居民使用频次", 15, "观察高峰时段在场人数，按三人小组记录计分"),
                new Indicator("mix", "人群多样性", 10, "老、中、青、幼是否都有使用"),
            ]),
            new Dimension("preference", "居民偏好", [
                new Indicator("cards", "偏好识别卡反馈", 20, Source: IndicatorSource.Cards, CardTarget: 30),
            ]),
            new Dimension("team", "三人小组", [
                new Indicator("team", "共建共治小组运作", 15, "有固定的居民、社工、志愿者三人小组并定期活动"),
            ]),
            new Dimension("aesthetics", "生活美学", [
                new Indicator("space", "空间环境品质", 15, "整洁、安全、有设计感"),
                new Indicator("detail", "生活美学细节", 10, "绿植、座椅、标识等细节"),
            ]),
            new Dimension("brand", "场景品牌", [
                new Indicator("brand", "场景品牌识别", 15, "有名称、标识和持续活动"),
            ]),
        ],
        [new(1, 40, 54.99m), new(2, 55, 69.99m), new(3, 70, 79.99m), new(4, 80, 89.99m), new(5, 90, 100)]);

    /// <summary>The four scenes of seed 000 and their communities (镜园、菜园头、雷山 are in its list; 火车站社区 is placed under 鄂城区).</summary>
    private static readonly (string Scene, string Community, decimal[] Expert, decimal[] Self)[] Scenes =
    [
        ("镜园社区口袋公园", "镜园社区", [12, 8, 13, 12, 8, 12], [14, 9, 14, 13, 9, 13]),
        ("雷山社区党群服务中心一楼一老一小场景", "雷山社区", [10, 7, 10, 11, 7, 9], [12, 8, 12, 12, 8, 10]),
        ("菜园头社区邻里缔造坊", "菜园头社区", [13, 9, 14, 13, 9, 13], [13, 9, 14, 13, 9, 13]),
        ("火车站社区国源小区轮胎公园", "火车站社区", [8, 6, 7, 9, 6, 6], [10, 7, 9, 10, 7, 8]),
    ];

    private static readonly string[] AssessedKeys = ["use", "mix", "team", "space", "detail", "brand"];

    private static readonly (string Likes, string Uses, string Misses, string Age)[] Cards =
    [
        ("树荫下的长椅", "带孙子玩", "缺少饮水点", "60plus"), ("环境干净", "晚饭后散步", "晚上灯光太暗", "36to59"),
        ("有儿童滑梯", "周末陪孩子", "需要遮阳棚", "18to35"), ("邻居们常在这里聊天", "下棋", "棋桌太少", "60plus"),
        ("花草很多", "跑步", "希望有健身器材", "18to35"), ("离家近", "跳广场舞", "音响扰民，需要约定时间", "36to59"),
        ("", "放学后和同学玩", "没有篮球架", "under18"), ("安静", "看书晒太阳", "座椅不够", "60plus"),
        ("有文化墙", "参加社区活动", "活动通知不及时", "36to59"), ("口袋公园很精致", "遛狗", "需要宠物便袋箱", "18to35"),
        ("适合老人", "打太极", "地面有点滑", "60plus"),
    ];

    public static async Task SeedAsync(Db db, AttachmentStore files, TimeProvider clock)
    {
        await using var c = await db.OpenAsync();
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM star_standards") > 0) return;
        var expert = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = 'expert'");
        var contact = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = 'contact-echeng'");
        var organizer = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = 'organizer'");
        if (expert is null || contact is null || organizer is null) return;
        var standards = new StandardStore(db, clock);
        var standard = await standards.AddAsync(StandardName, SampleStandard, isSample: true, organizer);
        if (!standard.IsOk) return;
        var assessments = new AssessmentStore(db, files, clock);
        var cards = new CardStore(db, clock);
        var district = await c.ExecuteScalarAsync<long?>("SELECT id FROM units WHERE name = '鄂城区'");
        foreach (var (scene, community, expertScores, selfScores) in Scenes)
        {
            var unit = await c.ExecuteScalarAsync<long?>("SELECT id FROM units WHERE name = @community ORDER BY id LIMIT 1", new { community });
            if (unit is null && district is not null)
                unit = await db.InTransactionAsync((c2, tx) => DemoClassKit.UnitAsync(c2, tx, community, district, UnitKind.Community));
            var id = await c.ExecuteScalarAsync<long?>("SELECT id FROM scenes WHERE name = @scene ORDER BY id LIMIT 1", new { scene });
            if (id is null || unit is null) continue;
            await c.ExecuteAsync("UPDATE scenes SET unit_id = @unit, created_at = @now WHERE id = @id", new { unit, id, now = clock.GetUtcNow() });
            if (scene == PosterScene)
            {
                var token = await new SceneStore(db, clock).CardTokenAsync(id.Value);
                for (var i = 0; i < Cards.Length; i++)
                    await cards.SubmitAsync(id.Value, Device(i), new CardInput(Cards[i].Likes, Cards[i].Uses, Cards[i].Misses, Cards[i].Age));
                await cards.SubmitAsync(id.Value, Device(0), new CardInput("再提一次：树荫下的长椅", null, null, "60plus")); // the same phone again: flagged
                _ = token;
                // an earlier, lower expert visit: the history shows the stars rising
                var early = await assessments.AssessAsync(id.Value, standard.Value, "expert", Typed(expertScores.Select(x => x - 3).ToArray()), "初次评定（示例）", [], expert.Value);
                if (early.IsOk) await c.ExecuteAsync("UPDATE scene_assessments SET assessed_at = @at WHERE id = @id", new { id = early.Value, at = clock.GetUtcNow().AddDays(-60) });
            }
            var self = await assessments.AssessAsync(id.Value, standard.Value, "self", Typed(selfScores), "社区自评（示例）", [], contact.Value);
            if (self.IsOk) await c.ExecuteAsync("UPDATE scene_assessments SET assessed_at = @at WHERE id = @id", new { id = self.Value, at = clock.GetUtcNow().AddDays(-10) });
            await assessments.AssessAsync(id.Value, standard.Value, "expert", Typed(expertScores), "专家现场评定（示例）", [], expert.Value);
        }
        await SeedResourcesAsync(db, files, clock, organizer.Value);
        await SeedBrandsAsync(db, clock, organizer.Value);
    }

    private static Dictionary<string, decimal?> Typed(decimal[] scores) =>
        AssessedKeys.Select((k, i) => (k, scores[i])).ToDictionary(x => x.k, x => (decimal?)Math.Max(0, x.Item2));

    private static string Device(int i) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("demo-device-" + i)));

    private static readonly (string Village, string Kind, string Name, string Description, string? Contact, string? Phone, string Tags)[] Resources =
    [
        ("连民村", "景", "特色民宿“宿宇”", "由闲置农房改造的民宿，班级参访点", "民宿负责人（示例）", "13800000001", "民宿,乡村旅游"),
        ("连民村", "产", "民宿经济", "带动村民就业与农产品销售（示例）", null, null, "产业"),
        ("桥北村", "人/骨干", "美丽庭院志愿队", "在推进会上交流发言的村民骨干队伍（示例）", "队长（示例）", "13800000002", "美丽庭院,志愿者"),
        ("六灶湾村", "文", "“家门口”服务站", "家门口服务体系提质增能的试点（示例）", null, null, "家门口服务"),
        ("同治村", "地", "村民睦邻点", "可供村民议事和活动的睦邻点（示例）", null, null, "睦邻点,议事"),
        ("同治村", "人/能人", "返乡创业青年", "擅长电商，愿意帮村民网上卖农产品（示例）", "返乡青年（示例）", "13800000003", "电商,能人"),
    ];

    private static async Task SeedResourcesAsync(Db db, AttachmentStore files, TimeProvider clock, long organizer)
    {
        var store = new ResourceStore(db, files, clock);
        await using var c = await db.OpenAsync();
        foreach (var r in Resources)
        {
            var unit = await c.ExecuteScalarAsync<long?>("""
                SELECT v.id FROM units v JOIN units t ON t.id = v.parent_id WHERE v.name = @v AND t.name = '惠南镇'
                """, new { v = r.Village });
            if (unit is null) continue;
            await store.AddAsync(new ResourceInput(unit, r.Kind, r.Name, r.Description, r.Contact, r.Phone, r.Tags), [], organizer);
        }
        await store.ImportOutputsAsync(_ => true, organizer); // seed 001's Open Space outputs in the 人文地产景 template
    }

    private static async Task SeedBrandsAsync(Db db, TimeProvider clock, long organizer)
    {
        var store = new BrandStore(db, clock);
        await using var c = await db.OpenAsync();
        foreach (var (community, name, slogan, traits) in new (string, string, string, string[])[]
        {
            ("石榴园社区", "幸福石榴园", "幸福石榴园·服务520",
                ["“五个站点、两条主线”，与周边社区的服务各有侧重（示例）", "五个站点各有一组常年活动（示例）", "服务按站点和居民类别细分（示例）",
                 "居民参与站点值守（示例）", "居民满意度调查（示例）", "“服务520”在街道推广（示例）"]),
            ("柯尔山社区", "K23幸福家园", "K23幸福家园",
                ["谐音“柯尔山”与23个小区，“2的3次方”（示例）", "23个小区逐一建立议事会（示例）", "每个小区一本议事台账（示例）",
                 "小区居民轮流主持议事（示例）", "议事结果居民评议（示例）", "在团城山街道交流（示例）"]),
        })
        {
            var unit = await c.ExecuteScalarAsync<long?>("SELECT id FROM units WHERE name = @community ORDER BY id LIMIT 1", new { community });
            if (unit is null) continue;
            var plan = await c.ExecuteScalarAsync<long?>("""
                SELECT s.id FROM review_submissions s JOIN reviews r ON r.id = s.review_id
                WHERE r.title = @title AND s.title LIKE @like ORDER BY s.id LIMIT 1
                """, new { title = Seed002Reviews.ReviewTitle, like = "%" + community.Replace("社区", "") + "%" });
            var t = SceneTerms.BrandTraits.Select((k, i) => (k, traits[i])).ToDictionary(x => x.k, x => (string?)x.Item2);
            await store.AddAsync(new BrandInput(unit, name, slogan, plan, t), organizer);
        }
    }
}
