using System.Text;

namespace CommunityAcademy.Domain.Enrollment;

/// <summary>Mainland phone numbers: mobiles (1[3-9] + 9 digits) and landlines (0 + area code + 7–8 digits).</summary>
public static class PhoneNumber
{
    /// <summary>Digits and one dash between area code and number; +86, spaces, full-width digits and brackets removed.</summary>
    public static string Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "";
        // Full-width digits from Chinese input methods fold to ASCII; plain ASCII needs no folding.
        var s = (System.Text.Ascii.IsValid(raw) ? raw : raw.Normalize(NormalizationForm.FormKC)).Trim();
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (char.IsAsciiDigit(ch) || ch == '-') sb.Append(ch);
        var t = sb.ToString().Trim('-');
        if (s.StartsWith('+') && t.StartsWith("86")) t = t[2..].TrimStart('-');
        else if (t.StartsWith("0086")) t = t[4..].TrimStart('-');
        else if (t.Length == 13 && t.StartsWith("861")) t = t[2..];
        // Mobiles carry no dashes once normalised: 138-1234-5678 → 13812345678.
        var digits = t.Replace("-", "");
        if (digits.Length == 13 && digits.StartsWith("861")) digits = digits[2..];
        return IsMobile(digits) ? digits : t;
    }

    public static bool IsMobile(string normalized) =>
        normalized.Length == 11 && normalized[0] == '1' && normalized[1] is >= '3' and <= '9' && normalized.All(char.IsAsciiDigit);

    public static bool IsLandline(string normalized)
    {
        // 027-60896869, 02760896869, 0711-1234567, optional extension -123
        var parts = normalized.Split('-');
        string area, number;
        if (parts.Length >= 2) { area = parts[0]; number = parts[1]; }
        else
        {
            if (normalized.Length is < 10 or > 12 || normalized[0] != '0') return false;
            // Two-digit-after-zero areas (010, 02x) have 3 digits; the rest 4.
            var areaLen = normalized[1] is '1' or '2' ? 3 : 4;
            area = normalized[..areaLen]; number = normalized[areaLen..];
        }
        if (parts.Length > 3) return false;
        if (parts.Length == 3 && (parts[2].Length is < 1 or > 6 || !parts[2].All(char.IsAsciiDigit))) return false;
        return area.Length is 3 or 4 && area[0] == '0' && area.All(char.IsAsciiDigit)
            && number.Length is 7 or 8 && number[0] != '0' && number.All(char.IsAsciiDigit);
    }

    public static bool IsValid(string? raw)
    {
        var n = Normalize(raw);
        return IsMobile(n) || IsLandline(n);
    }

    /// <summary>The key two entries share when they are the same phone: digits only.</summary>
    public static string Key(string? raw) => new(Normalize(raw).Where(char.IsAsciiDigit).ToArray());
}

/// <summary>Resident ID numbers (GB 11643-1999): 18 characters, the last a check digit (0–9 or X).</summary>
public static class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static string Normalize(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? ""
            : new string((System.Text.Ascii.IsValid(raw) ? raw : raw.Normalize(NormalizationForm.FormKC)).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static char CheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    /// <summary>Null when valid; otherwise the rule it breaks (resource "Error.IdNumber.*").</summary>
    public static Error? Problem(string? raw)
    {
        var s = Normalize(raw);
        if (s.Length != 18) return new Error("IdNumber.Length");
        for (var i = 0; i < 17; i++)
            if (!char.IsAsciiDigit(s[i])) return new Error("IdNumber.Digits");
        if (!(char.IsAsciiDigit(s[17]) || s[17] == 'X')) return new Error("IdNumber.Last");
        if (!DateOnly.TryParseExact(s.AsSpan(6, 8), "yyyyMMdd", out var birth) || birth.Year < 1900)
            return new Error("IdNumber.Birth");
        if (CheckDigit(s) != s[17]) return new Error("IdNumber.CheckDigit");
        return null;
    }

    public static bool IsValid(string? raw) => Problem(raw) is null;
}

/// <summary>
/// A number a spreadsheet turned into scientific notation ("4.20704E+17", "1.38E+10"): an ID or phone typed into a
/// cell that is not text. Its last digits are gone, so it cannot be checked as the number it was.
/// </summary>
public static class ScientificNotation
{
    public static bool Is(string? raw)
    {
        var s = raw?.Trim() ?? "";
        var e = s.IndexOfAny(['E', 'e']);
        if (e <= 0 || e == s.Length - 1) return false;
        var mantissa = s[..e];
        var exponent = s[(e + 1)..];
        if (exponent[0] is '+' or '-') exponent = exponent[1..];
        if (exponent.Length == 0 || !exponent.All(char.IsAsciiDigit)) return false;
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && mantissa.Count(c => c == '.') <= 1;
    }

    /// <summary>The row's rule: Excel converted it, and how to type it again (resource "Error.Receipt.ScientificNotation").</summary>
    public static Error Problem(string column, string raw) => new("Receipt.ScientificNotation", column, raw.Trim());
}
