using System.Net;
using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>
/// Security issue #12, point 9: the links the application prints or encodes in a QR code come from Web:PublicAddress,
/// or from the request's host only when AllowedHosts names it ("*" names none: then only the loopback names).
/// </summary>
public sealed class PublicLinksTests
{
    private static PublicLinks Links(string? address = null, string? allowedHosts = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Web:PublicAddress"] = address,
            ["AllowedHosts"] = allowedHosts,
        }).Build());

    private static HttpRequest Request(string host, string scheme = "http", string pathBase = "")
    {
        var c = new DefaultHttpContext();
        c.Request.Scheme = scheme;
        c.Request.Host = new HostString(host);
        c.Request.PathBase = pathBase;
        return c.Request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public void Without_a_list_of_hosts_only_the_loopback_names_make_links(string? allowedHosts)
    {
        var links = Links(allowedHosts: allowedHosts);
        Assert.Equal("http://localhost:5000/Attendance/Scan?s=1&t=a", links.Link(Request("localhost:5000"), "/Attendance/Scan?s=1&t=a"));
        Assert.Equal("http://127.0.0.1:49152/x", links.Link(Request("127.0.0.1:49152"), "/x"));
        Assert.Equal("http://[::1]:5000/x", links.Link(Request("[::1]:5000"), "/x"));
        Assert.Null(links.Link(Request("evil.example"), "/x"));
        Assert.Null(links.Link(Request("192.168.1.10:5000"), "/x"));
        Assert.Contains("No public address configured", links.Describe());
        Assert.Contains("localhost;127.0.0.1;[::1]", links.Describe());
    }

    [Fact]
    public void Hosts_named_in_AllowedHosts_make_links_with_the_request_scheme_and_path_base()
    {
        var links = Links(allowedHosts: "peixun.example.gov.cn;*.jiedao.example");
        Assert.Equal("https://peixun.example.gov.cn/academy/x", links.Link(Request("peixun.example.gov.cn", "https", "/academy"), "/x"));
        Assert.Equal("http://a.jiedao.example/x", links.Link(Request("a.jiedao.example"), "/x"));
        Assert.Null(links.Link(Request("localhost"), "/x"));
        Assert.Null(links.Link(Request("peixun.example.gov.cn.evil.example"), "/x"));
        Assert.Contains("peixun.example.gov.cn;*.jiedao.example", links.Describe());
    }

    [Theory]
    [InlineData("https://peixun.example.gov.cn", "https://peixun.example.gov.cn/Attendance/Scan?s=1")]
    [InlineData("https://peixun.example.gov.cn/", "https://peixun.example.gov.cn/Attendance/Scan?s=1")]
    [InlineData("http://10.2.3.4:8080/academy/", "http://10.2.3.4:8080/academy/Attendance/Scan?s=1")]
    public void A_public_address_makes_every_link_whatever_the_request_says(string address, string expected)
    {
        var links = Links(address, allowedHosts: "localhost");
        Assert.Equal(expected, links.Link(Request("evil.example"), "/Attendance/Scan?s=1"));
        Assert.Equal(expected, links.Link(Request("localhost"), "/Attendance/Scan?s=1"));
        Assert.StartsWith($"Public address: {address.TrimEnd('/')} (Web:PublicAddress)", links.Describe());
    }

    [Theory]
    [InlineData("peixun.example.gov.cn")]
    [InlineData("ftp://peixun.example.gov.cn")]
    [InlineData("https://peixun.example.gov.cn/?a=1")]
    [InlineData("https://user:pw@peixun.example.gov.cn")]
    public void A_malformed_public_address_is_refused_with_the_setting_named(string address)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Links(address));
        Assert.Contains("Web:PublicAddress", e.Message);
    }

    [Fact]
    public void A_link_starts_at_the_root() => Assert.Throws<ArgumentException>(() => Links().Link(Request("localhost"), "Attendance/Scan"));
}

public sealed class SqlitePublicAddress() : TestApp("sqlite", settings: new() { ["Web:PublicAddress"] = "https://peixun.example.gov.cn" });
public sealed class PostgresPublicAddress() : TestApp("postgres", settings: new() { ["Web:PublicAddress"] = "https://peixun.example.gov.cn" });

/// <summary>The QR code's URL with a Host header someone typed: never that host.</summary>
public abstract class QrHostTests(TestApp app)
{
    [Fact]
    public async Task A_typed_Host_header_never_reaches_the_QR_code()
    {
        var ht = await app.Api("headteacher");
        var evil = await ht.GetAsync("http://evil.example/api/v1/sessions/1/qr");
        var body = await evil.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Equal("Web.NoPublicAddress", (await evil.ReadJsonAsync()).Value<string>("code"));
        Assert.DoesNotContain("evil.example/", body);
        Assert.DoesNotContain("<svg", body);

        // the test host's own name is a loopback name: the link is built as before
        var ok = await (await ht.GetAsync("/api/v1/sessions/1/qr")).ReadJsonAsync();
        Assert.StartsWith("http://localhost/Attendance/Scan?s=1&t=", ok.Value<string>("url"));
        Assert.Contains(app.Logs.Lines, l => l.Contains("No public address configured (Web:PublicAddress): links use the request's host when it is in AllowedHosts: localhost;127.0.0.1;[::1]"));
    }
}

public sealed class QrHostTests_Sqlite(SqliteDemo app) : QrHostTests(app), IClassFixture<SqliteDemo>;
public sealed class QrHostTests_Postgres(PostgresDemo app) : QrHostTests(app), IClassFixture<PostgresDemo>;

public abstract class QrPublicAddressTests(TestApp app)
{
    [Fact]
    public async Task With_a_public_address_the_QR_code_carries_it()
    {
        var ht = await app.Api("headteacher");
        foreach (var url in new[] { "http://evil.example/api/v1/sessions/1/qr", "/api/v1/sessions/1/qr" })
        {
            var r = await ht.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var qr = await r.ReadJsonAsync();
            Assert.StartsWith("https://peixun.example.gov.cn/Attendance/Scan?s=1&t=", qr.Value<string>("url"));
            Assert.DoesNotContain("evil.example", qr.ToJsonString());
        }
        Assert.Contains(app.Logs.Lines, l => l.Contains("Public address: https://peixun.example.gov.cn (Web:PublicAddress)"));
    }
}

public sealed class QrPublicAddressTests_Sqlite(SqlitePublicAddress app) : QrPublicAddressTests(app), IClassFixture<SqlitePublicAddress>;
public sealed class QrPublicAddressTests_Postgres(PostgresPublicAddress app) : QrPublicAddressTests(app), IClassFixture<PostgresPublicAddress>;
