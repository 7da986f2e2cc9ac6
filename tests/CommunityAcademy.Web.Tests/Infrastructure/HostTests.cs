using System.Net;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>Health, OpenAPI, languages and what the pages send to the browser.</summary>
public sealed class HostTests(SqliteDemo app) : IClassFixture<SqliteDemo>
{
    [Fact]
    public async Task Healthz_checks_the_database()
    {
        var r = await app.Anonymous().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("ok", (await r.ReadJsonAsync()).Value<string>("status"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await (await app.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var p in new[] { "/api/v1/auth/token", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/units/{id}/move", "/api/v1/units/import", "/api/v1/cohorts", "/api/v1/cohorts/{id}", "/api/v1/me" })
            Assert.Contains(p, paths);
    }

    [Fact]
    public async Task Pages_switch_between_chinese_and_english()
    {
        var c = app.Anonymous();
        var zh = await c.GetStringAsync("/Accounts/Login");
        Assert.Contains("<html lang=\"zh-CN\">", zh);
        Assert.Contains("用户名", zh);
        var sw = await c.GetAsync("/culture?c=en&returnUrl=%2FAccounts%2FLogin");
        Assert.Equal(HttpStatusCode.Redirect, sw.StatusCode);
        Assert.Equal("/Accounts/Login", sw.LocationPath());
        var en = await c.GetStringAsync("/Accounts/Login");
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("Username", en);
        Assert.Equal("/", (await c.GetAsync("/culture?c=en&returnUrl=https%3A%2F%2Fevil.example")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_form_field_has_a_label_and_nothing_is_loaded_from_outside()
    {
        var b = await app.Browser("admin");
        foreach (var page in new[] { "/Accounts/Login", "/Units", "/Units/Import", "/Accounts/Users", "/Accounts/ChangePassword", "/Cohorts/Details/1" })
        {
            var html = await b.GetStringAsync(page);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "<(input|select|textarea)[^>]*\\sid=\"([^\"]+)\"[^>]*>"))
            {
                if (m.Value.Contains("type=\"hidden\"")) continue;
                Assert.True(html.Contains($"for=\"{m.Groups[2].Value}\""), $"{page}: field {m.Groups[2].Value} has no label");
            }
            Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        }
    }

    [Fact]
    public async Task Static_assets_are_served_by_the_app()
    {
        var r = await app.Anonymous().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }
}
