using System.Reflection;
using Dapper;

namespace CommunityAcademy.Web.Infrastructure.Data;

public sealed record Migration(int Version, string Name, string Script);

/// <summary>
/// Applies the numbered scripts in Migrations/ (embedded as "Migrations.0001_name.sql") in order,
/// each in its own transaction, and records them in schema_migrations.
/// </summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    public static IReadOnlyList<Migration> All { get; } = Load();

    private static List<Migration> Load()
    {
        var asm = typeof(Migrator).Assembly;
        var list = new List<Migration>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.") && n.EndsWith(".sql")))
        {
            var file = name["Migrations.".Length..^".sql".Length];
            var us = file.IndexOf('_');
            var version = int.Parse(file[..us]);
            using var s = asm.GetManifestResourceStream(name)!;
            using var r = new StreamReader(s);
            list.Add(new Migration(version, file[(us + 1)..], r.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (list.Select(m => m.Version).Distinct().Count() != list.Count)
            throw new InvalidOperationException("Two migrations share a version number.");
        return list;
    }

    public async Task<IReadOnlyList<int>> AppliedAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await EnsureTableAsync(c);
        return (await c.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
    }

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        var applied = new List<int>();
        await using var c = await db.OpenAsync(ct);
        await db.Dialect.BeforeMigrationsAsync(c, ct);
        await EnsureTableAsync(c);
        foreach (var m in All)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await db.Dialect.LockForMigrationAsync(c, tx, ct);
            // Re-read under the lock: another instance may have applied it meanwhile.
            var done = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", new { v = m.Version }, tx);
            if (done > 0) { await tx.RollbackAsync(ct); continue; }
            await c.ExecuteAsync(db.Dialect.ExpandDdl(m.Script), transaction: tx);
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)",
                new { v = m.Version, n = m.Name, at = DateTimeOffset.UtcNow }, tx);
            await tx.CommitAsync(ct);
            applied.Add(m.Version);
            logger.LogInformation("Applied migration {Version} {Name} on {Provider}", m.Version, m.Name, db.Dialect.Name);
        }
        return applied;
    }

    private Task EnsureTableAsync(System.Data.Common.DbConnection c) => c.ExecuteAsync(db.Dialect.ExpandDdl(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {{instant}} NOT NULL)"));
}
