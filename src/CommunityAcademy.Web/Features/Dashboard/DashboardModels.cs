using CommunityAcademy.Web.Features.Surveys;

namespace CommunityAcademy.Web.Features.Dashboard;

/// <summary>A class of the year as the dashboard lists it: its trainees, attendance (应到 / 实到 as the statistics page counts
/// them), 学时 credited in the ledger (tenths) and the mean of its session ratings.</summary>
public sealed record DashboardClass(long Id, string Title, long ProgramId, string ProgramName, DateOnly StartDate, DateOnly EndDate,
    int Trainees, int Counted, int Attended, int HoursX10, Rating? Satisfaction)
{
    public decimal Rate => Counted == 0 ? 1m : Math.Round((decimal)Attended / Counted, 4);
}

/// <summary>One row of attendance by area: a district at the top, a unit below a chosen one (its subtree added up).</summary>
public sealed record DashboardArea(long UnitId, string Name, int Trainees, int Counted, int Attended, bool HasBelow)
{
    public decimal Rate => Counted == 0 ? 1m : Math.Round((decimal)Attended / Counted, 4);
}

/// <summary>An instructor's mean rating (the "instructor" aspect of the sessions they taught in the year's classes).</summary>
public sealed record DashboardInstructor(long Id, string Name, Rating Rating);

/// <summary>The classes of one program in date order (attendance rate and satisfaction across them).</summary>
public sealed record DashboardTrend(long ProgramId, string ProgramName, IReadOnlyList<DashboardClass> Classes);

/// <summary>A unit on the way down from the top (the drill-down's breadcrumbs).</summary>
public sealed record DashboardCrumb(long Id, string Name);

/// <summary>The dashboard of a year for the caller's classes, drilled down to <see cref="Unit"/> (null: the top, by district).</summary>
public sealed record DashboardDto(int Year, IReadOnlyList<int> Years, long? Unit, IReadOnlyList<DashboardCrumb> Crumbs,
    int People, IReadOnlyList<DashboardClass> Classes, IReadOnlyList<DashboardArea> Areas, IReadOnlyList<DashboardClass> AreaClasses,
    IReadOnlyList<DashboardInstructor> Instructors, IReadOnlyList<DashboardTrend> Trends)
{
    public int HoursX10 => Classes.Sum(c => c.HoursX10);
    public int Counted => Classes.Sum(c => c.Counted);
    public int Attended => Classes.Sum(c => c.Attended);
    public decimal Rate => Counted == 0 ? 1m : Math.Round((decimal)Attended / Counted, 4);
}
