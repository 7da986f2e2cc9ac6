namespace CommunityAcademy.Web.Cli;

/// <summary>
/// The executable's commands: serve (default), migrate, create-admin, seed-demo, backup, rotation, help.
/// Everything else on the line is passed to ASP.NET Core's configuration (--urls, --Database:Provider=…).
/// </summary>
public sealed record CommandLine(string Command, IReadOnlyDictionary<string, string> Options, string[] HostArgs)
{
    public static readonly string[] Commands = ["serve", "migrate", "create-admin", "seed-demo", "backup", "rotation", "help"];

    public static CommandLine Parse(string[] args)
    {
        var command = "serve";
        var rest = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "--username", "--password", "--name", "--out", "--people", "--tables", "--rounds", "--seed" };
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (i == 0 && !a.StartsWith('-')) { command = a.ToLowerInvariant(); continue; }
            if (a is "--demo") { rest.Add("--Demo=true"); continue; }
            if (a is "-h" or "--help") { command = "help"; continue; }
            if (own.Contains(a) && i + 1 < args.Length) { options[a[2..]] = args[++i]; continue; }
            rest.Add(a);
        }
        return new CommandLine(command, options, rest.ToArray());
    }

    public const string Usage = """
        CommunityAcademy 社区工作者培训管理平台

        用法 usage: CommunityAcademy [command] [options]

          serve                 运行网站（默认）run the web application (default)
            --demo              载入种子 000 演示班级 load the seed-000 demo class into an empty database
            --urls URL          监听地址 listen address, e.g. http://127.0.0.1:5000
          migrate               应用数据库迁移 apply database migrations
          create-admin --username NAME [--password PW] [--name 显示名]
                                创建管理员（不给密码则生成一次性密码）create an administrator
          seed-demo             迁移并载入演示数据 migrate and load the demo data
          backup --out FILE     备份数据库 back up the database (SQLite: online copy; PostgreSQL: pg_dump)
          rotation --people N --tables T --rounds R [--seed S]
                                世界咖啡轮换（JSON，无需数据库；N 含 T 位桌长）World Café rotation as JSON, no database
                                (N counts the T hosts; N < 2T is refused)
          help                  显示本帮助 show this help

        数据库 database: --Database:Provider=sqlite|postgres --Database:ConnectionString="…"
        或环境变量 or environment: Database__Provider, Database__ConnectionString
        """;
}
