using System.Net;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Tasks;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Demo;

/// <summary>
/// Seed 004 (#19): 桂城街道's 关爱专员 under their own root, invented communities marked, its 2 live courses, 4 case pushes and
/// 2 visits, and the three practice tasks handed in (some late, some returned, one overdue) and scored by two mentors each.
/// </summary>
public abstract class Seed004Tests(TestApp app)
{
    private async Task<long> IdAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @title", new { title = Seed004.Title });
    }

    [Fact]
    public async Task Seed_004_is_its_own_class_of_invented_communities_with_its_sessions()
    {
        var id = await IdAsync();
        await using var c = await app.Get<Db>().OpenAsync();
        var trainees = (await c.QueryAsync<(string Username, string Path, string Position)>("""
            SELECT u.username, un.path, e.position FROM enrollments e JOIN users u ON u.id = e.user_id JOIN units un ON un.id = e.unit_id
            WHERE e.cohort_id = @id AND e.category = 'trainee' ORDER BY u.username
            """, new { id })).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"gc{i:00}"), trainees.Select(t => t.Username));
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        var paths = (await c.QueryAsync<long>("SELECT DISTINCT e.unit_id FROM enrollments e WHERE e.cohort_id = @id AND e.category = 'trainee'", new { id })).ToList();
        Assert.Equal(6, paths.Count);
        var byId = units.ToDictionary(u => u.Value<long>("id"), u => u.Value<string>("path")!);
        Assert.All(paths, p => Assert.StartsWith("佛山市/南海区/桂城街道/", byId[p]));
        Assert.All(paths, p => Assert.EndsWith(DemoClassKit.SampleMark, byId[p]));
        Assert.All(trainees, t => Assert.Equal("关爱专员", t.Position));
        var types = (await c.QueryAsync<string>("SELECT session_type FROM sessions WHERE cohort_id = @id ORDER BY starts_at", new { id })).ToList();
        Assert.Equal(["online_live", "online_case", "online_live", "online_case", "online_case", "online_case", "online_case", "site_visit", "site_visit"], types);
        Assert.Contains("示例数据", await c.ExecuteScalarAsync<string>("SELECT trainee_description FROM cohorts WHERE id = @id", new { id }));
        var seen = (await (await (await app.Api(Seed004.Organizer)).GetAsync("/api/v1/cohorts")).ReadArrayAsync()).Select(x => x.Value<long>("id")).ToList();
        Assert.Equal([id], seen);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Its_three_tasks_are_handed_in_late_returned_overdue_and_scored_by_two_mentors()
    {
        var id = await IdAsync();
        var store = app.Get<TaskStore>();
        var tasks = await store.ListAsync(id);
        Assert.Equal([Seed004Tasks.Task1, Seed004Tasks.Task2, Seed004Tasks.Task3], tasks.Select(t => t.Title));
        var one = await store.SubmissionsAsync(id, tasks[0].Id);
        Assert.All(one, s => Assert.Equal(TaskState.Accepted, s.State));
        Assert.Equal(2, one.Count(s => s.Late));
        Assert.All(one, s => Assert.Equal((2, 2), (s.Reviewers, s.Scored)));
        var two = await store.SubmissionsAsync(id, tasks[1].Id);
        Assert.Single(two, s => s.State == TaskState.Returned);
        Assert.Single(two, s => s.Overdue);
        Assert.Single(two, s => s.Late);
        var three = await store.SubmissionsAsync(id, tasks[2].Id);
        Assert.Equal((6, 2, 0), (three.Count(s => s.State != TaskState.NotHandedIn), three.Count(s => s.State == TaskState.Accepted), three.Count(s => s.Overdue)));

        // the organizer's class page lists the returned and the overdue one; gc01 reads 学时 on the phone
        var page = await PageAsync(await app.Browser(Seed004.Organizer), $"/Cohorts/Details/{id}");
        Assert.Contains("class-task-attention", page);
        var mine = await PageAsync(await app.Browser("gc01"), $"/Me/Tasks/{id}");
        Assert.Contains("已获 4 学时", mine);
    }

    [Fact]
    public async Task Seed_004_chooses_three_outstanding_trainees_at_most_one_per_community_and_its_organizer_confirms_them()
    {
        var id = await IdAsync();
        var o = await app.Get<CommunityAcademy.Web.Features.Scores.OutstandingStore>().GetAsync(id);
        Assert.Equal(Seed004Outstanding.Rule, o.Rule);
        Assert.True(o.IsConfirmed); // confirmed by the demo's organizer before the 优秀学员证书 are issued (#22)
        Assert.Equal(o.List.Select(p => p.Trainee.EnrollmentId).Order(), o.Confirmed.Select(p => p.EnrollmentId).Order());
        Assert.NotNull(o.Selection);
        Assert.True(o.Selection!.Chosen.Count >= 3); // ties at the cut line are all chosen
        Assert.All(o.Selection.Chosen.GroupBy(x => x.CapUnit), g => Assert.Single(g));
        Assert.Equal(Seed004Outstanding.Formula with { PlanReviewId = o.Scores.Formula.PlanReviewId }, o.Scores.Formula);
        // the chosen are the best ranked of their communities, by the class score the tasks make
        var ranked = o.Scores.Rows.Where(t => t.Rank is not null).ToList();
        Assert.Contains(ranked.MinBy(t => t.Rank)!.EnrollmentId, o.Selection.Chosen.Select(x => x.Id));
        using var organizer = await app.Browser(Seed004.Organizer);
        var page = await organizer.GetStringAsync($"/Scores/Outstanding/{id}");
        Assert.Contains(ranked.MinBy(t => t.Rank)!.Name, page);
    }
}

public sealed class Seed004Tests_Sqlite(SqliteDemo app) : Seed004Tests(app), IClassFixture<SqliteDemo>;
public sealed class Seed004Tests_Postgres(PostgresDemo app) : Seed004Tests(app), IClassFixture<PostgresDemo>;
