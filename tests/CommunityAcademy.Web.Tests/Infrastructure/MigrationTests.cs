using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Web.Tests.Infrastructure;

public abstract class MigrationTests(string provider)
{
    [Fact]
    public async Task All_migrations_apply_to_an_empty_database_once()
    {
        await using var tdb = await TestDatabase.CreateAsync(provider);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = tdb.ConnectionString });
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);

        var applied = await migrator.MigrateAsync();
        Assert.Equal(Migrator.All.Select(m => m.Version), applied);
        Assert.Empty(await migrator.MigrateAsync());
        Assert.Equal(Migrator.All.Select(m => m.Version), await migrator.AppliedAsync());

        await using var c = await db.OpenAsync();
        foreach (var table in new[] { "units", "users", "user_roles", "programs", "cohorts", "cohort_hosts", "participant_categories",
                     "quota_lines", "receipt_submitters", "sessions", "enrollments", "audit_log", "data_protection_keys" })
            Assert.Equal(0, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
    }

    [Fact]
    public async Task Two_migrators_at_once_apply_each_migration_exactly_once()
    {
        await using var tdb = await TestDatabase.CreateAsync(provider);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = tdb.ConnectionString });
        await new Migrator(db, NullLogger<Migrator>.Instance).AppliedAsync(); // table exists first, as after any start
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync())));
        Assert.Equal(Migrator.All.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task Instants_and_dates_round_trip_in_utc()
    {
        await using var tdb = await TestDatabase.CreateAsync(provider);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = tdb.ConnectionString });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var c = await db.OpenAsync();
        var at = new DateTimeOffset(2023, 6, 7, 8, 30, 0, 123, TimeSpan.FromHours(8));
        await c.ExecuteAsync("INSERT INTO audit_log (at, entity, action) VALUES (@at, 'test', 'x')", new { at = at.ToUniversalTime() });
        var back = await c.QuerySingleAsync<DateTimeOffset>("SELECT at FROM audit_log WHERE entity = 'test'");
        Assert.Equal(at, back);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }
}

public sealed class MigrationTests_Sqlite() : MigrationTests("sqlite");
public sealed class MigrationTests_Postgres() : MigrationTests("postgres");
