using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

public abstract class TimetableMigrationTests(string provider)
{
    [Fact]
    public async Task A_database_from_before_the_timetable_upgrades_with_its_sessions_intact()
    {
        await using var tdb = await TestDatabase.CreateAsync(provider);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = tdb.ConnectionString });
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);
        await migrator.AppliedAsync(); // creates schema_migrations
        await using (var c = await db.OpenAsync())
        {
            // The foundation alone, as a server running the first release has it, with a class and a session.
            await c.ExecuteAsync(db.Dialect.ExpandDdl(Migrator.All.Single(m => m.Version == 1).Script));
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'foundation', @now)", new { now = DateTimeOffset.UtcNow });
            await c.ExecuteAsync("INSERT INTO programs (name, created_at) VALUES ('p', @now)", new { now = DateTimeOffset.UtcNow });
            await c.ExecuteAsync("""
                INSERT INTO cohorts (program_id, title, start_date, end_date, created_at)
                VALUES ((SELECT id FROM programs), '老班', @d, @d, @now)
                """, new { d = new DateOnly(2023, 6, 7), now = DateTimeOffset.UtcNow });
            await c.ExecuteAsync("""
                INSERT INTO sessions (cohort_id, session_date, start_time, end_time, starts_at, ends_at, title, session_type, instructors)
                VALUES ((SELECT id FROM cohorts), @d, '08:30', '11:30', @s, @e, '老课程', 'lecture', '陈伟东等')
                """, new { d = new DateOnly(2023, 6, 7), s = new DateTimeOffset(2023, 6, 7, 0, 30, 0, TimeSpan.Zero), e = new DateTimeOffset(2023, 6, 7, 3, 30, 0, TimeSpan.Zero) });
        }

        var applied = await migrator.MigrateAsync();
        Assert.Contains(3, applied);
        Assert.DoesNotContain(1, applied);

        await using var conn = await db.OpenAsync();
        var row = await conn.QuerySingleAsync<(bool PastMidnight, double? StudyHours, long? TeachingPointId, string Title)>(
            "SELECT past_midnight, study_hours, teaching_point_id, title FROM sessions");
        Assert.Equal((false, (double?)null, (long?)null, "老课程"), row);
        Assert.Equal(11, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM session_types WHERE builtin = TRUE"));
        Assert.Equal(5, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM workshop_methods WHERE builtin = TRUE"));
        foreach (var table in new[] { "instructors", "instructor_teams", "instructor_team_members", "teaching_points", "scenes", "session_instructors" })
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        Assert.Empty(await migrator.MigrateAsync());
    }
}

public sealed class TimetableMigrationTests_Sqlite() : TimetableMigrationTests("sqlite");
public sealed class TimetableMigrationTests_Postgres() : TimetableMigrationTests("postgres");
