using System.Data.Common;
using CommunityAcademy.Domain.Attendance;
using CommunityAcademy.Domain.Dashboard;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Dashboard;

/// <summary>
/// The organizer's dashboard (#24 point 2): the classes the caller sees (<see cref="CohortStore.ListVisibleAsync"/>: an
/// organizer with a unit the classes owned in its subtree) that start in the year, and their figures, each one SQL aggregate
/// over all those classes at once: trainees and settled attendance by class, unit and status (the statistics page's
/// statements, <see cref="AttendanceReports.SettledSql"/>; a class with a session open adds its open part as that page does),
/// distinct people, 学时 from the ledger's stored rows, the session ratings of the surveys by class and by instructor.
/// Only the grouped rows (classes × units × statuses) come into memory, where they are added up by area.
/// </summary>
public sealed class DashboardStore(Db db, CohortStore cohorts, UnitStore units, AttendanceReports reports, TimeProvider clock)
{
    /// <summary>The current year in 北京时间 (the ledger's year).</summary>
    public int CurrentYear => LedgerApi.ThisYear(clock);

    /// <summary>The dashboard, or null when <paramref name="unit"/> is no unit of the year's trainees (nor above one).</summary>
    public async Task<DashboardDto?> ReadAsync(CurrentUser me, int year, long? unit)
    {
        var treeTask = units.TreeAsync(); // beside the classes' look-up, on its own connection
        var visible = await cohorts.ListVisibleAsync(me);
        var years = visible.Select(c => c.StartDate.Year).Append(CurrentYear).Append(year).Distinct().OrderDescending().ToList();
        var rows = visible.Where(c => c.StartDate.Year == year).OrderBy(c => c.StartDate).ThenBy(c => c.Id).ToList();
        var tree = await treeTask;
        var ids = rows.Select(c => c.Id).ToList();
        var inList = LedgerStore.InList(ids);

        var own = new Dictionary<(long Cohort, long Unit), UnitTally>(); // unit 0: trainees with no unit
        void Add(long cohort, long? u, UnitTally t) => own[(cohort, u ?? 0)] = own.TryGetValue((cohort, u ?? 0), out var x) ? x.Add(t) : t;
        var people = 0;
        var hours = new Dictionary<long, int>();
        var satisfaction = new Dictionary<long, Rating>();
        var instructors = new List<DashboardInstructor>();
        if (ids.Count > 0)
        {
            // the independent aggregates at once, each on its own connection: PostgreSQL works on them in separate backends;
            // SQLite's reads run in this process and its "async" calls complete synchronously, so each is started on a
            // thread of its own (readers do not block one another)
            Task<List<T>> Q<T>(string sql, object? args = null) => Task.Run(async () =>
            {
                await using var k = await db.OpenAsync();
                return (await k.QueryAsync<T>(sql, args)).ToList();
            });
            var traineesTask = Q<(long Cohort, long? Unit, long N)>(AttendanceReports.TraineesSql("IN " + inList, perCohort: true));
            var settledTask = Q<(long Cohort, long? Unit, string Status, long N)>(AttendanceReports.SettledSql(db.IsSqlite, "IN " + inList, perCohort: true));
            var peopleTask = Q<long>($"""
                SELECT COUNT(DISTINCT COALESCE(user_id, -id)) FROM enrollments
                WHERE cohort_id IN {inList} AND category = 'trainee' AND status = 'active'
                """);
            var hoursTask = Q<(long Cohort, long Hours)>($"SELECT cohort_id, SUM(hours_x10) FROM ledger_entries WHERE cohort_id IN {inList} GROUP BY cohort_id");
            // the session ratings, summed once per survey, question, session and aspect by the database (SQLite reads them in
            // its index's order, without a temporary B-tree), then per class, session and instructor-or-not here: a class's
            // are its sessions' sums (every aspect, as the course library counts them), an instructor's the instructor aspect
            // of the sessions they taught (as the instructors' page counts them)
            var ratingsTask = Q<(long Survey, long Session, string? Aspect, long Sum, long N)>($"""
                SELECT a.survey_id, a.session_id, a.aspect, SUM(a.value), COUNT(*)
                FROM survey_answers a
                WHERE a.survey_id IN (SELECT id FROM surveys WHERE cohort_id IN {inList}) AND a.counted = @t AND a.session_id IS NOT NULL AND a.value IS NOT NULL
                GROUP BY a.survey_id, a.question_key, a.session_id, a.aspect
                """, new { t = true });
            var surveysTask = Q<(long Survey, long Cohort)>($"SELECT id, cohort_id FROM surveys WHERE cohort_id IN {inList}");
            await using var c = await db.OpenAsync();
            var open = await OpenCohortsAsync(c, inList);
            await Task.WhenAll(traineesTask, settledTask, peopleTask, hoursTask, ratingsTask, surveysTask);
            foreach (var r in traineesTask.Result)
                Add(r.Cohort, r.Unit, UnitTally.OfTrainees((int)r.N));
            foreach (var r in settledTask.Result)
                Add(r.Cohort, r.Unit, AttendanceReports.TallyOf(r.Status, (int)r.N));
            foreach (var cohort in open)
                foreach (var (u, t) in await reports.OpenTalliesAsync(c, cohort))
                    Add(cohort, u, t);
            people = (int)peopleTask.Result.Single();
            foreach (var r in hoursTask.Result)
                hours[r.Cohort] = (int)r.Hours;
            var cohortOf = surveysTask.Result.ToDictionary(x => x.Survey, x => x.Cohort);
            var bySession = ratingsTask.Result
                .GroupBy(r => (Cohort: cohortOf[r.Survey], r.Session, Instructor: r.Aspect == SessionAspects.Instructor ? 1 : 0))
                .Select(g => (g.Key.Cohort, g.Key.Session, g.Key.Instructor, Sum: g.Sum(r => r.Sum), N: g.Sum(r => r.N))).ToList();
            foreach (var g in bySession.GroupBy(r => r.Cohort))
            {
                var (sum, n) = (g.Sum(r => r.Sum), g.Sum(r => r.N));
                if (n > 0) satisfaction[g.Key] = new Rating((decimal)sum / n, n);
            }
            var rated = bySession.Where(r => r.Instructor == 1).GroupBy(r => r.Session).ToDictionary(g => g.Key, g => (Sum: g.Sum(r => r.Sum), N: g.Sum(r => r.N)));
            if (rated.Count > 0)
            {
                var taught = (await c.QueryAsync<(long Session, long Instructor, string Name)>($"""
                    SELECT si.session_id, i.id, i.name FROM session_instructors si JOIN instructors i ON i.id = si.instructor_id
                    WHERE si.session_id IN {LedgerStore.InList(rated.Keys)}
                    """)).ToList();
                instructors = taught.GroupBy(x => (x.Instructor, x.Name))
                    .Select(g => (g.Key.Instructor, g.Key.Name, Sum: g.Sum(x => rated[x.Session].Sum), N: g.Sum(x => rated[x.Session].N)))
                    .Where(x => x.N > 0).Select(x => new DashboardInstructor(x.Instructor, x.Name, new Rating((decimal)x.Sum / x.N, x.N)))
                    .OrderByDescending(r => r.Rating.Mean).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
            }
        }

        static UnitTally Total(IEnumerable<KeyValuePair<(long Cohort, long Unit), UnitTally>> part) =>
            part.Aggregate(UnitTally.Zero, (a, kv) => a.Add(kv.Value));
        var byCohort = own.GroupBy(kv => kv.Key.Cohort).ToDictionary(g => g.Key, g => g.ToList());
        var classes = rows.Select(c =>
        {
            var t = Total(byCohort.GetValueOrDefault(c.Id, []));
            return new DashboardClass(c.Id, c.Title, c.ProgramId, c.ProgramName, c.StartDate, c.EndDate, t.Trainees, t.Counted, t.Attended,
                hours.GetValueOrDefault(c.Id), satisfaction.GetValueOrDefault(c.Id));
        }).ToList();

        // the drill-down: a unit chosen must lie on the way to a trainee's unit of these classes
        var used = own.Keys.Select(k => k.Unit).Where(u => u != 0).ToHashSet();
        if (unit is { } chosen && (tree.Find(chosen) is null || !used.Any(u => tree.IsInSubtree(chosen, u)))) return null;
        var order = tree.InOrder().Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var areaOf = used.ToDictionary(u => u, u => DashboardAreas.AreaOf(tree, unit, u));
        var areas = own.Where(kv => kv.Key.Unit != 0 && areaOf[kv.Key.Unit] is not null)
            .GroupBy(kv => areaOf[kv.Key.Unit]!.Value)
            .Select(g =>
            {
                var t = Total(g);
                var below = g.Any(kv => kv.Key.Unit != g.Key);
                return new DashboardArea(g.Key, tree.Find(g.Key)!.Name, t.Trainees, t.Counted, t.Attended, below);
            })
            .OrderBy(a => order.GetValueOrDefault(a.UnitId, int.MaxValue)).ToList();
        var areaClasses = new List<DashboardClass>();
        if (unit is { } u0)
            foreach (var c in classes)
            {
                var inside = byCohort.GetValueOrDefault(c.Id, []).Where(kv => kv.Key.Unit != 0 && areaOf[kv.Key.Unit] is not null).ToList();
                if (inside.Count == 0) continue;
                var t = Total(inside);
                areaClasses.Add(c with { Trainees = t.Trainees, Counted = t.Counted, Attended = t.Attended, HoursX10 = 0, Satisfaction = null });
            }
        var crumbs = unit is { } u1 ? DashboardAreas.Crumbs(tree, u1).Select(n => new DashboardCrumb(n.Id, n.Name)).ToList() : [];
        var trends = classes.GroupBy(c => (c.ProgramId, c.ProgramName))
            .Select(g => new DashboardTrend(g.Key.ProgramId, g.Key.ProgramName, g.OrderBy(c => c.StartDate).ThenBy(c => c.Id).ToList()))
            .OrderBy(t => t.ProgramName, StringComparer.Ordinal).ToList();
        return new DashboardDto(year, years, unit, crumbs, people, classes, areas, areaClasses, instructors, trends);
    }

    /// <summary>The classes with a session whose sign-in may be open and is not settled: their open part is derived from the
    /// scans (<see cref="AttendanceReports.OpenTalliesAsync"/>), which decides exactly; a day ahead covers any opening rule.</summary>
    private async Task<IReadOnlyList<long>> OpenCohortsAsync(DbConnection c, string inList) =>
        (await c.QueryAsync<long>($"""
            SELECT DISTINCT s.cohort_id FROM sessions s
            WHERE s.cohort_id IN {inList} AND {AttendanceStore.TakesSignIn} AND s.cancelled_at IS NULL AND s.attendance_settled_at IS NULL
              AND s.starts_at <= @soon
            """, new { soon = clock.GetUtcNow().AddDays(1) })).ToList();
}
