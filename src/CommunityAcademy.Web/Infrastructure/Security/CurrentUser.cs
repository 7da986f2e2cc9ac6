using System.Security.Claims;
using CommunityAcademy.Domain.Accounts;

namespace CommunityAcademy.Web.Infrastructure.Security;

public static class Claims
{
    public const string UnitId = "ca:unit";
    public const string DisplayName = "ca:name";
    /// <summary>The login session (login_sessions.id) a cookie or token belongs to.</summary>
    public const string SessionId = "ca:sid";
    public const string IssuedAt = "ca:iat";
    public const string MustChangePassword = "ca:must-change";
}

/// <summary>Who is asking, read from the authenticated principal. Every scoped query starts here.</summary>
public sealed record CurrentUser(long Id, string Username, string DisplayName, IReadOnlySet<string> Roles, long? UnitId)
{
    public bool IsIn(string role) => Roles.Contains(role);
    public bool IsStaff => Role.Staff.Any(Roles.Contains);
    public bool IsAdmin => IsIn(Role.Administrator);
    public bool CanManageUnits => IsIn(Role.Administrator) || IsIn(Role.Organizer);
    /// <summary>Sees every phone and ID number in full (the rule: <see cref="PersonalDataRule"/>; per record: <see cref="PersonalData"/>).</summary>
    public bool SeesPersonalData => PersonalDataRule.SeesEveryNumber(Roles);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        long? unit = long.TryParse(principal.FindFirstValue(Claims.UnitId), out var u) ? u : null;
        return new CurrentUser(
            id,
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(Claims.DisplayName) ?? "",
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(),
            unit);
    }
}

public static class CurrentUserExtensions
{
    /// <summary>For endpoints behind RequireAuthorization: the user is there.</summary>
    public static CurrentUser Me(this HttpContext http) =>
        CurrentUser.From(http.User) ?? throw new InvalidOperationException("Endpoint reached without an authenticated user.");
}
