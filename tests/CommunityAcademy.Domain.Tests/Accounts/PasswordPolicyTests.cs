using CommunityAcademy.Domain.Accounts;

namespace CommunityAcademy.Domain.Tests.Accounts;

public class PasswordPolicyTests
{
    private static readonly PasswordOwner Trainee = new("13907110001", "13907110001", ["42070019850312123X"]);
    private static readonly PasswordOwner Wang = new("wangfang", "027-60896869");

    private static string[] Codes(string? password, PasswordOwner owner, Func<string, bool>? isCurrent = null) =>
        PasswordPolicy.Check(password, owner, isCurrent).Select(e => e.Code).ToArray();

    [Theory]
    [InlineData("Tr4vel-Light")]
    [InlineData("Hubei2026lake")]
    [InlineData("季节Spring7")]
    public void A_good_password_breaks_no_rule(string password)
    {
        Assert.Empty(Codes(password, Trainee));
        Assert.Empty(Codes(password, Wang, _ => false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Ab3defg")]
    public void Shorter_than_eight_is_refused_and_says_the_minimum(string? password)
    {
        var e = Assert.Single(PasswordPolicy.Check(password, Wang));
        Assert.Equal("Password.TooShort", e.Code);
        Assert.Equal(8, e.Args[0]);
    }

    [Fact]
    public void Longer_than_the_maximum_is_refused() =>
        Assert.Equal(["Password.TooLong"], Codes("a1" + new string('x', PasswordPolicy.MaxLength), Wang));

    [Theory]
    [InlineData("abcdefghij")]
    [InlineData("73920581")]
    public void Letters_and_digits_are_both_needed(string password) =>
        Assert.Contains("Password.LettersAndDigits", Codes(password, Wang));

    [Theory]
    [InlineData("123456")] // short anyway, but on the list
    [InlineData("5201314")]
    [InlineData("888888")]
    [InlineData("666666")]
    [InlineData("147258")]
    [InlineData("123123")]
    [InlineData("11111111")]
    [InlineData("a1b2c3")]
    [InlineData("abc123")]
    [InlineData("password")]
    [InlineData("iloveyou")]
    public void The_bundled_list_holds_the_favourites(string password) => Assert.True(CommonPasswords.Contains(password));

    [Theory]
    [InlineData("woaini1314")]
    [InlineData("qq123456")]
    [InlineData("Password123")]
    [InlineData("QWERTY123")]
    [InlineData("1qaz2wsx")]
    [InlineData("a1b2c3d4")]
    [InlineData("abcd1234")]
    public void A_common_password_is_refused_whatever_its_case(string password) =>
        Assert.Equal(["Password.Common"], Codes(password, Wang));

    [Fact]
    public void The_list_has_a_few_hundred_entries() => Assert.InRange(CommonPasswords.Count, 300, 2000);

    [Theory]
    [InlineData("WangFang2026")]
    [InlineData("my-wangfang-1")]
    public void A_password_containing_the_user_name_is_refused(string password) =>
        Assert.Equal(["Password.ContainsUsername"], Codes(password, Wang));

    [Fact]
    public void A_user_name_too_short_to_mean_anything_is_not_checked() =>
        Assert.Empty(Codes("Lily2026x", new PasswordOwner("li")));

    [Fact]
    public void A_password_containing_the_phone_number_is_refused()
    {
        Assert.Equal(["Password.ContainsPhone"], Codes("x02760896869y", Wang));
        Assert.Contains("Password.ContainsPhone", Codes("pw13907110001", Trainee));
        // +86 before a mobile number is the country, not part of the number
        Assert.Equal(["Password.ContainsPhone"], Codes("Tel13907110001", new PasswordOwner("zhao", "+86 139 0711 0001")));
    }

    [Theory]
    [InlineData("Lake19850312")]
    [InlineData("19850312abc")]
    public void A_password_containing_the_birth_date_of_the_id_number_is_refused(string password) =>
        Assert.Equal(["Password.ContainsBirthDate"], Codes(password, Trainee));

    [Fact]
    public void Another_date_is_not_a_birth_date() => Assert.Empty(Codes("Lake19850313", Trainee));

    [Theory]
    [InlineData("42070019850312123X", "19850312")]
    [InlineData("420700198503121234", "19850312")]
    [InlineData("420700850312123", "19850312")] // the old 15-digit number: 19 + yyMMdd
    [InlineData("42070019851332123X", null)] // month 13
    [InlineData("4207001985031212", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_birth_date_is_read_from_the_id_number(string? id, string? date) =>
        Assert.Equal(date, PasswordPolicy.BirthDate(id));

    [Fact]
    public void Every_id_number_of_the_account_counts() =>
        Assert.Equal(["Password.ContainsBirthDate"],
            Codes("Born19900101x", new PasswordOwner("zhao", null, ["42070019850312123X", "420700199001011234"])));

    [Fact]
    public void The_current_password_cannot_be_chosen_again()
    {
        Assert.Equal(["Password.SameAsCurrent"], Codes("Tr4vel-Light", Wang, p => p == "Tr4vel-Light"));
        Assert.Empty(Codes("Tr4vel-Light2", Wang, p => p == "Tr4vel-Light"));
    }

    [Fact]
    public void Every_broken_rule_is_named()
    {
        var codes = Codes("wangfang", Wang, _ => true);
        Assert.Equal(["Password.LettersAndDigits", "Password.ContainsUsername", "Password.SameAsCurrent"], codes);
    }
}
