using System.Diagnostics;
using CommunityAcademy.Domain.Groups;

namespace CommunityAcademy.Bench;

/// <summary>
/// World Café rotation (issue 16 §2): the pure <see cref="CafeRotations.Generate"/> on the three cases, several
/// seeds each; time p50/max and the figures found against their bounds. People are numbered 1..N, hosts 1..T, no
/// unit/district/gender (as the `rotation` CLI verb).
/// </summary>
public static class RotationBench
{
    public static IReadOnlyList<Row> Run(int seeds)
    {
        var rows = new List<Row>();
        Case(rows, "25 people (5 hosts), 5 tables, 5 rounds", 25, 5, 5, seeds,
            f => f.MaxMeetings <= 1 && f.NoTravellerRepeatsATable, "no pair meets twice; every traveller at every table", null);
        Case(rows, "seed 001: 29 people (5 hosts), 5 tables, 5 rounds", 29, 5, 5, seeds,
            f => f.NoTravellerRepeatsATable, "report (bound: ≥ 40 pairs twice if none three times)", null);
        Case(rows, "200 people (20 hosts), 20 tables, 6 rounds", 200, 20, 6, seeds,
            f => f.MaxMeetings <= 2 && f.PairsMeetingMoreThanOnce <= 43 && f.NoTravellerRepeatsATable, "≤ 2 s; no pair 3×; ≤ 43 pairs twice", 2.0);
        return rows;
    }

    private static void Case(List<Row> rows, string name, int n, int t, int r, int seeds, Func<CafeFigures, bool> good, string goal, double? seconds)
    {
        var hosts = Enumerable.Range(1, t).Select(i => new CafePerson(i)).ToList();
        var travellers = Enumerable.Range(t + 1, n - t).Select(i => new CafePerson(i)).ToList();
        var times = new List<double>();
        var results = new List<CafeRotation>();
        for (var s = 1; s <= seeds; s++)
        {
            var sw = Stopwatch.StartNew();
            var rot = CafeRotations.Generate(new CafeRequest(hosts, travellers, r, s)).Value!;
            times.Add(sw.Elapsed.TotalSeconds);
            results.Add(rot);
        }
        times.Sort();
        var p50 = times[times.Count / 2];
        var max = times[^1];
        var figures = string.Join("; ", results.Select(x => $"{x.Figures.MaxMeetings}/{x.Figures.PairsMeetingMoreThanOnce}"));
        var b = results[0].Bounds;
        var allGood = results.All(x => good(x.Figures));
        rows.Add(new Row("rotation: " + name, "-", $"time p50 / max ({seeds} seeds)", $"{p50:F2} s / {max:F2} s",
            seconds is null ? "" : $"≤ {seconds} s", seconds is null ? null : max <= seconds));
        rows.Add(new Row("rotation: " + name, "-", "max meetings / pairs > 1, per seed", figures, goal, allGood));
        rows.Add(new Row("rotation: " + name, "-", "bounds: max meetings / pairs > 1 (coincidences L)",
            $"{b.MaxMeetings} / {b.PairsMeetingMoreThanOnce} (L = {b.RoundPairCoincidences})", "", null));
        rows.Add(new Row("rotation: " + name, "-", "no repeated table / same-unit meetings, all seeds",
            $"{results.All(x => x.Figures.NoTravellerRepeatsATable)} / {results.Sum(x => x.Figures.SameUnitMeetings)}", "", null));
    }
}
