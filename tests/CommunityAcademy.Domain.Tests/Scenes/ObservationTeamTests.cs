using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Domain.Scenes;

namespace CommunityAcademy.Domain.Tests.Scenes;

public class ObservationTeamTests
{
    [Theory]
    [InlineData("teams", 3, true, null)]
    [InlineData("teams", 2, true, null)]
    [InlineData("teams", 4, true, null)]
    [InlineData("teams", 1, true, "Scenes.TeamSize")]
    [InlineData("teams", 5, true, "Scenes.TeamSize")]
    [InlineData("teams", 3, false, "Scenes.NotYourTeam")]
    [InlineData("working", 3, true, "Scenes.NotATeamGrouping")]
    [InlineData("other", 3, true, "Scenes.NotATeamGrouping")]
    public void Only_a_member_of_a_team_of_a_teams_grouping_of_a_teams_size_records(string kind, int members, bool member, string? code)
    {
        Assert.Equal(code, ObservationTeam.Check(kind, members, member, "第1组")?.Code);
    }

    [Fact]
    public void Every_team_size_the_class_is_formed_in_is_accepted()
    {
        for (var n = 2; n <= 300; n++)
            Assert.All(GroupForming.TeamSizes(n), size => Assert.Null(ObservationTeam.Check("teams", size, true, "x")));
    }
}
