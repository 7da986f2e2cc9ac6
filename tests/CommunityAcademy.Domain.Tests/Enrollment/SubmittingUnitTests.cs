using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public sealed class SubmittingUnitTests
{
    private static UnitTree Tree(params UnitNode[] below) =>
        new([new UnitNode(1, null, "鄂州市", UnitKind.City), new UnitNode(2, 1, "华容区", UnitKind.District), .. below]);

    [Fact]
    public void The_only_department_of_the_district()
    {
        var t = Tree(new UnitNode(3, 2, "华容区城乡融合发展局", UnitKind.Department), new UnitNode(4, 2, "华容镇", UnitKind.Street));
        Assert.Equal(3, SubmittingUnit.Default(t, 2));
    }

    [Fact]
    public void Among_several_departments_the_one_named_civil_affairs_bureau()
    {
        var t = Tree(new UnitNode(3, 2, "华容区民政局", UnitKind.Department), new UnitNode(4, 2, "华容区财政局", UnitKind.Department));
        Assert.Equal(3, SubmittingUnit.Default(t, 2));
    }

    [Fact]
    public void No_department_or_no_single_civil_affairs_bureau_asks()
    {
        Assert.Null(SubmittingUnit.Default(Tree(new UnitNode(4, 2, "华容镇", UnitKind.Street)), 2));
        Assert.Null(SubmittingUnit.Default(Tree(new UnitNode(3, 2, "华容区财政局", UnitKind.Department), new UnitNode(4, 2, "华容区人社局", UnitKind.Department)), 2));
    }
}
