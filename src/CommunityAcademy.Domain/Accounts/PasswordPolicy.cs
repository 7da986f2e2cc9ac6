using System.Globalization;

namespace CommunityAcademy.Domain.Accounts;

/// <summary>What a password is checked against: the account's own name, phone and ID numbers (from its enrollments).</summary>
public sealed record PasswordOwner(string Username, string? Phone = null, IReadOnlyList<string>? IdNumbers = null);

/// <summary>
/// The rules a password a person chooses must keep. Passwords the system makes (one-time passwords, the demo's) are
/// not chosen, so they are not checked here. Every broken rule is an <see cref="Error"/> with code "Password.*".
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    /// <summary>A shorter user name ("li") would forbid too many passwords to mean anything.</summary>
    public const int MinUsernameToCheck = 3;
    /// <summary>Shorter numbers (an extension) likewise.</summary>
    public const int MinPhoneDigitsToCheck = 7;

    /// <param name="isCurrent">Whether the password is the account's current one (checked against its hash).</param>
    public static IReadOnlyList<Error> Check(string? password, PasswordOwner owner, Func<string, bool>? isCurrent = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return [new Error("Password.TooShort", MinLength)];
        if (password.Length > MaxLength) return [new Error("Password.TooLong", MaxLength)];
        var errors = new List<Error>();
        if (!(password.Any(char.IsLetter) && password.Any(char.IsDigit))) errors.Add(new("Password.LettersAndDigits"));
        if (CommonPasswords.Contains(password)) errors.Add(new("Password.Common"));
        var username = owner.Username.Trim();
        if (username.Length >= MinUsernameToCheck && password.Contains(username, StringComparison.OrdinalIgnoreCase))
            errors.Add(new("Password.ContainsUsername"));
        if (PhoneDigits(owner.Phone) is { } phone && password.Contains(phone, StringComparison.Ordinal))
            errors.Add(new("Password.ContainsPhone"));
        if ((owner.IdNumbers ?? []).Select(BirthDate).Any(d => d is not null && password.Contains(d, StringComparison.Ordinal)))
            errors.Add(new("Password.ContainsBirthDate"));
        if (isCurrent is not null && isCurrent(password)) errors.Add(new("Password.SameAsCurrent"));
        return errors;
    }

    /// <summary>The digits of a phone number, without the country code 86 before a mobile number; null when too short to check.</summary>
    public static string? PhoneDigits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return digits.Length >= MinPhoneDigitsToCheck ? digits : null;
    }

    /// <summary>
    /// The birth date in a resident ID number as yyyyMMdd: characters 7–14 of an 18-character number, or 19 + characters
    /// 7–12 of an old 15-digit one; null when the number holds no valid date.
    /// </summary>
    public static string? BirthDate(string? idNumber)
    {
        var id = idNumber?.Trim();
        string? date = id switch
        {
            { Length: 18 } when id[..17].All(char.IsAsciiDigit) => id.Substring(6, 8),
            { Length: 15 } when id.All(char.IsAsciiDigit) => "19" + id.Substring(6, 6),
            _ => null,
        };
        return date is not null && DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? date
            : null;
    }
}
