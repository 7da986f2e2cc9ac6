using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Search;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Bench;

/// <summary>
/// Surveys (#23 point 5): respondents (trainee accounts, bearer tokens) submit their answers through
/// POST /api/v1/cohorts/{id}/surveys/{surveyId}/answers, so many at a time, to the application in its own process; the
/// submitted responses are counted in the database afterwards. Then the analysis page of a second survey of 20 questions
/// with generated answers, fetched one after another by an administrator.
/// </summary>
public static class SurveyBench
{
    internal const string Definition = """
        # 评价
        r01|评分5|题1
        r02|评分5|题2
        r03|评分5|题3
        r04|评分5|题4
        r05|评分5|题5
        r06|评分5|题6
        r07|评分5|题7
        r08|评分5|题8
        n01|评分10|题9
        n02|评分10|题10
        s01|单选|题11|甲;乙;丙;丁
        s02|单选|题12|甲;乙;丙;丁
        s03|单选|题13|甲;乙;丙;丁
        s04|单选|题14|甲;乙;丙;丁
        m01|多选|题15|甲;乙;丙;丁;戊
        m02|多选|题16|甲;乙;丙;丁;戊
        m03|多选|题17|甲;乙;丙;丁;戊
        m04|多选|题18|甲;乙;丙;丁;戊
        m05|多选|题19|甲;乙;丙;丁;戊
        advice|文本|题20|选答
        """;

    private static readonly string[] Texts =
    [
        "课程设置很接地气，现场教学很有指导性，希望下期多安排现场教学。",
        "动员社会力量参与社区建设的课程最有收获，希望多讲成功案例。",
        "封闭培训时间紧，理论课程可以更精炼，多留时间交流经验。",
        "老师从目标、路径、措施、成功案例四个方面讲解，很有针对性和实操性。",
    ];

    private static Dictionary<string, string[]> Answers(int i)
    {
        var a = new Dictionary<string, string[]>();
        foreach (var k in new[] { "r01", "r02", "r03", "r04", "r05", "r06", "r07", "r08" }) a["q:" + k] = [(1 + (i + k[2]) % 5).ToString()];
        a["q:n01"] = [(i % 11).ToString()]; a["q:n02"] = [((i * 7) % 11).ToString()];
        foreach (var k in new[] { "s01", "s02", "s03", "s04" }) a["q:" + k] = [(1 + (i + k[2]) % 4).ToString()];
        foreach (var k in new[] { "m01", "m02", "m03", "m04", "m05" }) a["q:" + k] = [(1 + i % 5).ToString(), (1 + (i + 2) % 5).ToString()];
        a["q:advice"] = [Texts[i % Texts.Length]];
        return a;
    }

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int respondents, int clients, TimeSpan spread, int answersForPage, int pageRequests)
    {
        var (db, cohort, me) = await PrepareAsync(provider, conn, respondents);
        var store = new SurveyStore(db, TimeProvider.System);
        var live = (await store.CreateAsync(me, cohort, new NewSurvey("压测问卷", [Audience.Trainees], true, Definition, null, null))).Value;
        var analysed = (await store.CreateAsync(me, cohort, new NewSurvey("分析压测问卷", [Audience.Trainees], true, Definition, null, null))).Value;
        await GenerateAsync(db, provider, analysed, answersForPage);

        await using var app = await AppProcess.StartAsync(provider, conn, []);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false }) { BaseAddress = new Uri(app.Url) };
        var tokens = new string[respondents];
        await Parallel.ForAsync(0, respondents, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var r = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = $"s{i:000}", password = "Trainee123" });
            r.EnsureSuccessStatusCode();
            tokens[i] = (await r.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        });

        // the run: answer i is due at i × spread / respondents (as many people answering within the minute), sent by one of
        // `clients` respondents at a time, each taking the next due answer; the latency counts from the send
        var interval = spread / respondents;
        var times = new ConcurrentBag<double>();
        long next = -1, created = 0, failed = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = (int)Interlocked.Increment(ref next); i < respondents; i = (int)Interlocked.Increment(ref next))
            {
                var due = interval * i - sw.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cohorts/{cohort}/surveys/{live}/answers")
                { Content = JsonContent.Create(new { answers = Answers(i), submit = true }) };
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                var t0 = Stopwatch.GetTimestamp();
                using var r = await http.SendAsync(req);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (r.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref created);
                else { Interlocked.Increment(ref failed); Console.Error.WriteLine($"answer {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}"); }
            }
        })));
        var elapsed = sw.Elapsed;
        long stored;
        await using (var c = await db.OpenAsync())
            stored = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_responses WHERE survey_id = @live AND submitted_at IS NOT NULL", new { live });
        var sorted = times.Order().ToList();
        var (p50, p99) = (Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99));

        // the analysis page
        var page = await PageAsync(app, cohort, analysed, answersForPage, pageRequests);
        var pageP50 = Stats.Percentile(page, 50);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        var label = $"surveys: {respondents} answers over {spread.TotalSeconds:0} s, up to {clients} at a time";
        var lost = created - stored;
        return
        [
            new(label, provider, "all in", $"{elapsed.TotalSeconds:F1} s", "≤ 60 s", elapsed.TotalSeconds <= 60,
                $"surveys ({provider}): {respondents} answers due over {spread.TotalSeconds:0} s, up to {clients} at a time, all in after {elapsed.TotalSeconds:F1} s, p50 {p50:F1} ms, p99 {p99:F1} ms, " +
                $"created {created}, refused {failed}, stored {stored}; analysis page ({answersForPage} answers × 20 questions) p50 {pageP50:F0} ms " +
                $"(p90 {Stats.Percentile(page, 90):F0} ms, {pageRequests} requests); load average {load}"),
            new(label, provider, "p99", $"{p99:F1} ms", "≤ 100 ms", p99 <= 100),
            new(label, provider, "lost (created − stored) / refused", $"{lost} / {failed}", "0 / 0", lost == 0 && failed == 0 && stored == respondents),
            new($"surveys: analysis page, {answersForPage} answers × 20 questions", provider, "p50", $"{pageP50:F0} ms", "≤ 300 ms", pageP50 <= 300),
        ];
    }

    /// <summary>The analysis page alone (`--only surveys-page`): M generated answers, the page fetched one request after another.</summary>
    public static async Task<IReadOnlyList<Row>> PageOnlyAsync(string provider, string conn, int answersForPage, int pageRequests)
    {
        var (db, cohort, me) = await PrepareAsync(provider, conn, 1);
        var analysed = (await new SurveyStore(db, TimeProvider.System).CreateAsync(me, cohort, new NewSurvey("分析压测问卷", [Audience.Trainees], true, Definition, null, null))).Value;
        await GenerateAsync(db, provider, analysed, answersForPage);
        await using var app = await AppProcess.StartAsync(provider, conn, []);
        var page = await PageAsync(app, cohort, analysed, answersForPage, pageRequests);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return
        [
            new($"surveys: analysis page, {answersForPage} answers × 20 questions", provider, "p50", $"{Stats.Percentile(page, 50):F0} ms", "≤ 300 ms", Stats.Percentile(page, 50) <= 300,
                $"surveys page ({provider}): p50 {Stats.Percentile(page, 50):F0} ms, p90 {Stats.Percentile(page, 90):F0} ms, {pageRequests} requests; load average {load}"),
        ];
    }

    private static async Task<(Db Db, long Cohort, CurrentUser Admin)> PrepareAsync(string provider, string conn, int respondents)
    {
        await SigninBench.PrepareAsync(provider, conn, respondents, 1);
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        long cohort, admin;
        await using (var c = await db.OpenAsync())
        {
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts");
            admin = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = 's000'");
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@admin, 'admin')", new { admin });
        }
        return (db, cohort, new CurrentUser(admin, "s000", "s000", new HashSet<string> { Role.Administrator }, null));
    }

    /// <summary>The analysis page fetched by an administrator one request after another, two to warm up; the times sorted.</summary>
    private static async Task<List<double>> PageAsync(AppProcess app, long cohort, long analysed, int answersForPage, int pageRequests)
    {
        var browser = await app.BrowserAsync("s000", "Trainee123");
        var page = new List<double>();
        for (var i = -2; i < pageRequests; i++) // two to warm up
        {
            var t0 = Stopwatch.GetTimestamp();
            using var r = await browser.GetAsync($"/Surveys/Results/{cohort}/{analysed}");
            var html = await r.Content.ReadAsStringAsync();
            if (r.StatusCode != HttpStatusCode.OK || !html.Contains($"有效答卷 {answersForPage} 份")) throw new InvalidOperationException($"results page: {r.StatusCode}");
            if (i >= 0) page.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        page.Sort();
        return page;
    }

    private sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Submitted, counted responses with every question answered, written straight into the tables in batches.</summary>
    internal static async Task GenerateAsync(Db db, string provider, long survey, int count)
    {
        var text = new ChineseText();
        var terms = Texts.Select(t => string.Join(' ', text.Terms(t))).ToArray();
        var now = DateTimeOffset.UtcNow;
        const int batch = 200;
        for (var from = 0; from < count; from += batch)
            await db.InTransactionAsync(async (c, tx) =>
            {
                var ids = new List<long>();
                for (var i = from; i < Math.Min(count, from + batch); i++)
                    ids.Add(await c.ExecuteScalarAsync<long>("""
                        INSERT INTO survey_responses (survey_id, audience, submitted_at, updated_at) VALUES (@survey, 'trainees', @now, @now) RETURNING id
                        """, new { survey, now }, tx));
                var sql = new StringBuilder("INSERT INTO survey_answers (response_id, survey_id, counted, question_key, value, text_value, terms, first_of_question) VALUES ");
                var first = true;
                for (var n = 0; n < ids.Count; n++)
                {
                    var i = from + n;
                    foreach (var (key, values) in Answers(i))
                        foreach (var (v, at) in values.Select((v, at) => (v, at)))
                        {
                            var k = key[2..];
                            var isText = k == "advice";
                            sql.Append(first ? "" : ",").Append('(').Append(ids[n]).Append(',').Append(survey).Append(",TRUE,'").Append(k).Append("',")
                                .Append(isText ? "NULL" : v).Append(',').Append(isText ? $"'{Texts[i % Texts.Length]}'" : "NULL").Append(',')
                                .Append(isText ? $"'{terms[i % Texts.Length]}'" : "NULL").Append(at == 0 ? ",TRUE)" : ",FALSE)");
                            first = false;
                        }
                }
                await c.ExecuteAsync(sql.ToString(), transaction: tx);
                return 0;
            });
    }
}
