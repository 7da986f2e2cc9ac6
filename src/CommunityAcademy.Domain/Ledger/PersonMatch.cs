namespace CommunityAcademy.Domain.Ledger;

/// <summary>What the enrollments of an account say about its person: the account's mobile number, and each ID number
/// and (name, unit) it was enrolled under.</summary>
public sealed record PersonFacts(long UserId, string? Phone, IReadOnlyList<string> IdNumbers, IReadOnlyList<(string Name, long UnitId)> NameUnits);

/// <summary>Two accounts that may be one person: why (id_number or name_unit), the kept (older) account first.</summary>
public sealed record MergeProposal(long KeepUserId, long MergeUserId, string Reason);

/// <summary>
/// One person across classes and years (#21 point 4): an account is one mobile number, so the same number is the same person
/// already; two accounts with different numbers but the same ID number, or the same name in the same unit, are only
/// PROPOSED (an organizer confirms each merge). The lower id is kept. ID numbers compare trimmed and upper-case (x → X);
/// names trimmed. A pair is proposed once, with the strongest reason (the ID number).
/// </summary>
public static class PersonMatch
{
    public static IReadOnlyList<MergeProposal> Propose(IEnumerable<PersonFacts> people, IReadOnlySet<(long, long)>? dismissed = null)
    {
        var list = people.ToList();
        var byId = new Dictionary<string, List<PersonFacts>>();
        var byNameUnit = new Dictionary<(string, long), List<PersonFacts>>();
        foreach (var p in list)
        {
            foreach (var id in p.IdNumbers.Select(NormalId).Where(x => x.Length > 0).Distinct())
                (byId.TryGetValue(id, out var l) ? l : byId[id] = []).Add(p);
            foreach (var nu in p.NameUnits.Select(x => (x.Name.Trim(), x.UnitId)).Where(x => x.Item1.Length > 0).Distinct())
                (byNameUnit.TryGetValue(nu, out var l) ? l : byNameUnit[nu] = []).Add(p);
        }
        var found = new Dictionary<(long, long), string>();
        void Pairs(IEnumerable<List<PersonFacts>> groups, string reason)
        {
            foreach (var g in groups.Where(g => g.Count > 1))
                for (var i = 0; i < g.Count; i++)
                    for (var j = i + 1; j < g.Count; j++)
                    {
                        var (a, b) = (g[i], g[j]);
                        if (a.UserId == b.UserId || SamePhone(a.Phone, b.Phone)) continue;
                        var key = (Math.Min(a.UserId, b.UserId), Math.Max(a.UserId, b.UserId));
                        if (dismissed?.Contains(key) == true) continue;
                        found.TryAdd(key, reason);
                    }
        }
        Pairs(byId.Values, "id_number");
        Pairs(byNameUnit.Values, "name_unit");
        return found.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).Select(kv => new MergeProposal(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
    }

    public static string NormalId(string? id) => (id ?? "").Trim().ToUpperInvariant();

    private static bool SamePhone(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && a.Trim() == b?.Trim();
}
