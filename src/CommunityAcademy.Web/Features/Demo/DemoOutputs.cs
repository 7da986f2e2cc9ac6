using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Groups;
using CommunityAcademy.Web.Features.Outputs;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using SkiaSharp;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// The demo's outputs (#17): seed 002's 摆摊 — the working grouping "社区小组" (one group per community), each with a
/// brand idea and a drawn poster, a few comments and likes — and seed 001's Open Space with the 人文地产景 template,
/// three of its topics recording their village's resources. Runs after the demo's transaction (the group store keeps its own).
/// </summary>
public static class DemoOutputs
{
    public const string Seed002Grouping = "社区小组";

    /// <summary>The brand ideas; 石榴园's and 柯尔山's are the seed's own, the others invented.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ideas = new Dictionary<string, string>
    {
        ["杭州西路社区"] = "“西路邻里汇”：以邻里议事会为核心，把老旧小区改造中的大事小情交给居民商量着办。",
        ["广州路社区"] = "“广聚同心”：党员先锋岗 + 楼栋长，打通服务居民的最后一百米。",
        ["石榴园社区"] = "“幸福石榴园，服务520”：依托拟建设的五个站点、服务居民的两条主线，践行社民关系“零距离”的服务理念。",
        ["柯尔山社区"] = "“2的3次方”“K23幸福家园”：取社区名的谐音，覆盖辖内23个小区，一个小区一张服务清单。",
    };

    private static string IdeaFor(string community, int i) => Ideas.TryGetValue(community, out var idea) ? idea
        : $"（示例）“{community.Replace(DemoClassKit.SampleMark, "")}·{Themes[i % Themes.Length]}”：聚焦居民最关切的事项，形成一张问题清单、一支志愿队伍、一套议事规则。";

    private static readonly string[] Themes = ["红色驿站", "银龄互助", "一老一小", "楼道微治理", "共享菜园", "夜间议事厅", "物业联盟"];

    public static async Task SeedAsync(Db db, GroupStore groups, OutputStore outputs, TimeProvider clock)
    {
        await Salon002Async(db, groups, outputs);
        await OpenSpace001Async(db, outputs);
    }

    private static async Task<CurrentUser> OrganizerAsync(Db db, string username)
    {
        await using var c = await db.OpenAsync();
        var u = await c.QuerySingleAsync<(long Id, string DisplayName, long? UnitId)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        return new CurrentUser(u.Id, username, u.DisplayName, new HashSet<string> { Role.Organizer }, u.UnitId);
    }

    private static async Task<(long Cohort, long Session)> FindAsync(Db db, string cohortTitle, string sessionTitle)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleAsync<(long, long)>("""
            SELECT c.id, s.id FROM cohorts c JOIN sessions s ON s.cohort_id = c.id WHERE c.title = @cohortTitle AND s.title = @sessionTitle
            """, new { cohortTitle, sessionTitle });
    }

    private static async Task<long> TemplateAsync(Db db, string code)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM output_templates WHERE code = @code", new { code });
    }

    /// <summary>The members of a group as (user, enrollment) to act as them.</summary>
    private static async Task<List<(long UserId, string Username, long EnrollmentId)>> MembersAsync(Db db, long groupId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string, long)>("""
            SELECT u.id, u.username, e.id FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id JOIN users u ON u.id = e.user_id
            WHERE m.group_id = @groupId ORDER BY e.id
            """, new { groupId })).ToList();
    }

    private static OutputContext As(OutputContext ctx, (long UserId, string Username, long EnrollmentId) who) =>
        ctx with { Me = new CurrentUser(who.UserId, who.Username, who.Username, new HashSet<string> { Role.Trainee }, null), IsStaff = false, MayManage = false, EnrollmentId = who.EnrollmentId };

    private static async Task Salon002Async(Db db, GroupStore groups, OutputStore outputs)
    {
        var organizer = await OrganizerAsync(db, Seed002.Organizer);
        var (cohort, session) = await FindAsync(db, Seed002.Title, Seed002.SalonTitle);
        var grouping = await groups.CreateAsync(organizer, cohort, new NewGrouping("working", Seed002Grouping, null, FormingMethod.ByUnit, 0));
        if (!grouping.IsOk) throw new InvalidOperationException($"demo grouping: {grouping.Error}");
        var ctx = new OutputContext(cohort, session, Seed002.SalonTitle, organizer, IsStaff: true, MayManage: true, EnrollmentId: null);
        Check(await outputs.ConfigureAsync(ctx, await TemplateAsync(db, "general"), grouping.Value));
        var detail = (await groups.GetAsync(cohort, grouping.Value))!;
        for (var i = 0; i < detail.Groups.Count; i++)
        {
            var g = detail.Groups[i];
            var owner = new OutputOwner(OutputOwner.Group, g.Id);
            var members = await MembersAsync(db, g.Id);
            var secretary = As(ctx, members[0]);
            Check(await outputs.SaveTextAsync(secretary, owner, "summary", IdeaFor(g.Name, i), 0));
            Check(await outputs.AddFileAsync(secretary, owner, Poster(g.Name, i), "海报.png", photo: true));
        }
        // Visitors from the neighbouring stall: a comment and a like on the first five stalls, more likes on 石榴园 and 柯尔山.
        for (var i = 0; i < detail.Groups.Count; i++)
        {
            var owner = new OutputOwner(OutputOwner.Group, detail.Groups[i].Id);
            var visitors = await MembersAsync(db, detail.Groups[(i + 1) % detail.Groups.Count].Id);
            if (i < 5) Check(await outputs.CommentAsync(As(ctx, visitors[0]), owner, Comments[i]));
            var likes = detail.Groups[i].Name is "石榴园社区" or "柯尔山社区" ? visitors.Count : i % 2;
            foreach (var v in visitors.Take(likes)) Check(await outputs.ToggleLikeAsync(As(ctx, v), owner));
        }
    }

    private static readonly string[] Comments = ["邻里议事会的规则可以分享一下吗？", "党员先锋岗的做法很实在！", "“服务520”好记又暖心。", "K23 这个名字很有特色。", "问题清单的思路值得借鉴。"];

    /// <summary>Seed 001's Open Space: its first three topics record the village's resources in the 人文地产景 template, each by its convener.</summary>
    private static async Task OpenSpace001Async(Db db, OutputStore outputs)
    {
        var organizer = await OrganizerAsync(db, Seed001.Organizer);
        var (cohort, session) = await FindAsync(db, Seed001.Title, Seed001.OpenSpaceTitle);
        var ctx = new OutputContext(cohort, session, Seed001.OpenSpaceTitle, organizer, IsStaff: true, MayManage: true, EnrollmentId: null);
        Check(await outputs.ConfigureAsync(ctx, await TemplateAsync(db, "village_resources"), null));
        List<(long Topic, long UserId, string Username, long EnrollmentId)> topics;
        await using (var c = await db.OpenAsync())
            topics = (await c.QueryAsync<(long, long, string, long)>("""
                SELECT t.id, u.id, u.username, e.id FROM open_space_topics t JOIN open_spaces o ON o.id = t.open_space_id
                JOIN open_space_slots s ON s.id = t.slot_id
                JOIN enrollments e ON e.id = t.convener_enrollment_id JOIN users u ON u.id = e.user_id
                WHERE o.session_id = @session ORDER BY s.sort_order, t.posted_at, t.id
                """, new { session })).ToList();
        string[][][] entries =
        [
            [["人/能人", "返乡创业青年", "开网店卖本村农产品"], ["人/骨干", "村民小组长", "熟悉每家每户"], ["文", "沪剧队", "逢年过节演出"], ["地", "闲置宅基地", "可改作村民议事厅"], ["产", "8424西瓜", "本地特色品种"], ["景", "河道景观带", "适合组织健步走"]],
            [["人/能人", "退休教师", "办暑期托管班"], ["人/骨干", "妇女志愿者", "美丽庭院评比"], ["文", "家训家风馆", ""], ["产", "蔬菜合作社", ""], ["景", "百年银杏", "村口地标"]],
            [["人/骨干", "老党员", "调解邻里纠纷"], ["地", "村委会旧址", "可建“家门口”服务站"], ["景", "民宿“宿宇”", "连民村的样板"]],
        ];
        string[] needs = ["最缺的是愿意出力的年轻人。", "活动场地和持续的经费。", "会做群众工作的骨干。"];
        string[] how = ["请能人带头，建立志愿积分。", "盘活闲置用房，争取镇里项目支持。", "以老带新，定期议事。"];
        for (var i = 0; i < Math.Min(3, topics.Count); i++)
        {
            var owner = new OutputOwner(OutputOwner.Topic, topics[i].Topic);
            var who = As(ctx, (topics[i].UserId, topics[i].Username, topics[i].EnrollmentId));
            foreach (var e in entries[i]) Check(await outputs.AddEntryAsync(who, owner, "resources", e[0], e[1], e[2]));
            Check(await outputs.SaveTextAsync(who, owner, "needs", needs[i], 0));
            Check(await outputs.SaveTextAsync(who, owner, "how", how[i], 0));
        }
    }

    private static void Check<T>(CommunityAcademy.Domain.Result<T> r)
    {
        if (!r.IsOk) throw new InvalidOperationException($"demo outputs: {r.Error}");
    }

    /// <summary>A poster: the community's name on a coloured background, drawn here (no file from outside).</summary>
    public static byte[] Poster(string name, int i)
    {
        SKColor[] colors = [new(0xC6, 0x28, 0x28), new(0x1E, 0x88, 0xE5), new(0x2E, 0x7D, 0x32), new(0xF9, 0xA8, 0x25), new(0x6A, 0x1B, 0x9A), new(0x00, 0x83, 0x8F)];
        using var bmp = new SKBitmap(800, 600);
        using (var canvas = new SKCanvas(bmp))
        {
            canvas.Clear(colors[i % colors.Length]);
            using var typeface = SKFontManager.Default.MatchCharacter('社') ?? SKTypeface.Default;
            using var font = new SKFont(typeface, 64);
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            var label = name.Replace(DemoClassKit.SampleMark, "");
            var width = font.MeasureText(label);
            canvas.DrawText(label, (800 - width) / 2, 280, SKTextAlign.Left, font, paint);
            using var small = new SKFont(typeface, 36);
            var sub = "品牌思路";
            canvas.DrawText(sub, (800 - small.MeasureText(sub)) / 2, 380, SKTextAlign.Left, small, paint);
        }
        using var img = SKImage.FromBitmap(bmp);
        using var data = img.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
