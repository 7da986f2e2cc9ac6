using CommunityAcademy.Domain.Accounts;

namespace CommunityAcademy.Domain.Tests.Accounts;

public class OneTimeCodeTests
{
    [Fact]
    public void A_new_code_has_eight_characters_of_the_alphabet_and_codes_differ()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => OneTimeCode.New()).ToList();
        Assert.All(codes, c => Assert.True(c.Length == 8 && c.All(ch => OneTimeCode.Alphabet.Contains(ch)), c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every character of the alphabet turns up: the draw is not stuck on part of it.
        Assert.Equal(OneTimeCode.Alphabet.Length, codes.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public void The_alphabet_has_no_look_alikes()
    {
        foreach (var ch in "01OIL") Assert.DoesNotContain(ch, OneTimeCode.Alphabet);
    }

    [Theory]
    [InlineData("K7QM-3XPD", "K7QM3XPD")]
    [InlineData("k7qm3xpd", "K7QM3XPD")]
    [InlineData(" k7qm 3xpd ", "K7QM3XPD")]
    [InlineData("K7QM－3XPD", "K7QM3XPD")]
    [InlineData("K7QM3XP", null)]
    [InlineData("K7QM3XPDD", null)]
    [InlineData("K7QM3XP0", null)]
    [InlineData("demo1234", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void What_a_person_types_is_read_as_the_code(string? typed, string? code) =>
        Assert.Equal(code, OneTimeCode.Normalize(typed));

    [Fact]
    public void Printed_in_two_groups() => Assert.Equal("K7QM-3XPD", OneTimeCode.Format("K7QM3XPD"));

    [Fact]
    public void A_code_expires_at_its_time()
    {
        var at = new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.False(OneTimeCode.IsExpired(at, at.AddTicks(-1)));
        Assert.True(OneTimeCode.IsExpired(at, at));
    }
}
