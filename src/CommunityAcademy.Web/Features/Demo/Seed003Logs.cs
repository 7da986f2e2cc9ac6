using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.LearningLogs;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// Seed 003's 学员日志 (#23 point 1), written through <see cref="LearningLogStore"/> on a clock set to each class day's
/// evening: a few trainees' entries over the five days, among them 刚彩凤's of the fourth day (the seed's words: the
/// education base in the morning, 金元社区 and 观山社区 in the afternoon), which the head teacher comments on and marks good
/// (精选). The seed names 刚彩凤 (观山街道金海域社区 党建指导员): the first invented trainee of 金海域社区 takes her name.
/// </summary>
public static class Seed003Logs
{
    public const string GangCaifeng = "刚彩凤";

    /// <summary>The seed's own words, from 刚彩凤's log.</summary>
    public const string GangCaifengEntry = "今天的课很有意义，课程全部是现场教学。上午参观了观山湖区新时代全面从严治党教育基地。下午我们参观了金阳街道金元社区、观山社区，" +
        "社区发挥基层党组织战斗堡垒作用和党员模范带头作用，发挥居民参与社区建设，共同为社区治理做贡献。";

    public const string Comment = "记录具体、有思考，把现场看到的做法和自己社区的工作联系起来，继续保持！";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>(class day 0…4, trainee index within the roster, text). Invented (示例) except 刚彩凤's.</summary>
    private static readonly (int Day, int Trainee, string Text)[] Entries =
    [
        (0, 1, "开班第一天。揭牌仪式后学习了社区治理的基本概念，老师讲到“社区不是管出来的，是大家一起治出来的”，很受启发。（示例）"),
        (0, 5, "今天认识了同班来自各社区的同事，分组讨论时交流了各自社区的难点：老旧小区、流动人口多。（示例）"),
        (1, 1, "下午的课讲动员社会力量参与社区建设，从目标、路径、措施、成功案例四个方面讲，很有实操性。（示例）"),
        (2, 12, "工作坊里我们小组设计了“三感社区”的居民议事流程，准备回去试一试。（示例）"),
        (4, 5, "结业了。五天的学习让我对社区治理有了新的认识，回去要把学到的方法用起来。（示例）"),
    ];

    public static async Task SeedAsync(Db db, AttachmentStore files)
    {
        await using var c = await db.OpenAsync();
        if (await c.QuerySingleOrDefaultAsync<(long Id, DateOnly Start, string Zone)?>(
                "SELECT id, start_date, time_zone FROM cohorts WHERE title = @t", new { t = Seed003.Title }) is not { } cohort) return;
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM learning_logs WHERE cohort_id = @id", new { id = cohort.Id }) > 0) return;
        var trainees = (await c.QueryAsync<(long Id, long UserId, string Unit)>("""
            SELECT e.id, e.user_id, u.name FROM enrollments e JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @id AND e.category = 'trainee' AND e.status = 'active' ORDER BY e.id
            """, new { id = cohort.Id })).ToList();
        if (trainees.Count == 0) return;

        // 刚彩凤: the first trainee of 金海域社区 takes her name (roster, account and receipt row alike).
        var gang = trainees.FirstOrDefault(t => t.Unit == "金海域社区");
        if (gang == default) gang = trainees[0];
        await c.ExecuteAsync("UPDATE enrollments SET name = @n, position = '党建指导员', gender = '女' WHERE id = @id", new { n = GangCaifeng, id = gang.Id });
        await c.ExecuteAsync("UPDATE users SET display_name = @n WHERE id = @id", new { n = GangCaifeng, id = gang.UserId });
        await c.ExecuteAsync("""
            UPDATE receipt_rows SET name = @n, position = '党建指导员', gender = '女' WHERE id = (SELECT receipt_row_id FROM enrollments WHERE id = @id)
            """, new { n = GangCaifeng, id = gang.Id });

        var cohortRow = await c.QuerySingleAsync<CohortRow>("SELECT id, title, start_date, end_date, time_zone FROM cohorts WHERE id = @id", new { id = cohort.Id });
        var head = await UserAsync(c, Seed003.HeadTeacher);
        var sessions = (await c.QueryAsync<(long Id, DateOnly Day, string Title)>(
            "SELECT id, session_date, title FROM sessions WHERE cohort_id = @id ORDER BY starts_at", new { id = cohort.Id })).ToList();
        DateTimeOffset evening(int day) => Domain.Cohorts.ClassClock.ToInstant(cohort.Start.AddDays(day), new TimeOnly(21, 0), cohort.Zone);
        var clock = new FixedClock(evening(0));
        var logs = new LearningLogStore(db, files, clock);

        async Task<LogEntry> write(int day, (long Id, long UserId, string Unit) t, string text, IReadOnlyList<long> about)
        {
            clock.Now = evening(day);
            var me = await UserByIdAsync(c, t.UserId);
            var r = await logs.WriteAsync(me, cohortRow, t.Id, cohort.Start.AddDays(day), text, about);
            return r.IsOk ? r.Value! : throw new InvalidOperationException($"seed 003 log: {r.Error}");
        }
        foreach (var (day, i, text) in Entries)
            await write(day, trainees[Math.Min(i, trainees.Count - 1)], text, []);

        // 刚彩凤's entry of the fourth day, about its two sessions (the education base, the visit), commented and marked good.
        var visitDay = cohort.Start.AddDays(3);
        var entry = await write(3, gang, GangCaifengEntry, sessions.Where(s => s.Day == visitDay).Select(s => s.Id).ToList());
        clock.Now = evening(3).AddHours(1);
        var comment = await logs.CommentAsync(head, cohort.Id, entry.Id, Comment);
        if (!comment.IsOk) throw new InvalidOperationException($"seed 003 log comment: {comment.Error}");
        var mark = await logs.MarkAsync(head, cohort.Id, entry.Id, true);
        if (!mark.IsOk) throw new InvalidOperationException($"seed 003 log mark: {mark.Error}");
    }

    private static async Task<CurrentUser> UserAsync(System.Data.Common.DbConnection c, string username) =>
        await UserByIdAsync(c, await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username }));

    private static async Task<CurrentUser> UserByIdAsync(System.Data.Common.DbConnection c, long id)
    {
        var (username, name, unit) = await c.QuerySingleAsync<(string, string, long?)>("SELECT username, display_name, unit_id FROM users WHERE id = @id", new { id });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }
}
