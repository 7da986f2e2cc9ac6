using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Web.Tests.Features;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>
/// Security issue #12, point 7: every response carries a strict Content-Security-Policy, nosniff, no framing and no
/// referrer; nothing but static files may be stored; and the pages have nothing the policy would block (no style=""
/// attribute, no inline script or style block, no on…= handler).
/// </summary>
public abstract class SecurityHeadersTests(TestApp app)
{
    private static void AssertSecurityHeaders(HttpResponseMessage r, string what)
    {
        string? Header(string name) =>
            r.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : null;
        var csp = Header("Content-Security-Policy");
        Assert.True(csp is not null, $"{what}: no Content-Security-Policy");
        foreach (var d in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'" })
            Assert.Contains(d, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Null(Header("Strict-Transport-Security")); // plain HTTP here
    }

    private static string? CacheControl(HttpResponseMessage r) => r.Headers.CacheControl?.ToString();

    [Fact]
    public async Task Pages_api_answers_static_files_and_errors_carry_the_headers()
    {
        var anon = app.Anonymous();
        var page = await anon.GetAsync("/Accounts/Login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page, "page");
        Assert.Equal("no-store", CacheControl(page));

        var css = await anon.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        AssertSecurityHeaders(css, "static file");
        Assert.DoesNotContain("no-store", CacheControl(css) ?? "");
        var versioned = await anon.GetAsync("/js/attendance.js?v=abc");
        Assert.Contains("immutable", CacheControl(versioned));

        var missing = await anon.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertSecurityHeaders(missing, "404");
        Assert.Equal("no-store", CacheControl(missing));

        var unauthorized = await anon.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertSecurityHeaders(unauthorized, "401");

        var bad = await anon.PostAsync("/api/v1/auth/token", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode); // written by the exception handler, which clears headers
        AssertSecurityHeaders(bad, "error");
        Assert.Equal("no-store", CacheControl(bad));
    }

    [Fact]
    public async Task Personal_data_is_never_stored_roster_json_and_xlsx_and_pages()
    {
        var org = await app.Api("organizer");
        foreach (var url in new[] { "/api/v1/me", "/api/v1/cohorts/1/roster", "/api/v1/cohorts/1/roster.xlsx", "/api/v1/cohorts/1/attendance.xlsx" })
        {
            var r = await org.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode}");
            AssertSecurityHeaders(r, url);
            Assert.Equal("no-store", CacheControl(r));
        }
        var roster = await (await app.Browser("organizer")).GetAsync("/Enrollment/Roster/1");
        Assert.Equal(HttpStatusCode.OK, roster.StatusCode);
        AssertSecurityHeaders(roster, "roster page");
        Assert.Equal("no-store", CacheControl(roster));
    }

    /// <summary>The pages of the authorization matrix and a few more, as an organizer and as a trainee.</summary>
    public static IEnumerable<string> MainPages() =>
        AuthorizationMatrixTests.Pages.Select(row => (string)row[0])
            .Concat(["/Timetable/1", "/Timetable/Print/1", "/Timetable/Today", "/Timetable/Edit/1", "/Timetable/Import/1", "/Timetable/Instructors", "/Timetable/TeachingPoints",
                     "/Timetable/Types", "/Attendance/Console/4", "/Attendance/Scan?s=1&t=x", "/Cohorts/Details/2", "/Enrollment/Quotas/2",
                     "/Enrollment/Receipts/2", "/Enrollment/Reconciliation/2", "/Units/Import"])
            .Distinct();

    private static readonly Regex InlineStyle = new("\\sstyle\\s*=", RegexOptions.IgnoreCase);
    private static readonly Regex StyleBlock = new("<style[\\s>]", RegexOptions.IgnoreCase);
    private static readonly Regex Script = new("<script\\b[^>]*>", RegexOptions.IgnoreCase);
    private static readonly Regex Handler = new("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase);
    private static readonly Regex JavascriptUrl = new("(href|src|action)\\s*=\\s*\"\\s*javascript:", RegexOptions.IgnoreCase);

    [Theory]
    [InlineData("organizer")]
    [InlineData("t001")]
    [InlineData("headteacher")]
    [InlineData("contact-echeng")]
    [InlineData("anonymous")]
    public async Task No_page_has_what_the_policy_would_block(string user)
    {
        var b = user == "anonymous" ? app.Anonymous() : await app.Browser(user);
        var seen = 0;
        foreach (var page in MainPages())
        {
            var r = await b.GetAsync(page);
            if (r.StatusCode != HttpStatusCode.OK) continue; // pages this role may not open are the matrix's to check
            seen++;
            AssertSecurityHeaders(r, page);
            var html = await r.Content.ReadAsStringAsync();
            Assert.False(InlineStyle.IsMatch(html), $"{page} as {user}: a style=\"\" attribute: {InlineStyle.Match(html).Value}");
            Assert.False(StyleBlock.IsMatch(html), $"{page} as {user}: a <style> block");
            foreach (Match m in Script.Matches(html))
                Assert.True(m.Value.Contains(" src=\""), $"{page} as {user}: an inline script {m.Value}");
            Assert.False(Handler.IsMatch(html), $"{page} as {user}: an event handler attribute: {Handler.Match(html).Value}");
            Assert.False(JavascriptUrl.IsMatch(html), $"{page} as {user}: a javascript: URL");
        }
        Assert.True(seen >= (user == "anonymous" ? 1 : 8), $"{user} opened only {seen} pages");
    }

    [Fact]
    public async Task The_unit_tree_and_the_statistics_indent_by_depth_without_style_attributes()
    {
        var b = await app.Browser("organizer");
        var units = await b.GetStringAsync("/Units");
        Assert.Matches("<li data-depth=\"0\" id=\"unit-\\d+\">", units);
        Assert.Matches("<li data-depth=\"3\" id=\"unit-\\d+\">", units);
        Assert.Contains("/js/depth.js", units);
        var stats = await b.GetStringAsync("/Attendance/Stats/1");
        Assert.Matches("<td class=\"indent\" data-depth=\"1\">", stats);
        Assert.Contains("/js/depth.js", stats);
        var css = await app.Anonymous().GetStringAsync("/css/site.css");
        Assert.Contains("[data-depth=\"3\"] { --depth: 3; }", css);
        Assert.Contains("td.indent { padding-left: calc(var(--depth, 0) * 1em); }", css);
        var print = await b.GetStringAsync("/Timetable/Print/1");
        Assert.Contains("/css/timetable-print.css", print);
        Assert.Contains("@page { size: A4 portrait;", await app.Anonymous().GetStringAsync("/css/timetable-print.css"));
    }

    [Fact]
    public async Task The_QR_code_is_an_svg_without_style_attributes()
    {
        var r = await (await app.Api("headteacher")).GetAsync("/api/v1/sessions/1/qr");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var svg = (await r.ReadJsonAsync()).Value<string>("svg");
        Assert.StartsWith("<svg", svg.TrimStart());
        Assert.False(InlineStyle.IsMatch(svg), "the QR code's SVG has a style attribute, which the CSP would refuse once put in the page");
        Assert.DoesNotContain("<style", svg);
    }
}

public sealed class SecurityHeadersTests_Sqlite(SqliteDemo app) : SecurityHeadersTests(app), IClassFixture<SqliteDemo>;
public sealed class SecurityHeadersTests_Postgres(PostgresDemo app) : SecurityHeadersTests(app), IClassFixture<PostgresDemo>;
