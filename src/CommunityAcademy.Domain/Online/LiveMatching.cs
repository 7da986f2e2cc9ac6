namespace CommunityAcademy.Domain.Online;

/// <summary>A trainee of the class a row of the platform's export may name.</summary>
public sealed record LiveCandidate(long EnrollmentId, string Name, string? Phone, string? Unit);

public enum LiveMatchKind { Phone, NameUnit, None }

/// <summary>
/// Which trainee a row of a live platform's export is (#21 point 1): by mobile number first (digits only, a +86 or 86
/// prefix dropped), else by name and unit together (spaces ignored; a unit written shorter or longer than the class's,
/// 东湖社区 for 东湖社区（示例）, still matches). Only one trainee may match: two or none leave the row for the organizer.
/// </summary>
public static class LiveMatching
{
    /// <summary>The 11 digits of a mainland mobile number, or null.</summary>
    public static string? Phone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return digits.Length == 11 && digits[0] == '1' ? digits : null;
    }

    public static string Plain(string? text) => new((text ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static bool SameUnit(string? a, string? b)
    {
        var x = Plain(a);
        var y = Plain(b);
        if (x.Length == 0 || y.Length == 0) return false;
        return x == y || x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal);
    }

    public static (long? EnrollmentId, LiveMatchKind How) Match(string? name, string? phone, string? unit, IReadOnlyList<LiveCandidate> candidates)
    {
        if (Phone(phone) is { } p)
        {
            var byPhone = candidates.Where(c => Phone(c.Phone) == p).ToList();
            if (byPhone.Count == 1) return (byPhone[0].EnrollmentId, LiveMatchKind.Phone);
        }
        var n = Plain(name);
        if (n.Length > 0)
        {
            var byName = candidates.Where(c => Plain(c.Name) == n && SameUnit(c.Unit, unit)).ToList();
            if (byName.Count == 1) return (byName[0].EnrollmentId, LiveMatchKind.NameUnit);
        }
        return (null, LiveMatchKind.None);
    }
}
