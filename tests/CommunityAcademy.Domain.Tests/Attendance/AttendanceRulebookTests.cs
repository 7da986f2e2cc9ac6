using CommunityAcademy.Domain.Attendance;

namespace CommunityAcademy.Domain.Tests.Attendance;

public class AttendanceRulebookTests
{
    // Seed 000, day 1, 08:45-11:30 Shanghai = 00:45-03:30 UTC; everyone due at 08:35 (10 minutes before).
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2023-06-07T00:45:00Z");
    private static readonly DateTimeOffset End = DateTimeOffset.Parse("2023-06-07T03:30:00Z");
    private static readonly DateTimeOffset After = End.AddHours(2);

    private static DateTimeOffset? T(string? hhmmss) => hhmmss is null ? null
        : DateTimeOffset.Parse($"2023-06-07T{hhmmss}+08:00").ToUniversalTime();

    [Theory]
    // in (local)     out (local)   leave from..to   signOutRequired  status  late early
    [InlineData("08:35:00", null, null, null, false, "present", 0, 0)]                   // exactly 10 minutes before
    [InlineData("08:35:01", null, null, null, false, "late", 1, 0)]                      // one second late
    [InlineData("08:15:00", null, null, null, false, "present", 0, 0)]                   // the window opened at 08:15
    [InlineData("08:50:00", null, null, null, false, "late", 15, 0)]
    [InlineData("08:30:00", "11:29:59", null, null, false, "early_leave", 0, 1)]         // sign-out one second early
    [InlineData("08:30:00", "11:30:00", null, null, false, "present", 0, 0)]             // sign-out on the bell
    [InlineData("08:30:00", "11:45:00", null, null, false, "present", 0, 0)]
    [InlineData("08:40:00", "11:20:00", null, null, false, "late", 5, 10)]               // late and early: late first, both counted
    [InlineData("08:30:00", "10:00:00", null, null, false, "left_without_permission", 0, 90)]
    [InlineData("08:30:00", "11:00:01", null, null, false, "early_leave", 0, 30)]        // 29 min 59 s → 30 → departure threshold
    [InlineData(null, null, null, null, false, "absent", 0, 0)]
    [InlineData(null, null, "08:00:00", "12:00:00", false, "excused", 0, 0)]             // leave covering the session
    [InlineData("09:30:00", null, "08:00:00", "09:30:00", false, "present", 0, 0)]       // leave covering the start
    [InlineData("09:31:00", null, "08:00:00", "09:30:00", false, "late", 1, 0)]
    [InlineData("08:30:00", "10:30:00", "10:30:00", "12:00:00", false, "present", 0, 0)] // leave covering the end
    [InlineData(null, null, "10:30:00", "12:00:00", false, "absent", 0, 0)]              // leave over part, never came
    [InlineData("08:30:00", null, null, null, true, "left_without_permission", 0, 0)]    // sign-out required, none
    [InlineData("08:30:00", "11:30:00", null, null, true, "present", 0, 0)]
    public void Status_from_times_and_rules(string? signIn, string? signOut, string? leaveFrom, string? leaveTo,
        bool signOutRequired, string status, int late, int early)
    {
        var rules = AttendanceRules.Seed000 with { SignOutRequired = signOutRequired };
        var leave = leaveFrom is null ? new List<LeaveSpan>() : [new LeaveSpan(T(leaveFrom)!.Value, T(leaveTo)!.Value)];
        var o = AttendanceRulebook.Evaluate(Start, End, rules, T(signIn), T(signOut), leave, After);
        Assert.Equal(status, o.Status.Code());
        Assert.Equal(late, o.LateMinutes);
        if (o.Status != AttendanceStatus.LeftWithoutPermission || early > 0) Assert.Equal(early, o.EarlyLeaveMinutes);
    }

    [Theory]
    [InlineData("08:00:00", false)]
    [InlineData("08:14:59", false)]
    [InlineData("08:15:00", true)]   // 30 minutes before the start
    [InlineData("11:30:00", true)]   // the end
    [InlineData("11:30:01", false)]
    public void Sign_in_window(string at, bool open) =>
        Assert.Equal(open, AttendanceRulebook.SignInOpen(Start, End, AttendanceRules.Seed000, T(at)!.Value));

    [Theory]
    [InlineData("08:44:59", false)]  // before the start: a tap then would record a departure that never happened
    [InlineData("08:45:00", true)]
    [InlineData("12:00:00", true)]   // the end + 30 minutes' grace
    [InlineData("12:00:01", false)]
    public void Sign_out_window_opens_at_the_start(string at, bool open) =>
        Assert.Equal(open, AttendanceRulebook.SignOutOpen(Start, End, AttendanceRules.Seed000, T(at)!.Value));

    [Theory]
    [InlineData("11:30:00", null, 0)]
    [InlineData("11:29:30", "early_leave", 1)]                 // half a minute counts as one, as the rules count it
    [InlineData("11:00:00", "early_leave", 30)]                // the departure threshold itself is still 早退
    [InlineData("10:59:59", "left_without_permission", 31)]
    public void Signing_out_early_names_its_consequence(string at, string? consequence, int minutes)
    {
        var (c, early) = AttendanceRulebook.SignOutConsequence(Start, End, AttendanceRules.Seed000, [], T(at)!.Value);
        Assert.Equal(consequence, c?.Code());
        Assert.Equal(minutes, early);
    }

    [Fact]
    public void Leave_covering_the_end_means_no_consequence_and_the_reading_says_why()
    {
        List<LeaveSpan> leave = [new(T("10:30:00")!.Value, T("12:00:00")!.Value)];
        Assert.Equal((null, 0), AttendanceRulebook.SignOutConsequence(Start, End, AttendanceRules.Seed000, leave, T("10:30:00")!.Value));
        var r = AttendanceRulebook.Explain(Start, End, AttendanceRules.Seed000, T("08:40:30"), null, leave, T("09:00:00")!.Value);
        Assert.Equal(T("08:35:00"), r.DueAt);
        Assert.Equal(T("10:30:00"), r.EffectiveEnd);
        Assert.Equal(new AttendanceOutcome(AttendanceStatus.Late, 6), r.Outcome);   // 5 min 30 s → 6, as the rules count it
    }

    [Fact]
    public void No_sign_in_is_pending_until_the_window_closes_then_absent()
    {
        Assert.Equal(AttendanceStatus.Pending, AttendanceRulebook.Evaluate(Start, End, AttendanceRules.Seed000, null, null, [], End).Status);
        Assert.Equal(AttendanceStatus.Absent, AttendanceRulebook.Evaluate(Start, End, AttendanceRules.Seed000, null, null, [], End.AddSeconds(1)).Status);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1, 0, 0, 0)]
    [InlineData(2, 0, 0, 1)]    // two lates count as one absence
    [InlineData(3, 1, 1, 2)]
    [InlineData(4, 2, 0, 3)]
    public void Lates_count_as_absences_under_the_threshold(int lates, int early, int absences, int effective)
    {
        var statuses = Enumerable.Repeat(AttendanceStatus.Late, lates)
            .Concat(Enumerable.Repeat(AttendanceStatus.EarlyLeave, early))
            .Concat(Enumerable.Repeat(AttendanceStatus.Absent, absences));
        Assert.Equal(effective, DisciplineTally.Of(statuses).EffectiveAbsences(new DisciplineThresholds()));
    }

    [Fact]
    public void Excused_sessions_do_not_lower_the_rate()
    {
        var t = DisciplineTally.Of([AttendanceStatus.Present, AttendanceStatus.Excused, AttendanceStatus.Absent, AttendanceStatus.Pending]);
        Assert.Equal(3, t.Sessions);
        Assert.Equal(0.5m, t.Rate);
    }

    [Theory]
    [InlineData("late", true, false)]
    [InlineData("left_without_permission", true, true)]
    [InlineData("absent", true, false)]
    [InlineData("excused", false, false)]
    [InlineData("present", false, false)]
    public void Statuses_leave_records_and_departures_escalate(string status, bool record, bool escalates)
    {
        Assert.True(AttendanceStatuses.TryParse(status, out var s));
        var kind = DisciplineKinds.For(s);
        Assert.Equal(record, kind is not null);
        Assert.Equal(escalates, kind is not null && DisciplineKinds.Escalates(kind));
    }
}
