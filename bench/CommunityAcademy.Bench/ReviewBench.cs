using System.Diagnostics;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Bench;

/// <summary>
/// (#18) The ranking of a review of N submissions × 3 reviewers × 5 criteria as the application computes it
/// (<see cref="ReviewStore.RankAsync(long, long)"/>: the rubric, the panel sums per submission from the database, the domain's rule on them, ranked)
/// against the plain SQL <c>AVG … GROUP BY</c> over the same scores, both in the bench's process turn by turn; the same
/// at 2N; and the ranking page of a 500-submission class on loopback (an organizer, p50).
/// </summary>
public static class ReviewBench
{
    /// <summary>The plan rubric's five criteria (the class-score bench scores its tasks on them too).</summary>
    public static readonly string[] Keys = ["feasibility", "practicality", "innovation", "rationality", "sustainability"];

    public static async Task<IReadOnlyList<Row>> RunAsync(string provider, string conn, int submissions, int requests, int pageRequests)
    {
        var db = new Db(new DatabaseOptions { Provider = provider, ConnectionString = conn });
        var page = await RosterPageBench.PrepareAsync(provider, conn, 500); // a 500-trainee class, and the organizer "boss"
        var reviewers = await ReviewersAsync(db);
        var pageReview = await SeedAsync(db, page, reviewers);
        var small = await SeedAsync(db, await ClassAsync(db, submissions, "一倍评审班"), reviewers);
        var large = await SeedAsync(db, await ClassAsync(db, submissions * 2, "两倍评审班"), reviewers);

        await AnalyzeAsync(db, provider);
        var store = new ReviewStore(db, null!, TimeProvider.System); // the ranking reads only; no class access is changed
        var rows = new List<Row>();
        var label = "#18 review ranking, 3 reviewers × 5 criteria";
        double? first = null;
        foreach (var ((cohort, review), n) in new[] { (small, submissions), (large, submissions * 2) })
        {
            await Stats.WarmAsync(() => AppAsync(store, cohort, review), () => RawAsync(db, review));
            if (Environment.GetEnvironmentVariable("CA_BENCH_PHASES") == "1")
                for (var i = 0; i < 5; i++)
                {
                    var sw = Stopwatch.StartNew();
                    await using var pc = await db.OpenAsync();
                    var n0 = 0;
                    await using (var rr = await pc.ExecuteReaderAsync(ReviewStore.RankSql, new { reviewId = review }))
                        while (await rr.ReadAsync()) n0++;
                    var q = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var sums = new List<(long Id, string Title, PanelSums Sums)>(n0);
                    await using (var rr = await pc.ExecuteReaderAsync(ReviewStore.RankSql, new { reviewId = review }))
                        while (await rr.ReadAsync())
                            sums.Add((rr.GetInt64(0), rr.GetString(3), PanelSums.FromHundredths((int)rr.GetInt64(4), rr.GetInt64(5), rr.GetInt64(6), rr.GetInt64(7), (int)rr.GetInt64(8))));
                    var read = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var rubric = await store.RubricAsync(review);
                    var panels = sums.Select(x => (x.Id, x.Title, Panel: Panel.FromSums(rubric, x.Sums))).ToList();
                    var rule = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    var (ranked, _) = Ranking.Order(panels.Select(p => p.Panel.Aggregate).ToList(), panels.Select(p => p.Title).ToList());
                    var rank = sw.Elapsed.TotalMilliseconds;
                    sw.Restart();
                    await AppAsync(store, cohort, review);
                    Console.Error.WriteLine($"phase: query {q:F1} ms ({n0} rows, read without conversion); read and converted {read:F1} ms; panel rule {rule:F1} ms; rank {rank:F1} ms ({ranked.Length}); whole ranking {sw.Elapsed.TotalMilliseconds:F1} ms");
                }
            var (app50, raw50) = await Stats.TimeBothAsync(requests, () => AppAsync(store, cohort, review), () => RawAsync(db, review));
            var ratio = app50 / raw50;
            rows.Add(new(label, provider, $"{n:N0} submissions: ranking p50", $"{app50:F1} ms", "", null, $"review ranking ms ({provider}, {n}): {app50:F1}"));
            rows.Add(new(label, provider, $"{n:N0} submissions: SQL AVG … GROUP BY p50", $"{raw50:F1} ms", "", null, $"review raw avg ms ({provider}, {n}): {raw50:F1}"));
            rows.Add(new(label, provider, $"{n:N0} submissions: ranking ÷ SQL", $"{ratio:F2}", "≤ 1.5", ratio <= 1.5, $"review ranking ratio ({provider}, {n}): {ratio:F2}"));
            if (first is { } f)
            {
                var growth = app50 / f;
                rows.Add(new(label, provider, "growth when the data doubles", $"{growth:F2}", "≤ 2.2", growth <= 2.2, $"review ranking growth ({provider}): {growth:F2}"));
            }
            first ??= app50;
        }

        await using var app = await AppProcess.StartAsync(provider, conn);
        using var c = await app.BrowserAsync("boss", "Boss12345");
        var url = $"/Reviews/Ranking/{pageReview.Cohort}/{pageReview.Review}";
        for (var i = 0; i < 20; i++) (await c.GetAsync(url)).EnsureSuccessStatusCode(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < pageRequests; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await c.GetAsync(url);
            var body = await r.Content.ReadAsStringAsync();
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!r.IsSuccessStatusCode || !body.Contains("学员499")) throw new InvalidOperationException($"ranking page incomplete: {(int)r.StatusCode}");
        }
        times.Sort();
        var p50 = Stats.Percentile(times, 50);
        rows.Add(new("#18 ranking page, 500 submissions", provider, "p50", $"{p50:F1} ms", "≤ 30 ms", p50 <= 30, $"ranking page p50 ms ({provider}): {p50:F1}"));
        rows.Add(new("#18 ranking page, 500 submissions", provider, "p99", $"{Stats.Percentile(times, 99):F1} ms", "", null, $"ranking page p99 ms ({provider}): {Stats.Percentile(times, 99):F1}"));
        return rows;
    }

    /// <summary>
    /// PostgreSQL's autovacuum analyzes a table soon after a bulk load; the bench does it at once, so the pages are
    /// measured with the statistics a running database has (SQLite keeps none unless asked, as the application runs it).
    /// </summary>
    public static async Task AnalyzeAsync(Db db, string provider)
    {
        if (provider != "postgres") return;
        await using var c = await db.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "ANALYZE review_submissions, review_scores, review_panel_sums, review_assignments, reviews, enrollments, users";
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<int> AppAsync(ReviewStore store, long cohort, long review)
    {
        var r = await store.RankAsync(cohort, review) ?? throw new InvalidOperationException("no ranking");
        if (r.Count == 0 || r[0].Rank != 1) throw new InvalidOperationException("ranking empty");
        return r.Count;
    }

    public const string RawSql = """
        SELECT sc.submission_id, AVG(sc.total_x100 / 100.0) FROM review_scores sc JOIN review_submissions s ON s.id = sc.submission_id
        WHERE s.review_id = @review AND sc.status = 'submitted' GROUP BY sc.submission_id
        """;

    private static async Task<int> RawAsync(Db db, long review)
    {
        await using var c = await db.OpenAsync();
        await using var r = await c.ExecuteReaderAsync(RawSql, new { review });
        // read what it returns, as any use of it would: the submission and its average
        var averages = new List<(long Submission, double Average)>();
        while (await r.ReadAsync()) averages.Add((r.GetInt64(0), r.GetDouble(1)));
        return averages.Count;
    }


    /// <summary>Three mentors, user names <paramref name="prefix"/>1…3.</summary>
    public static async Task<long[]> ReviewersAsync(Db db, string prefix = "bench-mentor") => await db.InTransactionAsync(async (c, tx) =>
    {
        var ids = new long[3];
        for (var i = 0; i < 3; i++)
        {
            ids[i] = await c.ExecuteScalarAsync<long>("INSERT INTO users (username, display_name, password_hash, security_stamp, created_at) VALUES (@u, @n, 'x', 's', @now) RETURNING id",
                new { u = $"{prefix}{i + 1}", n = $"导师{i + 1}", now = DateTimeOffset.UtcNow }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, 'mentor')", new { id = ids[i] }, tx);
        }
        return ids;
    });

    /// <summary>A class of <paramref name="trainees"/> trainees (学员0…), no sessions.</summary>
    public static async Task<long> ClassAsync(Db db, int trainees, string title, string program = "评审项目", DateOnly? start = null) => await db.InTransactionAsync(async (c, tx) =>
    {
        var first = start ?? new DateOnly(2031, 2, 1);
        var cohort = await CohortWriter.InsertAsync(c, tx, new NewCohort(program, null, title, 1, null, first, first.AddDays(1),
            null, null, "Asia/Shanghai", null, null, null, null, null, false, [], true, 0, true, false, null, false, [], [], [], [], []));
        await db.BulkInsertAsync(c, tx, "enrollments", ["cohort_id", "category", "name", "status", "created_at"],
            Enumerable.Range(0, trainees).Select(i => new object?[] { cohort, "trainee", $"学员{i}", "active", DateTimeOffset.UtcNow.ToUniversalTime() }));
        return cohort;
    });

    /// <summary>A plan review of every trainee of the class, one version each, three reviewers each with a submitted score.</summary>
    private static async Task<(long Cohort, long Review)> SeedAsync(Db db, long cohort, long[] reviewers) => await db.InTransactionAsync(async (c, tx) =>
    {
        var now = DateTimeOffset.UtcNow.ToUniversalTime();
        var rubric = Rubric.DefaultForPlans();
        var review = await c.ExecuteScalarAsync<long>("INSERT INTO reviews (cohort_id, kind, title, rubric_version, created_at) VALUES (@cohort, 'plan', '方案评审', 1, @now) RETURNING id",
            new { cohort, now }, tx);
        await c.ExecuteAsync("INSERT INTO review_rubrics (review_id, version, body, created_at) VALUES (@review, 1, @body, @now)", new { review, body = ReviewJson.Rubric(rubric), now }, tx);
        await c.ExecuteAsync("INSERT INTO review_rounds (review_id, number, name, opens, closed_by_hand) VALUES (@review, 1, '提出', @now, @f)", new { review, now, f = false }, tx);
        await c.ExecuteAsync("INSERT INTO review_submissions (review_id, enrollment_id, title) SELECT @review, id, name FROM enrollments WHERE cohort_id = @cohort ORDER BY id",
            new { review, cohort }, tx);
        foreach (var u in reviewers)
            await c.ExecuteAsync("INSERT INTO review_assignments (submission_id, user_id, assigned_at) SELECT id, @u, @now FROM review_submissions WHERE review_id = @review",
                new { review, u, now }, tx);
        var subs = (await c.QueryAsync<long>("SELECT id FROM review_submissions WHERE review_id = @review ORDER BY id", new { review }, tx)).ToList();
        var random = new Random(subs.Count);
        IEnumerable<object?[]> Scores()
        {
            foreach (var s in subs)
                foreach (var u in reviewers)
                {
                    var values = Keys.ToDictionary(k => k, _ => (decimal)random.Next(1, 11));
                    var total = rubric.Total(values).Value;
                    yield return [s, u, 1, ReviewJson.Write(values), (long)Math.Round(total * 100), "submitted", now];
                }
        }
        await db.BulkInsertAsync(c, tx, "review_scores", ["submission_id", "reviewer_id", "rubric_version", "scores", "total_x100", "status", "updated_at"], Scores());
        // the panel sums the scoring transaction keeps, written once for the whole review as a rubric change does
        await ReviewPanelSums.OfReviewAsync(c, tx, review);
        return (cohort, review);
    });
}
