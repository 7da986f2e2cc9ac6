namespace CommunityAcademy.Domain.Tests.Common;

public class WebLinksTests
{
    [Theory]
    [InlineData("https://x\r\nATTENDEE:mailto:evil@x")]
    [InlineData("https://live.example.cn/room/1\n")]
    [InlineData("https://live.example.cn/a\tb")]
    [InlineData("https://live.example.cn/\u0000")]
    [InlineData("https://live.example.cn/\u007F")]
    [InlineData("\r\n")]
    public void A_control_character_anywhere_is_refused(string link)
    {
        Assert.True(WebLinks.HasControlCharacter(link));
        Assert.Equal("Link.ControlCharacter", WebLinks.Check(link, 500, "Bad")?.Code);
    }

    [Theory]
    [InlineData("https://live.example.cn/guicheng/2")]
    [InlineData("  http://live.example.cn/房间?a=1&b=2 ")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Web_addresses_and_nothing_pass(string? link)
    {
        Assert.False(WebLinks.HasControlCharacter(link));
        Assert.Null(WebLinks.Check(link, 500, "Bad"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://x")]
    [InlineData("live.example.cn")]
    public void Other_addresses_get_the_fields_own_code(string link) => Assert.Equal("Bad", WebLinks.Check(link, 500, "Bad")?.Code);

    [Fact]
    public void Too_long_is_refused() => Assert.Equal("Bad", WebLinks.Check("https://x.cn/" + new string('a', 500), 500, "Bad")?.Code);
}
