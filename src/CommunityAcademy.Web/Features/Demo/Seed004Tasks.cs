using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Features.Tasks;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 004's practice tasks (#19 point 1), played through <see cref="TaskStore"/> on a clock that walks the weeks after
/// the last visit: the organizer defines 挖掘社区居民骨干, 发掘社区需求 and 学习总结报告; each trainee's submission gets two of
/// three mentors; the trainees hand in (a few late), a mentor returns some for revision and they hand in again, the
/// mentors score 完成情况 and 完成质量. By the demo's day: task 1 all accepted (two late), task 2 one still returned and
/// one overdue, task 3 (due next week) half handed in.
/// </summary>
public static class Seed004Tasks
{
    public static readonly (string Username, string Name)[] Mentors =
    [
        ("mentor-gc1", "先锋营导师甲（示例）"), ("mentor-gc2", "先锋营导师乙（示例）"), ("mentor-gc3", "先锋营导师丙（示例）"),
    ];

    public const string Task1 = "挖掘社区居民骨干", Task2 = "发掘社区需求", Task3 = "学习总结报告";

    /// <summary>A clock the seed moves forward (hand-ins and scores at their demo times; never after the real now).</summary>
    private sealed class WalkingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly string[][] Residents =
    [
        ["陈姨（示例）", "组织广场舞队，熟悉楼栋老人"], ["梁伯（示例）", "退休教师，擅长调解邻里纠纷"], ["小何（示例）", "摄影和短视频"],
        ["黎姐（示例）", "家政能手，热心探访独居长者"], ["区叔（示例）", "水电维修"], ["周老师（示例）", "书法，可开设长者课堂"],
    ];

    private static readonly (string Need, string How)[] Needs =
    [
        ("老旧楼梯加装电梯", "楼栋议事会"), ("长者饭堂", "入户走访"), ("儿童放学后托管", "问卷调查"), ("小区停车难", "居民座谈"),
        ("社区花园维护", "现场观察"), ("独居长者探访", "楼长反映"),
    ];

    public static async Task SeedAsync(Db db, AccountStore accounts, CohortAccess access, ReviewStore reviews, AttachmentStore files, TimeProvider realClock, string hash)
    {
        await using var c = await db.OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });
        if (cohort is not { } cohortId) return;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohortId AND kind = 'task'", new { cohortId }) > 0) return;
        var organizer = await UserAsync(c, Seed004.Organizer);
        var mentors = new List<CurrentUser>();
        foreach (var (username, name) in Mentors)
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @username", new { username }) is null)
                await accounts.CreateAsync(new NewUser(username, name, DemoSeeder.Password, [Role.Mentor], null, PasswordHash: hash));
            mentors.Add(await UserAsync(c, username));
        }

        // Day 0 of the walk: the day after the last visit, in the class's time zone.
        var today = DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(realClock.GetUtcNow(), "Asia/Shanghai").DateTime);
        var day0 = today.AddDays(-Seed004.StartedDaysAgo + 50);
        DateTimeOffset at(int day, int hour) => Domain.Cohorts.ClassClock.ToInstant(day0.AddDays(day), new TimeOnly(hour, 0), "Asia/Shanghai");
        var clock = new WalkingClock(at(0, 9));
        var tasks = new TaskStore(db, access, files, clock);

        var defs = new[]
        {
            (Title: Task1, Instructions: "在本社区走访居民，挖掘至少3名居民骨干，了解其特长和可参与的社区事务，拍摄与骨干交流的照片。",
                Due: at(10, 18), Spec: "表格|居民骨干及其特长|姓名,特长|3\n文本|挖掘过程|60\n照片|走访照片|0", Hours: "4"),
            (Title: Task2, Instructions: "通过走访、座谈、问卷等方式发掘社区需求，列出需求及发现方式，并说明优先回应的需求。",
                Due: at(16, 18), Spec: "表格|社区需求及发现方式|需求,发现方式|3\n文本|优先回应的需求及理由|40", Hours: "4"),
            (Title: Task3, Instructions: "结合两次直播课程、四次案例学习和两次参访，围绕“社区营造如何动员居民参与”撰写学习总结报告。",
                Due: Domain.Cohorts.ClassClock.ToInstant(today.AddDays(7), new TimeOnly(18, 0), "Asia/Shanghai"), Spec: "文本|学习总结报告|300\n照片|学习活动照片|0", Hours: "6"),
        };
        var ids = new List<long>();
        foreach (var d in defs)
        {
            var made = await tasks.CreateAsync(organizer, cohortId, new NewTask(d.Title, d.Instructions, d.Due, d.Spec, d.Hours));
            if (!made.IsOk) throw new InvalidOperationException($"seed 004 task: {made.Error}");
            var spread = await reviews.SpreadAsync(organizer, cohortId, made.Value, 2, mentors.Select(m => m.Id).ToList());
            if (!spread.IsOk) throw new InvalidOperationException($"seed 004 assignment: {spread.Error}");
            ids.Add(made.Value);
        }

        var trainees = (await c.QueryAsync<(long Enrollment, string Username, string Community)>("""
            SELECT e.id, u.username, un.name FROM enrollments e JOIN users u ON u.id = e.user_id JOIN units un ON un.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' ORDER BY u.username
            """, new { cohortId })).ToList();
        var assigned = new Dictionary<long, ILookup<long, long>>();
        foreach (var id in ids) assigned[id] = (await reviews.AssignmentsAsync(id)).ToLookup(a => a.SubmissionId, a => a.UserId);

        async Task<long> sub(long task, long enrollment) =>
            await c.ExecuteScalarAsync<long>("SELECT id FROM review_submissions WHERE review_id = @task AND enrollment_id = @enrollment", new { task, enrollment });
        async Task handIn(long task, int i, HandIn h, int day, int hour)
        {
            clock.Now = at(day, hour);
            var r = await tasks.SaveAsync(await UserAsync(c, trainees[i].Username), cohortId, await sub(task, trainees[i].Enrollment), h, true);
            if (!r.IsOk) throw new InvalidOperationException($"seed 004 hand-in: {r.Error}");
        }
        async Task score(long task, int i, int day, int basis)
        {
            var s = await sub(task, trainees[i].Enrollment);
            var k = 0;
            foreach (var m in mentors.Where(m => assigned[task][s].Contains(m.Id)))
            {
                clock.Now = at(day, 10 + k);
                var values = new Dictionary<string, decimal> { ["completion"] = Math.Min(100, basis + 5 * k), ["performance"] = Math.Min(100, basis - 5 + 3 * k) };
                var r = await tasks.ScoreAsync(m, cohortId, s, values, k == 0 ? "骨干特长写得具体，建议进一步明确每位骨干可以带动的居民群体。" : null, true);
                if (!r.IsOk) throw new InvalidOperationException($"seed 004 score: {r.Error}");
                k++;
            }
        }
        async Task giveBack(long task, int i, int day, string opinion)
        {
            var s = await sub(task, trainees[i].Enrollment);
            clock.Now = at(day, 15);
            var r = await tasks.ReturnAsync(mentors.First(m => assigned[task][s].Contains(m.Id)), cohortId, s, opinion);
            if (!r.IsOk) throw new InvalidOperationException($"seed 004 return: {r.Error}");
        }

        HandIn backbones(int i, bool revised) => new(
            new Dictionary<string, string> { ["f2"] = $"在{trainees[i].Community.Replace(DemoClassKit.SampleMark, "")}通过入户走访、楼长推荐和参加社区活动，认识了一批热心居民，逐一了解他们的特长、空闲时间和愿意参与的社区事务，并请他们推荐身边的热心邻居。" + (revised ? "已按导师意见补充每位骨干可带动的居民群体。" : "") },
            new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>> { ["f1"] = Enumerable.Range(0, 3).Select(k => (IReadOnlyList<string>)Residents[(i + k) % Residents.Length]).ToList() },
            new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, int>());
        HandIn needs(int i) => new(
            new Dictionary<string, string> { ["f2"] = $"优先回应“{Needs[i % Needs.Length].Need}”：涉及的居民多、意见集中，走访中反映最频繁，且已有居民骨干愿意牵头组织，社区也有可用的场地和资源。" },
            new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>> { ["f1"] = Enumerable.Range(0, 3).Select(k => (IReadOnlyList<string>)[Needs[(i + k) % Needs.Length].Need, Needs[(i + k) % Needs.Length].How]).ToList() },
            new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, int>());
        HandIn report(int i) => new(
            new Dictionary<string, string> { ["f1"] = string.Concat(Enumerable.Repeat(
                "通过“业主组织的建设与运营”和“社区营造行业发展新观察”两次直播课程，以及四次线上案例学习，我认识到社区营造的关键在于让居民成为主角。" +
                "在霞石村，社工以社区环境改造、文化传承和生态教育为公共议题，借助生活体验馆和社区花园把村民聚在一起；在文华花园，电梯改造和小区空间的参与式规划让居民自己商量、自己决定。" +
                "回到社区后，我准备先从居民骨干入手，围绕大家最关心的需求组织议事，再逐步形成稳定的居民组织。", 2)) },
            new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(), new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, int>());

        // Task 1: everyone hands in; gc04 returned and handed in again after the due day, gc08 late; all scored.
        for (var i = 0; i < trainees.Count; i++)
            if (i != 7) await handIn(ids[0], i, backbones(i, false), 3 + i % 6, 20);
        await giveBack(ids[0], 3, 9, "请补充每位骨干可以带动的居民群体，便于后续组织活动。");
        await handIn(ids[0], 3, backbones(3, true), 11, 21);
        await handIn(ids[0], 7, backbones(7, false), 12, 9);
        for (var i = 0; i < trainees.Count; i++) await score(ids[0], i, 13, 75 + (i * 7) % 20);

        // Task 2: gc11 never hands in (overdue); gc06 returned and not yet handed in again; gc03 late; the rest scored.
        for (var i = 0; i < trainees.Count; i++)
            if (i is not (10 or 2)) await handIn(ids[1], i, needs(i), 13 + i % 3, 19);
        await handIn(ids[1], 2, needs(2), 17, 8);
        await giveBack(ids[1], 5, 18, "需求的发现方式写得太笼统，请写明走访了哪些楼栋、座谈了多少居民。");
        for (var i = 0; i < trainees.Count; i++)
            if (i is not (10 or 5)) await score(ids[1], i, 19, 70 + (i * 11) % 25);

        // Task 3 (due next week): the first half handed in, two of them scored.
        for (var i = 0; i < trainees.Count / 2; i++) await handIn(ids[2], i, report(i), 18, 20);
        foreach (var i in new[] { 0, 2 }) await score(ids[2], i, 19, 85);
    }

    private static async Task<CurrentUser> UserAsync(System.Data.Common.DbConnection c, string username)
    {
        var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }
}
