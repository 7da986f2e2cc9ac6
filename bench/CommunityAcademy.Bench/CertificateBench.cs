using System.Diagnostics;
using System.Text.Json;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Bench;

/// <summary>
/// 结业证书 (#22 point 6). (a) N certificates as one PDF, as the class download draws it (the app's font, a seal, a QR code
/// each), in a child process so that its peak memory is its own: seconds and peak working set. (b) The public verification
/// page with M certificates issued: p50/p99 of GET /Verify/{code} for codes picked at random, on loopback, anonymous.
/// </summary>
public static class CertificateBench
{
    private sealed record ChildResult(double Seconds, double PeakMb, int Pages, long Bytes);

    public static async Task<IReadOnlyList<Row>> PdfAsync(int certificates)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") psi.ArgumentList.Add(typeof(CertificateBench).Assembly.Location);
        psi.ArgumentList.Add("certificates-child");
        psi.ArgumentList.Add(certificates.ToString());
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"certificates child failed: {output}");
        var r = JsonSerializer.Deserialize<ChildResult>(output.Trim().Split('\n')[^1])!;
        var name = $"e) certificates, {certificates:N0} as one PDF";
        return
        [
            new(name, "-", "time", $"{r.Seconds:F1} s", "≤ 30 s", r.Seconds <= 30, $"certificates pdf s: {r.Seconds:F2}"),
            new(name, "-", "peak memory", $"{r.PeakMb:F0} MB", "≤ 300 MB", r.PeakMb <= 300, $"certificates pdf peak MB: {r.PeakMb:F0}"),
            new(name, "-", "file size", $"{r.Bytes / 1024.0 / 1024.0:F1} MB", "", null),
        ];
    }

    /// <summary>In the child: N certificates drawn into one PDF in memory, as the class download does.</summary>
    public static int Child(string[] a)
    {
        var n = int.Parse(a[0]);
        var seal = SeedCertificates.SampleSeal();
        var pages = Enumerable.Range(1, n).Select(i => new CertificatePdf.Page(new CertificateRow
        {
            Id = i, CohortId = 1, EnrollmentId = i, Code = VerificationCode.New(), SerialNo = i, Serial = $"鄂民培〔2023〕第{i:0000}号",
            Name = "学员" + i, CohortTitle = "鄂州市城乡社区工作者场景塑造实务能力培训第二期", StartDate = new DateOnly(2023, 6, 7), EndDate = new DateOnly(2023, 6, 9),
            Title = "结业证书", Body = $"学员{i}同志：\n于2023年6月7日至2023年6月9日参加鄂州市城乡社区工作者场景塑造实务能力培训第二期，完成集中培训23.5学时，经考核合格，准予结业。\n特发此证。",
            Issuer = "鄂州市民政局", IssueDate = new DateOnly(2023, 6, 9), Orientation = "landscape", SealAttachmentId = 1, IssuedAt = DateTimeOffset.UtcNow,
        }, "https://peixun.example.gov.cn/Verify/" + VerificationCode.New())).ToList();
        var sw = Stopwatch.StartNew();
        var bytes = CertificatePdf.Render(pages, new Dictionary<long, byte[]> { [1] = seal }, "bench");
        var seconds = sw.Elapsed.TotalSeconds;
        using var proc = Process.GetCurrentProcess();
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(seconds, proc.PeakWorkingSet64 / 1024.0 / 1024.0, n, bytes.LongLength)));
        return 0;
    }

    public static async Task<IReadOnlyList<Row>> VerifyAsync(string provider, string conn, int certificates, int requests)
    {
        var cohort = await RosterPageBench.PrepareAsync(provider, conn, certificates); // a class of N trainees
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var codes = new List<string>(certificates);
        await db.InTransactionAsync(async (c, tx) =>
        {
            var enrollments = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort ORDER BY id", new { cohort }, tx)).ToList();
            object Date(DateOnly d) => provider == "sqlite" ? d.ToString("yyyy-MM-dd") : d;
            object Now() => provider == "sqlite" ? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffzzz") : DateTimeOffset.UtcNow;
            var rows = enrollments.Select((e, i) =>
            {
                var code = VerificationCode.New();
                codes.Add(code);
                return new object?[] { cohort, e, code, i + 1, $"鄂民培〔2031〕第{i + 1:000000}号", "学员" + i, "五百人班", Date(new DateOnly(2031, 1, 1)), Date(new DateOnly(2031, 1, 2)),
                    "结业证书", "学员同志：准予结业。", "名单市民政局", Date(new DateOnly(2031, 1, 2)), "landscape", Now() };
            }).ToList();
            await db.BulkInsertAsync(c, tx, "certificates", ["cohort_id", "enrollment_id", "code", "serial_no", "serial", "name", "cohort_title", "start_date", "end_date",
                "title", "body", "issuer", "issue_date", "orientation", "issued_at"], rows);
            if (provider == "postgres") await c.ExecuteAsync("ANALYZE certificates", transaction: tx);
            return 0;
        });
        await using var app = await AppProcess.StartAsync(provider, conn);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        var random = new Random(22);
        for (var i = 0; i < 20; i++) (await http.GetAsync("/Verify/" + codes[random.Next(codes.Count)])).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var code = codes[random.Next(codes.Count)];
            var sw = Stopwatch.StartNew();
            var r = await http.GetAsync("/Verify/" + code);
            var body = await r.Content.ReadAsStringAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!r.IsSuccessStatusCode || !body.Contains("data-state=\"valid\"")) throw new InvalidOperationException($"verification page: {(int)r.StatusCode}");
        }
        times.Sort();
        var (p50, p99) = (Stats.Percentile(times, 50), Stats.Percentile(times, 99));
        var name = $"e) verification page, {certificates:N0} certificates";
        return
        [
            new(name, provider, "p50", $"{p50:F1} ms", "≤ 20 ms", p50 <= 20, $"verify page p50 ms ({provider}): {p50:F1}"),
            new(name, provider, "p99", $"{p99:F1} ms", "", null, $"verify page p99 ms ({provider}): {p99:F1}"),
        ];
    }
}
