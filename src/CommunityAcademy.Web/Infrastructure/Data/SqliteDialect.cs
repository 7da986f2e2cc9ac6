using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommunityAcademy.Web.Infrastructure.Data;

public sealed class SqliteDialect : ISqlDialect
{
    static SqliteDialect() => SQLitePCL.Batteries_V2.Init();

    public string Name => "sqlite";

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>Resolves the file path and creates its folder, so "Data Source=data/x.db" works on a fresh checkout.</summary>
    public static string Prepare(string connectionString)
    {
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (b.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(b.DataSource) && b.DataSource != ":memory:")
        {
            var full = Path.GetFullPath(b.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            b.DataSource = full;
        }
        b.ForeignKeys = true;
        b.Pooling = true;
        return b.ToString();
    }

    public async Task OnOpenAsync(DbConnection connection, CancellationToken ct)
    {
        // WAL lets readers work during a write; the busy timeout makes writers queue instead of failing.
        // journal_mode is persistent, the other two are per connection.
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    }

    public string ExpandDdl(string ddl) => DialectDdl.Only(ddl, "sqlite")
        .Replace("{{pk}}", "INTEGER PRIMARY KEY")
        .Replace("{{instant}}", "TEXT")
        .Replace("{{date}}", "TEXT")
        .Replace("{{blob}}", "BLOB");

    public Task BeforeMigrationsAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteAsync("PRAGMA journal_mode = WAL;");

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE: holding one is the lock.
    public Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    // One prepared single-row INSERT executed per row: SQLite runs in-process, so there is no round trip to save,
    // and Microsoft.Data.Sqlite binds parameters by name, which makes wide multi-row statements quadratic.
    public Task BulkInsertAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var cmd = (SqliteCommand)c.CreateCommand();
        cmd.Transaction = (SqliteTransaction)tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var ps = columns.Select((_, i) => cmd.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        cmd.Prepare();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < ps.Length; i++) ps[i].Value = row[i] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
        return Task.CompletedTask;
    }

    public Task<bool> TryLockAsync(DbConnection connection, long key) => Task.FromResult(true);
    public Task UnlockAsync(DbConnection connection, long key) => Task.CompletedTask;

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): the busy timeout ran out.
    public bool IsTransient(Exception e) => e is SqliteException { SqliteErrorCode: 5 or 6 };

    // SQLITE_CONSTRAINT_UNIQUE (2067) and _PRIMARYKEY (1555)
    public bool IsUniqueViolation(DbException e) => e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    public async Task<string> BackupAsync(string connectionString, string destination, CancellationToken ct)
    {
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (File.Exists(full)) throw new InvalidOperationException($"目标文件已存在: {full}");
        // The online backup API copies a consistent snapshot while the application keeps running.
        await using var source = new SqliteConnection(connectionString);
        await source.OpenAsync(ct);
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        await target.OpenAsync(ct);
        source.BackupDatabase(target);
        return full;
    }
}
