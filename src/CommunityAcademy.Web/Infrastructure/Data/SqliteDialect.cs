using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommunityAcademy.Web.Infrastructure.Data;

public sealed class SqliteDialect : ISqlDialect
{
    static SqliteDialect() => SQLitePCL.Batteries_V2.Init();

    public string Name => "sqlite";

    /// <summary>The format Microsoft.Data.Sqlite stores a DateTimeOffset in (what Dapper and every reader here see).</summary>
    public const string InstantFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";

    /// <summary>
    /// An instant as the text <see cref="InstantFormat"/> makes of it in UTC, written directly: the sign-in writer binds
    /// three per row, and the general formatter (it parses the pattern every time) cost more than SQLite's insert.
    /// </summary>
    public static string InstantText(DateTimeOffset t)
    {
        var d = t.UtcDateTime;
        var fraction = (int)(d.Ticks % TimeSpan.TicksPerSecond);
        var digits = 7; // F: the fraction without its trailing zeros, and without the point when nothing is left
        while (digits > 0 && fraction % 10 == 0) { fraction /= 10; digits--; }
        return string.Create(19 + (digits > 0 ? 1 + digits : 0) + 6, (d, fraction, digits), static (c, x) =>
        {
            var (d, fraction, digits) = x;
            static void Two(Span<char> c, int at, int v) { c[at] = (char)('0' + v / 10); c[at + 1] = (char)('0' + v % 10); }
            var y = d.Year;
            c[0] = (char)('0' + y / 1000); c[1] = (char)('0' + y / 100 % 10); c[2] = (char)('0' + y / 10 % 10); c[3] = (char)('0' + y % 10);
            c[4] = '-'; Two(c, 5, d.Month); c[7] = '-'; Two(c, 8, d.Day);
            c[10] = ' '; Two(c, 11, d.Hour); c[13] = ':'; Two(c, 14, d.Minute); c[16] = ':'; Two(c, 17, d.Second);
            var at = 19;
            if (digits > 0)
            {
                c[at++] = '.';
                for (var i = digits - 1; i >= 0; i--) { c[at + i] = (char)('0' + fraction % 10); fraction /= 10; }
                at += digits;
            }
            "+00:00".AsSpan().CopyTo(c[at..]);
        });
    }

    /// <summary>An instant read back from its text (any offset it was written with), in UTC.</summary>
    public static DateTimeOffset InstantFromText(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>
    /// Resolves the file path (a relative one against <paramref name="baseFolder"/>, the content root, when given) and
    /// creates its folder, so "Data Source=data/x.db" works on a fresh checkout and in a published build started anywhere.
    /// </summary>
    public static string Prepare(string connectionString, string? baseFolder = null)
    {
        var b = new SqliteConnectionStringBuilder(connectionString);
        if (b.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(b.DataSource) && b.DataSource != ":memory:")
        {
            var full = baseFolder is null ? Path.GetFullPath(b.DataSource) : Path.GetFullPath(b.DataSource, baseFolder);
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
