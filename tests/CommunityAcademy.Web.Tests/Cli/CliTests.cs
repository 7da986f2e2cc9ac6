using System.Diagnostics;
using CommunityAcademy.Web.Cli;
using CommunityAcademy.Web.Tests.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.Data.Sqlite;

namespace CommunityAcademy.Web.Tests.Cli;

public sealed class CliTests(EmptySqlite app) : IClassFixture<EmptySqlite>
{
    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliCommands.RunAsync(app.Services, CommandLine.Parse(args), o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Create_admin_makes_an_account_that_can_sign_in()
    {
        var (code, output, _) = await Run("create-admin", "--username", "chief", "--password", "Lotus-pond-2031");
        Assert.Equal(0, code);
        Assert.Contains("chief", output);
        await app.TokenAsync("chief", "Lotus-pond-2031");
        var again = await Run("create-admin", "--username", "chief", "--password", "Lotus-pond-2031");
        Assert.Equal(1, again.Code);
        Assert.Contains("已存在", again.Err);
        Assert.Equal(2, (await Run("create-admin")).Code);
        Assert.Equal(2, (await Run("create-admin", "--username", "shorty", "--password", "abc")).Code);
        // The password policy of the pages: common passwords and ones containing the user name are refused.
        var common = await Run("create-admin", "--username", "deputy2", "--password", "woaini1314");
        Assert.Equal(2, common.Code);
        Assert.NotEmpty(common.Err.Trim());
        Assert.Equal(2, (await Run("create-admin", "--username", "wangwei", "--password", "wangwei2031x")).Code);
    }

    [Fact]
    public async Task Create_admin_without_a_password_prints_a_one_time_password()
    {
        var (code, output, _) = await Run("create-admin", "--username", "deputy");
        Assert.Equal(0, code);
        Assert.Contains("one-time password", output);
    }

    [Fact]
    public async Task Migrate_says_up_to_date_and_unknown_commands_fail()
    {
        var (code, output, _) = await Run("migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output);
        Assert.Equal(2, (await Run("explode")).Code);
        Assert.Contains("serve", (await Run("help")).Out);
    }

    [Fact]
    public async Task Backup_makes_a_consistent_copy_that_opens_with_the_same_rows()
    {
        var target = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"), "backup.db");
        var (code, output, _) = await Run("backup", "--out", target);
        Assert.Equal(0, code);
        Assert.Contains(target, output);
        await using var c = new SqliteConnection($"Data Source={target};Mode=ReadOnly");
        await c.OpenAsync();
        var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 1);
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string)(await cmd.ExecuteScalarAsync())!);
        Assert.Equal(1, (await Run("backup", "--out", target)).Code); // never overwrites
    }

    [Fact]
    public async Task The_real_executable_runs_migrate_and_seed_demo_against_a_fresh_database()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"));
        var dll = typeof(Program).Assembly.Location;
        async Task<(int, string)> exec(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(dll);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["Database__Provider"] = "sqlite";
            psi.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(dir, "x.db")}";
            psi.Environment["Logging__LogLevel__Default"] = "Warning";
            using var p = Process.Start(psi)!;
            var stdout = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, stdout);
        }
        var (migrateCode, migrateOut) = await exec("migrate");
        Assert.Equal(0, migrateCode);
        Assert.Contains("Applied migrations: 1", migrateOut);
        var (seedCode, seedOut) = await exec("seed-demo");
        Assert.Equal(0, seedCode);
        Assert.Contains("contact-linkong", seedOut);
        Assert.Equal(1, (await exec("seed-demo")).Item1);
    }
}

public sealed class EmptyPostgres() : TestApp("postgres", demo: false);

public sealed class PostgresCliTests(EmptyPostgres app) : IClassFixture<EmptyPostgres>
{
    [Fact]
    public async Task Backup_on_postgres_writes_a_pg_dump_archive()
    {
        var target = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"), "backup.dump");
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliCommands.RunAsync(app.Services, CommandLine.Parse(["backup", "--out", target]), o, e);
        if (File.Exists("/usr/bin/pg_dump") || Directory.Exists("/usr/lib/postgresql"))
        {
            Assert.True(code == 0, e.ToString());
            var head = new byte[5];
            await using (var f = File.OpenRead(target)) await f.ReadExactlyAsync(head);
            Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString(head)); // pg_dump's custom format
        }
        else
        {
            Assert.Equal(1, code);
            Assert.Contains("pg_dump", e.ToString());
        }
    }
}
