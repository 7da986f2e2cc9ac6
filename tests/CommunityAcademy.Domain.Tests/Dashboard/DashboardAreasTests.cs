using CommunityAcademy.Domain.Dashboard;
using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Dashboard;

public class DashboardAreasTests
{
    // 鄂州市(1) ─ 民政局(2, department) ─ 鄂城区(3) ─ 凤凰街道(4) ─ 滨湖社区(5); 鄂城区 ─ 区民政局(6); 华容区(7)
    private static readonly UnitTree Tree = new([
        new(1, null, "鄂州市", UnitKind.City), new(2, 1, "鄂州市民政局", UnitKind.Department), new(3, 1, "鄂城区", UnitKind.District),
        new(4, 3, "凤凰街道", UnitKind.Street), new(5, 4, "滨湖社区", UnitKind.Community), new(6, 3, "鄂城区民政局", UnitKind.Department),
        new(7, 1, "华容区", UnitKind.District),
    ]);

    [Fact]
    public void At_the_top_a_unit_counts_in_its_district_or_alone()
    {
        Assert.Equal(3, DashboardAreas.AreaOf(Tree, null, 5));
        Assert.Equal(3, DashboardAreas.AreaOf(Tree, null, 6));
        Assert.Equal(7, DashboardAreas.AreaOf(Tree, null, 7));
        Assert.Equal(2, DashboardAreas.AreaOf(Tree, null, 2)); // a city's department has no district
        Assert.Null(DashboardAreas.AreaOf(Tree, null, 99));
    }

    [Fact]
    public void Below_a_chosen_unit_a_unit_counts_in_the_child_on_its_way_down()
    {
        Assert.Equal(4, DashboardAreas.AreaOf(Tree, 3, 5));
        Assert.Equal(4, DashboardAreas.AreaOf(Tree, 3, 4));
        Assert.Equal(6, DashboardAreas.AreaOf(Tree, 3, 6));
        Assert.Equal(3, DashboardAreas.AreaOf(Tree, 3, 3)); // placed in the chosen unit itself
        Assert.Null(DashboardAreas.AreaOf(Tree, 3, 7));     // outside the subtree
        Assert.Equal(5, DashboardAreas.AreaOf(Tree, 4, 5));
        Assert.Equal([1L, 3L, 4L], DashboardAreas.Crumbs(Tree, 4).Select(n => n.Id));
    }
}
