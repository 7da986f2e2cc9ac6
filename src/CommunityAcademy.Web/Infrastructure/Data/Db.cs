using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace CommunityAcademy.Web.Infrastructure.Data;

/// <summary>Opens connections to the configured database. One instance per application.</summary>
public sealed class Db
{
    static Db()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    public Db(DatabaseOptions options)
    {
        Dialect = options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => new SqliteDialect(),
            "postgres" or "postgresql" or "npgsql" => (ISqlDialect)new PostgresDialect(),
            var other => throw new InvalidOperationException(
                $"Database:Provider must be 'sqlite' or 'postgres', not '{other}'."),
        };
        ConnectionString = Dialect is SqliteDialect ? SqliteDialect.Prepare(options.ConnectionString) : options.ConnectionString;
    }

    public ISqlDialect Dialect { get; }
    public string ConnectionString { get; }
    public bool IsSqlite => Dialect is SqliteDialect;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var c = Dialect.CreateConnection(ConnectionString);
        await c.OpenAsync(ct);
        await Dialect.OnOpenAsync(c, ct);
        return c;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var result = await work(c, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Inserts many rows with multi-row INSERT statements of <paramref name="batch"/> rows each, reusing one prepared
    /// command for every full batch: far fewer round trips and statement compilations than a row at a time.
    /// </summary>
    public static async Task BulkInsertAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, int batch = 200, CancellationToken ct = default)
    {
        DbCommand? full = null;
        var pending = new List<object?[]>(batch);
        async Task flush(bool isFull)
        {
            if (pending.Count == 0) return;
            DbCommand cmd;
            if (isFull && full is not null) cmd = full;
            else
            {
                cmd = c.CreateCommand();
                cmd.Transaction = tx;
                var sb = new System.Text.StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
                for (var r = 0; r < pending.Count; r++)
                {
                    sb.Append(r == 0 ? "(" : ", (");
                    for (var k = 0; k < columns.Count; k++)
                    {
                        if (k > 0) sb.Append(", ");
                        var p = cmd.CreateParameter();
                        p.ParameterName = $"@p{r}_{k}";
                        cmd.Parameters.Add(p);
                        sb.Append(p.ParameterName);
                    }
                    sb.Append(')');
                }
                cmd.CommandText = sb.ToString();
                if (isFull) full = cmd;
            }
            for (var r = 0; r < pending.Count; r++)
                for (var k = 0; k < columns.Count; k++)
                    cmd.Parameters[r * columns.Count + k].Value = pending[r][k] ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct);
            if (!ReferenceEquals(cmd, full)) await cmd.DisposeAsync();
            pending.Clear();
        }
        foreach (var row in rows)
        {
            pending.Add(row);
            if (pending.Count == batch) await flush(isFull: true);
        }
        await flush(isFull: false);
        if (full is not null) await full.DisposeAsync();
    }

    // SQLite hands instants back as text; PostgreSQL as DateTime (UTC). Both come out as UTC offsets.
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read an instant from {value.GetType()}"),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = value;
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a date from {value.GetType()}"),
        };
    }
}

/// <summary>Instants are always stored in UTC; this is the one clock the code asks.</summary>
public static class Instant
{
    /// <summary>Milliseconds precision, UTC: the same value round-trips through both databases.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
