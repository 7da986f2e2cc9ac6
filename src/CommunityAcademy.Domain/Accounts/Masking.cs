using System.Text.RegularExpressions;

namespace CommunityAcademy.Domain.Accounts;

/// <summary>Personal data shown to those who do not need it in full.</summary>
public static partial class Masking
{
    /// <summary>13812345678 → 138****5678; 027-60896869 → 027-****6869.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return "";
        var p = phone.Trim();
        if (p.Length <= 4) return new string('*', p.Length);
        var keepEnd = 4;
        var keepStart = p.Length >= 11 ? 3 : Math.Max(0, p.Length - keepEnd - 4);
        var dash = p.IndexOf('-');
        if (dash > 0 && dash < p.Length - keepEnd) keepStart = dash + 1;
        var hidden = p.Length - keepStart - keepEnd;
        return p[..keepStart] + new string('*', Math.Max(hidden, 0)) + p[^keepEnd..];
    }

    /// <summary>18-digit ID → first 6 and last 4 kept.</summary>
    public static string IdNumber(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return "";
        var s = id.Trim();
        if (s.Length < 10) return new string('*', s.Length);
        return s[..6] + new string('*', s.Length - 10) + s[^4..];
    }

    /// <summary>
    /// A user name holding a phone number (trainee accounts are their mobile number) has every run of seven or more
    /// digits masked as a phone; other user names (t001, organizer) are not personal data and stay as they are.
    /// </summary>
    public static string? Username(string? username) =>
        string.IsNullOrEmpty(username) ? username : LongDigitRun().Replace(username, m => Phone(m.Value));

    [GeneratedRegex(@"\d{7,}")]
    private static partial Regex LongDigitRun();
}
