using Dapper;
using Npgsql;

namespace CommunityAcademy.Bench;

/// <summary>Throw-away databases for one benchmark: SQLite always, PostgreSQL when a server is given.</summary>
public static class Databases
{
    public static async Task<List<(string Provider, string Connection, Func<Task> Cleanup)>> CreateAsync(string? postgres, string label)
    {
        var list = new List<(string, string, Func<Task>)>();
        // CA_BENCH_KEEP=1 keeps the databases for a look afterwards (their names are printed)
        var keep = Environment.GetEnvironmentVariable("CA_BENCH_KEEP") == "1";
        var dir = Path.Combine(Path.GetTempPath(), "ca-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // CA_BENCH_DATABASES=postgres (or sqlite) runs one of the two only
        var which = Environment.GetEnvironmentVariable("CA_BENCH_DATABASES");
        if (which is not "postgres")
        list.Add(("sqlite", $"Data Source={Path.Combine(dir, label + ".db")}", () =>
        {
            if (keep) { Console.Error.WriteLine($"kept {Path.Combine(dir, label + ".db")}"); return Task.CompletedTask; }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
            return Task.CompletedTask;
        }));
        if (!string.IsNullOrEmpty(postgres) && which is not "sqlite")
        {
            var name = $"ca_bench_{label}_{Guid.NewGuid():N}"[..30];
            await using (var c = new NpgsqlConnection(postgres)) { await c.OpenAsync(); await c.ExecuteAsync($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"); }
            list.Add(("postgres", new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString(), async () =>
            {
                if (keep) { Console.Error.WriteLine($"kept database {name}"); return; }
                NpgsqlConnection.ClearAllPools();
                await using var c = new NpgsqlConnection(postgres);
                await c.OpenAsync();
                await c.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }));
        }
        return list;
    }
}
