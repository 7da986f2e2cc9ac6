using System.Text;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 004's online learning (#21 point 6), played through <see cref="OnlineStore"/> on a clock that walks the class's
/// weeks: each live course's attendance export imported as the platform gave it (the first leaves two people unmatched
/// — a nickname on a colleague's phone and a row without a phone — for the organizer to match on /Online/Live), the
/// four case pushes (an article each, the first two with a question) half completed, some by reading and some by
/// answering, and the theme course's three modules read by every 关爱专员.
/// </summary>
public static class Seed004Online
{
    private sealed class WalkingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The two people of the first live course's export that match no trainee.</summary>
    public static readonly string[] Unmatched = ["东湖-小陈（同事手机）", "桂花社区关爱专员"];

    private static readonly (string Title, string Body, string? Question)[] Cases =
    [
        ("老旧小区加装电梯的协商议事", "## 背景\n\n某老旧小区 6 栋楼的居民希望加装电梯，低层住户担心采光和噪音。\n\n## 做法\n\n1. 社区召开**楼栋议事会**，请高低层住户代表一起协商；\n2. 请设计单位现场讲解方案；\n3. 形成费用分摊和补偿方案，居民签字确认。\n\n## 启示\n\n协商在前、施工在后：先把分歧摆上桌面。（示例）",
            "加装电梯时社区首先应做什么？\n直接联系施工单位\n*组织楼栋议事会协商\n由物业决定"),
        ("社区花园与居民自组织", "## 背景\n\n一块闲置空地长期堆放杂物。\n\n## 做法\n\n- 社区发动居民骨干成立**花园小组**；\n- 孩子和长者一起种植、轮流浇水；\n- 收获节邀请全体居民参加。\n\n## 启示\n\n公共空间是居民相识的起点。（示例）",
            "社区花园日常由谁维护最可持续？\n*居民自组织的花园小组\n街道聘请的保洁员\n社区工作人员"),
        ("社区导赏：让居民讲自己的社区", "## 做法\n\n居民志愿者经过培训成为**社区导赏员**，带领来访者和新居民走访社区的历史建筑和故事。\n\n## 启示\n\n讲述让居民对社区产生认同。（示例）", null),
        ("乡村社区营造：从一间体验馆开始", "## 做法\n\n村里把闲置祠堂改造为**民间生活体验馆**，村民轮值讲解，带动社区花园和环境教育。\n\n## 启示\n\n从村民熟悉的空间开始，逐步扩展公共议题。（示例）", null),
    ];

    private static readonly (string Title, string Body)[] ThemeModules =
    [
        ("第一讲：关爱专员的角色与职责", "关爱专员联系独居、高龄、困难长者，发现需求、链接资源。（示例）"),
        ("第二讲：入户探访的方法", "探访前了解情况，探访中倾听记录，探访后跟进转介。（示例）"),
        ("第三讲：动员居民参与关爱行动", "从身边的热心居民开始，组建关爱志愿队。（示例）"),
    ];

    public static async Task SeedAsync(Db db, SheetUpload sheets, AttachmentStore files, CohortAccess access)
    {
        await using var c = await db.OpenAsync();
        if (await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title }) is not { } cohortId) return;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM online_live_imports i JOIN sessions s ON s.id = i.session_id WHERE s.cohort_id = @cohortId",
                new { cohortId }) > 0) return;
        var organizer = await UserAsync(c, Seed004.Organizer);
        var sessions = (await c.QueryAsync<(long Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt)>(
            "SELECT id, title, starts_at, ends_at FROM sessions WHERE cohort_id = @cohortId", new { cohortId })).ToDictionary(s => s.Title);
        var trainees = (await c.QueryAsync<(long Id, string Name, string Phone, string Unit)>("""
            SELECT e.id, e.name, e.phone, u.name FROM enrollments e JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' ORDER BY e.id
            """, new { cohortId })).ToList();
        var clock = new WalkingClock(sessions[Seed004.Live1].EndsAt.AddHours(12));
        var online = new OnlineStore(db, sheets, files, access, clock);

        // The live courses: the platform's export, one row per join-leave interval (北京时间).
        string local(DateTimeOffset t) => Domain.Cohorts.ClassClock.ToLocal(t, "Asia/Shanghai").ToString("yyyy-MM-dd HH:mm:ss");
        foreach (var (title, first) in new[] { (Seed004.Live1, true), (Seed004.Live2, false) })
        {
            var s = sessions[title];
            clock.Now = s.EndsAt.AddHours(12);
            var csv = new StringBuilder("姓名,手机号,单位,入会时间,离会时间\n");
            for (var i = 0; i < trainees.Count; i++)
            {
                var t = trainees[i];
                var unit = t.Unit.Replace(DemoClassKit.SampleMark, "");
                if (first && i == 2) { csv.Append($"{Unmatched[0]},13800138000,{unit},{local(s.StartsAt.AddMinutes(-5))},{local(s.EndsAt)}\n"); continue; }
                if (first && i == 5) { csv.Append($"{Unmatched[1]},,{unit},{local(s.StartsAt)},{local(s.EndsAt.AddMinutes(-3))}\n"); continue; }
                // most stay the whole course (one dropped connection); every fourth leaves early, under 80%
                if (i % 4 == 3)
                    csv.Append($"{t.Name},{t.Phone},{unit},{local(s.StartsAt.AddMinutes(2))},{local(s.StartsAt.AddMinutes(50))}\n");
                else
                {
                    // in the second course four give no phone (matched by name and unit)
                    var phone = !first && i % 3 == 0 ? "" : t.Phone;
                    csv.Append($"{t.Name},{phone},{unit},{local(s.StartsAt.AddMinutes(-8))},{local(s.StartsAt.AddMinutes(40))}\n");
                    csv.Append($"{t.Name},{phone},{unit},{local(s.StartsAt.AddMinutes(42))},{local(s.EndsAt.AddMinutes(6))}\n");
                }
            }
            using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
            var (done, errors) = await online.ImportAsync(organizer, cohortId, s.Id, file, first ? "直播1参会记录.csv" : "直播2参会记录.csv", e => e.ToString());
            if (done is null) throw new InvalidOperationException("seed 004 live export: " + string.Join("; ", errors.Select(e => $"{e.Row} {e.Column} {e.Message}")));
        }

        // The case pushes: an article each; half the cells completed (trainee i completes push k when i + k is even).
        for (var k = 0; k < Seed004.CasePushes.Length; k++)
        {
            var s = sessions[Seed004.CasePushes[k]];
            clock.Now = s.StartsAt;
            var (title, body, question) = Cases[k];
            var module = await online.AddModuleAsync(organizer, cohortId, s.Id, title, body, null, 180);
            if (!module.IsOk) throw new InvalidOperationException($"seed 004 case: {module.Error}");
            if (question is not null)
            {
                var saved = await online.SaveCaseAsync(organizer, cohortId, s.Id, false, question);
                if (!saved.IsOk) throw new InvalidOperationException($"seed 004 question: {saved.Error}");
            }
            for (var i = 0; i < trainees.Count; i++)
            {
                clock.Now = s.StartsAt.AddHours(1 + i);
                await online.OpenAsync(cohortId, trainees[i].Id, module.Value);
                if ((i + k) % 2 != 0) continue; // opened, not finished
                if (question is not null && i % 4 == 0)
                {
                    var correct = Domain.Online.CaseReading.Parse(question).Value![0].Correct;
                    await online.AnswerAsync(cohortId, trainees[i].Id, s.Id, [correct]);
                    continue;
                }
                clock.Now = clock.Now.AddMinutes(4);
                var read = await online.DoneReadingAsync(cohortId, trainees[i].Id, module.Value);
                if (!read.IsOk) throw new InvalidOperationException($"seed 004 read: {read.Error}");
            }
        }

        // The theme course: three modules, every 关爱专员 read them all.
        var theme = sessions[Seed004.ThemeCourse];
        clock.Now = theme.StartsAt;
        var isTheme = await online.SaveCaseAsync(organizer, cohortId, theme.Id, true, null);
        if (!isTheme.IsOk) throw new InvalidOperationException($"seed 004 theme: {isTheme.Error}");
        var modules = new List<long>();
        foreach (var (title, body) in ThemeModules)
            modules.Add((await online.AddModuleAsync(organizer, cohortId, theme.Id, title, body, null, 600)).Value);
        foreach (var t in trainees)
            foreach (var m in modules)
            {
                clock.Now = clock.Now.AddMinutes(1);
                await online.OpenAsync(cohortId, t.Id, m);
                clock.Now = clock.Now.AddMinutes(12);
                var read = await online.DoneReadingAsync(cohortId, t.Id, m);
                if (!read.IsOk) throw new InvalidOperationException($"seed 004 theme read: {read.Error}");
            }
    }

    private static async Task<CurrentUser> UserAsync(System.Data.Common.DbConnection c, string username)
    {
        var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }
}
