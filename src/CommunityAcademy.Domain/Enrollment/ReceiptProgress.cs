namespace CommunityAcademy.Domain.Enrollment;

/// <summary>Where a unit's receipt stands, as its contact's home page shows it: 未报, 未报满, 已报满, 逾期.</summary>
public enum ReceiptProgressStatus { NotReturned, Short, Full, Overdue }

/// <summary>The home page's enrollment figures (#13 point 4): pure, the day passed in (the class's own "today").</summary>
public static class ReceiptProgress
{
    /// <summary>
    /// 已报满 once every place is named (even after the deadline); otherwise 逾期 when the deadline day is over, else
    /// 未报 (nothing returned) or 未报满 (a receipt naming fewer people than places).
    /// </summary>
    public static ReceiptProgressStatus Status(int places, int received, bool returned, DateOnly? deadline, DateOnly today)
    {
        if (places > 0 && received >= places) return ReceiptProgressStatus.Full;
        if (deadline is { } d && today > d) return ReceiptProgressStatus.Overdue;
        return returned && received > 0 ? ReceiptProgressStatus.Short : ReceiptProgressStatus.NotReturned;
    }

    /// <summary>Days from today to the deadline day: 0 on the day itself, negative once past; null without a deadline.</summary>
    public static int? DaysLeft(DateOnly? deadline, DateOnly today) => deadline is { } d ? d.DayNumber - today.DayNumber : null;

    /// <summary>The class is waiting for receipts: a deadline, the roster not locked, and the class not yet over.</summary>
    public static bool Waiting(DateOnly? deadline, bool rosterLocked, DateOnly classEnd, DateOnly today) =>
        deadline is not null && !rosterLocked && today <= classEnd;
}
