using CommunityAcademy.Domain.Units;

namespace CommunityAcademy.Domain.Accounts;

/// <summary>Who is looking at personal data: the account, its roles and (for a unit contact or trainee) its unit.</summary>
public sealed record Viewer(long UserId, IReadOnlySet<string> Roles, long? UnitId)
{
    public bool IsIn(string role) => Roles.Contains(role);
}

/// <summary>
/// Whose personal data a record holds and who named the person: <paramref name="OwnerUserId"/> is the person's own
/// account (when known), <paramref name="SubmittingUnitId"/> the submitting scope of the receipt that named them
/// (<c>receipts.scope_unit_id</c>; null when no receipt did: a substitute, a participant, a staff member).
/// </summary>
public sealed record PersonRecord(long? OwnerUserId = null, long? SubmittingUnitId = null)
{
    public static readonly PersonRecord Unknown = new();
}

/// <summary>
/// The one rule for phone numbers, ID numbers and user names that are phone numbers (a trainee's account is their
/// mobile number): organizers and administrators see them in full; a person sees their own; a unit contact sees in full
/// the numbers its own unit submitted (the receipt's submitting scope is the contact's unit or lies below it, as
/// <c>ReceiptService.ScopeFor</c> lets a contact submit); everyone else sees them masked. A head teacher may reveal one
/// trainee's number at a time (to call a missing trainee); the web layer audits each reveal.
/// </summary>
public static class PersonalDataRule
{
    /// <summary>Organizers and administrators: every number in full.</summary>
    public static bool SeesEveryNumber(IReadOnlySet<string> roles) =>
        roles.Contains(Role.Administrator) || roles.Contains(Role.Organizer);

    public static bool SeesInFull(Viewer viewer, PersonRecord record, UnitTree? tree)
    {
        if (SeesEveryNumber(viewer.Roles)) return true;
        if (record.OwnerUserId is { } owner && owner == viewer.UserId) return true;
        return viewer.IsIn(Role.UnitContact) && viewer.UnitId is { } unit && record.SubmittingUnitId is { } scope
               && tree is not null && tree.IsInSubtree(unit, scope);
    }

    /// <summary>Who may ask for one masked number in full (audited): head teachers; organizers and administrators see it anyway.</summary>
    public static bool MayReveal(Viewer viewer) => SeesEveryNumber(viewer.Roles) || viewer.IsIn(Role.HeadTeacher);

    /// <summary>
    /// Whether a receipt's duplicate warning may name the other unit's person (name and unit): only for those who see
    /// every receipt. A unit contact is told only that another unit already named this person.
    /// </summary>
    public static bool SeesOtherUnitsPeople(Viewer viewer) => SeesEveryNumber(viewer.Roles);
}
