using CommunityAcademy.Web.Features.Handbook;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 003's 社区工作手册 (#26), written for the demo and labelled 示例: the five standard chapters with a few articles
/// and questions (居民议事会怎么组织 …), a section under 工作方法, and the seed's organizer and head teacher as editors.
/// Stored through the handbook store, so every paragraph is indexed as any edit would be.
/// </summary>
public static class SeedHandbook
{
    public const string Title = "观山湖区社区工作手册（示例）";

    /// <summary>(chapter, section or null, kind, title, body).</summary>
    public static readonly (string Chapter, string? Section, string Kind, string Title, string Body)[] Articles =
    [
        ("党建引领", null, "article", "“一引领四联动”基层治理模式",
            "观山社区充分发挥社区党支部的核心领导作用，联合物业公司、业委会、热心党员成立联合党支部。\n\n" +
            "形成党建引领，社区、物业公司、业委会、居民群众四方联动的“一引领四联动”基层治理模式。\n\n" +
            "**要点**：支部建在小区上，党员亮身份，议题从居民中来。"),
        ("党建引领", null, "article", "“三网融合”与大数据服务治理",
            "金元社区全方位推进党建网、民生网、平安网“三网融合”模式，积极探索建立“大数据+服务治理”的方式。\n\n" +
            "网格员每天走访，把居民诉求录入平台，社区每周研判、分派、回访。"),
        ("政策文件", null, "article", "社区工作者职业体系建设要点",
            "社区工作者应当具备理论专业知识和实务能力，让工作更专业、更职业、更规范。\n\n" +
            "各街道按规定配备社区工作者，建立岗位等级序列，落实培训、考核和薪酬待遇。"),
        ("工作方法", "居民参与", "article", "动员社会力量参与社区建设",
            "从目标、路径、措施、成功案例四个方面组织动员工作：先明确要解决的问题，再找到愿意出力的居民骨干和社会组织。\n\n" +
            "把居民发动起来一起规划、一起建设，居民的获得感、幸福感、安全感会更高。"),
        ("工作方法", "居民参与", "qa", "居民议事会怎么组织？",
            "1. **确定议题**：从网格走访、居民来信中收集议题，由社区党组织把关。\n" +
            "2. **推选代表**：每个楼栋推选 1–2 名居民代表，吸收业委会、物业公司、驻区单位参加。\n" +
            "3. **会前公示**：提前三天公示议题、时间和地点。\n" +
            "4. **议事规则**：主持人中立，每人发言不超过三分钟，少数服从多数。\n\n" +
            "议事结果形成会议纪要，在公告栏公开，并由专人跟进落实、向居民反馈。"),
        ("工作方法", null, "article", "社区社会组织培育",
            "社区社会组织培育与社区治理相辅相成：孵化兴趣类、服务类、公益类组织，给场地、给培训、给项目。"),
        ("常见问题", null, "qa", "居民反映楼道堆放杂物，社区怎么处理？",
            "先由网格员上门劝导并拍照留档；劝导无效的，联系物业公司和消防部门联合清理，并在居民议事会上讨论长效办法。"),
        ("常见问题", null, "qa", "新入职社区工作者先学什么？",
            "先熟悉辖区：走访楼栋、认识居民骨干；再学习社区工作与社区工作者职业素养课程，掌握台账和信息平台的使用。"),
        ("重点难点问题", null, "qa", "老旧小区没有物业怎么办？",
            "由社区党组织牵头，召开居民议事会商议引入物业或居民自治管理，必要时申请街道托底服务。"),
        ("重点难点问题", null, "qa", "业委会和物业公司发生矛盾如何调解？",
            "社区居委会召集业委会、物业公司和居民代表三方协商，依照合同和业主大会决议调解，调解不成的引导通过法律途径解决。"),
    ];

    public static async Task SeedAsync(Db db, TimeProvider clock)
    {
        var store = new HandbookStore(db, new Infrastructure.Search.ChineseText(), clock);
        long organizer;
        await using (var c = await db.OpenAsync())
        {
            organizer = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @u", new { u = Seed003.Organizer }) ?? 0;
        }
        if (organizer == 0) return;
        var me = new CurrentUser(organizer, Seed003.Organizer, Seed003.Organizer, new HashSet<string> { Domain.Accounts.Role.Organizer }, null);
        var id = await store.CreateHandbookAsync(me, Title, "观山湖区委党校与贵州民族大学编写的社区工作手册（演示用示例内容）。");
        await store.SetEditorsAsync(me, id, [Seed003.Organizer, Seed003.HeadTeacher]);
        var tree = (await store.TreeAsync(id))!;
        var sections = new Dictionary<string, long>();
        foreach (var (chapter, section, kind, title, body) in Articles)
        {
            var chapterId = tree.Top.First(t => t.Title == chapter).Id;
            if (section is not null)
            {
                if (!sections.TryGetValue(section, out var sid)) sections[section] = sid = (await store.AddChapterAsync(id, chapterId, section))!.Value;
                chapterId = sid;
            }
            await store.CreateArticleAsync(me, chapterId, kind, title, body);
        }
    }
}
