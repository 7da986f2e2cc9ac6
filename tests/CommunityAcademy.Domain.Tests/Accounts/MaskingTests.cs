using CommunityAcademy.Domain.Accounts;

namespace CommunityAcademy.Domain.Tests.Accounts;

public class MaskingTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("027-60896869", "027-****6869")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("123", "***")]
    public void Phones_keep_only_prefix_and_last_four(string? phone, string masked) =>
        Assert.Equal(masked, Masking.Phone(phone));

    [Fact]
    public void Id_numbers_keep_region_and_last_four() =>
        Assert.Equal("420700********123X", Masking.IdNumber("42070019800101123X"));

    [Fact]
    public void Roles_are_known_and_staff_excludes_contacts_and_trainees()
    {
        Assert.All(Role.All, r => Assert.True(Role.IsKnown(r)));
        Assert.DoesNotContain(Role.UnitContact, Role.Staff);
        Assert.DoesNotContain(Role.Trainee, Role.Staff);
        Assert.True(Role.NeedsUnit(Role.UnitContact));
        Assert.False(Role.NeedsUnit(Role.Organizer));
    }
}
