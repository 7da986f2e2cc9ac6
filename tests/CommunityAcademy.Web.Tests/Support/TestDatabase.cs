using Npgsql;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>
/// A throw-away database of one kind. SQLite: a file in a temp folder. PostgreSQL: a fresh database on the
/// server named by CA_TEST_POSTGRES (see README), dropped afterwards. Without that variable the PostgreSQL
/// tests fail with a message that says so: they never skip silently.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CA_TEST_POSTGRES";

    public string Provider { get; }
    public string ConnectionString { get; }
    private readonly string? _cleanup;

    private TestDatabase(string provider, string connectionString, string? cleanup)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _cleanup = cleanup;
    }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return new TestDatabase("sqlite", $"Data Source={Path.Combine(dir, "test.db")}", dir);
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"PostgreSQL tests need the environment variable {PostgresVariable} with a connection string to a server " +
                "where the user may create databases, e.g. \"Host=127.0.0.1;Username=postgres;Password=postgres\". " +
                "scripts/test.sh starts a throw-away server and sets it; see README.");
        var name = "ca_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(server))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0", c);
            await cmd.ExecuteNonQueryAsync();
        }
        var b = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("postgres", b.ToString(), name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cleanup is null) return;
        if (Provider == "sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_cleanup, true); } catch (IOException) { }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_cleanup} WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
