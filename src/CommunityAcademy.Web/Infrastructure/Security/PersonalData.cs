using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Web.Infrastructure.Security;

/// <summary>
/// Personal data as the caller may see it: the one helper every page, API answer and export goes through before it
/// emits a phone number, an ID number or a user name that is a phone number. The decision is the domain's
/// <see cref="PersonalDataRule"/>; this only carries the caller (and, for unit contacts, the unit tree) to it.
/// </summary>
public sealed class PersonalData
{
    private readonly Viewer _viewer;
    private readonly UnitTree? _tree;

    private PersonalData(Viewer viewer, UnitTree? tree) => (_viewer, _tree) = (viewer, tree);

    /// <summary>For <paramref name="me"/>; a unit contact needs <paramref name="tree"/> to see its own unit's receipts in full.</summary>
    public static PersonalData For(CurrentUser me, UnitTree? tree = null) => new(ViewerOf(me), tree);

    public static Viewer ViewerOf(CurrentUser me) => new(me.Id, me.Roles, me.UnitId);

    /// <summary>Organizers and administrators: nothing is masked for them.</summary>
    public bool SeesEveryNumber => PersonalDataRule.SeesEveryNumber(_viewer.Roles);

    /// <summary>A head teacher (or organizer, administrator) may ask for one trainee's number, audited.</summary>
    public bool MayReveal => PersonalDataRule.MayReveal(_viewer);

    /// <summary>Whether a duplicate warning may name another unit's person.</summary>
    public bool SeesOtherUnitsPeople => PersonalDataRule.SeesOtherUnitsPeople(_viewer);

    public bool SeesInFull(PersonRecord record) => PersonalDataRule.SeesInFull(_viewer, record, _tree);

    public string? Phone(string? phone, PersonRecord record) =>
        phone is null || SeesInFull(record) ? phone : Masking.Phone(phone);

    public string? IdNumber(string? id, PersonRecord record) =>
        id is null || SeesInFull(record) ? id : Masking.IdNumber(id);

    public string? Username(string? username, PersonRecord record) =>
        username is null || SeesInFull(record) ? username : Masking.Username(username);

    /// <summary>A name shown to anyone, signed in or not (a certificate's public verification page): always masked.</summary>
    public static string PublicName(string? name) => Masking.Name(name);
}
