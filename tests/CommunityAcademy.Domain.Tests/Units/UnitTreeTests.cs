using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Units;

public class UnitTreeTests
{
    // 鄂州市(1) ─ 鄂城区(2) ─ 凤凰街道(3) ─ 滨湖社区(4)
    //          │           └ 鄂城区民政局(5)
    //          └ 华容区(6) ─ 段店镇(7) ─ 百席村(8)
    private static UnitTree Sample() => new(
    [
        new(1, null, "鄂州市", UnitKind.City),
        new(2, 1, "鄂城区", UnitKind.District),
        new(3, 2, "凤凰街道", UnitKind.Street),
        new(4, 3, "滨湖社区", UnitKind.Community),
        new(5, 2, "鄂城区民政局", UnitKind.Department),
        new(6, 1, "华容区", UnitKind.District),
        new(7, 6, "段店镇", UnitKind.Town),
        new(8, 7, "百席村", UnitKind.Village),
    ]);

    [Theory]
    [InlineData(2, 2, true)]
    [InlineData(2, 4, true)]
    [InlineData(2, 5, true)]
    [InlineData(1, 8, true)]
    [InlineData(2, 8, false)]
    [InlineData(4, 3, false)]
    [InlineData(6, 2, false)]
    public void Subtree_membership(long root, long id, bool expected) =>
        Assert.Equal(expected, Sample().IsInSubtree(root, id));

    [Fact]
    public void Subtree_lists_node_and_descendants_depth_first()
    {
        // the department first (issue #15: 附件1 lists 鄂城区民政局 before the streets), though entered after them
        Assert.Equal([2L, 5, 3, 4], Sample().Subtree(2).Select(n => n.Id));
        Assert.Empty(Sample().Subtree(99));
    }

    [Fact]
    public void Path_name_and_district()
    {
        var t = Sample();
        Assert.Equal("鄂州市/鄂城区/凤凰街道/滨湖社区", t.PathName(4));
        Assert.Equal(2, t.DistrictOf(4)!.Id);
        Assert.Equal(6, t.DistrictOf(8)!.Id);
        Assert.Null(t.DistrictOf(1));
    }

    [Fact]
    public void Moving_a_unit_under_itself_or_its_descendant_is_refused()
    {
        var t = Sample();
        Assert.Equal("Unit.MoveIntoOwnSubtree", t.CheckMove(2, 4)!.Code);
        Assert.Equal("Unit.MoveIntoOwnSubtree", t.CheckMove(3, 3)!.Code);
    }

    [Fact]
    public void Moving_a_street_to_another_district_is_allowed()
    {
        Assert.Null(Sample().CheckMove(3, 6));
    }

    [Fact]
    public void Moving_into_a_place_where_the_kind_does_not_fit_is_refused()
    {
        var t = Sample();
        Assert.Equal("Unit.BadPlacement", t.CheckMove(3, 1)!.Code);   // street directly under the city
        Assert.Equal("Unit.UnderDepartment", t.CheckMove(4, 5)!.Code); // community under a department
        Assert.Equal("Unit.RootMustBeCity", t.CheckMove(2, null)!.Code);
        Assert.Equal("Unit.ParentNotFound", t.CheckMove(2, 42)!.Code);
        Assert.Equal("Unit.NotFound", t.CheckMove(42, 1)!.Code);
    }

    [Fact]
    public void Moving_next_to_a_sibling_of_the_same_name_is_refused()
    {
        var t = new UnitTree([.. Sample().Subtree(1), new UnitNode(9, 6, "凤凰街道", UnitKind.Street)]);
        Assert.Equal("Unit.NameTaken", t.CheckMove(3, 6)!.Code);
    }

    [Fact]
    public void Two_units_with_one_name_under_one_parent_are_refused_but_under_different_parents_allowed()
    {
        var t = Sample();
        Assert.Equal("Unit.NameTaken", t.CheckNew(2, "凤凰街道", UnitKind.Street)!.Code);
        Assert.Equal("Unit.NameTaken", t.CheckNew(2, "  凤凰街道 ", UnitKind.Street)!.Code);
        Assert.Null(t.CheckNew(6, "凤凰街道", UnitKind.Street));
        Assert.Null(t.CheckNew(2, "民政局", UnitKind.Department));
    }

    [Fact]
    public void New_units_need_a_name_and_a_fitting_parent()
    {
        var t = Sample();
        Assert.Equal("Unit.NameRequired", t.CheckNew(2, " ", UnitKind.Street)!.Code);
        Assert.Equal("Unit.NameTooLong", t.CheckNew(2, new string('街', 101), UnitKind.Street)!.Code);
        Assert.Equal("Unit.RootMustBeCity", t.CheckNew(null, "鄂城区", UnitKind.District)!.Code);
        Assert.Null(t.CheckNew(null, "黄石市", UnitKind.City));
        Assert.Equal("Unit.BadPlacement", t.CheckNew(4, "某村", UnitKind.Village)!.Code);
    }

    [Fact]
    public void Rename_checks_siblings_but_not_itself()
    {
        var t = Sample();
        Assert.Null(t.CheckRename(3, "凤凰街道"));
        Assert.Equal("Unit.NameTaken", t.CheckRename(5, "凤凰街道")!.Code);
        Assert.Null(t.CheckRename(5, "鄂城区民政事务局"));
    }

    [Fact]
    public void Resolve_by_unique_name_or_by_path()
    {
        var t = new UnitTree([.. Sample().Subtree(1), new UnitNode(9, 6, "华容区民政局", UnitKind.Department), new UnitNode(10, 7, "民政办", UnitKind.Department), new UnitNode(11, 3, "民政办", UnitKind.Department)]);
        Assert.Equal(3, t.Resolve("凤凰街道", out _)!.Id);
        Assert.Null(t.Resolve("民政办", out var ambiguous));
        Assert.True(ambiguous);
        Assert.Equal(10, t.Resolve("华容区/段店镇/民政办", out _)!.Id);
        Assert.Equal(11, t.Resolve("凤凰街道 / 民政办", out _)!.Id);
        Assert.Null(t.Resolve("不存在", out ambiguous));
        Assert.False(ambiguous);
    }

    [Fact]
    public void Add_grows_the_tree()
    {
        var t = Sample();
        t.Add(new UnitNode(-1, 7, "新村", UnitKind.Village));
        Assert.True(t.IsInSubtree(6, -1));
        Assert.Throws<ArgumentException>(() => t.Add(new UnitNode(-1, 7, "又一村", UnitKind.Village)));
    }
}
