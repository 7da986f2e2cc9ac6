using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Units;

public class UnitKindTests
{
    [Theory]
    [InlineData("鄂州市", UnitKind.City)]
    [InlineData("鄂城区", UnitKind.District)]
    [InlineData("葛店经开区", UnitKind.DevelopmentZone)]
    [InlineData("临空经济区", UnitKind.DevelopmentZone)]
    [InlineData("凤凰街道", UnitKind.Street)]
    [InlineData("凤凰街道办事处", UnitKind.Street)]
    [InlineData("汀祖镇", UnitKind.Town)]
    [InlineData("蒲团乡", UnitKind.Township)]
    [InlineData("梧桐湖园区", UnitKind.Park)]
    [InlineData("滨湖社区", UnitKind.Community)]
    [InlineData("梁新屋村", UnitKind.Village)]
    [InlineData("鄂城区民政局", UnitKind.Department)]
    [InlineData("葛店经开区城乡融合发展局", UnitKind.Department)]
    [InlineData("临空经济区社会事务局", UnitKind.Department)]
    public void Kind_is_inferred_from_the_name(string name, UnitKind kind) =>
        Assert.Equal(kind, UnitKinds.InferFromName(name));

    [Fact]
    public void A_name_without_a_known_suffix_gives_no_kind() => Assert.Null(UnitKinds.InferFromName("共益园"));

    [Theory]
    [InlineData("town", UnitKind.Town)]
    [InlineData("Town", UnitKind.Town)]
    [InlineData("镇", UnitKind.Town)]
    [InlineData("区/县", UnitKind.District)]
    [InlineData("县", UnitKind.District)]
    [InlineData("部门", UnitKind.Department)]
    [InlineData("development_zone", UnitKind.DevelopmentZone)]
    public void Kind_parses_code_name_or_chinese(string text, UnitKind kind)
    {
        Assert.True(UnitKinds.TryParse(text, out var k));
        Assert.Equal(kind, k);
    }

    [Fact]
    public void Every_kind_round_trips_through_its_code()
    {
        foreach (var k in UnitKinds.All)
        {
            Assert.True(UnitKinds.TryParse(k.Code(), out var back));
            Assert.Equal(k, back);
        }
        Assert.False(UnitKinds.TryParse("省", out _));
        Assert.False(UnitKinds.TryParse("", out _));
    }

    [Theory]
    [InlineData(null, UnitKind.City, true)]
    [InlineData(null, UnitKind.District, false)]
    [InlineData(UnitKind.City, UnitKind.District, true)]
    [InlineData(UnitKind.City, UnitKind.DevelopmentZone, true)]
    [InlineData(UnitKind.City, UnitKind.Street, false)]
    [InlineData(UnitKind.District, UnitKind.Town, true)]
    [InlineData(UnitKind.DevelopmentZone, UnitKind.Community, true)]
    [InlineData(UnitKind.Town, UnitKind.Village, true)]
    [InlineData(UnitKind.Park, UnitKind.Village, true)]
    [InlineData(UnitKind.Village, UnitKind.Community, false)]
    [InlineData(UnitKind.Community, UnitKind.Department, true)]
    [InlineData(UnitKind.Department, UnitKind.Department, false)]
    [InlineData(UnitKind.Town, UnitKind.District, false)]
    public void Placement_follows_the_administrative_levels(UnitKind? parent, UnitKind child, bool ok) =>
        Assert.Equal(ok, UnitKinds.CheckPlacement(parent, child) is null);
}
