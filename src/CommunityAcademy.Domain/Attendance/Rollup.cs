namespace CommunityAcademy.Domain.Attendance;

/// <summary>
/// Attendance figures of a unit (or of a whole class): trainees, sessions that count (应到人次: neither pending nor
/// excused), sessions attended (实到人次: present, late or early leave) and the violations.
/// </summary>
public sealed record UnitTally(int Trainees, int Counted, int Attended, int Lates, int EarlyLeaves, int Absences, int Departures)
{
    public static readonly UnitTally Zero = new(0, 0, 0, 0, 0, 0, 0);

    public UnitTally Add(UnitTally o) => new(Trainees + o.Trainees, Counted + o.Counted, Attended + o.Attended, Lates + o.Lates,
        EarlyLeaves + o.EarlyLeaves, Absences + o.Absences, Departures + o.Departures);

    /// <summary><paramref name="n"/> trainee-sessions with status <paramref name="s"/>.</summary>
    /// <remarks>应到 and 实到 by <see cref="AttendanceCounting"/>, the rule the bulletin states.</remarks>
    public static UnitTally Of(AttendanceStatus s, int n = 1) => !AttendanceCounting.Counts(s) ? Zero : new(0, n,
        AttendanceCounting.Attends(s) ? n : 0,
        s == AttendanceStatus.Late ? n : 0, s == AttendanceStatus.EarlyLeave ? n : 0,
        s == AttendanceStatus.Absent ? n : 0, s == AttendanceStatus.LeftWithoutPermission ? n : 0);

    public static UnitTally OfTrainees(int n) => Zero with { Trainees = n };

    /// <summary>Attended over counted, 4 decimals; 1 when nothing counts yet.</summary>
    public decimal Rate => Counted == 0 ? 1m : Math.Round((decimal)Attended / Counted, 4);
}

/// <summary>Rolls unit figures up the unit tree (a unit's figures include all units below it).</summary>
public static class AttendanceRollup
{
    /// <summary>The ids on a materialized path "/1/5/23/", root first.</summary>
    public static IEnumerable<long> Ancestry(string? path) =>
        (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);

    /// <summary>
    /// Each unit's own figures added to itself and every unit above it. <paramref name="pathOf"/> gives a unit's path
    /// (null: unknown unit, skipped).
    /// </summary>
    public static Dictionary<long, UnitTally> RollUp(IReadOnlyDictionary<long, UnitTally> own, Func<long, string?> pathOf)
    {
        var result = new Dictionary<long, UnitTally>();
        foreach (var (unit, tally) in own)
            foreach (var a in Ancestry(pathOf(unit)))
                result[a] = result.TryGetValue(a, out var t) ? t.Add(tally) : tally;
        return result;
    }
}
