namespace CommunityAcademy.Domain.Accounts;

/// <summary>Roles as stored and as carried in claims. Glossary: Administrator, Organizer, HeadTeacher, Mentor, Expert, UnitContact, Trainee.</summary>
public static class Role
{
    public const string Administrator = "admin";
    public const string Organizer = "organizer";
    public const string HeadTeacher = "head_teacher";
    public const string Mentor = "mentor";
    public const string Expert = "expert";
    public const string UnitContact = "unit_contact";
    public const string Trainee = "trainee";

    public static readonly IReadOnlyList<string> All =
        [Administrator, Organizer, HeadTeacher, Mentor, Expert, UnitContact, Trainee];

    /// <summary>Roles that see every unit and every cohort (they run classes, not a unit's own business).</summary>
    public static readonly IReadOnlyList<string> Staff = [Administrator, Organizer, HeadTeacher, Mentor, Expert];

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>Roles that must be bound to a unit.</summary>
    public static bool NeedsUnit(string role) => role is UnitContact or Trainee;
}
