namespace CommunityAcademy.Domain.Attendance;

/// <summary>考勤状态. Glossary: AttendanceStatus. Stored and sent as the snake_case code (<see cref="AttendanceStatuses.Code"/>).</summary>
public enum AttendanceStatus
{
    /// <summary>The window is still open and nothing is recorded yet (未签到, 待定).</summary>
    Pending,
    Present,
    Late,
    EarlyLeave,
    Absent,
    Excused,
    LeftWithoutPermission,
}

public static class AttendanceStatuses
{
    public static string Code(this AttendanceStatus s) => s switch
    {
        AttendanceStatus.Pending => "pending",
        AttendanceStatus.Present => "present",
        AttendanceStatus.Late => "late",
        AttendanceStatus.EarlyLeave => "early_leave",
        AttendanceStatus.Absent => "absent",
        AttendanceStatus.Excused => "excused",
        AttendanceStatus.LeftWithoutPermission => "left_without_permission",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static bool TryParse(string? code, out AttendanceStatus status)
    {
        foreach (var s in Enum.GetValues<AttendanceStatus>())
            if (s.Code() == code) { status = s; return true; }
        status = AttendanceStatus.Pending;
        return false;
    }

    /// <summary>What a head teacher may set by hand (present, late, excused, absent, left without permission).</summary>
    public static bool IsManual(AttendanceStatus s) => s is not AttendanceStatus.Pending;
}

/// <summary>The class's attendance rules (培训要求), with seed 000's values as defaults.</summary>
public sealed record AttendanceRules(
    int ArriveMinutesBefore = 10,
    int OpensMinutesBefore = 30,
    int SignOutGraceMinutes = 30,
    bool SignOutRequired = false,
    /// <summary>Leaving more than this many minutes early without leave is leaving without permission.</summary>
    int DepartureMinutes = 30)
{
    public static readonly AttendanceRules Seed000 = new();
}

/// <summary>A span of approved leave (请假), UTC.</summary>
public sealed record LeaveSpan(DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(DateTimeOffset start, DateTimeOffset end) => From <= start && To >= end;
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => From < end && To > start;
}

/// <summary>What the rules say about one trainee in one session.</summary>
public sealed record AttendanceOutcome(AttendanceStatus Status, int LateMinutes = 0, int EarlyLeaveMinutes = 0)
{
    public static readonly AttendanceOutcome Pending = new(AttendanceStatus.Pending);
}

/// <summary>A status and what it was measured against (see <see cref="AttendanceRulebook.Explain"/>).</summary>
/// <param name="DueAt">On time means by this instant (the rule's, or the end of leave covering it).</param>
/// <param name="EffectiveEnd">The end a sign-out is measured against (the session's, or the start of leave covering it).</param>
/// <param name="ExcusedByLeave">Approved leave covers the whole session.</param>
public sealed record AttendanceReading(AttendanceOutcome Outcome, DateTimeOffset DueAt, DateTimeOffset EffectiveEnd, bool ExcusedByLeave);

/// <summary>
/// Status of a trainee in a session, from the first sign-in, the last sign-out, approved leave and the class's
/// rules. Pure: the caller passes the clock. The head teacher's manual mark, when there is one, wins over this.
/// </summary>
public static class AttendanceRulebook
{
    /// <summary>Sign-in opens this long before the start (configurable per class).</summary>
    public static DateTimeOffset OpensAt(DateTimeOffset start, AttendanceRules r) => start.AddMinutes(-r.OpensMinutesBefore);
    /// <summary>Sign-in closes at the end of the session; then a trainee with no sign-in is absent.</summary>
    public static DateTimeOffset SignInClosesAt(DateTimeOffset end) => end;
    /// <summary>Sign-out is taken until this long after the end.</summary>
    public static DateTimeOffset SignOutClosesAt(DateTimeOffset end, AttendanceRules r) => end.AddMinutes(r.SignOutGraceMinutes);
    /// <summary>On time means by this instant: seed 000 asks for everyone 10 minutes before the start.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset start, AttendanceRules r) => start.AddMinutes(-r.ArriveMinutesBefore);

    public static bool SignInOpen(DateTimeOffset start, DateTimeOffset end, AttendanceRules r, DateTimeOffset at) =>
        at >= OpensAt(start, r) && at <= SignInClosesAt(end);

    /// <summary>Sign-out is taken from the start of the session (a tap before it would record a departure that never
    /// happened) until the grace after its end.</summary>
    public static bool SignOutOpen(DateTimeOffset start, DateTimeOffset end, AttendanceRules r, DateTimeOffset at) =>
        at >= start && at <= SignOutClosesAt(end, r);

    /// <summary>Whole minutes, rounded up: one second late is one minute late.</summary>
    public static int MinutesUp(TimeSpan t) => t <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(t.TotalMinutes - 1e-9);

    public static AttendanceOutcome Evaluate(DateTimeOffset start, DateTimeOffset end, AttendanceRules rules,
        DateTimeOffset? signIn, DateTimeOffset? signOut, IReadOnlyList<LeaveSpan> leave, DateTimeOffset now) =>
        Explain(start, end, rules, signIn, signOut, leave, now).Outcome;

    /// <summary>
    /// The status with what it was measured against: the time a trainee had to be there by (moved by leave covering it)
    /// and the end that counts (moved by leave covering it), so a phone can say the rule beside the status.
    /// </summary>
    public static AttendanceReading Explain(DateTimeOffset start, DateTimeOffset end, AttendanceRules rules,
        DateTimeOffset? signIn, DateTimeOffset? signOut, IReadOnlyList<LeaveSpan> leave, DateTimeOffset now)
    {
        var due = DueAt(start, rules);
        // (loops, not LINQ: this runs for every sign-in of the burst, which usually has no leave at all)
        for (var i = 0; i < leave.Count; i++)
            if (leave[i].Covers(start, end)) return new(new(AttendanceStatus.Excused), due, end, true);

        var effectiveEnd = end;
        // Leave covering the start moves the due time to the end of the leave; leave covering the end moves the end.
        for (var i = 0; i < leave.Count; i++)
        {
            var l = leave[i];
            if (!l.Overlaps(due, end)) continue; // against the due time as moved so far, as it always was
            if (l.From <= due && l.To > due) due = l.To;
            if (l.To >= end && l.From < effectiveEnd) effectiveEnd = l.From;
        }
        AttendanceReading R(AttendanceOutcome o) => new(o, due, effectiveEnd, false);

        if (signIn is null)
            return R(now > SignInClosesAt(end) ? new(AttendanceStatus.Absent) : AttendanceOutcome.Pending);

        var late = MinutesUp(signIn.Value - due);
        int early = 0;
        if (signOut is { } o && o > signIn)
        {
            early = MinutesUp(effectiveEnd - o);
            if (early > rules.DepartureMinutes)
                return R(new(AttendanceStatus.LeftWithoutPermission, late, early));
        }
        else if (rules.SignOutRequired && now > SignOutClosesAt(end, rules) && effectiveEnd == end)
            return R(new(AttendanceStatus.LeftWithoutPermission, late, 0));

        if (late > 0) return R(new(AttendanceStatus.Late, late, early));
        if (early > 0) return R(new(AttendanceStatus.EarlyLeave, 0, early));
        return R(new(AttendanceStatus.Present));
    }

    /// <summary>
    /// What signing out at <paramref name="at"/> would record, before it is done: nothing (at or after the end that
    /// counts), 早退 or, more than the class's departure minutes early, 擅自离开. The phone asks for a confirmation
    /// naming it.
    /// </summary>
    public static (AttendanceStatus? Consequence, int EarlyMinutes) SignOutConsequence(DateTimeOffset start, DateTimeOffset end,
        AttendanceRules rules, IReadOnlyList<LeaveSpan> leave, DateTimeOffset at)
    {
        var effectiveEnd = Explain(start, end, rules, start, null, leave, at).EffectiveEnd;
        var early = MinutesUp(effectiveEnd - at);
        if (early <= 0) return (null, 0);
        return (early > rules.DepartureMinutes ? AttendanceStatus.LeftWithoutPermission : AttendanceStatus.EarlyLeave, early);
    }
}
