namespace CommunityAcademy.Domain.Attendance;

/// <summary>Kinds of 违纪记录 (DisciplineRecord).</summary>
public static class DisciplineKinds
{
    public const string Late = "late";
    public const string EarlyLeave = "early_leave";
    public const string Absent = "absent";
    public const string LeftWithoutPermission = "left_without_permission";

    /// <summary>The record a status leaves, if any.</summary>
    public static string? For(AttendanceStatus s) => s switch
    {
        AttendanceStatus.Late => Late,
        AttendanceStatus.EarlyLeave => EarlyLeave,
        AttendanceStatus.Absent => Absent,
        AttendanceStatus.LeftWithoutPermission => LeftWithoutPermission,
        _ => null,
    };

    /// <summary>Seed 000: leaving without permission is reported to the unit's superior discipline and organization departments.</summary>
    public static bool Escalates(string kind) => kind == LeftWithoutPermission;
}

/// <summary>Thresholds: how many lates (or early leaves) count as one absence. 0 turns the conversion off.</summary>
public sealed record DisciplineThresholds(int LatesPerAbsence = 2, int EarlyLeavesPerAbsence = 2)
{
    /// <summary>How many of <paramref name="s"/> make one 折算缺勤 (0: they are not converted).</summary>
    public int PerAbsence(AttendanceStatus s) => s switch
    {
        AttendanceStatus.Late => Math.Max(0, LatesPerAbsence),
        AttendanceStatus.EarlyLeave => Math.Max(0, EarlyLeavesPerAbsence),
        _ => 0,
    };
}

/// <summary>How one kind of violation enters the figures: whether it counts as attended (实到) and how many of it make
/// one 折算缺勤 (0: none). The bulletin states these; the tallies are computed from the same rule.</summary>
public sealed record CountingRule(AttendanceStatus Status, bool Attended, int PerAbsence);

/// <summary>
/// The one rule for counting: 应到 is every status but pending and excused, 实到 is present, late and early leave, and
/// 折算缺勤 adds lates and early leaves converted under the class's thresholds. <see cref="UnitTally"/> and
/// <see cref="DisciplineTally"/> count with it and <see cref="Describe"/> says it, so a sentence cannot disagree.
/// </summary>
public static class AttendanceCounting
{
    public static bool Counts(AttendanceStatus s) => s is not (AttendanceStatus.Pending or AttendanceStatus.Excused);
    public static bool Attends(AttendanceStatus s) => s is AttendanceStatus.Present or AttendanceStatus.Late or AttendanceStatus.EarlyLeave;

    /// <summary>The violations the bulletin explains, in its order.</summary>
    public static readonly AttendanceStatus[] Violations = [AttendanceStatus.Late, AttendanceStatus.EarlyLeave, AttendanceStatus.LeftWithoutPermission];

    public static IReadOnlyList<CountingRule> Describe(DisciplineThresholds t) =>
        Violations.Select(s => new CountingRule(s, Attends(s), t.PerAbsence(s))).ToList();

    /// <summary>Absences plus each violation converted: <c>count / PerAbsence</c> (whole ones) for each rule.</summary>
    public static int EffectiveAbsences(int absences, IReadOnlyDictionary<AttendanceStatus, int> counts, DisciplineThresholds t)
    {
        var n = absences;
        foreach (var r in Describe(t))
            if (r.PerAbsence > 0 && counts.TryGetValue(r.Status, out var c)) n += c / r.PerAbsence;
        return n;
    }
}

/// <summary>One trainee's tally over a class.</summary>
public sealed record DisciplineTally(int Lates, int EarlyLeaves, int Absences, int Departures, int Excused, int Present, int Sessions)
{
    /// <summary>Absences including those made of lates and early leaves under the thresholds.</summary>
    public int EffectiveAbsences(DisciplineThresholds t) => AttendanceCounting.EffectiveAbsences(Absences, new Dictionary<AttendanceStatus, int>
    {
        [AttendanceStatus.Late] = Lates, [AttendanceStatus.EarlyLeave] = EarlyLeaves, [AttendanceStatus.LeftWithoutPermission] = Departures,
    }, t);

    /// <summary>Attended sessions (present, late, early leave) over sessions that count (excused ones do not).</summary>
    public decimal Rate => Sessions - Excused <= 0 ? 1m : Math.Round((decimal)Attended / (Sessions - Excused), 4);

    /// <summary>Sessions attended under <see cref="AttendanceCounting.Attends"/>.</summary>
    public int Attended => Present
        + (AttendanceCounting.Attends(AttendanceStatus.Late) ? Lates : 0)
        + (AttendanceCounting.Attends(AttendanceStatus.EarlyLeave) ? EarlyLeaves : 0)
        + (AttendanceCounting.Attends(AttendanceStatus.LeftWithoutPermission) ? Departures : 0);

    public static DisciplineTally Of(IEnumerable<AttendanceStatus> statuses)
    {
        int l = 0, e = 0, a = 0, d = 0, x = 0, p = 0, n = 0;
        foreach (var s in statuses)
        {
            if (s == AttendanceStatus.Pending) continue;
            n++;
            switch (s)
            {
                case AttendanceStatus.Late: l++; break;
                case AttendanceStatus.EarlyLeave: e++; break;
                case AttendanceStatus.Absent: a++; break;
                case AttendanceStatus.LeftWithoutPermission: d++; break;
                case AttendanceStatus.Excused: x++; break;
                default: p++; break;
            }
        }
        return new(l, e, a, d, x, p, n);
    }
}

/// <summary>
/// The organizer's decision on a 违纪记录: reported (通报) to whom and when, or not reported. Nothing is assumed: a
/// record without a decision was not reported, and a bulletin says so by saying nothing.
/// </summary>
public static class EscalationDecision
{
    public const string Reported = "reported";
    public const string NotReported = "not_reported";
    public const int MaxTo = 200;

    /// <summary>The field at fault and why, or null: reported needs whom (≤ 200 characters) and a date between the
    /// day of the record and today (the class's zone).</summary>
    public static (string Field, Error Error)? Check(bool? reported, string? to, DateOnly? on, DateOnly occurredOn, DateOnly today)
    {
        if (reported is null) return ("reported", new Error("Discipline.ReportedRequired"));
        if (reported == false) return null;
        if (string.IsNullOrWhiteSpace(to)) return ("to", new Error("Discipline.ToRequired"));
        if (to.Trim().Length > MaxTo) return ("to", new Error("Discipline.ToTooLong", MaxTo));
        if (on is not { } d) return ("on", new Error("Discipline.DateRequired"));
        if (d < occurredOn) return ("on", new Error("Discipline.DateBeforeRecord", occurredOn.ToString("yyyy-MM-dd")));
        if (d > today) return ("on", new Error("Discipline.DateInFuture"));
        return null;
    }
}
