namespace CommunityAcademy.Domain.Enrollment;

public enum ReceiptStatus { Complete, Short, Over, Missing }

/// <summary>A person named in a current receipt.</summary>
public sealed record ReceivedPerson(long UnitId, string UnitName, string Position, string Name, string Phone, string? IdNumber, long ScopeId);

/// <summary>The receipt a submitting unit has returned (or not) for its subtree.</summary>
public sealed record ScopeReceipt(long ScopeId, string ScopeName, string? SubmitterName, DateTimeOffset? SubmittedAt, bool Late);

public sealed record UnitReconciliation(long UnitId, string UnitName, long DistrictId, string DistrictName, long ScopeId,
    int Places, int Received, ReceiptStatus Status, bool Late, IReadOnlyList<PositionCount> Positions);

public sealed record PositionCount(string Position, int Places, int Received);

public sealed record DistrictReconciliation(long DistrictId, string DistrictName, int Places, int Received, ReceiptStatus Status,
    bool Late, int UnitsComplete, int UnitsShort, int UnitsOver, int UnitsMissing);

public sealed record NamedTwice(string Key, IReadOnlyList<ReceivedPerson> People);

public sealed record ReconciliationReport(
    IReadOnlyList<UnitReconciliation> Units, IReadOnlyList<DistrictReconciliation> Districts,
    IReadOnlyList<NamedTwice> NamedTwice, IReadOnlyList<ScopeReceipt> Scopes)
{
    public int Places => Units.Sum(u => u.Places);
    public int Received => Units.Sum(u => u.Received);
}

/// <summary>
/// 回执核对: per unit, places given vs names received and a status; per district the roll-up; people named twice
/// across units. A unit whose submitting unit has returned nothing, or whose receipt names nobody for it, is missing.
/// </summary>
public static class Reconciliation
{
    public static ReceiptStatus StatusOf(int places, int received, bool receiptReturned) =>
        !receiptReturned || (received == 0 && places > 0) ? ReceiptStatus.Missing
        : received < places ? ReceiptStatus.Short
        : received > places ? ReceiptStatus.Over
        : ReceiptStatus.Complete;

    public static ReconciliationReport Build(
        IReadOnlyList<QuotaLine> quota, Func<long, long> scopeOfUnit,
        IReadOnlyList<ScopeReceipt> scopes, IReadOnlyList<ReceivedPerson> received)
    {
        var scopeById = scopes.ToDictionary(s => s.ScopeId);
        var byUnit = received.ToLookup(p => p.UnitId);
        var units = new List<UnitReconciliation>();
        foreach (var u in quota.GroupBy(q => q.UnitId))
        {
            var first = u.First();
            var scopeId = scopeOfUnit(u.Key);
            var scope = scopeById.GetValueOrDefault(scopeId);
            var people = byUnit[u.Key].ToList();
            var positions = u.Select(q => new PositionCount(q.Position, q.Places, people.Count(p => p.Position == q.Position))).ToList();
            var places = u.Sum(q => q.Places);
            var returned = scope?.SubmittedAt is not null;
            units.Add(new UnitReconciliation(u.Key, first.UnitName, first.DistrictId, first.DistrictName, scopeId,
                places, people.Count, StatusOf(places, people.Count, returned), returned && scope!.Late, positions));
        }

        var districts = units.GroupBy(u => (u.DistrictId, u.DistrictName)).Select(d =>
        {
            var places = d.Sum(u => u.Places);
            var got = d.Sum(u => u.Received);
            // A district is as bad as its worst unit: the organizer chases missing units first.
            var status = d.Any(u => u.Status == ReceiptStatus.Missing) ? ReceiptStatus.Missing
                : d.Any(u => u.Status == ReceiptStatus.Short) ? ReceiptStatus.Short
                : d.Any(u => u.Status == ReceiptStatus.Over) ? ReceiptStatus.Over
                : ReceiptStatus.Complete;
            return new DistrictReconciliation(d.Key.DistrictId, d.Key.DistrictName, places, got, status, d.Any(u => u.Late),
                d.Count(u => u.Status == ReceiptStatus.Complete), d.Count(u => u.Status == ReceiptStatus.Short),
                d.Count(u => u.Status == ReceiptStatus.Over), d.Count(u => u.Status == ReceiptStatus.Missing));
        }).ToList();

        var twice = new List<NamedTwice>();
        var seen = new HashSet<ReceivedPerson>();
        foreach (var group in received
                     .SelectMany(p => ReceiptCheck.PersonKeys(p.Phone, p.IdNumber).Select(k => (Key: k, Person: p)))
                     .GroupBy(x => x.Key)
                     .Where(g => g.Select(x => x.Person).Distinct().Count() > 1))
        {
            var people = group.Select(x => x.Person).Distinct().ToList();
            if (people.All(seen.Contains)) continue; // already reported under the other key
            foreach (var p in people) seen.Add(p);
            twice.Add(new NamedTwice(group.Key, people));
        }
        return new ReconciliationReport(units, districts, twice, scopes);
    }
}
