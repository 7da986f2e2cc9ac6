using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;

namespace CommunityAcademy.Web.Features.Timetable;

// Rows read by Dapper are classes with settable properties: SQLite hands back Int64 where PostgreSQL hands back
// Int32, and Dapper converts for properties but not for constructor parameters.

/// <summary>A session type (课程类型), built in or added by an organizer.</summary>
public sealed class SessionTypeRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Delivery { get; init; } = "in_person";
    public bool HasMethod { get; init; }
    public bool Builtin { get; init; }
    public int SortOrder { get; init; }

    public Delivery Mode => Deliveries.TryParse(Delivery, out var d) ? d : Domain.Timetable.Delivery.InPerson;
}

/// <summary>A workshop method (世界咖啡, 开放空间 …).</summary>
public sealed class WorkshopMethodRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string NameEn { get; init; } = "";
    public bool Builtin { get; init; }
    public int SortOrder { get; init; }
}

public sealed class InstructorRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Title { get; init; }
    public string? Organisation { get; init; }
    public string? Phone { get; init; }
    public long? UserId { get; init; }
    public string? Username { get; init; }
}

public sealed class TeamRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Organisation { get; init; }
    public long? LeadInstructorId { get; init; }
    public string? LeadName { get; init; }
    public int? Headcount { get; init; }
    public List<long> MemberIds { get; set; } = [];

    /// <summary>Everyone busy when the team teaches: the lead and the named members.</summary>
    public IReadOnlySet<long> People => MemberIds.Concat(LeadInstructorId is { } l ? [l] : []).ToHashSet();
}

public sealed class TeachingPointRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Address { get; init; }
    public string? HostName { get; init; }
    public string? HostPhone { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Description { get; init; }
    public List<SceneRow> Scenes { get; set; } = [];
}

public sealed class SceneRow
{
    public long Id { get; init; }
    public long TeachingPointId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public int SortOrder { get; init; }
}

/// <summary>A session with the names of what it refers to.</summary>
public sealed class TimetableSessionRow
{
    public long Id { get; init; }
    public long CohortId { get; init; }
    public DateOnly SessionDate { get; init; }
    public string StartTime { get; init; } = "";
    public string EndTime { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public bool PastMidnight { get; init; }
    public string Title { get; init; } = "";
    public string SessionType { get; init; } = "";
    public string? TypeName { get; init; }
    public string? Delivery { get; init; }
    public string? WorkshopMethod { get; init; }
    public string? MethodName { get; init; }
    /// <summary>The printed label of the 授课专家 column ("陈伟东等"); empty means "the names of the people".</summary>
    public string Instructors { get; init; } = "";
    public string? Venue { get; init; }
    public long? TeachingPointId { get; init; }
    public string? TeachingPointName { get; init; }
    public string? TeachingPointAddress { get; init; }
    public long? SceneId { get; init; }
    public string? SceneName { get; init; }
    public bool SignInRequired { get; init; }
    public double? StudyHours { get; init; }
    public string? OnlineLink { get; init; }
    public string? Material { get; init; }
    public int SortOrder { get; init; }
    /// <summary>已取消: the session keeps its records but counts nowhere (see SessionStore.CancelAsync).</summary>
    public DateTimeOffset? CancelledAt { get; init; }
    public string? CancelReason { get; init; }
    /// <summary>Filled only where sessions of several classes are read together.</summary>
    public string? CohortTitle { get; init; }
    public string? CohortTimeZone { get; init; }
    public string? CohortVenue { get; init; }
}

/// <summary>One instructor or team on a session.</summary>
public sealed class SessionPersonRow
{
    public long SessionId { get; init; }
    public long? InstructorId { get; init; }
    public long? TeamId { get; init; }
    public string Name { get; init; } = "";
    public int SortOrder { get; init; }
}

/// <summary>A session ready to show: its row, people, type and credited study hours.</summary>
public sealed record SessionView(TimetableSessionRow Row, IReadOnlyList<SessionPersonRow> People, decimal StudyHours)
{
    public Delivery Mode => Deliveries.TryParse(Row.Delivery, out var d) ? d : Delivery.InPerson;
    public decimal? StudyHoursSet => Row.StudyHours is { } h ? (decimal)h : null;
    public bool Cancelled => Row.CancelledAt is not null;
    /// <summary>What the session credits: nothing once cancelled.</summary>
    public decimal Credited => Domain.Timetable.StudyHours.Credited(StudyHours, Cancelled);

    /// <summary>What the 授课专家 column shows: the label when there is one, otherwise the people's names.</summary>
    public string InstructorsText => !string.IsNullOrWhiteSpace(Row.Instructors) ? Row.Instructors
        : string.Join("、", People.Select(p => p.Name));

    /// <summary>Where: teaching point (and scene), the venue, or 线上.</summary>
    public string PlaceText => Row.TeachingPointName is { } tp
        ? (Row.SceneName is { } sc ? $"{tp}·{sc}" : tp) + (string.IsNullOrWhiteSpace(Row.Venue) ? "" : $"（{Row.Venue}）")
        : Row.Venue ?? "";

    public string TimeText => Row.PastMidnight ? $"{Row.StartTime}-次日{Row.EndTime}" : $"{Row.StartTime}-{Row.EndTime}";
}

public sealed record TimetableDay(DateOnly Date, int DayNumber, string Label, IReadOnlyList<SessionView> Sessions)
{
    public decimal StudyHours => Sessions.Sum(s => s.Credited);
}

/// <summary>A clash warning in words, with both sessions named.</summary>
public sealed record ClashView(string Kind, string Message, IReadOnlyList<ClashSessionRef> Sessions);
public sealed record ClashSessionRef(long Id, long CohortId, string CohortTitle, string Title, DateOnly Date, string Start, string End);

public sealed record TimetableView(CohortRow Cohort, IReadOnlyList<SessionView> Sessions, IReadOnlyList<TimetableDay> Days,
    IReadOnlyList<ClashView> Warnings)
{
    public decimal TotalStudyHours => Sessions.Sum(s => s.Credited);
    /// <summary>Sessions that take place (not cancelled).</summary>
    public int Held => Sessions.Count(s => !s.Cancelled);
    /// <summary>Short classes print 第一天, 第二天 …; a programme over months prints dates.</summary>
    public bool UsesDayNumbers => Cohort.Days <= 14;
}
