using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.LearningLogs;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Demo;

/// <summary>Seed 003's 学员日志 (#23): entries over the class days, 刚彩凤's commented by the head teacher and marked good.</summary>
public abstract class Seed003LogsTests(TestApp app)
{
    [Fact]
    public async Task The_class_has_logs_and_gang_caifengs_is_commented_and_marked_good()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed003.Title });
        var logs = app.Get<LearningLogStore>();
        var all = await logs.ListAsync(cohort, new LogFilter());
        Assert.True(all.Count >= 5);
        var featured = Assert.Single(await logs.FeaturedAsync(cohort));
        Assert.Equal(Seed003Logs.GangCaifeng, featured.TraineeName);
        Assert.Equal("金海域社区", featured.UnitName);
        Assert.Equal(2, featured.SessionIds.Count); // the education base and the visit
        Assert.Equal(Seed003Logs.Comment, Assert.Single(featured.Comments).Body);

        var head = await app.Browser(Seed003.HeadTeacher);
        var page = await PageAsync(head, $"/LearningLogs/{cohort}?featured=true");
        Assert.Contains(Seed003Logs.GangCaifeng, page);
        Assert.Contains("上午参观了观山湖区新时代全面从严治党教育基地", page);

        var username = await c.ExecuteScalarAsync<string>("""
            SELECT u.username FROM users u JOIN enrollments e ON e.user_id = u.id WHERE e.cohort_id = @cohort AND e.name = @n
            """, new { cohort, n = Seed003Logs.GangCaifeng });
        var mine = Card(await PageAsync(await app.Browser(username!), $"/Me/Logs/{cohort}"), "data-log", featured.Id);
        Assert.Contains(Seed003Logs.Comment, mine);
        Assert.Contains("精选", mine);
    }
}

public sealed class Seed003LogsTests_Sqlite(SqliteDemo app) : Seed003LogsTests(app), IClassFixture<SqliteDemo>;
public sealed class Seed003LogsTests_Postgres(PostgresDemo app) : Seed003LogsTests(app), IClassFixture<PostgresDemo>;
