using System.Diagnostics;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Bench;

/// <summary>
/// (#19) The class score and ranking of a class of N trainees × 3 practice tasks × 3 reviewers as the application computes
/// it (<see cref="ClassScoreStore.ScoresAsync"/>: the formula, the trainees, their attendance, the panel sums of every task
/// submission in one grouped query, the domain's panel rule, the class score and the ranking) against the plain SQL
/// <c>AVG … GROUP BY</c> of the same scores, in the bench's process turn by turn; and the outstanding-trainees page of a
/// 500-trainee class (3 tasks × 3 reviewers, 50 asked, at most 3 per town) on loopback (an organizer, p50).
/// </summary>
public static class ScoreBench
{
    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int trainees, int requests, int pageRequests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var page = await RosterPageBench.PrepareAsync(provider, conn, 500); // a 500-trainee class in 25 towns, and the organizer "boss"
        var reviewers = await ReviewBench.ReviewersAsync(db, "score-mentor");
        await TasksAsync(db, page, reviewers);
        await db.InTransactionAsync(async (c, tx) => await c.ExecuteAsync("""
            INSERT INTO outstanding_rules (cohort_id, count_asked, cap_per_unit, cap_level, updated_at) VALUES (@page, 50, 3, 3, @now)
            """, new { page, now = DateTimeOffset.UtcNow.ToUniversalTime() }, tx));
        var cohort = await ReviewBench.ClassAsync(db, trainees, "结业成绩班", "成绩项目", new DateOnly(2031, 3, 1));
        await TasksAsync(db, cohort, reviewers);

        await ReviewBench.AnalyzeAsync(db, provider);
        var store = new ClassScoreStore(db, null, TimeProvider.System); // the class has no sessions: nothing to settle
        var rows = new List<Row>();
        var label = $"#19 class score and ranking, {trainees:N0} trainees × 3 tasks × 3 reviewers";
        await Stats.WarmAsync(() => AppAsync(store, cohort), () => RawAsync(db, cohort));
        if (Environment.GetEnvironmentVariable("CA_BENCH_PHASES") == "1")
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                await RawAsync(db, cohort);
                var q = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                await using (var pc = await db.OpenAsync())
                {
                    var tasks = (await pc.QueryAsync<long>("SELECT id FROM reviews WHERE cohort_id = @cohort AND kind = 'task'", new { cohort })).ToList();
                    await using var pr = await pc.ExecuteReaderAsync(ClassScoreStore.SumsSql(tasks));
                    while (await pr.ReadAsync()) { }
                }
                var sums = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                await using (var pc = await db.OpenAsync())
                    _ = (await pc.QueryAsync(ClassScoreStore.TraineesSql, new { cohortId = cohort })).Count();
                var people = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                await AppAsync(store, cohort);
                Console.Error.WriteLine($"phase: raw {q:F1} ms; sums query {sums:F1} ms; trainees query {people:F1} ms; class score {sw.Elapsed.TotalMilliseconds:F1} ms");
            }
        var (app50, raw50) = await Stats.TimeBothAsync(requests, () => AppAsync(store, cohort), () => RawAsync(db, cohort));
        var ratio = app50 / raw50;
        rows.Add(new(label, provider, "class score and ranking p50", $"{app50:F1} ms", "", null, $"class score ms ({provider}, {trainees}): {app50:F1}"));
        rows.Add(new(label, provider, "SQL AVG … GROUP BY p50", $"{raw50:F1} ms", "", null, $"class score raw avg ms ({provider}, {trainees}): {raw50:F1}"));
        rows.Add(new(label, provider, "score ÷ SQL", $"{ratio:F2}", "≤ 1.5", ratio <= 1.5, $"class score ratio ({provider}, {trainees}): {ratio:F2}"));

        await using var app = await AppProcess.StartAsync(provider, conn);
        using var c = await app.BrowserAsync("boss", "Boss12345");
        var url = $"/Scores/Outstanding/{page}";
        for (var i = 0; i < 20; i++) (await c.GetAsync(url)).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < pageRequests; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await c.GetAsync(url);
            var body = await r.Content.ReadAsStringAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!r.IsSuccessStatusCode || !body.Contains("学员499") || !body.Contains("selection-summary"))
                throw new InvalidOperationException($"outstanding page incomplete: {(int)r.StatusCode}");
        }
        times.Sort();
        var p50 = Stats.Percentile(times, 50);
        rows.Add(new("#19 outstanding-trainees page, 500 trainees × 3 tasks", provider, "p50", $"{p50:F1} ms", "≤ 30 ms", p50 <= 30, $"outstanding page p50 ms ({provider}): {p50:F1}"));
        rows.Add(new("#19 outstanding-trainees page, 500 trainees × 3 tasks", provider, "p99", $"{Stats.Percentile(times, 99):F1} ms", "", null, $"outstanding page p99 ms ({provider}): {Stats.Percentile(times, 99):F1}"));
        return rows;
    }

    private static async Task<int> AppAsync(ClassScoreStore store, long cohort)
    {
        var r = await store.ScoresAsync(cohort);
        if (r.Rows.Count == 0 || r.Rows[0].Rank != 1 || r.Tasks.Count != 3) throw new InvalidOperationException("class score empty");
        return r.Rows.Count;
    }

    /// <summary>The same scores, averaged per submission by the database alone.</summary>
    public const string RawSql = """
        SELECT sc.submission_id, AVG(sc.total_x100 / 100.0) FROM review_scores sc
        JOIN review_submissions s ON s.id = sc.submission_id JOIN reviews r ON r.id = s.review_id
        WHERE r.cohort_id = @cohort AND r.kind = 'task' AND sc.status = 'submitted' GROUP BY sc.submission_id
        """;

    private static async Task<int> RawAsync(Db db, long cohort)
    {
        await using var c = await db.OpenAsync();
        await using var r = await c.ExecuteReaderAsync(RawSql, new { cohort });
        // read what it returns, as any use of it would: the submission and its average
        var averages = new List<(long Submission, double Average)>();
        while (await r.ReadAsync()) averages.Add((r.GetInt64(0), r.GetDouble(1)));
        return averages.Count;
    }

    /// <summary>Three task reviews of the class, a submission per trainee in each, three reviewers each with a submitted score.</summary>
    private static async Task TasksAsync(Db db, long cohort, long[] reviewers) => await db.InTransactionAsync(async (c, tx) =>
    {
        var now = DateTimeOffset.UtcNow.ToUniversalTime();
        var rubric = Rubric.DefaultForPlans();
        var random = new Random((int)cohort);
        foreach (var title in new[] { "挖掘社区居民骨干", "发掘社区需求", "学习总结报告" })
        {
            var review = await c.ExecuteScalarAsync<long>("INSERT INTO reviews (cohort_id, kind, title, rubric_version, created_at) VALUES (@cohort, 'task', @title, 1, @now) RETURNING id",
                new { cohort, title, now }, tx);
            await c.ExecuteAsync("INSERT INTO review_rubrics (review_id, version, body, created_at) VALUES (@review, 1, @body, @now)", new { review, body = ReviewJson.Rubric(rubric), now }, tx);
            await c.ExecuteAsync("INSERT INTO review_rounds (review_id, number, name, opens, closed_by_hand) VALUES (@review, 1, '提交', @now, @f)", new { review, now, f = false }, tx);
            await c.ExecuteAsync("INSERT INTO review_submissions (review_id, enrollment_id, title) SELECT @review, id, name FROM enrollments WHERE cohort_id = @cohort ORDER BY id",
                new { review, cohort }, tx);
            var subs = (await c.QueryAsync<long>("SELECT id FROM review_submissions WHERE review_id = @review ORDER BY id", new { review }, tx)).ToList();
            IEnumerable<object?[]> Scores()
            {
                foreach (var s in subs)
                    foreach (var u in reviewers)
                    {
                        var values = ReviewBench.Keys.ToDictionary(k => k, _ => (decimal)random.Next(1, 11));
                        yield return [s, u, 1, ReviewJson.Write(values), (long)Math.Round(rubric.Total(values).Value * 100), "submitted", now];
                    }
            }
            await db.BulkInsertAsync(c, tx, "review_scores", ["submission_id", "reviewer_id", "rubric_version", "scores", "total_x100", "status", "updated_at"], Scores());
            // the panel sums the scoring transaction keeps, written once for the whole review as a rubric change does
            await ReviewPanelSums.OfReviewAsync(c, tx, review);
        }
        return 0;
    });
}
