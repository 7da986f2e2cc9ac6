using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Dashboard;

/// <summary>
/// The dashboard's drill-down (#24 point 2): which row of the table a trainee's unit is counted in. At the top, the district
/// (区/县 or 经开区) above the unit, or the unit itself when it has none (a city's department); below a chosen unit, the child
/// of that unit on the way down to the trainee's unit, or the chosen unit itself for trainees placed directly in it; a unit
/// outside the chosen subtree is in no row.
/// </summary>
public static class DashboardAreas
{
    public static long? AreaOf(UnitTree tree, long? chosen, long unitId)
    {
        if (tree.Find(unitId) is null) return null;
        if (chosen is not { } top) return tree.DistrictOf(unitId)?.Id ?? unitId;
        var path = tree.PathTo(unitId);
        var at = -1;
        for (var i = 0; i < path.Count; i++) if (path[i].Id == top) { at = i; break; }
        if (at < 0) return null;
        return at == path.Count - 1 ? top : path[at + 1].Id;
    }

    /// <summary>The chosen unit and those above it, root first (the drill-down's breadcrumbs).</summary>
    public static IReadOnlyList<UnitNode> Crumbs(UnitTree tree, long chosen) => tree.PathTo(chosen);
}
