using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CommunityAcademy.Web.Cli;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityAcademy.Web.Tests.Reliability;

/// <summary>Backup, then restore into a new database: the same rows, table by table, by count and checksum.</summary>
public abstract class BackupRestoreTests(TestApp app)
{
    private static readonly string[] Tables = ["units", "users", "user_roles", "programs", "cohorts", "quota_lines", "receipt_submitters",
        "sessions", "receipts", "receipt_rows", "enrollments"];

    private static async Task<Dictionary<string, (long Count, string Sum)>> Fingerprint(System.Data.Common.DbConnection c)
    {
        var result = new Dictionary<string, (long, string)>();
        foreach (var t in Tables)
        {
            var rows = (await c.QueryAsync($"SELECT * FROM {t}")).Cast<IDictionary<string, object?>>()
                .Select(r => string.Join("|", r.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={Normalize(kv.Value)}")))
                .Order(StringComparer.Ordinal).ToList();
            result[t] = (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", rows)))));
        }
        return result;
    }

    // Booleans are 0/1 in SQLite and true/false in PostgreSQL; both stay themselves across a backup of their own kind.
    private static string Normalize(object? v) => v switch
    {
        null => "",
        DateTime d => d.ToUniversalTime().ToString("O"),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    [Fact]
    public async Task Backup_then_restore_gives_the_same_counts_and_checksums()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"));
        var target = Path.Combine(dir, app.Provider == "sqlite" ? "b.db" : "b.dump");
        var err = new StringWriter();
        // the settlement job settles the demo's finished class at start-up: let it finish, so nothing writes meanwhile
        await app.Get<CommunityAcademy.Web.Features.Attendance.AttendanceSettlement>().SettleDueAsync();
        Assert.True(await CliCommands.RunAsync(app.Services, CommandLine.Parse(["backup", "--out", target]), new StringWriter(), err) == 0, err.ToString());

        await using var live = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        var expected = await Fingerprint(live);
        Assert.Equal(100 + 29 + 33 + 50 + 12, expected["enrollments"].Count); // 90 trainees of seed 000, 10 of the demo sign-in class, 29 of seed 001, 33 of seed 002, 50 of seed 003, 12 of seed 004

        if (app.Provider == "sqlite")
        {
            var restored = Path.Combine(dir, "restored.db");
            File.Copy(target, restored); // restoring a SQLite backup is putting the file in place
            await using var c = new SqliteConnection($"Data Source={restored};Pooling=False");
            await c.OpenAsync();
            Assert.Equal("ok", await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.Equal(expected, await Fingerprint(c));
        }
        else
        {
            var server = Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)!;
            var name = "ca_restore_" + Guid.NewGuid().ToString("N")[..10];
            await using (var admin = new NpgsqlConnection(server)) { await admin.OpenAsync(); await admin.ExecuteAsync($"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"); }
            try
            {
                var b = new NpgsqlConnectionStringBuilder(server) { Database = name };
                var psi = new ProcessStartInfo("pg_restore") { RedirectStandardError = true };
                foreach (var a in new[] { "--no-owner", "--host", b.Host!, "--port", b.Port.ToString(), "--username", b.Username!, "--dbname", name, target }) psi.ArgumentList.Add(a);
                if (!string.IsNullOrEmpty(b.Password)) psi.Environment["PGPASSWORD"] = b.Password;
                using (var p = Process.Start(psi)!)
                {
                    var stderr = await p.StandardError.ReadToEndAsync();
                    await p.WaitForExitAsync();
                    Assert.True(p.ExitCode == 0, stderr);
                }
                await using var c = new NpgsqlConnection(b.ToString());
                await c.OpenAsync();
                Assert.Equal(expected, await Fingerprint(c));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}

public sealed class BackupRestoreTests_Sqlite(SqliteDemo app) : BackupRestoreTests(app), IClassFixture<SqliteDemo>;
public sealed class BackupRestoreTests_Postgres(PostgresDemo app) : BackupRestoreTests(app), IClassFixture<PostgresDemo>;
