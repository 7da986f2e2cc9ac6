using CommunityAcademy.Domain.Groups;

namespace CommunityAcademy.Domain.Scenes;

/// <summary>
/// Who may record scene behaviour (#25 point 3): "a three-person team from the class's groups" — a group of one of its
/// class's 三人小组 groupings (kind <c>teams</c>), of the size such teams are formed in (three; two or four where the class
/// does not divide by three, <see cref="GroupForming.TeamSizes"/>), and the recorder one of its members.
/// </summary>
public static class ObservationTeam
{
    public const string GroupingKind = "teams";
    public const int MinMembers = 2;
    public const int MaxMembers = 4;

    /// <summary>Null when <paramref name="recorderIsMember"/> may record for this team; else the rule broken.</summary>
    public static Error? Check(string groupingKind, int members, bool recorderIsMember, string teamName)
    {
        if (groupingKind != GroupingKind) return new Error("Scenes.NotATeamGrouping", teamName);
        if (members is < MinMembers or > MaxMembers) return new Error("Scenes.TeamSize", teamName, members);
        if (!recorderIsMember) return new Error("Scenes.NotYourTeam", teamName);
        return null;
    }
}
