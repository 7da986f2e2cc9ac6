using System.Diagnostics;
using System.Text.Json;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Bench;

/// <summary>
/// (b) A receipt of N rows (.xlsx generated here): the whole import (parse, check every row, store in one
/// transaction) against parsing the same file only. Each phase runs in its own process so its peak memory is its own.
/// </summary>
public static class ImportBench
{
    public const string Position = "主任及分管的“两委”成员";
    private const int PlacesPerUnit = 200;

    public static async Task<IReadOnlyList<Row>> RunAsync(int rows, string provider, string? postgres)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ca-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "receipt.xlsx");
        string conn;
        string? dropDb = null;
        if (provider == "sqlite") conn = $"Data Source={Path.Combine(dir, "bench.db")}";
        else
        {
            dropDb = "ca_bench_" + Guid.NewGuid().ToString("N")[..12];
            await using (var c = new Npgsql.NpgsqlConnection(postgres)) { await c.OpenAsync(); await c.ExecuteAsync($"CREATE DATABASE {dropDb} ENCODING 'UTF8' TEMPLATE template0"); }
            conn = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = dropDb }.ToString();
        }
        try
        {
            var (cohortId, districtId) = await PrepareAsync(provider, conn, rows);
            WriteReceipt(file, rows);
            var parse = await Child("parse", provider, conn, file, cohortId, districtId);
            var import = await Child("import", provider, conn, file, cohortId, districtId);
            var ratio = import.Seconds / parse.Seconds;
            var mb = import.PeakMb;
            return
            [
                new("b) receipt import", provider, $"{rows:N0} rows: parse only", $"{parse.Seconds:F2} s", "", null),
                new("b) receipt import", provider, $"{rows:N0} rows: import (parse + check + store)", $"{import.Seconds:F2} s", "", null),
                new("b) receipt import", provider, "import ÷ parse", $"{ratio:F2}", "≤ 2", ratio <= 2, $"import ratio ({provider}): {ratio:F2}"),
                new("b) receipt import", provider, "peak memory of the import", $"{mb:F0} MB", "≤ 300 MB", mb <= 300, $"import peak MB ({provider}): {mb:F0}"),
            ];
        }
        finally
        {
            if (dropDb is not null)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var c = new Npgsql.NpgsqlConnection(postgres);
                await c.OpenAsync();
                await c.ExecuteAsync($"DROP DATABASE IF EXISTS {dropDb} WITH (FORCE)");
            }
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private sealed record ChildResult(double Seconds, double PeakMb, int Rows);

    private static async Task<ChildResult> Child(string phase, string provider, string conn, string file, long cohortId, long districtId)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        var self = typeof(ImportBench).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(self);
        foreach (var a in new[] { "import-child", phase, provider, conn, file, cohortId.ToString(), districtId.ToString() }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{phase} failed: {output}");
        if (Environment.GetEnvironmentVariable("CA_BENCH_VERBOSE") is not null) Console.Error.WriteLine(output);
        return JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])!;
    }

    /// <summary>In the child process: parse only, or the whole import as the API does it.</summary>
    public static async Task<int> ChildAsync(string[] a)
    {
        var (phase, provider, conn, file, cohortId, districtId) = (a[0], a[1], a[2], a[3], long.Parse(a[4]), long.Parse(a[5]));
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        if (phase == "import")
        {
            // A running application has its connection pool open and its types loaded: so does the child, before the clock starts.
            await using var warm = await db.OpenAsync();
            await warm.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipts");
        }
        var sw = Stopwatch.StartNew();
        int count;
        double parsed = 0;
        await using (var s = File.OpenRead(file))
        {
            var (rows, error) = ReceiptService.ParseFile(s, Path.GetFileName(file));
            if (error is not null) throw new InvalidOperationException(error.Message);
            count = rows.Count;
            parsed = sw.Elapsed.TotalSeconds;
            if (phase == "import")
            {
                var units = new UnitStore(db);
                var cohorts = new CohortStore(db, units);
                using var factory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information));
                var localizers = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                    Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions { ResourcesPath = "Resources" }),
                    Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
                var texts = new CommunityAcademy.Web.Infrastructure.Web.Texts(
                    new Microsoft.Extensions.Localization.StringLocalizer<CommunityAcademy.Web.SharedResource>(localizers));
                var attachments = new CommunityAcademy.Web.Infrastructure.Files.AttachmentStore(db,
                    Microsoft.Extensions.Options.Options.Create(new CommunityAcademy.Web.Infrastructure.Files.AttachmentOptions()),
                    new CommunityAcademy.Web.Infrastructure.Files.SheetUpload(
                        Microsoft.Extensions.Options.Options.Create(new CommunityAcademy.Web.Infrastructure.Files.ImportLimits()), texts),
                    texts, TimeProvider.System);
                var service = new ReceiptService(db, cohorts, new QuotaStore(db, units), attachments, TimeProvider.System, texts,
                    Environment.GetEnvironmentVariable("CA_BENCH_VERBOSE") is null ? NullLogger<ReceiptService>.Instance : factory.CreateLogger<ReceiptService>());
                var me = new CurrentUser(1, "bench", "bench", new HashSet<string> { Role.Organizer }, null);
                var r = await service.SubmitAsync(me, cohortId, districtId, rows, "file", Path.GetFileName(file));
                if (r.Outcome != SubmitOutcome.Stored) throw new InvalidOperationException($"{r.Outcome}: {r.Message} {r.Errors?.FirstOrDefault()}");
            }
        }
        var elapsed = sw.Elapsed.TotalSeconds;
        using var proc = Process.GetCurrentProcess();
        if (Environment.GetEnvironmentVariable("CA_BENCH_VERBOSE") is not null) Console.Error.WriteLine($"{phase}: parsed in {parsed:F2} s, total {elapsed:F2} s");
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(elapsed, proc.PeakWorkingSet64 / 1024.0 / 1024.0, count)));
        return 0;
    }

    /// <summary>A district with enough communities for the rows, each with 200 places of one position, and a class over them.</summary>
    private static async Task<(long Cohort, long District)> PrepareAsync(string provider, string conn, int rows)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var unitCount = (rows + PlacesPerUnit - 1) / PlacesPerUnit;
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("基准市", UnitKind.City, null));
            var district = await UnitStore.InsertAsync(c, tx, new NewUnit("基准区", UnitKind.District, city));
            var street = await UnitStore.InsertAsync(c, tx, new NewUnit("基准街道", UnitKind.Street, district));
            var quotas = new List<NewQuotaLine>();
            for (var i = 0; i < unitCount; i++)
                quotas.Add(new NewQuotaLine(await UnitStore.InsertAsync(c, tx, new NewUnit($"第{i + 1}社区", UnitKind.Community, street)), Position, PlacesPerUnit));
            await c.ExecuteAsync("INSERT INTO users (id, username, display_name, password_hash, security_stamp, created_at) VALUES (1, 'bench', 'bench', 'x', 'x', @now)",
                new { now = DateTimeOffset.UtcNow }, tx);
            return (await CohortWriter.InsertAsync(c, tx, new NewCohort("基准项目", null, "基准班", 1, null, new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 3),
                null, null, "Asia/Shanghai", null, null, null, null, null, false, [], true, 0, true, false, null, false,
                [], [("trainee", "参训人员", rows)], [], quotas, [(district, district)])), district);
        });
    }

    private static void WriteReceipt(string path, int rows)
    {
        using var f = File.Create(path);
        XlsxWriter.Write(f, new XlsxWriter.Sheet("回执", ["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"],
            Enumerable.Range(0, rows).Select(i => (IReadOnlyList<string?>)[(i + 1).ToString(), $"第{i / PlacesPerUnit + 1}社区", $"学员{i}", Position,
                $"13{i % 10}{i:00000000}", i % 2 == 0 ? "男" : "女", ""])));
    }
}
