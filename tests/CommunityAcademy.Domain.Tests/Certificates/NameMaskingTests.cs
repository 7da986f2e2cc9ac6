using CommunityAcademy.Domain.Accounts;

namespace CommunityAcademy.Domain.Tests.Certificates;

public class NameMaskingTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("李小明", "李*明")]
    [InlineData("欧阳娜娜", "欧**娜")]
    [InlineData(" 王 ", "王")]
    [InlineData("", "")]
    [InlineData("13812345678", "138****5678")]
    public void A_name_keeps_its_first_and_last_character(string name, string masked) => Assert.Equal(masked, Masking.Name(name));
}
