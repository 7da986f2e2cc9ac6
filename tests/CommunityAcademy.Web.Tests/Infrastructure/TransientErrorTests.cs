using CommunityAcademy.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>A busy database is a 503 with Retry-After, not a 500: the dialects say which errors are passing.</summary>
public sealed class TransientErrorTests
{
    [Theory]
    [InlineData("53300", true)]  // too_many_connections (two instances outgrowing max_connections)
    [InlineData("57P03", true)]  // cannot_connect_now (starting up)
    [InlineData("23505", false)] // unique_violation: a real answer, not a passing state
    [InlineData("42P01", false)] // undefined_table: a bug
    public void Postgres(string sqlState, bool transient) =>
        Assert.Equal(transient, new PostgresDialect().IsTransient(new PostgresException("x", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData(5, true)]   // SQLITE_BUSY: the busy timeout ran out
    [InlineData(6, true)]   // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT
    [InlineData(1, false)]  // SQLITE_ERROR
    public void Sqlite(int code, bool transient) =>
        Assert.Equal(transient, new SqliteDialect().IsTransient(new SqliteException("x", code)));
}
