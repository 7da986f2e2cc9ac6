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

    /// <param name="contentRoot">A relative SQLite file is kept under this folder (the application's), not the current one.</param>
    public Db(DatabaseOptions options, string? contentRoot = null)
    {
        Dialect = options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" => new SqliteDialect(),
            "postgres" or "postgresql" or "npgsql" => (ISqlDialect)new PostgresDialect(),
            var other => throw new InvalidOperationException(
                $"Database:Provider must be 'sqlite' or 'postgres', not '{other}'."),
        };
        ConnectionString = Dialect is SqliteDialect ? SqliteDialect.Prepare(options.ConnectionString, contentRoot) : options.ConnectionString;
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

    /// <summary>Inserts many rows the fastest way the database offers (see <see cref="ISqlDialect.BulkInsertAsync"/>).</summary>
    public Task BulkInsertAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, CancellationToken ct = default) =>
        Dialect.BulkInsertAsync(c, tx, table, columns, rows, ct);

    // SQLite hands instants back as text; PostgreSQL as DateTime (UTC). Both come out as UTC offsets.
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => SqliteDialect.InstantFromText(s),
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
