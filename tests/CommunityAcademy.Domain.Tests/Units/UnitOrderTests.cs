using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Units;

/// <summary>Issue #15: the tree in its own order (as entered, changed by moving), departments first — never ids as text.</summary>
public class UnitOrderTests
{
    [Fact]
    public void Keys_sort_as_text_in_tree_order_where_ids_as_text_do_not()
    {
        // 鄂城区 entered 3rd (position 2), 华容区 entered 28th among siblings (position 27): "/1/28/" < "/1/3/" as text.
        var city = UnitOrder.SortKey(null, UnitKind.City, 0);
        var echeng = UnitOrder.SortKey(city, UnitKind.District, 2);
        var huarong = UnitOrder.SortKey(city, UnitKind.District, 27);
        var nine = UnitOrder.SortKey(city, UnitKind.District, 9);
        var ten = UnitOrder.SortKey(city, UnitKind.District, 10);
        Assert.True(UnitOrder.Keys.Compare(echeng, huarong) < 0);
        Assert.True(UnitOrder.Keys.Compare(nine, ten) < 0);
        Assert.True(UnitOrder.Keys.Compare(UnitOrder.SortKey(echeng, UnitKind.Community, 999), huarong) < 0, "a subtree before the next sibling");
        Assert.Equal("/1000000/1000002/", echeng);
    }

    [Fact]
    public void Departments_come_before_places_whatever_their_position()
    {
        var city = UnitOrder.SortKey(null, UnitKind.City, 0);
        var bureau = UnitOrder.SortKey(city, UnitKind.Department, 40);
        var district = UnitOrder.SortKey(city, UnitKind.District, 0);
        Assert.True(UnitOrder.Keys.Compare(bureau, district) < 0);
    }

    [Fact]
    public void The_tree_lists_children_by_their_order_not_their_id()
    {
        var tree = new UnitTree(
        [
            new(1, null, "鄂州市", UnitKind.City),
            new(3, 1, "华容区", UnitKind.District, 1),
            new(28, 1, "鄂城区", UnitKind.District, 0),
            new(30, 1, "鄂州市民政局", UnitKind.Department, 5),
            new(4, 28, "汀祖镇", UnitKind.Town, 1),
            new(40, 28, "花湖镇", UnitKind.Town, 0),
        ]);
        Assert.Equal(["鄂州市", "鄂州市民政局", "鄂城区", "花湖镇", "汀祖镇", "华容区"], tree.InOrder().Select(n => n.Name));
        tree.Add(new UnitNode(50, 1, "临空经济区", UnitKind.DevelopmentZone, 2));
        Assert.Equal(["鄂州市民政局", "鄂城区", "华容区", "临空经济区"], tree.Children(1).Select(n => n.Name));
    }

    [Fact]
    public void Moving_up_or_down_swaps_with_the_neighbour_of_the_same_group()
    {
        var siblings = new UnitNode[]
        {
            new(5, 1, "民政局", UnitKind.Department, 0), new(2, 1, "甲区", UnitKind.District, 0), new(3, 1, "乙区", UnitKind.District, 1),
        };
        Assert.Equal(2, UnitOrder.SwapPartner(siblings, 3, up: true)!.Id);
        Assert.Equal(3, UnitOrder.SwapPartner(siblings, 2, up: false)!.Id);
        Assert.Null(UnitOrder.SwapPartner(siblings, 2, up: true)); // a place does not pass the department
        Assert.Null(UnitOrder.SwapPartner(siblings, 3, up: false));
        Assert.Null(UnitOrder.SwapPartner(siblings, 5, up: false));
        Assert.Null(UnitOrder.SwapPartner(siblings, 99, up: true));
    }
}
