namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>A cohort (期/班次) row with its rules (培训要求).</summary>
public sealed class CohortRow
{
    public long Id { get; init; }
    public long ProgramId { get; init; }
    public string ProgramName { get; init; } = "";
    public string Title { get; init; } = "";
    public int? Number { get; init; }
    public string? Theme { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly EndDate { get; init; }
    public string? Venue { get; init; }
    public string? Format { get; init; }
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public string? Issuer { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public DateOnly? ReceiptDeadline { get; init; }
    public bool Accommodation { get; init; }
    /// <summary>Comma-separated: breakfast, lunch, dinner.</summary>
    public string Meals { get; init; } = "";
    public bool LeaveAllowed { get; init; }
    public int ArriveMinutesBefore { get; init; }
    public bool SignInEverySession { get; init; }
    public bool FullTimeRelease { get; init; }
    public string? UnauthorizedDeparture { get; init; }
    public bool BulletinAfterClass { get; init; }
    public string? NoticePreamble { get; init; }
    public string? NoticeContent { get; init; }
    public string? TraineeDescription { get; init; }
    public bool RosterAutoLock { get; init; }
    public DateTimeOffset? RosterLockedAt { get; init; }
    public DateTimeOffset? RosterReopenedAt { get; init; }
    public int CheckinOpensMinutes { get; init; } = 30;
    public int CheckoutGraceMinutes { get; init; } = 30;
    public int QrRotationSeconds { get; init; } = 15;
    public bool SignOutRequired { get; init; }
    public int DepartureMinutes { get; init; } = 30;
    public int LatesPerAbsence { get; init; } = 2;
    public int? CheckinRadiusMeters { get; init; }
    /// <summary>Archived: hidden from the default lists, read-only, still counted in statistics.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }
    public bool IsArchived => ArchivedAt is not null;

    public Domain.Cohorts.SignInSettings SignInSettings => new(StartDate, EndDate, TimeZone, ArriveMinutesBefore, CheckinOpensMinutes,
        CheckoutGraceMinutes, SignOutRequired, DepartureMinutes, LatesPerAbsence, CheckinRadiusMeters);

    public bool IsRosterLocked(DateTimeOffset now) =>
        Domain.Enrollment.RosterRules.IsLocked(RosterLockedAt, RosterAutoLock, ReceiptDeadline, TimeZone, RosterReopenedAt, now);

    public int Days => EndDate.DayNumber - StartDate.DayNumber + 1;
    public IReadOnlyList<string> MealList => Meals.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

// Rows read by Dapper are classes with setters: SQLite hands back Int64 where PostgreSQL hands back Int32,
// and Dapper converts for properties but not for constructor parameters.
public sealed class HostRow { public string Role { get; init; } = ""; public string Name { get; init; } = ""; }

public sealed class CategoryRow
{
    public string Category { get; init; } = "";
    public string Label { get; init; } = "";
    public int Headcount { get; init; }
}

public sealed class SessionRow
{
    public long Id { get; init; }
    public DateOnly SessionDate { get; init; }
    public string StartTime { get; init; } = "";
    public string EndTime { get; init; } = "";
    public string Title { get; init; } = "";
    public string SessionType { get; init; } = "";
    public string Instructors { get; set; } = "";
    public string? Venue { get; init; }
    /// <summary>A workshop's method (open_space, world_cafe …): an Open Space session links its page (#17).</summary>
    public string? WorkshopMethod { get; init; }
}

public sealed class QuotaLineRow
{
    public long UnitId { get; init; }
    public string UnitName { get; init; } = "";
    public string Position { get; init; } = "";
    public int Places { get; init; }
}

/// <summary>Places of one district (or district-level zone), with the unit that returns its receipt.</summary>
public sealed record DistrictPlaces(long UnitId, string Name, int Places, string? SubmittingUnit);

public sealed record CohortOverview(
    CohortRow Cohort,
    IReadOnlyList<HostRow> Hosts,
    IReadOnlyList<CategoryRow> Categories,
    IReadOnlyList<SessionRow> Sessions,
    IReadOnlyList<DistrictPlaces> PlacesByDistrict,
    int EnrolledTrainees)
{
    public int TotalParticipants => Categories.Sum(c => c.Headcount);
    public int TraineePlaces => PlacesByDistrict.Sum(d => d.Places);
}

/// <summary>Hosting roles (主办, 承办, 协办, 培训机构, 指导单位) and meals, with their Chinese names.</summary>
public static class CohortTerms
{
    public static readonly IReadOnlyList<(string Code, string Chinese)> HostRoles =
    [
        ("sponsor", "主办单位"), ("organizer", "承办单位"), ("co_organizer", "协办单位"),
        ("provider", "培训机构"), ("guide", "指导单位"),
    ];

    public static readonly IReadOnlyList<(string Code, string Chinese)> Categories =
    [
        ("leader", "领导"), ("teaching_team", "授课团队"), ("trainee", "参训人员"), ("staff", "工作人员"), ("media", "媒体记者"), ("other", "其他"),
    ];

    public static readonly IReadOnlyList<(string Code, string Chinese)> Meals =
        [("breakfast", "早餐"), ("lunch", "午餐"), ("dinner", "晚餐")];

    public static string HostRoleName(string code) => HostRoles.FirstOrDefault(r => r.Code == code).Chinese ?? code;
    public static string MealName(string code) => Meals.FirstOrDefault(r => r.Code == code).Chinese ?? code;
}
