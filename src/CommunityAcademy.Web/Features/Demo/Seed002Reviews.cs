using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Groups;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 002's brand plans (#18): the 11 community groups (the class's working grouping — used if there is one, else
/// formed by unit through <see cref="GroupStore"/>) draft 社区品牌创建工作方案 in two rounds (提出, 讨论 of
/// 提出—讨论—优化—细化—修改); three mentors score them on 可行性、实用性、创新性、合理性、持续性 and write opinions. One mentor
/// comes from 石榴园社区, so the assignment page shows the conflict and 石榴园's plan has two reviewers. Runs after the demo's
/// transaction, through the stores, as an organizer and the trainees would.
/// </summary>
public static class Seed002Reviews
{
    public const string ReviewTitle = "社区品牌创建工作方案";
    public const string WorkingGroupingName = "社区小组";

    /// <summary>The mentors (invented, marked as sample data): user name, name, the community they come from (null: none).</summary>
    public static readonly (string Username, string Name, string? Community)[] Mentors =
    [
        ("mentor-tcs1", "袁方成团队导师甲（示例）", null),
        ("mentor-tcs2", "袁方成团队导师乙（示例）", null),
        ("mentor-tcs3", "石榴园社区导师（示例）", "石榴园社区"),
    ];

    /// <summary>What each community's plan says in its first version; the seed names 石榴园's and 柯尔山's goals.</summary>
    private static (string Goal, string Brand, string Actions) FirstDraft(string community) => community switch
    {
        "石榴园社区" => ("幸福石榴园，服务520", "“五个站点、两条主线”", "建设五个服务站点，居民服务和社区治理两条主线，社民关系零距离。"),
        "柯尔山社区" => ("K23幸福家园", "“2的3次方”", "辖内23个小区逐一建立议事会，以谐音“K23”打造品牌。"),
        _ => ($"{community.Replace(DemoClassKit.SampleMark, "")}，邻里一家亲", "“邻里议事厅”", "每月一次议事会，围绕居民最关切的事项协商解决。"),
    };

    public static async Task SeedAsync(Db db, AccountStore accounts, GroupStore groups, ReviewStore reviews, TimeProvider clock, string hash)
    {
        await using var c = await db.OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed002.Title });
        if (cohort is not { } cohortId) return;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohortId AND title = @t", new { cohortId, t = ReviewTitle }) > 0) return;
        var organizer = await UserAsync(c, Seed002.Organizer);

        // The working grouping: another part of the demo may have formed it (the unique index allows one).
        var working = await c.ExecuteScalarAsync<long?>("SELECT id FROM groupings WHERE cohort_id = @cohortId AND kind = 'working'", new { cohortId });
        if (working is null)
        {
            var formed = await groups.CreateAsync(organizer, cohortId, new NewGrouping("working", WorkingGroupingName, null, FormingMethod.ByUnit, 0));
            if (!formed.IsOk && formed.Error!.Code != "Groups.WorkingExists") throw new InvalidOperationException($"seed 002 groups: {formed.Error}");
        }

        var mentors = new List<CurrentUser>();
        foreach (var (username, name, community) in Mentors)
        {
            var unit = community is null ? null : await c.ExecuteScalarAsync<long?>("SELECT id FROM units WHERE name = @community", new { community });
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @username", new { username }) is null)
                await accounts.CreateAsync(new NewUser(username, name, DemoSeeder.Password, [Role.Mentor], unit, PasswordHash: hash));
            mentors.Add(await UserAsync(c, username));
        }

        var created = await reviews.CreateAsync(organizer, cohortId, "plan", ReviewTitle, string.Join("\n", Rounds.DefaultNames), "groups");
        if (!created.IsOk) throw new InvalidOperationException($"seed 002 review: {created.Error}");
        var review = created.Value;
        var spread = await reviews.SpreadAsync(organizer, cohortId, review, 3, mentors.Select(m => m.Id).ToList());
        if (!spread.IsOk) throw new InvalidOperationException($"seed 002 assignment: {spread.Error}");

        var subs = await reviews.SubmissionsAsync(review);
        var assigned = (await reviews.AssignmentsAsync(review)).ToLookup(a => a.SubmissionId, a => a.UserId);
        for (var round = 1; round <= 2; round++)
        {
            if (round == 2) await reviews.SetRoundAsync(organizer, cohortId, review, 2, true);
            for (var i = 0; i < subs.Count; i++)
            {
                var s = subs[i];
                var owner = await c.ExecuteScalarAsync<string?>("""
                    SELECT u.username FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id JOIN users u ON u.id = e.user_id
                    WHERE m.group_id = @g ORDER BY e.id LIMIT 1
                    """, new { g = s.GroupId });
                var (goal, brand, actions) = FirstDraft(s.Title);
                var sections = new Dictionary<string, string>
                {
                    ["problem"] = "聚焦辖区居民最关切、最紧迫的事项：老旧小区多，老年居民多，公共空间少。",
                    ["goal"] = goal,
                    ["brand"] = brand,
                    ["actions"] = round == 1 ? actions : actions + "\n按导师意见细化：明确每项举措的责任人、时间节点和居民参与方式。",
                    ["schedule"] = round == 1 ? "三月启动，年底总结。" : "三月启动，六月中期评估，十二月总结。",
                    ["indicators"] = round == 1 ? "居民满意度提升。" : "居民满意度达到90%以上，参与议事的居民每季度不少于100人次。",
                };
                var traits = new Dictionary<string, string> { ["differentiated"] = brand + "，与周边社区不同", ["participation"] = "居民议事会、志愿者队伍" };
                if (owner is null) continue; // a group emptied by hand
                var r = await reviews.SaveAsync(await UserAsync(c, owner), cohortId, s.Id, sections, traits, true);
                if (!r.IsOk) throw new InvalidOperationException($"seed 002 plan: {r.Error}");
                var k = 0;
                foreach (var m in mentors.Where(m => assigned[s.Id].Contains(m.Id)))
                {
                    k++;
                    var basis = 5 + (i * 3 + k * 2 + round * 2) % 5; // 5–9, better in round 2
                    var values = new[] { "feasibility", "practicality", "innovation", "rationality", "sustainability" }
                        .Select((key, j) => (key, v: (decimal)Math.Min(10, basis + (j + i + k) % 3 - 1 + round - 1))).ToDictionary(x => x.key, x => x.v);
                    var opinion = round == 1
                        ? $"目标清楚，建议把“{brand.Trim('“', '”')}”的举措细化到每个小区，写明居民如何参与。"
                        : "较上一版更具体了，建议补充经费来源和持续运行的机制。";
                    var verdicts = new Dictionary<string, TraitVerdict>
                    {
                        ["differentiated"] = k == 1 || round == 2 ? new("Confirmed", null) : new("Questioned", "与相邻社区的做法相近，差异化还不明显"),
                    };
                    var scored = await reviews.ScoreAsync(m, cohortId, s.Id, null, values, opinion, verdicts, true);
                    if (!scored.IsOk) throw new InvalidOperationException($"seed 002 score: {scored.Error}");
                }
            }
        }
    }

    private static async Task<CurrentUser> UserAsync(System.Data.Common.DbConnection c, string username)
    {
        var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }
}
