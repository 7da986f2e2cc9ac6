using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Scores;

/// <summary>A review counted in the score: id, title, kind.</summary>
public sealed record ScoredReview(long Id, string Title, string Kind);

/// <summary>One trainee's class score: rank among those not disqualified (ties share one), the score explained, the attendance tally.</summary>
public sealed record TraineeScore(long EnrollmentId, string Name, long? UnitId, string? UnitName, string? UnitPath, int? Rank,
    ClassScoreResult Score, DisciplineTally Tally, IReadOnlyList<decimal?> Tasks, decimal? OnlineShare = null);

/// <summary>A class's scores: the formula (stored or the default), the task reviews and the plan review counted, every trainee
/// ranked first (best first), then the disqualified by name; how many online items the class has (0: no online part).</summary>
public sealed record ClassScoresDto(ScoreFormula Formula, bool Stored, IReadOnlyList<ScoredReview> Tasks, ScoredReview? Plan,
    IReadOnlyList<ScoredReview> PlanChoices, IReadOnlyList<TraineeScore> Rows, int OnlineItems = 0);

/// <summary>
/// 结业成绩 (#19 point 2): the formula kept per class, and every trainee's score computed in one pass — the attendance
/// statuses counted per trainee by the database (settled sessions; open ones derived as the statistics do), the panel
/// sums the scoring keeps for every task submission and the plan review's (review_panel_sums, one query; <see cref="Panel.FromSums"/>
/// on them, as the review ranking does), the domain's <see cref="ClassScores"/> and <see cref="Ranking.Rank"/>.
/// </summary>
/// <remarks><paramref name="settlement"/> null: sessions due are not settled first (the bench, whose class has none).</remarks>
public sealed class ClassScoreStore(Db db, AttendanceSettlement? settlement, TimeProvider clock)
{
    /// <summary>
    /// The panel sums of the submissions counted (the class's tasks and its plan review, by id), counted scores only. The
    /// reviews are named by id rather than joined by class: PostgreSQL then knows how many rows each review has (a class
    /// of 500 next to one of 20,000 was planned as half of every table, and both were hashed whole: 115 ms for 1,500 rows).
    /// </summary>
    public static string SumsSql(IEnumerable<long> reviews)
    {
        // both tables by review (a panel's sums carry its submission's review): each read by its index on review_id
        var ids = Ledger.LedgerStore.InList(reviews);
        return $"""
            SELECT p.review_id, s.enrollment_id, s.group_id, p.counted, p.sum_x100, p.min_x100, p.max_x100
            FROM review_panel_sums p
            JOIN review_submissions s ON s.id = p.submission_id
            WHERE p.review_id IN {ids} AND s.review_id IN {ids} AND p.counted > 0
            """;
    }

    /// <summary>The trainees as the attendance statistics list them (AttendanceStore.TraineesAsync), unsorted; only what a
    /// trainee's score shows (not the unit's sort key nor the position, which the statistics' order needs).</summary>
    public const string TraineesSql = """
            SELECT e.id, e.user_id, e.name, e.unit_id, u.name AS unit_name, u.path AS unit_path
            FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active'
        """;

    public async Task<ScoreFormula?> StoredFormulaAsync(DbConnection c, long cohortId, DbTransaction? tx = null)
    {
        var r = await c.QuerySingleOrDefaultAsync<FormulaRow>("""
            SELECT w_attendance, w_tasks, w_plan, w_online, max_departures, max_absences, plan_review_id FROM class_score_formulas WHERE cohort_id = @cohortId
            """, new { cohortId }, tx);
        return r is null ? null : new ScoreFormula(r.WAttendance, r.WTasks, r.WPlan, r.WOnline, r.MaxDepartures, r.MaxAbsences, r.PlanReviewId);
    }

    /// <summary>The plan reviews of the class (the formula picks one); the latest first.</summary>
    private static async Task<List<ScoredReview>> PlanReviewsAsync(DbConnection c, long cohortId) =>
        (await c.QueryAsync<(long, string)>("SELECT id, title FROM reviews WHERE cohort_id = @cohortId AND kind = 'plan' ORDER BY id DESC", new { cohortId }))
        .Select(x => new ScoredReview(x.Item1, x.Item2, "plan")).ToList();

    /// <summary>The formula in force: the stored one, or the default with the class's latest plan review; the class's online items.</summary>
    public async Task<(ScoreFormula Formula, bool Stored, IReadOnlyList<ScoredReview> Plans, int OnlineItems)> FormulaAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var plans = await PlanReviewsAsync(c, cohortId);
        var stored = await StoredFormulaAsync(c, cohortId);
        var online = await OnlineStore.ItemCountAsync(c, cohortId);
        return (stored ?? ScoreFormula.Default with { PlanReviewId = plans.FirstOrDefault()?.Id }, stored is not null, plans, online);
    }

    /// <summary>Stores the formula after the domain's check (weights summing to 100, an online weight only for a class with
    /// online items …); the plan review must be the class's; audited.</summary>
    public async Task<Error?> SaveFormulaAsync(CurrentUser me, long cohortId, ScoreFormula f)
    {
        if (f.Check(onlineItems: 1) is { } bad) return bad; // the class's online items are counted in the transaction
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            if (f.Check(await OnlineStore.ItemCountAsync(c, cohortId, tx)) is { } noOnline) return noOnline;
            if (f.PlanReviewId is { } plan && await c.ExecuteScalarAsync<long?>("SELECT id FROM reviews WHERE id = @plan AND cohort_id = @cohortId AND kind = 'plan'",
                    new { plan, cohortId }, tx) is null)
                return new Error("Score.NoSuchPlanReview");
            var old = await StoredFormulaAsync(c, cohortId, tx);
            await c.ExecuteAsync("DELETE FROM class_score_formulas WHERE cohort_id = @cohortId", new { cohortId }, tx);
            await c.ExecuteAsync("""
                INSERT INTO class_score_formulas (cohort_id, w_attendance, w_tasks, w_plan, w_online, max_departures, max_absences, plan_review_id, updated_at, updated_by)
                VALUES (@cohortId, @Attendance, @Tasks, @Plan, @Online, @MaxDepartures, @MaxAbsences, @PlanReviewId, @now, @by)
                """, new { cohortId, f.Attendance, f.Tasks, f.Plan, f.Online, f.MaxDepartures, f.MaxAbsences, f.PlanReviewId, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "score.formula", old is null ? null : Describe(old), Describe(f));
            return null;
        });
    }

    private static string Describe(ScoreFormula f) =>
        $"attendance {f.Attendance}, tasks {f.Tasks}, plan {f.Plan} (review {f.PlanReviewId?.ToString() ?? "-"}), online {f.Online}; departures ≤ {f.MaxDepartures?.ToString() ?? "-"}, absences ≤ {f.MaxAbsences?.ToString() ?? "-"}";

    /// <summary>Every active trainee's score; ranked best first (ties share a rank, by name), then the disqualified by name.
    /// The panel sums come from the database (only counted scores: a submission without one has no aggregate and counts 0).</summary>
    public async Task<ClassScoresDto> ScoresAsync(long cohortId)
    {
        if (settlement is not null) await settlement.SettleDueAsync(cohortId);
        await using var c = await db.OpenAsync();
        var plans = await PlanReviewsAsync(c, cohortId);
        var stored = await StoredFormulaAsync(c, cohortId);
        var f = stored ?? ScoreFormula.Default with { PlanReviewId = plans.FirstOrDefault()?.Id };
        var plan = plans.FirstOrDefault(p => p.Id == f.PlanReviewId);
        var tasks = (await c.QueryAsync<(long, string)>("SELECT id, title FROM reviews WHERE cohort_id = @cohortId AND kind = 'task' ORDER BY id", new { cohortId }))
            .Select(x => new ScoredReview(x.Item1, x.Item2, "task")).ToList();
        var taskIndex = tasks.Select((t, i) => (t.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rubrics = new Dictionary<long, Rubric>();
        foreach (var (id, body) in await c.QueryAsync<(long, string)>("""
            SELECT b.review_id, b.body FROM review_rubrics b JOIN reviews r ON r.id = b.review_id AND r.rubric_version = b.version
            WHERE r.cohort_id = @cohortId AND (r.kind = 'task' OR r.id = @plan)
            """, new { cohortId, plan = plan?.Id ?? -1 }))
            rubrics[id] = ReviewJson.Rubric(body);

        // the trainees as the attendance statistics list them (AttendanceStore.TraineesAsync)
        var trainees = await TraineesAsync(c, cohortId); // the ranking sorts them
        var tallies = await TalliesAsync(c, cohortId, trainees);

        // the panel sums of every submission counted, in one pass
        var taskScores = new Dictionary<long, decimal?[]>();
        var planByGroup = new Dictionary<long, decimal?>();
        var planByEnrollment = new Dictionary<long, decimal?>();
        // only the scores that count (the rubric's version, or accepted): a submission without one counts 0, as one not scored
        await using (var r = await c.ExecuteReaderAsync(SumsSql(plan is null ? tasks.Select(t => t.Id) : tasks.Select(t => t.Id).Append(plan.Id))))
        {
            while (await r.ReadAsync())
            {
                var review = r.GetInt64(0);
                // the panel rule's aggregate only (the class score shows no spread): the lowest and highest read when the rule drops them
                var rubric = rubrics[review];
                var extremes = Panel.UsesExtremes(rubric);
                var aggregate = Panel.AggregateOfHundredths(rubric, (int)r.GetInt64(3), r.GetInt64(4), extremes ? r.GetInt64(5) : 0, extremes ? r.GetInt64(6) : 0);
                if (taskIndex.TryGetValue(review, out var k))
                {
                    if (r.IsDBNull(1)) continue; // a task is a trainee's own
                    var e = r.GetInt64(1);
                    if (!taskScores.TryGetValue(e, out var row)) taskScores[e] = row = new decimal?[tasks.Count];
                    row[k] = aggregate;
                }
                else if (!r.IsDBNull(2)) planByGroup[r.GetInt64(2)] = aggregate;
                else planByEnrollment[r.GetInt64(1)] = aggregate;
            }
        }
        var groupOf = new Dictionary<long, long>();
        if (plan is not null && planByGroup.Count > 0)
            foreach (var (e, g) in await c.QueryAsync<(long, long)>("""
                SELECT m.enrollment_id, m.group_id FROM group_members m JOIN groupings g ON g.id = m.grouping_id
                WHERE g.cohort_id = @cohortId AND g.kind = 'working'
                """, new { cohortId }))
                groupOf[e] = g;

        // the share of the class's online items each trainee completed (none: no online part)
        var onlineItems = await OnlineStore.ItemCountAsync(c, cohortId);
        var online = onlineItems > 0 ? await OnlineStore.CompletionShareAsync(c, cohortId) : null;

        var noTasks = new decimal?[tasks.Count];
        var thresholds = new DisciplineThresholds(await c.ExecuteScalarAsync<int>("SELECT lates_per_absence FROM cohorts WHERE id = @cohortId", new { cohortId }));
        var rows = new List<TraineeScore>(trainees.Count);
        foreach (var t in trainees)
        {
            var tally = tallies.TryGetValue(t.Id, out var x) ? x : new DisciplineTally(0, 0, 0, 0, 0, 0, 0);
            var mine = taskScores.TryGetValue(t.Id, out var ts) ? ts : noTasks;
            decimal? planScore = groupOf.TryGetValue(t.Id, out var g) ? planByGroup.GetValueOrDefault(g) : planByEnrollment.GetValueOrDefault(t.Id);
            decimal? share = online is null ? null : online.GetValueOrDefault(t.Id);
            var score = ClassScores.Compute(f, new ScoreInputs(tally.Rate, mine, planScore, tally.Departures, tally.EffectiveAbsences(thresholds), share));
            rows.Add(new TraineeScore(t.Id, t.Name, t.UnitId, t.UnitName, t.UnitPath, null, score, tally, mine, share));
        }
        var ranked = Ranking.Rank(rows.Where(r => !r.Score.IsDisqualified).Select(r => (r, (decimal?)r.Score.Total)), r => r.Name);
        var list = ranked.Select(x => x.Item with { Rank = x.Rank })
            .Concat(rows.Where(r => r.Score.IsDisqualified).OrderBy(r => r.Name, StringComparer.Ordinal)).ToList();
        return new ClassScoresDto(f, stored is not null, tasks, plan, plans, list, onlineItems);
    }

    /// <summary>The trainees (<see cref="TraineesSql"/>), read by hand: a class of 20,000 is read for every score.</summary>
    private static async Task<List<TraineeRow>> TraineesAsync(DbConnection c, long cohortId)
    {
        var list = new List<TraineeRow>();
        await using var r = await c.ExecuteReaderAsync(TraineesSql, new { cohortId });
        while (await r.ReadAsync())
            list.Add(new TraineeRow
            {
                Id = r.GetInt64(0), UserId = r.IsDBNull(1) ? null : r.GetInt64(1), Name = r.GetString(2), UnitId = r.IsDBNull(3) ? null : r.GetInt64(3),
                UnitName = r.IsDBNull(4) ? null : r.GetString(4), UnitPath = r.IsDBNull(5) ? null : r.GetString(5),
            });
        return list;
    }

    /// <summary>
    /// Each trainee's statuses over the class's sessions that take sign-in, as the statistics count them: settled sessions
    /// counted by the database per trainee and status, sessions still open derived from their sign-ins.
    /// </summary>
    private async Task<Dictionary<long, DisciplineTally>> TalliesAsync(DbConnection c, long cohortId, IReadOnlyList<TraineeRow> trainees)
    {
        var counts = new Dictionary<long, int[]>(); // by AttendanceStatus
        void Add(long e, AttendanceStatus s, int n)
        {
            if (!counts.TryGetValue(e, out var a)) counts[e] = a = new int[Enum.GetValues<AttendanceStatus>().Length];
            a[(int)s] += n;
        }
        var sessions = await AttendanceStore.SessionsOfAsync(c, cohortId);
        if (sessions.Any(s => s.AttendanceSettledAt is not null))
            foreach (var (e, status, n) in await c.QueryAsync<(long, string, long)>("""
                SELECT enrollment_id, status, COUNT(*) FROM attendance
                WHERE cohort_id = @cohortId
                  AND session_id IN (SELECT id FROM sessions WHERE cohort_id = @cohortId AND sign_in_required = TRUE AND attendance_settled_at IS NOT NULL AND cancelled_at IS NULL)
                GROUP BY enrollment_id, status
                """, new { cohortId }))
                Add(e, AttendanceStatuses.TryParse(status, out var s) ? s : AttendanceStatus.Pending, (int)n);
        var now = clock.GetUtcNow();
        var open = sessions.Where(s => s.AttendanceSettledAt is null && AttendanceRulebook.OpensAt(s.StartsAt, s.Rules) <= now).ToList();
        if (open.Count > 0)
        {
            var facts = await AttendanceStore.FactsAsync(c, null, cohortId, open.Select(s => s.Id).ToList());
            foreach (var s in open)
                foreach (var t in trainees)
                    Add(t.Id, AttendanceStatuses.TryParse(AttendanceStore.Line(s, t, facts, now).Status, out var st) ? st : AttendanceStatus.Pending, 1);
        }
        return counts.ToDictionary(kv => kv.Key, kv => DisciplineTally.Of(Expand(kv.Value)));
    }

    private static IEnumerable<AttendanceStatus> Expand(int[] counts)
    {
        for (var i = 0; i < counts.Length; i++)
            for (var n = 0; n < counts[i]; n++) yield return (AttendanceStatus)i;
    }

    private sealed class FormulaRow
    {
        public int WAttendance { get; init; }
        public int WTasks { get; init; }
        public int WPlan { get; init; }
        public int WOnline { get; init; }
        public int? MaxDepartures { get; init; }
        public int? MaxAbsences { get; init; }
        public long? PlanReviewId { get; init; }
    }
}
