using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class ContactNumberTests
{
    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("138 1234 5678", true)]
    [InlineData("+86 138-1234-5678", true)]
    [InlineData("８６13812345678", true)]
    [InlineData("１３８１２３４５６７８", true)]
    [InlineData("19912345678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("027-60896869", true)]
    [InlineData("02760896869", true)]
    [InlineData("0711-3212345", true)]
    [InlineData("（027）60896869", true)]
    [InlineData("027-60896869-801", true)]
    [InlineData("027-0896869", false)]
    [InlineData("60896869", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    [InlineData("=1+1", false)]
    public void Mainland_mobiles_and_landlines(string raw, bool valid) => Assert.Equal(valid, PhoneNumber.IsValid(raw));

    [Fact]
    public void Keys_ignore_formatting()
    {
        Assert.Equal(PhoneNumber.Key("+86 138-1234-5678"), PhoneNumber.Key("13812345678"));
        Assert.Equal("13812345678", PhoneNumber.Normalize("+86 138 1234 5678"));
    }

    [Theory]
    [InlineData("11010519491231002X", null)]
    [InlineData("11010519491231002x", null)]
    [InlineData("110105194912310021", "IdNumber.CheckDigit")]
    [InlineData("11010519491331002X", "IdNumber.Birth")]
    [InlineData("1101051949123100", "IdNumber.Length")]
    [InlineData("A1010519491231002X", "IdNumber.Digits")]
    [InlineData("11010519491231002Y", "IdNumber.Last")]
    public void Id_numbers_follow_gb_11643(string id, string? problem)
    {
        var p = IdNumber.Problem(id);
        if (problem is null) Assert.Null(p);
        else Assert.Equal(problem, p?.Code);
    }

    [Fact]
    public void The_check_digit_is_computed_from_the_first_17()
    {
        Assert.Equal('X', IdNumber.CheckDigit("11010519491231002"));
        Assert.Equal('X', IdNumber.CheckDigit("42070019800101001"));
        Assert.True(IdNumber.IsValid("42070019800101001X"));
    }

    [Theory]
    [InlineData("4.20704E+17", true)]
    [InlineData("4.20704199001011E+17", true)]
    [InlineData(" 1.38E+10 ", true)]
    [InlineData("4E17", true)]
    [InlineData("420704199001011234", false)]
    [InlineData("42070419900101123X", false)]
    [InlineData("13800000001", false)]
    [InlineData("E+17", false)]
    [InlineData("4.2.1E+17", false)]
    [InlineData("4.2E+", false)]
    public void A_number_in_scientific_notation_is_recognised(string raw, bool expected) => Assert.Equal(expected, ScientificNotation.Is(raw));

    [Fact]
    public void An_ID_converted_by_Excel_says_so_not_that_it_lacks_digits()
    {
        var check = ReceiptCheck.Check([new ReceiptInputRow(3, "滨湖社区", "张三", "主任", "13800000001", null, "4.20704E+17")],
            _ => new UnitLookup(1, null), new Dictionary<long, IReadOnlyList<string>> { [1] = ["主任"] }, new Dictionary<string, KnownPerson>());
        var p = Assert.Single(check.Errors);
        Assert.Equal((3, "身份证号"), (p.Row, p.Column));
        Assert.Equal(new Error("Receipt.ScientificNotation", "身份证号", "4.20704E+17").ToString(), p.Rule.ToString());
    }
}
