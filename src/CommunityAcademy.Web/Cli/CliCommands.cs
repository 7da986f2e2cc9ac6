using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;

namespace CommunityAcademy.Web.Cli;

/// <summary>Runs a command other than "serve" against the configured database and returns the exit code.</summary>
public static class CliCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, CommandLine cmd, TextWriter @out, TextWriter err)
    {
        try
        {
            switch (cmd.Command)
            {
                case "rotation":
                    return await RotationCommand.RunAsync(cmd, @out, err);
                case "help":
                    await @out.WriteLineAsync(CommandLine.Usage);
                    return 0;
                case "migrate":
                {
                    var applied = await services.GetRequiredService<Migrator>().MigrateAsync();
                    await @out.WriteLineAsync(applied.Count == 0
                        ? "数据库已是最新。 Database is up to date."
                        : $"已应用迁移 Applied migrations: {string.Join(", ", applied)}");
                    return 0;
                }
                case "seed-demo":
                {
                    await services.GetRequiredService<Migrator>().MigrateAsync();
                    var loaded = await services.GetRequiredService<DemoSeeder>().SeedAsync();
                    await @out.WriteLineAsync(loaded ? "演示数据已载入。 Demo loaded." : "数据库非空，未载入演示数据。 Database not empty; demo not loaded.");
                    if (loaded) FirstRun.PrintDemoAccounts(@out);
                    return loaded ? 0 : 1;
                }
                case "create-admin":
                {
                    if (!cmd.Options.TryGetValue("username", out var username) || string.IsNullOrWhiteSpace(username))
                    {
                        await err.WriteLineAsync("缺少 --username。 --username is required.");
                        return 2;
                    }
                    await services.GetRequiredService<Migrator>().MigrateAsync();
                    var accounts = services.GetRequiredService<AccountStore>();
                    if (await accounts.UsernameTakenAsync(username))
                    {
                        await err.WriteLineAsync($"用户名“{username}”已存在。 Username already exists.");
                        return 1;
                    }
                    var given = cmd.Options.TryGetValue("password", out var pw);
                    var password = given ? pw! : FirstRun.NewPassword();
                    // A password a person chose keeps the same rules as on the change-password page.
                    var problems = given ? Domain.Accounts.PasswordPolicy.Check(password, new Domain.Accounts.PasswordOwner(username)) : [];
                    if (problems.Count > 0)
                    {
                        var texts = services.GetRequiredService<Infrastructure.Web.Texts>();
                        foreach (var p in problems) await err.WriteLineAsync(texts.Error(p));
                        return 2;
                    }
                    await accounts.CreateAsync(new NewUser(username, cmd.Options.GetValueOrDefault("name") ?? "系统管理员", password,
                        [Role.Administrator], MustChangePassword: !given));
                    await @out.WriteLineAsync($"已创建管理员 Created administrator: {AccountStore.NormalizeUsername(username)}");
                    if (!given) await @out.WriteLineAsync($"一次性密码 one-time password: {password}  (首次登录须修改 change at first login)");
                    return 0;
                }
                case "backup":
                {
                    var db = services.GetRequiredService<Db>();
                    var target = cmd.Options.GetValueOrDefault("out")
                        ?? Path.Combine("backups", $"communityacademy-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{(db.IsSqlite ? "db" : "dump")}");
                    var path = await db.Dialect.BackupAsync(db.ConnectionString, target, CancellationToken.None);
                    await @out.WriteLineAsync($"备份完成 Backup written: {path}");
                    return 0;
                }
                default:
                    await err.WriteLineAsync($"未知命令“{cmd.Command}”。 Unknown command.\n\n{CommandLine.Usage}");
                    return 2;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            await err.WriteLineAsync($"失败 Failed: {e.Message}");
            return 1;
        }
    }
}
