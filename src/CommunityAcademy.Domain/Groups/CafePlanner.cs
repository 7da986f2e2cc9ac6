namespace CommunityAcademy.Domain.Groups;

/// <summary>
/// The search behind <see cref="CafeRotations.Generate"/>: a start (affine construction, or greedy after played rounds),
/// then simulated annealing on swaps with incrementally kept counts. People are indices: 0…T−1 the hosts (host t at
/// table t), then the present travellers, then the absent people of the played rounds.
/// </summary>
internal sealed class Planner
{
    // Energy weights, one level per constraint; each level outweighs what the next can usually trade against it.
    private const double RepeatWeight = 1e9;     // (2) a traveller at a table once more than allowed
    private const double PairWeight = 100;       // (3)+(4): a pair meeting c ≥ 2 times costs 100·100^(c−2)
    private const double PairGrowth = 100;
    private const double UnitWeight = 4;         // (5) one same-unit meeting
    private const double BalanceWeight = 0.5;    // (6) per unit of Σ count² of districts and genders at the tables

    private readonly int tables, rounds, kept, people, travellers, seed, attempts;
    private readonly int? iterationsOverride;
    private readonly long[] ids;
    private readonly int[] unit, district, gender;
    private readonly int districts, genders;
    private readonly int[][] tab;        // tab[r][p]: table of p in round r, −1 when absent
    private readonly int[][] pos;        // pos[r][p]: p's index in its table's member array
    private readonly int[][][] members;  // members[r][t]: people at the table, host first
    private readonly int[][] present;    // present[r]: travellers present in round r
    private readonly int[] meet;         // meet[p·P+q]
    private readonly int[] visits;       // visits[p·T+t]
    private readonly int[] allowed;      // visits per table a traveller may make without penalty: ⌈rounds present / T⌉
    private readonly int[] districtCount, genderCount; // [(r·T+t)·D+d]
    private readonly double[] pairCost;
    private readonly long[] hist;        // pairs by meeting count
    private long repeats, sameUnit, balance;
    private double repeatWeight = RepeatWeight; // soft early in the search, so it can pass through repeats; hard at the end

    public bool Constructed { get; private set; }

    /// <summary>Nobody repeats a table or meets anyone twice, no same-unit meeting, nothing to spread: no search can do better.</summary>
    public bool Perfect { get; private set; }

    public Planner(CafeRequest q, int seed, int attempts)
    {
        this.attempts = attempts;
        tables = q.Hosts.Count;
        rounds = q.Rounds;
        this.seed = seed;
        iterationsOverride = q.Iterations;
        var played = q.Played ?? [];
        kept = played.Length;
        var list = new List<CafePerson>(q.Hosts);
        list.AddRange(q.Travellers);
        travellers = q.Travellers.Count;
        var index = new Dictionary<long, int>();
        for (var i = 0; i < list.Count; i++) index[list[i].Id] = i;
        var absentInfo = (q.Absent ?? []).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var id in played.SelectMany(r => r.SelectMany(t => t)))
            if (!index.ContainsKey(id))
            {
                index[id] = list.Count;
                list.Add(absentInfo.GetValueOrDefault(id) ?? new CafePerson(id));
            }
        people = list.Count;
        ids = list.Select(p => p.Id).ToArray();
        unit = Indices(list.Select(p => p.UnitId?.ToString()), out _);
        district = Indices(list.Select(p => p.DistrictId?.ToString()), out districts);
        gender = Indices(list.Select(p => p.Gender), out genders);

        tab = new int[rounds][];
        pos = new int[rounds][];
        for (var r = 0; r < rounds; r++) { tab[r] = Enumerable.Repeat(-1, people).ToArray(); pos[r] = new int[people]; }
        members = new int[rounds][][];
        present = new int[rounds][];
        meet = new int[people * people];
        visits = new int[people * tables];
        allowed = new int[people];
        districtCount = new int[rounds * tables * Math.Max(1, districts)];
        genderCount = new int[rounds * tables * Math.Max(1, genders)];
        pairCost = new double[rounds + 2];
        for (var c = 2; c < pairCost.Length; c++) pairCost[c] = PairWeight * Math.Pow(PairGrowth, c - 2);
        hist = new long[rounds + 2];
        fill = new int[tables];

        // Who sits where: the played rounds as given, the rest present = every current traveller.
        for (var r = 0; r < rounds; r++)
        {
            if (r < kept)
            {
                var lists = played[r].Select(t => t.Select(id => index[id]).ToList()).ToArray();
                present[r] = lists.SelectMany(l => l.Skip(1)).ToArray();
                members[r] = new int[tables][];
                for (var t = 0; t < tables; t++) members[r][t] = new int[lists[t].Count];
                for (var t = 0; t < tables; t++) foreach (var p in lists[t]) Place(r, p, t);
            }
            else present[r] = Enumerable.Range(tables, travellers).ToArray();
        }
        for (var r = 0; r < rounds; r++) foreach (var p in present[r]) allowed[p]++;
        for (var p = 0; p < people; p++) allowed[p] = (allowed[p] + tables - 1) / tables;
    }

    private static int[] Indices(IEnumerable<string?> keys, out int count)
    {
        var map = new Dictionary<string, int>();
        var result = keys.Select(k => k is null ? -1 : map.TryGetValue(k, out var i) ? i : map[k] = map.Count).ToArray();
        count = map.Count;
        return result;
    }

    public long[][][] Run()
    {
        var rng = new Random(seed);
        if (kept < rounds)
        {
            // The affine start has no repeated table while rounds ≤ tables, so the search's best never has one either.
            if (kept == 0) Construct(rng); else Greedy(rng);
            Anneal(rng);
        }
        return Enumerable.Range(0, rounds)
            .Select(r => members[r].Select(t => t.Select(p => ids[p]).ToArray()).ToArray()).ToArray();
    }

    // --- starts ---------------------------------------------------------------------------------------------------

    // Generalised affine construction: traveller (a, b) sits in round r at table (a·r + b) mod T, a coprime to T.
    private void Construct(Random rng)
    {
        var multipliers = Multipliers();
        // People of one unit in one a-class (same a, different b: they never meet); larger units first.
        var order = Enumerable.Range(tables, travellers)
            .GroupBy(p => unit[p] < 0 ? -1 - p : unit[p])
            .Select(g => (Members: g.ToList(), Key: rng.Next()))
            .OrderByDescending(g => g.Members.Count).ThenBy(g => g.Key)
            .SelectMany(g => g.Members).ToList();
        var sizes = new int[rounds, tables];
        for (var i = 0; i < travellers; i++) for (var r = 0; r < rounds; r++)
            sizes[r, Seat(i, r, multipliers)]++;
        for (var r = 0; r < rounds; r++)
        {
            members[r] = new int[tables][];
            for (var t = 0; t < tables; t++) members[r][t] = new int[sizes[r, t] + 1];
            for (var t = 0; t < tables; t++) Place(r, t, t);
            for (var i = 0; i < travellers; i++) Place(r, order[i], Seat(i, r, multipliers));
        }
        Constructed = IsPrime(tables) && travellers <= tables * (tables - 1) && rounds <= tables;
    }

    private List<int> Multipliers() => Enumerable.Range(1, Math.Max(1, tables - 1)).Where(a => Gcd(a, tables) == 1).ToList();

    private int Seat(int i, int r, List<int> multipliers)
    {
        var a = multipliers[(i / tables) % multipliers.Count];
        return (int)(((long)a * r + i % tables) % tables);
    }

    // After played rounds: round by round, each traveller (in a seeded order) to the open table where they add least.
    private void Greedy(Random rng)
    {
        var load = new long[tables];
        for (var r = 0; r < kept; r++) for (var t = 0; t < tables; t++) load[t] += members[r][t].Length;
        for (var r = kept; r < rounds; r++)
        {
            var n = tables + present[r].Length;
            // The extra seats go to the tables most travellers still have to visit, then to the least used.
            var demand = new int[tables];
            foreach (var x in present[r]) for (var t = 0; t < tables; t++) if (visits[x * tables + t] < allowed[x]) demand[t]++;
            var extraTables = Enumerable.Range(0, tables).OrderByDescending(t => demand[t]).ThenBy(t => load[t])
                .ThenBy(t => (t - r % tables + tables) % tables).Take(n % tables).ToHashSet();
            members[r] = new int[tables][];
            var free = new int[tables];
            for (var t = 0; t < tables; t++)
            {
                var size = n / tables + (extraTables.Contains(t) ? 1 : 0);
                members[r][t] = new int[size];
                load[t] += size;
                fill[t] = 0;
                Place(r, t, t);
                free[t] = size - 1;
            }
            var order = present[r].OrderBy(_ => rng.Next()).ToList();
            foreach (var x in order)
            {
                var best = -1;
                var bestScore = double.MaxValue;
                for (var t = 0; t < tables; t++)
                {
                    if (free[t] == 0) continue;
                    var score = visits[x * tables + t] + 1 > allowed[x] ? RepeatWeight : 0;
                    for (var i = 0; i < fill[t]; i++)
                    {
                        var z = members[r][t][i];
                        var c = meet[x * people + z];
                        score += pairCost[c + 1] - pairCost[c];
                        if (unit[x] >= 0 && unit[x] == unit[z]) score += UnitWeight;
                    }
                    score += rng.NextDouble() * 1e-3;
                    if (score < bestScore) { bestScore = score; best = t; }
                }
                free[best]--;
                Place(r, x, best);
            }
        }
    }

    private readonly int[] fill;         // next free slot per table while a round is being filled

    // Puts p at table t of round r (next free slot), updating every count.
    private void Place(int r, int p, int t)
    {
        if (p == 0) Array.Clear(fill); // host 0 opens every round (tables are filled host first, in order)
        var slot = p < tables && p == t ? 0 : fill[t];
        var table = members[r][t];
        for (var i = 0; i < slot; i++) Meet(p, table[i], +1);
        table[slot] = p;
        fill[t] = slot + 1;
        tab[r][p] = t;
        pos[r][p] = slot;
        if (p >= tables) Visit(p, t, +1);
        Spread(r, t, p, +1);
    }

    // --- incremental counts ---------------------------------------------------------------------------------------

    private double Meet(int p, int q, int step)
    {
        var c = meet[p * people + q];
        var n = c + step;
        meet[p * people + q] = n;
        meet[q * people + p] = n;
        hist[c]--;
        hist[n]++;
        var delta = pairCost[n] - pairCost[c];
        if (unit[p] >= 0 && unit[p] == unit[q]) { sameUnit += step; delta += step * UnitWeight; }
        return delta;
    }

    private double Visit(int p, int t, int step)
    {
        var v = visits[p * tables + t];
        var before = Math.Max(0, v - allowed[p]);
        var after = Math.Max(0, v + step - allowed[p]);
        visits[p * tables + t] = v + step;
        repeats += after - before;
        return (after - before) * repeatWeight;
    }

    private double Spread(int r, int t, int p, int step)
    {
        long d = 0;
        if (district[p] >= 0)
        {
            var i = (r * tables + t) * districts + district[p];
            var c = districtCount[i];
            districtCount[i] = c + step;
            d += (long)(c + step) * (c + step) - (long)c * c;
        }
        if (gender[p] >= 0)
        {
            var i = (r * tables + t) * genders + gender[p];
            var c = genderCount[i];
            genderCount[i] = c + step;
            d += (long)(c + step) * (c + step) - (long)c * c;
        }
        balance += d;
        return d * BalanceWeight;
    }

    // Exchanges travellers x and y (at different tables) in round r; returns the energy change. Its own inverse.
    private double Swap(int r, int x, int y)
    {
        int tx = tab[r][x], ty = tab[r][y], px = pos[r][x], py = pos[r][y];
        var a = members[r][tx];
        var b = members[r][ty];
        var delta = 0.0;
        foreach (var z in a) if (z != x) { delta += Meet(x, z, -1); delta += Meet(y, z, +1); }
        foreach (var z in b) if (z != y) { delta += Meet(y, z, -1); delta += Meet(x, z, +1); }
        delta += Visit(x, tx, -1) + Visit(x, ty, +1) + Visit(y, ty, -1) + Visit(y, tx, +1);
        delta += Spread(r, tx, x, -1) + Spread(r, ty, x, +1) + Spread(r, ty, y, -1) + Spread(r, tx, y, +1);
        a[px] = y; b[py] = x;
        tab[r][x] = ty; tab[r][y] = tx;
        pos[r][x] = py; pos[r][y] = px;
        return delta;
    }

    // --- the search -----------------------------------------------------------------------------------------------

    private (long, int, long, long, long) Key()
    {
        var max = hist.Length - 1;
        while (max > 0 && hist[max] == 0) max--;
        long over = 0;
        for (var c = 2; c < hist.Length; c++) over += hist[c];
        return (repeats, max, over, sameUnit, balance);
    }

    private static bool Better((long, int, long, long, long) a, (long, int, long, long, long) b) => a.CompareTo(b) < 0;

    private void Anneal(Random rng)
    {
        var mutable = rounds - kept;
        var iterations = (iterationsOverride ?? (int)Math.Clamp(400L * travellers * mutable, 400_000, 4_000_000)) / attempts;
        var best = Key();
        var snapshot = Snapshot();
        // Exchanges over several rounds: most moves when rounds = tables leave an itinerary no slack, a few otherwise.
        var soft = rounds >= tables && mutable >= 2;
        var exchangeShare = mutable < 2 ? 0 : rounds % tables == 0 ? 70 : 4;
        const double start = PairWeight * 2, end = UnitWeight * 0.05;
        var cooling = Math.Log(end / start);
        // Nothing left to gain: nobody repeats a table, nobody meets twice, no unit meets itself, nothing to spread.
        bool Done() => Perfect = best.Item1 == 0 && best.Item2 <= 1 && best.Item4 == 0 && districts == 0 && genders == 0;
        for (var it = 0; it < iterations && !Done(); it++)
        {
            var temperature = start * Math.Exp(cooling * it / iterations);
            var progress = (double)it / iterations;
            if (soft) repeatWeight = progress < 0.8 ? PairWeight * (3 + 30 * progress) : RepeatWeight;
            var r = kept + rng.Next(mutable);
            var list = present[r];
            var x = list[rng.Next(list.Length)];
            double delta;
            if (rng.Next(100) < exchangeShare)
            {
                var y = list[rng.Next(list.Length)];
                if (y == x) continue;
                var moved = Exchange(x, y, rng, temperature);
                it += spent - 1;
                if (moved is null) continue;
                delta = moved.Value;
            }
            else
            {
                var y = list[rng.Next(list.Length)];
                if (tab[r][x] == tab[r][y]) continue;
                delta = Swap(r, x, y);
                if (delta > 0 && rng.NextDouble() >= Math.Exp(-delta / temperature)) { Swap(r, x, y); continue; }
            }
            if (delta < 0)
            {
                var key = Key();
                if (Better(key, best)) { best = key; snapshot = Snapshot(); }
            }
        }
        repeatWeight = RepeatWeight;
        Restore(snapshot);
    }

    // Two travellers exchange seats in any subset of the rounds where they sit apart: all 2^m subsets are walked in
    // Gray-code order (one swap per step), the best is kept as the move. Generalises "swap in one round" and "swap in
    // two rounds", and can keep both itineraries free of repeats when rounds = tables leave no slack.
    private readonly int[] apart = new int[MaxExchangeRounds];
    private const int MaxExchangeRounds = 6;

    private int spent;

    private double? Exchange(int x, int y, Random rng, double temperature)
    {
        int m = 0, seen = 0;
        for (var r = kept; r < rounds; r++)
            if (tab[r][x] >= 0 && tab[r][y] >= 0 && tab[r][x] != tab[r][y])
            {
                if (m < MaxExchangeRounds) apart[m++] = r;
                else { var j = rng.Next(++seen + MaxExchangeRounds); if (j < MaxExchangeRounds) apart[j] = r; }
            }
        spent = Math.Max(1, (1 << m) / 64); // an exchange walks 2^m − 1 swaps; at most 64 by the cap above
        if (m == 0) return null;
        int code = 0, bestCode = 0;
        double sum = 0, best = double.MaxValue;
        for (var i = 1; i < 1 << m; i++)
        {
            var bit = System.Numerics.BitOperations.TrailingZeroCount(i);
            sum += Swap(apart[bit], x, y);
            code ^= 1 << bit;
            if (sum < best) { best = sum; bestCode = code; }
        }
        var accept = best <= 0 || rng.NextDouble() < Math.Exp(-best / temperature);
        var target = accept ? bestCode : 0;
        for (var diff = code ^ target; diff != 0; diff &= diff - 1)
            Swap(apart[System.Numerics.BitOperations.TrailingZeroCount(diff)], x, y);
        return accept ? best : null;
    }

    private int[][][] Snapshot()
    {
        var s = new int[rounds - kept][][];
        for (var r = kept; r < rounds; r++) s[r - kept] = members[r].Select(t => (int[])t.Clone()).ToArray();
        return s;
    }

    private void Restore(int[][][] snapshot)
    {
        for (var r = kept; r < rounds; r++) members[r] = snapshot[r - kept];
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static bool IsPrime(int n)
    {
        if (n < 2) return false;
        for (var d = 2; d * d <= n; d++) if (n % d == 0) return false;
        return true;
    }
}
