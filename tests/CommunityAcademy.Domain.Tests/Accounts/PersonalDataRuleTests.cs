using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Tests.Accounts;

public class PersonalDataRuleTests
{
    // city 1 → districts 2 (鄂城区) and 3 (华容区); 4 a street of 鄂城区; 5 鄂城区民政局 (a department of 鄂城区)
    private static readonly UnitTree Tree = new([
        new UnitNode(1, null, "鄂州市", UnitKind.City), new UnitNode(2, 1, "鄂城区", UnitKind.District),
        new UnitNode(3, 1, "华容区", UnitKind.District), new UnitNode(4, 2, "凤凰街道", UnitKind.Street),
        new UnitNode(5, 2, "鄂城区民政局", UnitKind.Department)]);

    private static Viewer As(string role, long? unit = null, long id = 100) => new(id, new HashSet<string> { role }, unit);

    [Theory]
    [InlineData(Role.Organizer)]
    [InlineData(Role.Administrator)]
    public void Organizers_and_administrators_see_every_number(string role)
    {
        Assert.True(PersonalDataRule.SeesInFull(As(role), PersonRecord.Unknown, null));
        Assert.True(PersonalDataRule.SeesInFull(As(role), new PersonRecord(7, 3), Tree));
    }

    [Theory]
    [InlineData(Role.HeadTeacher)]
    [InlineData(Role.Mentor)]
    [InlineData(Role.Expert)]
    [InlineData(Role.Trainee)]
    public void Others_see_numbers_masked_even_from_a_receipt(string role) =>
        Assert.False(PersonalDataRule.SeesInFull(As(role, 2), new PersonRecord(7, 2), Tree));

    [Fact]
    public void A_person_sees_their_own_number() =>
        Assert.True(PersonalDataRule.SeesInFull(As(Role.Trainee, 4, id: 7), new PersonRecord(7, 2), Tree));

    [Theory]
    [InlineData(2L, 2L, true)]    // the district's contact, the district's receipt
    [InlineData(2L, 4L, true)]    // a receipt submitted for a street below it
    [InlineData(4L, 2L, false)]   // a street's contact: the district submitted, not its street
    [InlineData(3L, 2L, false)]   // another district's contact
    [InlineData(5L, 2L, false)]   // a department beside the scope
    public void A_contact_sees_in_full_what_its_own_unit_submitted(long contactUnit, long submittingScope, bool full) =>
        Assert.Equal(full, PersonalDataRule.SeesInFull(As(Role.UnitContact, contactUnit), new PersonRecord(7, submittingScope), Tree));

    [Fact]
    public void A_contact_sees_masked_what_no_receipt_named_or_without_the_tree()
    {
        Assert.False(PersonalDataRule.SeesInFull(As(Role.UnitContact, 2), new PersonRecord(7, null), Tree));
        Assert.False(PersonalDataRule.SeesInFull(As(Role.UnitContact, 2), new PersonRecord(7, 2), null));
        Assert.False(PersonalDataRule.SeesInFull(As(Role.UnitContact), new PersonRecord(7, 2), Tree));
    }

    [Fact]
    public void Only_head_teachers_organizers_and_administrators_may_reveal()
    {
        Assert.True(PersonalDataRule.MayReveal(As(Role.HeadTeacher)));
        Assert.True(PersonalDataRule.MayReveal(As(Role.Organizer)));
        Assert.True(PersonalDataRule.MayReveal(As(Role.Administrator)));
        foreach (var r in new[] { Role.Mentor, Role.Expert, Role.UnitContact, Role.Trainee })
            Assert.False(PersonalDataRule.MayReveal(As(r, 2)));
    }

    [Fact]
    public void Only_those_who_see_every_receipt_are_told_whom_another_unit_named()
    {
        Assert.True(PersonalDataRule.SeesOtherUnitsPeople(As(Role.Organizer)));
        Assert.False(PersonalDataRule.SeesOtherUnitsPeople(As(Role.UnitContact, 2)));
        Assert.False(PersonalDataRule.SeesOtherUnitsPeople(As(Role.HeadTeacher)));
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("t13812345678", "t138****5678")]
    [InlineData("t001", "t001")]
    [InlineData("organizer", "organizer")]
    [InlineData(null, null)]
    public void User_names_that_are_phone_numbers_are_masked(string? username, string? shown) =>
        Assert.Equal(shown, Masking.Username(username));
}
