namespace CommunityAcademy.Domain.Enrollment;

/// <summary>
/// What a person locking the roster should know first (锁定前核对): each district that sent nothing or too few names,
/// each unit missing or short in a district that looks complete as a whole, and a deadline not yet passed. An empty list
/// means the lock needs no question. The codes are resource keys ("Error.Lock.*").
/// </summary>
public static class LockCheck
{
    public static IReadOnlyList<Error> Concerns(ReconciliationReport report, DateOnly? deadline, DateOnly today)
    {
        var list = new List<Error>();
        var named = new HashSet<long>();
        foreach (var d in report.Districts)
        {
            if (d.Status is not (ReceiptStatus.Missing or ReceiptStatus.Short)) continue;
            list.Add(new Error(d.Status == ReceiptStatus.Missing ? "Lock.Missing" : "Lock.Short", d.DistrictName, d.Received, d.Places));
            named.Add(d.DistrictId);
        }
        foreach (var u in report.Units.Where(u => !named.Contains(u.DistrictId)))
            if (u.Status is ReceiptStatus.Missing or ReceiptStatus.Short)
                list.Add(new Error(u.Status == ReceiptStatus.Missing ? "Lock.UnitMissing" : "Lock.UnitShort", u.UnitName, u.DistrictName, u.Received, u.Places));
        // Receipts may come in until the end of the deadline's day.
        if (deadline is { } end && today <= end) list.Add(new Error("Lock.BeforeDeadline", end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), end.Month, end.Day));
        return list;
    }
}
