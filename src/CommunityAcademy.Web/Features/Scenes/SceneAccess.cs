using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Security;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// Who may do what with scenes, resources and brands (#25), on the units' own scoping: staff see every community,
/// a unit contact its subtree (<see cref="UnitStore.CanSee"/>); trainees none. Organizers and administrators manage
/// (scenes, standards, anyone's resources); experts (and administrators) make the expert assessment; a unit contact
/// makes its own communities' self-assessment and keeps their resources and brands.
/// </summary>
public static class SceneAccess
{
    public static bool MaySeeAny(CurrentUser me) => me.IsStaff || me.IsIn(Role.UnitContact);

    public static bool MaySee(UnitTree tree, CurrentUser me, long? unitId) =>
        unitId is { } u ? MaySeeAny(me) && UnitStore.CanSee(tree, me, u) : me.IsStaff;

    public static bool Manages(CurrentUser me) => me.IsAdmin || me.IsIn(Role.Organizer);

    public static bool AssessesAsExpert(CurrentUser me) => me.IsAdmin || me.IsIn(Role.Expert);

    public static bool AssessesAsSelf(UnitTree tree, CurrentUser me, long? unitId) =>
        unitId is { } u && me.IsIn(Role.UnitContact) && me.UnitId is { } own && tree.IsInSubtree(own, u);

    /// <summary>Adds or edits a community's resources, brands and plan link: managers anywhere, a contact in its subtree.</summary>
    public static bool Keeps(UnitTree tree, CurrentUser me, long unitId) => Manages(me) || AssessesAsSelf(tree, me, unitId);
}
