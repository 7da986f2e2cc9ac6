using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Courses;

/// <summary>
/// Migration 0027 applied to a database that already holds 0024's reviews (the demo's seed-002 plans, scores, opinions):
/// it adds its tables and changes none of 0024's rows (it rebuilds nothing, so nothing cascades). 0029 (the meeting's
/// rubric versions, each score's version) follows it on the same database.
/// </summary>
public abstract class CoursesMigrationTests(TestApp app)
{
    private static readonly string[] Mine = ["meeting_rubrics", "session_courses", "meeting_scores", "meeting_lectures", "meeting_members", "course_meetings", "course_versions", "courses", "course_agreements"];
    private static readonly string[] Reviews = ["reviews", "review_rubrics", "review_rounds", "review_submissions", "submission_versions", "review_assignments", "review_scores", "review_opinions"];

    [Fact]
    public async Task Applied_to_a_database_holding_reviews_it_keeps_every_review_row()
    {
        var db = app.Get<Db>();
        await using var c = await db.OpenAsync();
        async Task<long[]> counts() { var l = new List<long>(); foreach (var t in Reviews) l.Add(await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {t}")); return [.. l]; }
        var before = await counts();
        Assert.True(before[0] > 0 && before[6] > 0, "the demo holds reviews and scores");
        // back to the state before 0027: its tables (and 0029's, built on them) gone, their versions not recorded
        foreach (var t in Mine) await c.ExecuteAsync($"DROP TABLE {t}");
        await c.ExecuteAsync("DELETE FROM schema_migrations WHERE version IN (27, 29)");

        Assert.Equal([27, 29], await app.Get<Migrator>().MigrateAsync());
        Assert.Equal(before, await counts());
        foreach (var t in Mine) Assert.Equal(0, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {t}"));
        if (db.IsSqlite) Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
    }
}

// Each test class has its own fixture (its own database): dropping 0027's tables here touches no other class.
public sealed class CoursesMigrationTests_Sqlite(SqliteDemo app) : CoursesMigrationTests(app), IClassFixture<SqliteDemo>;
public sealed class CoursesMigrationTests_Postgres(PostgresDemo app) : CoursesMigrationTests(app), IClassFixture<PostgresDemo>;
