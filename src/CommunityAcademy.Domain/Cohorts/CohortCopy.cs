namespace CommunityAcademy.Domain.Cohorts;

/// <summary>
/// What a copy of a class (or a move of its start date) does to its dates: everything moves by the days between the
/// two start dates; the new end keeps the old length unless one is given; sessions that fall after the new end are
/// listed for the organizer to place (they are kept on their shifted day, outside the class's days).
/// </summary>
public static class CohortCopy
{
    public sealed record Plan(int OffsetDays, DateOnly Start, DateOnly End, DateOnly? ReceiptDeadline)
    {
        public DateOnly Shift(DateOnly d) => d.AddDays(OffsetDays);
        public bool Outside(DateOnly shifted) => shifted < Start || shifted > End;
    }

    public static Result<Plan> Make(DateOnly oldStart, DateOnly oldEnd, DateOnly? oldDeadline, DateOnly newStart, DateOnly? newEnd)
    {
        var end = newEnd ?? newStart.AddDays(oldEnd.DayNumber - oldStart.DayNumber);
        if (end < newStart) return new Error("Cohorts.EndBeforeStart");
        var offset = newStart.DayNumber - oldStart.DayNumber;
        return Result<Plan>.Ok(new Plan(offset, newStart, end, oldDeadline?.AddDays(offset)));
    }

    /// <summary>Whether a change of a class with sign-ins asks first and re-settles: its dates, zone or sign-in rules.</summary>
    public static bool TouchesAttendance(SignInSettings before, SignInSettings after) => before != after;
}

/// <summary>Everything of a class that a settled status depends on.</summary>
public sealed record SignInSettings(DateOnly Start, DateOnly End, string TimeZone, int ArriveMinutesBefore, int CheckinOpensMinutes,
    int CheckoutGraceMinutes, bool SignOutRequired, int DepartureMinutes, int LatesPerAbsence, int? CheckinRadiusMeters);
