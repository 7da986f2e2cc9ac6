namespace CommunityAcademy.Domain.Groups;

// World Café rotation (issue 16 §2). A rotation is written as `long[][][] rounds`: rounds[r][t] are the ids of the people
// at table t in round r (0-based), and rounds[r][t][0] is always that table's host, who never moves. Everything here is
// pure and deterministic: the same request and seed give the same rotation.

/// <summary>A person of the café. Only <see cref="Id"/> is required; the others steer constraints (5) and (6).</summary>
public sealed record CafePerson(long Id, long? UnitId = null, long? DistrictId = null, string? Gender = null);

/// <summary>
/// What to plan. <see cref="Hosts"/>[t] hosts table t for the whole café. <see cref="Travellers"/> are the people present
/// for the rounds to be generated. <see cref="Played"/> (optional) are rounds already played, kept exactly as they are
/// (same shape as the output, hosts first); only rounds Played.Length … Rounds-1 are generated. A traveller of a played
/// round missing from <see cref="Travellers"/> is absent from then on; a traveller only in <see cref="Travellers"/>
/// arrived late. <see cref="Absent"/> may give the absent people's unit/district/gender, used for the figures only.
/// <see cref="Iterations"/> overrides the search budget (default: scaled to the size; deterministic, not time-based),
/// shared by <see cref="Attempts"/> independent searches (default <see cref="CafeRotations.DefaultAttempts"/>).
/// </summary>
public sealed record CafeRequest(
    IReadOnlyList<CafePerson> Hosts,
    IReadOnlyList<CafePerson> Travellers,
    int Rounds,
    int Seed = 1,
    long[][][]? Played = null,
    IReadOnlyList<CafePerson>? Absent = null,
    int? Iterations = null,
    int? Attempts = null);

/// <summary>
/// The figures of a rotation, in the order of the constraints.
/// <list type="bullet">
/// <item><see cref="TablesBalanced"/>: every round's table sizes (host included) differ by at most one — constraint (1).</item>
/// <item><see cref="RepeatedTableVisits"/>: Σ over travellers and tables of (visits − 1); <see cref="NoTravellerRepeatsATable"/>
/// is it being 0 — constraint (2) (only required while rounds ≤ tables).</item>
/// <item><see cref="MaxMeetings"/>: the largest number of rounds any two people (hosts included) share a table — (3).</item>
/// <item><see cref="PairsMeetingMoreThanOnce"/>: pairs of people sharing a table in two rounds or more — (4).</item>
/// <item><see cref="SameUnitMeetings"/>: Σ over rounds of the pairs at one table with the same (known) unit — (5).</item>
/// <item><see cref="DistrictExcess"/>/<see cref="GenderExcess"/>: Σ over rounds, tables and districts (genders) of the people
/// beyond ⌈that district's people in the round / tables⌉; 0 is perfectly spread — (6).</item>
/// </list>
/// </summary>
public sealed record CafeFigures(
    bool TablesBalanced,
    int RepeatedTableVisits,
    bool NoTravellerRepeatsATable,
    int MaxMeetings,
    int PairsMeetingMoreThanOnce,
    int SameUnitMeetings,
    int DistrictExcess,
    int GenderExcess);

/// <summary>
/// Lower bounds that no rotation with the same people present in the same rounds can beat.
/// <see cref="RoundPairCoincidences"/> (L): for each two rounds r &lt; s, a traveller present in both sits at a
/// (table in r, table in s) combination; while rounds ≤ tables a traveller never sits at the same table twice, so only
/// T·(T−1) combinations exist (with more rounds than tables, T² combinations shared with the hosts on the diagonal).
/// n people in K combinations put at least q·… pairs together in both rounds (the even spread: rem·C(q+1,2) +
/// (K−rem)·C(q,2), q = n / K); L is the sum over all pairs of rounds. A pair that meets c times accounts for C(c,2)
/// of these, so <see cref="PairsMeetingMoreThanOnce"/> = ⌈L / C(m,2)⌉ where m is the rotation's own largest meeting
/// count (with m = 2: "if no pair meets three times, at least L pairs meet twice"). <see cref="MaxMeetings"/>: 2 when L
/// &gt; 0; and for any one person, the people met over the rounds (at least the smallest table size − 1 per round)
/// shared among all others; 1 when anyone meets anyone; the largest of these.
/// </summary>
public sealed record CafeBounds(int MaxMeetings, int PairsMeetingMoreThanOnce, long RoundPairCoincidences);

/// <summary>A rotation with its figures and their bounds. <see cref="Constructed"/>: it came from the affine construction.</summary>
public sealed record CafeRotation(long[][][] Rounds, CafeFigures Figures, CafeBounds Bounds, bool Constructed);

/// <summary>
/// Plans a World Café: hosts stay, travellers move. Constraints, in order: (1) table sizes within one of each other each
/// round; (2) no traveller at the same table twice while rounds ≤ tables (relaxed otherwise to ⌈rounds/tables⌉ visits);
/// (3) the largest meeting count as small as possible; (4) then the pairs meeting more than once; (5) people of the same
/// unit apart; (6) districts and genders spread over the tables.
/// <para>Method: with no played rounds, the generalised affine construction — traveller i = (a, b), b = i mod T,
/// a = the (i / T)-th multiplier coprime to T, sits in round r at table (a·r + b) mod T. For T prime, T·(T−1) travellers
/// or fewer and rounds ≤ T this is perfect (two travellers meet at most once, nobody repeats a table), and people of
/// one unit are put in the same a-class, who never meet. Otherwise (or with played rounds: a greedy start, round by
/// round) a simulated annealing on swaps of two travellers within a round and on exchanges (two travellers swap seats in
/// the best subset of the rounds where they sit apart, which keeps itineraries free of repeats when rounds = tables
/// leave no slack), with a deterministic Random(seed) and an iteration budget; small cafés run several independent
/// searches from derived seeds. The best rotation seen,
/// compared lexicographically on (2), (3), (4), (5), (6), is returned.</para>
/// </summary>
public static class CafeRotations
{
    public const int MaxRounds = 64;

    /// <summary>Generates a rotation, or the rule the request breaks (Error codes "Cafe.*").</summary>
    public static Result<CafeRotation> Generate(CafeRequest request)
    {
        var check = Validate(request);
        if (check is not null) return check;
        // Independent searches from seeds derived from the request's seed share the budget; the best is kept
        // (lexicographically on the constraints' figures). A perfect first result ends it early.
        var people = request.Hosts.Concat(request.Travellers).Concat(request.Absent ?? []).ToList();
        var attempts = request.Attempts ?? DefaultAttempts(request.Travellers.Count);
        (long[][][] Rounds, CafeFigures Figures, bool Constructed)? best = null;
        for (var k = 0; k < Math.Max(1, attempts); k++)
        {
            var planner = new Planner(request, unchecked(request.Seed + 7919 * k), Math.Max(1, attempts));
            var candidate = planner.Run();
            var measured = Measure(candidate, people);
            if (best is null || Rank(measured).CompareTo(Rank(best.Value.Figures)) < 0) best = (candidate, measured, planner.Constructed);
            if (planner.Perfect) break;
        }
        var (rounds, figures, constructed) = best!.Value;
        return Result<CafeRotation>.Ok(new CafeRotation(rounds, figures, Bounds(rounds, figures.MaxMeetings), constructed));
    }

    /// <summary>
    /// Independent searches per request unless <see cref="CafeRequest.Attempts"/> says otherwise: 8 for a small café
    /// (≤ 60 travellers: small, rugged search spaces, where restarts pay), 1 above (one long search does better).
    /// </summary>
    public static int DefaultAttempts(int travellers) => travellers <= 60 ? 8 : 1;

    private static (int, int, int, int, int) Rank(CafeFigures f) =>
        (f.RepeatedTableVisits, f.MaxMeetings, f.PairsMeetingMoreThanOnce, f.SameUnitMeetings, f.DistrictExcess + f.GenderExcess);

    private static Error? Validate(CafeRequest q)
    {
        var t = q.Hosts.Count;
        if (t < 1) return new Error("Cafe.NoTables");
        if (q.Rounds < 1 || q.Rounds > MaxRounds) return new Error("Cafe.Rounds", q.Rounds, MaxRounds);
        // N counts the hosts; every table needs its host and at least one traveller: N ≥ 2T.
        if (q.Travellers.Count < t) return new Error("Cafe.TooFewPeople", q.Travellers.Count + t, t);
        var ids = new HashSet<long>();
        foreach (var p in q.Hosts.Concat(q.Travellers))
            if (!ids.Add(p.Id)) return new Error("Cafe.DuplicatePerson", p.Id);
        if (q.Played is { } played)
        {
            if (played.Length > q.Rounds) return new Error("Cafe.PlayedRounds", played.Length, q.Rounds);
            var hosts = q.Hosts.Select(h => h.Id).ToHashSet();
            for (var r = 0; r < played.Length; r++)
            {
                if (played[r] is null || played[r].Length != t) return new Error("Cafe.PlayedShape", r + 1);
                var seen = new HashSet<long>();
                for (var k = 0; k < t; k++)
                {
                    var table = played[r][k];
                    if (table is null || table.Length == 0 || table[0] != q.Hosts[k].Id) return new Error("Cafe.PlayedShape", r + 1);
                    foreach (var id in table)
                        if (!seen.Add(id) || (id != table[0] && hosts.Contains(id))) return new Error("Cafe.PlayedShape", r + 1);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The figures of any rotation (e.g. after a swap by hand). <paramref name="people"/> supplies unit, district and
    /// gender; ids not among them count as people without those. Hosts are each table's first person.
    /// </summary>
    public static CafeFigures Measure(long[][][] rounds, IEnumerable<CafePerson> people)
    {
        var info = new Dictionary<long, CafePerson>();
        foreach (var p in people) info.TryAdd(p.Id, p);
        var meet = new Dictionary<(long, long), int>();
        var visits = new Dictionary<(long, int), int>();
        var balanced = true;
        int sameUnit = 0, districtExcess = 0, genderExcess = 0;
        foreach (var round in rounds)
        {
            if (round.Length == 0) continue;
            if (round.Max(t => t.Length) - round.Min(t => t.Length) > 1) balanced = false;
            districtExcess += Excess(round, id => info.GetValueOrDefault(id)?.DistrictId?.ToString());
            genderExcess += Excess(round, id => info.GetValueOrDefault(id)?.Gender);
            for (var t = 0; t < round.Length; t++)
            {
                var table = round[t];
                for (var i = 0; i < table.Length; i++)
                {
                    if (i > 0) visits[(table[i], t)] = visits.GetValueOrDefault((table[i], t)) + 1;
                    for (var j = i + 1; j < table.Length; j++)
                    {
                        var key = table[i] < table[j] ? (table[i], table[j]) : (table[j], table[i]);
                        meet[key] = meet.GetValueOrDefault(key) + 1;
                        var ui = info.GetValueOrDefault(table[i])?.UnitId;
                        if (ui is not null && ui == info.GetValueOrDefault(table[j])?.UnitId) sameUnit++;
                    }
                }
            }
        }
        var repeats = visits.Values.Sum(v => v - 1);
        return new CafeFigures(balanced, repeats, repeats == 0,
            meet.Count == 0 ? 0 : meet.Values.Max(), meet.Values.Count(c => c > 1), sameUnit, districtExcess, genderExcess);
    }

    // Σ over tables and groups of the people beyond ⌈group's people in the round / tables⌉.
    private static int Excess(long[][] round, Func<long, string?> group)
    {
        var per = round.Select(t => t.Select(group).Where(g => g is not null).GroupBy(g => g!).ToDictionary(g => g.Key, g => g.Count())).ToList();
        var excess = 0;
        foreach (var (g, total) in per.SelectMany(d => d).GroupBy(kv => kv.Key).Select(x => (x.Key, x.Sum(kv => kv.Value))))
        {
            var cap = (total + round.Length - 1) / round.Length;
            excess += per.Sum(d => Math.Max(0, d.GetValueOrDefault(g) - cap));
        }
        return excess;
    }

    /// <summary>
    /// The lower bounds for a rotation's presence pattern (who is at which round; hosts are each table's first person).
    /// <paramref name="maxMeetings"/>: the rotation's own largest meeting count, for the pairs bound (default: the
    /// bound on it). See <see cref="CafeBounds"/>.
    /// </summary>
    public static CafeBounds Bounds(long[][][] rounds, int? maxMeetings = null)
    {
        var rCount = rounds.Length;
        if (rCount == 0) return new CafeBounds(0, 0, 0);
        var tables = rounds[0].Length;
        var travellers = rounds.Select(r => r.SelectMany(t => t.Skip(1)).ToHashSet()).ToList();
        var relaxed = rCount > tables;
        long coincidences = 0;
        for (var r = 0; r < rCount; r++)
            for (var s = r + 1; s < rCount; s++)
            {
                var both = travellers[r].Count(travellers[s].Contains);
                coincidences += relaxed ? EvenPairs(both + tables, (long)tables * tables) : EvenPairs(both, (long)tables * (tables - 1));
            }
        var everyone = rounds.SelectMany(r => r.SelectMany(t => t)).ToHashSet();
        var others = Math.Max(1, everyone.Count - 1);
        var anyMeeting = rounds.Any(r => r.Any(t => t.Length > 1));
        var maxBound = anyMeeting ? 1 : 0;
        if (coincidences > 0) maxBound = Math.Max(maxBound, 2);
        foreach (var person in everyone)
        {
            long met = 0;
            foreach (var round in rounds)
                if (round.Any(t => t.Contains(person))) met += round.Min(t => t.Length) - 1;
            maxBound = Math.Max(maxBound, (int)((met + others - 1) / others));
        }
        var m = Math.Max(2, maxMeetings ?? maxBound);
        var pairsBound = (int)((coincidences + (long)m * (m - 1) / 2 - 1) / ((long)m * (m - 1) / 2));
        return new CafeBounds(maxBound, pairsBound, coincidences);
    }

    // The fewest pairs sharing a cell when n people fill k cells: the even spread.
    private static long EvenPairs(long n, long k)
    {
        if (k <= 0) return n * (n - 1) / 2;
        long q = n / k, rem = n % k;
        return rem * (q + 1) * q / 2 + (k - rem) * q * (q - 1) / 2;
    }

    /// <summary>
    /// Exchanges two travellers of one round (0-based) and returns the new rotation; the original is not changed.
    /// Refused: a host (hosts never move), someone not in that round, or two people at the same table.
    /// Re-measure with <see cref="Measure"/> afterwards.
    /// </summary>
    public static Result<long[][][]> Swap(long[][][] rounds, int round, long a, long b)
    {
        if (round < 0 || round >= rounds.Length) return new Error("Cafe.SwapRound", round + 1);
        var tables = rounds[round];
        int ta = Array.FindIndex(tables, t => Array.IndexOf(t, a) >= 0), tb = Array.FindIndex(tables, t => Array.IndexOf(t, b) >= 0);
        if (ta < 0) return new Error("Cafe.SwapNotInRound", a, round + 1);
        if (tb < 0) return new Error("Cafe.SwapNotInRound", b, round + 1);
        if (tables[ta][0] == a) return new Error("Cafe.SwapHost", a);
        if (tables[tb][0] == b) return new Error("Cafe.SwapHost", b);
        if (ta == tb) return new Error("Cafe.SwapSameTable", a, b);
        var copy = rounds.Select(r => r.Select(t => t.ToArray()).ToArray()).ToArray();
        copy[round][ta][Array.IndexOf(copy[round][ta], a)] = b;
        copy[round][tb][Array.IndexOf(copy[round][tb], b)] = a;
        return Result<long[][][]>.Ok(copy);
    }
}
