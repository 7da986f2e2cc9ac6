using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http;

namespace CommunityAcademy.Web.Tests.Infrastructure;

public class PublicFormsTests
{
    [Fact]
    public void A_new_phone_gets_a_device_cookie_once_and_keeps_it()
    {
        var http = new DefaultHttpContext();
        var first = PublicForms.Device(http);
        var again = PublicForms.Device(http);
        Assert.Equal(first, again);
        Assert.Equal(22, first.Length);
        var cookies = http.Response.Headers.SetCookie.ToString();
        Assert.Contains(PublicForms.DeviceCookie + "=" + first, cookies);
        Assert.Contains("httponly", cookies, StringComparison.OrdinalIgnoreCase);
        Assert.Single(http.Response.Headers.SetCookie);
    }

    [Fact]
    public void A_phone_that_sends_its_cookie_is_the_same_device_and_gets_no_new_cookie()
    {
        var first = new DefaultHttpContext();
        var id = PublicForms.Device(first);
        var next = new DefaultHttpContext();
        next.Request.Headers.Cookie = $"{PublicForms.DeviceCookie}={id}";
        Assert.Equal(id, PublicForms.Device(next));
        Assert.Equal(PublicForms.DeviceKey(first), PublicForms.DeviceKey(next));
        Assert.Equal(0, next.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public void A_forged_cookie_is_replaced_and_keys_differ_between_devices()
    {
        var forged = new DefaultHttpContext();
        forged.Request.Headers.Cookie = $"{PublicForms.DeviceCookie}=<script>";
        var id = PublicForms.Device(forged);
        Assert.NotEqual("<script>", id);
        Assert.NotEmpty(forged.Response.Headers.SetCookie);
        Assert.NotEqual(PublicForms.DeviceKey(forged), PublicForms.DeviceKey(new DefaultHttpContext()));
        Assert.Equal(64, PublicForms.DeviceKey(forged).Length);
    }

    [Fact]
    public void Qr_codes_are_svg_for_pages_and_png_for_paperwork()
    {
        var svg = PublicForms.QrSvg("https://peixun.example.gov.cn/s/abc");
        Assert.Contains("<svg", svg);
        Assert.EndsWith("</svg>", svg.TrimEnd());
        var png = PublicForms.QrPng("https://peixun.example.gov.cn/s/abc");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
