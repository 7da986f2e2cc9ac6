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
public sealed record DisciplineThresholds(int LatesPerAbsence = 2, int EarlyLeavesPerAbsence = 2);

/// <summary>One trainee's tally over a class.</summary>
public sealed record DisciplineTally(int Lates, int EarlyLeaves, int Absences, int Departures, int Excused, int Present, int Sessions)
{
    /// <summary>Absences including those made of lates and early leaves under the thresholds.</summary>
    public int EffectiveAbsences(DisciplineThresholds t) =>
        Absences + (t.LatesPerAbsence > 0 ? Lates / t.LatesPerAbsence : 0) + (t.EarlyLeavesPerAbsence > 0 ? EarlyLeaves / t.EarlyLeavesPerAbsence : 0);

    /// <summary>Attended sessions (present, late, early leave) over sessions that count (excused ones do not).</summary>
    public decimal Rate => Sessions - Excused <= 0 ? 1m : Math.Round((decimal)(Present + Lates + EarlyLeaves) / (Sessions - Excused), 4);

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
