using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Groups;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>Classes with working groups and reviewers for the review tests (#18).</summary>
public static class ReviewKit
{
    public static readonly string[] Trainees = ["t061", "t062", "t063", "t064", "t065", "t066"];

    /// <summary>
    /// A class with six trainees: t061–t063 at 滨湖社区, t064–t065 at 段店镇, t066 without a unit; a working grouping by unit
    /// (滨湖社区, 段店镇, and the one without). The demo staff are on the class.
    /// </summary>
    public static async Task<(long Cohort, long Grouping)> ClassAsync(TestApp app)
    {
        var cohort = await CreateCohortAsync(app, "评审测试班", "2031-05-10", "2031-05-12");
        foreach (var t in Trainees) await EnrollAsync(app, cohort, t);
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            await c.ExecuteAsync("""
                UPDATE enrollments SET unit_id = (SELECT id FROM units WHERE name = '滨湖社区')
                WHERE cohort_id = @cohort AND user_id IN (SELECT id FROM users WHERE username IN ('t061', 't062', 't063'))
                """, new { cohort });
            await c.ExecuteAsync("""
                UPDATE enrollments SET unit_id = (SELECT id FROM units WHERE name = '段店镇')
                WHERE cohort_id = @cohort AND user_id IN (SELECT id FROM users WHERE username IN ('t064', 't065'))
                """, new { cohort });
        }
        var g = await app.Get<GroupStore>().CreateAsync(await UserAsync(app, "organizer"), cohort,
            new NewGrouping("working", "社区小组", null, FormingMethod.ByUnit, 0));
        Assert.True(g.IsOk, g.Error?.ToString());
        return (cohort, g.Value);
    }

    /// <summary>A reviewer account (password demo1234, as the demo's mentor) with a role and a unit (by name; null: none).</summary>
    public static async Task<string> ReviewerAsync(TestApp app, string role, string? unit)
    {
        var username = "rv" + U();
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO users (username, display_name, password_hash, unit_id, is_active, must_change_password, failed_logins, security_stamp, created_at)
            SELECT @username, @name, password_hash, (SELECT id FROM units WHERE name = @unit), @t, @f, 0, @username, created_at FROM users WHERE username = 'mentor'
            """, new { username, name = "评审" + username[2..], unit, t = true, f = false });
        await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) SELECT id, @role FROM users WHERE username = @username", new { username, role });
        return username;
    }

    public static async Task<CurrentUser> UserAsync(TestApp app, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }

    /// <summary>A plan review of the class by store (rounds 提出, 讨论, 优化; the first open), a submission per working group.</summary>
    public static async Task<long> PlanReviewAsync(TestApp app, long cohort)
    {
        var r = await app.Get<CommunityAcademy.Web.Features.Reviews.ReviewStore>().CreateAsync(await UserAsync(app, "organizer"), cohort, "plan",
            "社区品牌创建工作方案", "提出\n讨论\n优化", "groups");
        Assert.True(r.IsOk, r.Error?.ToString());
        return r.Value;
    }

    /// <summary>The submission of the group the trainee is in.</summary>
    public static Task<long> SubmissionOfAsync(TestApp app, long review, string username) => ScalarAsync(app, """
        SELECT s.id FROM review_submissions s JOIN group_members m ON m.group_id = s.group_id JOIN enrollments e ON e.id = m.enrollment_id
        JOIN users u ON u.id = e.user_id WHERE s.review_id = @review AND u.username = @username
        """, new { review, username });

    public static async Task<long> ScalarAsync(TestApp app, string sql, object? args = null)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }
}
