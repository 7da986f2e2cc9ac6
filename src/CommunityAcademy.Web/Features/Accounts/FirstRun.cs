using System.Security.Cryptography;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;

namespace CommunityAcademy.Web.Features.Accounts;

/// <summary>Start-up: migrations, then the demo (with --demo) or, on an empty database, a first administrator.</summary>
public sealed class FirstRun(Migrator migrator, AccountStore accounts, DemoSeeder demo, ILogger<FirstRun> log)
{
    public async Task PrepareAsync(bool loadDemo, TextWriter console, CancellationToken ct = default)
    {
        await migrator.MigrateAsync(ct);
        if (loadDemo)
        {
            await demo.SeedAsync(ct);
            if (await accounts.FindByUsernameAsync("t001") is not null) PrintDemoAccounts(console);
            return;
        }
        if (await accounts.CountAsync() == 0)
        {
            var password = NewPassword();
            await accounts.CreateAsync(new NewUser("admin", "系统管理员", password, [Role.Administrator], MustChangePassword: true));
            log.LogWarning("Created the first administrator 'admin' with a one-time password (printed to the console, not logged)");
            console.WriteLine();
            console.WriteLine("================================================================");
            console.WriteLine(" 首次启动：已创建管理员账号 First start: administrator created");
            console.WriteLine($"   用户名 username: admin");
            console.WriteLine($"   一次性密码 one-time password: {password}");
            console.WriteLine(" 首次登录后须修改密码。 You must change it at first login.");
            console.WriteLine("================================================================");
            console.WriteLine();
        }
    }

    public static void PrintAddresses(WebApplication app, TextWriter console)
    {
        foreach (var url in app.Urls) console.WriteLine($" 请在浏览器打开 Open in a browser: {url}");
    }

    public static void PrintDemoAccounts(TextWriter console)
    {
        console.WriteLine();
        console.WriteLine("================================================================");
        console.WriteLine(" 演示模式 Demo mode — 鄂州市城乡社区工作者场景塑造实务能力培训第二期");
        console.WriteLine($" 所有演示账号的密码 password for every demo account: {DemoSeeder.Password}");
        foreach (var a in DemoSeeder.Accounts())
            console.WriteLine($"   {a.Username,-24} {a.Description}");
        console.WriteLine(" 另有两个班 Two more classes: 第三期（回执开放中，可试报名 receipts open: try an enrollment）");
        console.WriteLine("   签到体验班（本周，学员 t081–t090，可试扫码签到 this week: try QR sign-in as headteacher + t081）");
        console.WriteLine($" 种子001 Seed 001: {Seed001.Title}（下周 next week, {Seed001.Organizer}）");
        console.WriteLine($" 种子002 Seed 002: {Seed002.Title}（两周后 in two weeks, {Seed002.Organizer}）");
        console.WriteLine(" 标注“（示例）”的单位与各班学员姓名为虚构的示例数据 Units marked （示例） and trainee names are invented sample data");
        console.WriteLine("================================================================");
        console.WriteLine();
    }

    /// <summary>16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
