using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommunityAcademy.Web.Tests.Reliability;

/// <summary>
/// The real executable is killed with SIGKILL while it imports a 100,000-row receipt; after a restart the receipt
/// is there whole or not at all, and SQLite's integrity check is ok. Three kills at different moments.
/// </summary>
public sealed class KillDuringImportTests
{
    private const string Position = "主任及分管的“两委”成员";
    private const int Rows = 100_000, PerUnit = 500;

    [Fact]
    public async Task A_receipt_interrupted_by_sigkill_is_whole_or_absent_and_the_file_is_intact()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ca-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var dbFile = Path.Combine(dir, "kill.db");
        var (cohort, district) = await PrepareAsync($"Data Source={dbFile}");
        var receipt = Path.Combine(dir, "receipt.xlsx");
        await using (var f = File.Create(receipt))
            XlsxWriter.Write(f, new XlsxWriter.Sheet("回执", ["序号", "单位", "姓名", "职务", "联系方式"],
                Enumerable.Range(0, Rows).Select(i => (IReadOnlyList<string?>)[(i + 1).ToString(), $"第{i / PerUnit + 1}社区", $"学员{i}", Position, $"13{i % 10}{i:00000000}"])));
        var bytes = await File.ReadAllBytesAsync(receipt);

        var absent = 0;
        foreach (var killAfter in new[] { 1500, 3500, 6000 })
        {
            var (process, url) = Start(dbFile);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
                await WaitHealthy(http);
                var token = (await (await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "boss", password = "Boss12345" })).ReadJsonAsync()).Value<string>("token");
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "receipt.xlsx" }, { new StringContent(district.ToString()), "unitId" } };
                var upload = http.PostAsync($"/api/v1/cohorts/{cohort}/receipts", form);
                await Task.WhenAny(upload, Task.Delay(killAfter));
                process.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
                await process.WaitForExitAsync();
                try { await upload; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            }
            finally
            {
                if (!process.HasExited) process.Kill(true);
            }

            // Restart: migrations and start-up run over the recovered file; then look inside.
            var (again, url2) = Start(dbFile);
            try { using var http = new HttpClient { BaseAddress = new Uri(url2) }; await WaitHealthy(http); }
            finally { again.Kill(true); await again.WaitForExitAsync(); }

            SqliteConnection.ClearAllPools();
            await using var c = new SqliteConnection($"Data Source={dbFile}");
            await c.OpenAsync();
            Assert.Equal("ok", await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            var receipts = (await c.QueryAsync<(long Id, long RowCount)>("SELECT id, row_count FROM receipts WHERE cohort_id = @cohort AND is_current = TRUE", new { cohort })).ToList();
            Assert.True(receipts.Count <= 1);
            if (receipts.Count == 0) absent++;
            foreach (var (id, count) in receipts)
            {
                Assert.Equal(Rows, count);
                Assert.Equal(Rows, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipt_rows WHERE receipt_id = @id", new { id }));
            }
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipt_rows r WHERE NOT EXISTS (SELECT 1 FROM receipts x WHERE x.id = r.receipt_id)"));
        }
        // At least one kill landed before the commit (a 100,000-row import takes seconds), so the test saw a real interruption.
        Assert.True(absent >= 1);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static async Task WaitHealthy(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            try { if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the application did not start");
    }

    private static (Process Process, string Url) Start(string dbFile)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(url);
        psi.Environment["Database__Provider"] = "sqlite";
        psi.Environment["Database__ConnectionString"] = $"Data Source={dbFile}";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, url);
    }

    private static async Task<(long Cohort, long District)> PrepareAsync(string conn)
    {
        var db = new Db(new DatabaseOptions { Provider = "sqlite", ConnectionString = conn });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var hash = new PasswordHasher<UserRow>().HashPassword(new UserRow(), "Boss12345");
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var city = await UnitStore.InsertAsync(c, tx, new NewUnit("测试市", UnitKind.City, null));
            var district = await UnitStore.InsertAsync(c, tx, new NewUnit("测试区", UnitKind.District, city));
            var street = await UnitStore.InsertAsync(c, tx, new NewUnit("测试街道", UnitKind.Street, district));
            var quotas = new List<NewQuotaLine>();
            for (var i = 0; i < Rows / PerUnit; i++)
                quotas.Add(new NewQuotaLine(await UnitStore.InsertAsync(c, tx, new NewUnit($"第{i + 1}社区", UnitKind.Community, street)), Position, PerUnit));
            var user = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES ('boss', 'boss', @hash, 's', @now) RETURNING id",
                new { hash, now = DateTimeOffset.UtcNow }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@user, 'organizer')", new { user }, tx);
            var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort("测试项目", null, "断电测试班", 1, null, new DateOnly(2031, 1, 1), new DateOnly(2031, 1, 2),
                null, null, "Asia/Shanghai", null, null, null, null, null, false, [], true, 0, true, false, null, false,
                [], [("trainee", "参训人员", Rows)], [], quotas, [(district, district)]));
            return (cohort, district);
        });
    }
}
