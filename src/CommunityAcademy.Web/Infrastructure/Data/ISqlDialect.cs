using System.Data.Common;

namespace CommunityAcademy.Web.Infrastructure.Data;

/// <summary>
/// The one seam between SQLite and PostgreSQL. SQL elsewhere is written once, in the dialect both
/// speak (ON CONFLICT, RETURNING, ||, COALESCE); only what truly differs lives behind this interface.
/// </summary>
public interface ISqlDialect
{
    string Name { get; }
    DbConnection CreateConnection(string connectionString);
    /// <summary>Per-connection settings, run on every open.</summary>
    Task OnOpenAsync(DbConnection connection, CancellationToken ct);
    /// <summary>Replaces the column-type macros of migration scripts ({{pk}}, {{instant}}, {{date}}, {{blob}}) and keeps
    /// the text of {{postgres: …}} or {{sqlite: …}} only for that database.</summary>
    string ExpandDdl(string ddl);
    /// <summary>Once per migration run, outside any transaction (SQLite: switch the file to WAL).</summary>
    Task BeforeMigrationsAsync(DbConnection connection, CancellationToken ct);
    /// <summary>Serialises migration runs across processes that share one database.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);
    /// <summary>
    /// Takes the named lock for the life of the connection (until released) if no one else holds it; false if someone
    /// does. PostgreSQL: an advisory lock, shared by every instance; SQLite: true (one application owns the file, and
    /// its callers take turns in-process).
    /// </summary>
    Task<bool> TryLockAsync(DbConnection connection, long key);
    Task UnlockAsync(DbConnection connection, long key);
    bool IsUniqueViolation(DbException e);
    /// <summary>The database is busy or refuses more connections right now: worth a 503 and a retry, not a 500.</summary>
    bool IsTransient(Exception e);
    /// <summary>
    /// Inserts many rows in the caller's transaction. Values are long, int, string, bool or null and must match the
    /// column types exactly (PostgreSQL's binary COPY does not convert).
    /// </summary>
    Task BulkInsertAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken ct);
    /// <summary>Makes a consistent copy of the database, or explains how to.</summary>
    Task<string> BackupAsync(string connectionString, string destination, CancellationToken ct);
}

/// <summary>The one-dialect parts of migration scripts: <c>{{postgres: …}}</c> and <c>{{sqlite: …}}</c>.</summary>
public static class DialectDdl
{
    private static readonly System.Text.RegularExpressions.Regex Part =
        new(@"\{\{(postgres|sqlite):(.*?)\}\}", System.Text.RegularExpressions.RegexOptions.Singleline);

    public static string Only(string ddl, string dialect) => Part.Replace(ddl, m => m.Groups[1].Value == dialect ? m.Groups[2].Value : "");
}
