using System.Security.Cryptography;

namespace CommunityAcademy.Domain.Accounts;

/// <summary>
/// 初始登录码: the first password of a trainee account, a per-person secret printed on a slip (or in the list a unit
/// contact downloads for its own trainees). Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L),
/// shown as two groups of four; typed in any case, with or without the dash or spaces. It expires, and the first
/// sign-in with it must set a new password.
/// </summary>
public static class OneTimeCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    /// <summary>A new code from a cryptographic source: 31^8 ≈ 8.5 × 10^11 possibilities.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>"K7QM3XPD" → "K7QM-3XPD", as printed.</summary>
    public static string Format(string code) => code.Length == Length ? code[..4] + "-" + code[4..] : code;

    /// <summary>
    /// What a person typed, as the code it may be: upper case, dashes and spaces dropped, the look-alikes read as the
    /// letters they resemble in the alphabet (o/O → 0 is not in it, so O stays O and fails). Null when it cannot be a code.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var ch in typed)
        {
            if (ch is '-' or ' ' or '\u3000' or '—' or '－') continue;
            var u = char.ToUpperInvariant(ch);
            if (Alphabet.IndexOf(u) < 0 || n == Length) return null;
            chars[n++] = u;
        }
        return n == Length ? new string(chars) : null;
    }

    public static bool IsExpired(DateTimeOffset expiresAt, DateTimeOffset now) => now >= expiresAt;
}
