using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>
/// Issue #13 point 9: a browser's 404/403/500 is a page in the site layout (zh-CN, or English with the language
/// cookie) with a way home and the same status; the API keeps problem+json, whose titles follow the language too.
/// Time zones show as 北京时间, downloads have Chinese names, and there is a favicon.
/// </summary>
public abstract class ErrorPagesTests(TestApp app)
{
    private static readonly Regex Han = new(@"\p{IsCJKUnifiedIdeographs}");

    private static HttpRequestMessage Page(string url, string? culture = null)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, url);
        m.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        if (culture is not null) m.Headers.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
        return m;
    }

    [Fact]
    public async Task A_form_posted_without_its_buttons_handler_is_a_404_page_not_a_500_and_an_unknown_get_handler_shows_the_page()
    {
        // the plan page has only named post handlers (Save, HandIn, Autosave); its form names one through the button pressed
        using var owner = await app.Browser("tcs01");
        var plan = await ScalarAsync("""
            SELECT s.id FROM review_submissions s JOIN groups g ON g.id = s.group_id JOIN group_members m ON m.group_id = g.id
            JOIN enrollments e ON e.id = m.enrollment_id JOIN users u ON u.id = e.user_id WHERE u.username = 'tcs01' ORDER BY s.id LIMIT 1
            """);
        var cohort = await ScalarAsync($"SELECT r.cohort_id FROM review_submissions s JOIN reviews r ON r.id = s.review_id WHERE s.id = {plan}");
        var url = $"/Reviews/Plan/{cohort}/{plan}";
        var posted = await TestApp.PostFormAsync(owner, url, new() { ["Sections[问题与背景]"] = "无按钮提交" });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url + "?handler=NoSuchThing")).StatusCode); // the page's own GET
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, sql);
    }

    [Fact]
    public async Task An_unknown_page_is_a_chinese_page_in_the_layout_with_a_way_home_and_stays_404()
    {
        var r = await app.Anonymous().SendAsync(Page("/no/such/page"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("class=\"topbar\"", html);                // the site layout
        Assert.Contains("/css/site.css", html);
        Assert.Contains("页面不存在", html);
        Assert.Contains("<a class=\"button\" href=\"/\">返回首页</a>", html);
        Assert.DoesNotContain("\"title\"", html);                  // not the problem JSON
    }

    [Fact]
    public async Task A_form_posted_to_an_unknown_page_gets_the_page_too()
    {
        var m = Page("/no/such/form");
        m.Method = HttpMethod.Post;
        m.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" });
        var r = await app.Anonymous().SendAsync(m);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("页面不存在", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_english_cookie_the_error_page_is_english()
    {
        var r = await app.Anonymous().SendAsync(Page("/no/such/page", "en"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Page not found", html);
        Assert.Contains("Back to the home page", html);
        var main = Regex.Match(html, "<main id=\"main\">(.*)</main>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotMatch(Han, main);
    }

    [Fact]
    public async Task The_api_and_clients_that_do_not_ask_for_html_keep_problem_json()
    {
        var anon = app.Anonymous();
        var api = await anon.SendAsync(Page("/api/v1/nope"));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var script = await anon.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_page_the_user_may_not_see_is_a_403_page_in_the_layout()
    {
        var trainee = await app.Browser("t001");
        var r = await trainee.SendAsync(Page("/Accounts/Users"));
        if (r.StatusCode == HttpStatusCode.Redirect) r = await trainee.SendAsync(Page(r.Headers.Location!.ToString()));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("class=\"topbar\"", html);
        Assert.Contains("href=\"/\"", html);
    }

    [Fact]
    public async Task Problem_titles_follow_the_language()
    {
        var anon = app.Anonymous();
        async Task<string> Title(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;

        var zh = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "organizer", password = "wrong-one" });
        Assert.Equal(HttpStatusCode.Unauthorized, zh.StatusCode);
        Assert.StartsWith("用户名或密码错误。", await Title(zh));

        var en = await anon.PostAsJsonAsync("/api/v1/auth/token?culture=en", new { username = "organizer", password = "wrong-one" });
        var enTitle = await Title(en);
        Assert.StartsWith("Wrong username or password.", enTitle);
        Assert.DoesNotMatch(Han, enTitle);

        var json = await anon.PostAsync("/api/v1/auth/token?culture=en", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.DoesNotMatch(Han, await Title(json));

        var required = await anon.PostAsJsonAsync("/api/v1/auth/token?culture=en", new { username = "", password = "" });
        Assert.Equal(HttpStatusCode.BadRequest, required.StatusCode);
        var body = await required.Content.ReadAsStringAsync();
        Assert.Contains("Required.", body);
        Assert.DoesNotMatch(Han, body);

        var organizer = await app.Api("organizer");
        var missing = await organizer.GetAsync("/api/v1/cohorts/987654/attendance/summary?culture=en");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Not found.", await Title(missing));
        var missingZh = await organizer.GetAsync("/api/v1/cohorts/987654/attendance/summary");
        Assert.Equal("未找到。", await Title(missingZh));
    }

    [Fact]
    public async Task The_class_page_names_the_time_zone_beijing_time()
    {
        var organizer = await app.Browser("organizer");
        var html = await (await organizer.GetAsync("/Cohorts/Details/1")).Content.ReadAsStringAsync();
        Assert.Contains("<dd>北京时间</dd>", html);
        Assert.DoesNotContain("Asia/Shanghai", html);
        var timetable = await (await organizer.GetAsync("/Timetable/1")).Content.ReadAsStringAsync();
        Assert.True(timetable.Contains("时间均为北京时间"), timetable);
        var en = await (await organizer.GetAsync("/Cohorts/Details/1?culture=en")).Content.ReadAsStringAsync();
        Assert.Contains("<dd>Beijing Time</dd>", en);
    }

    [Fact]
    public async Task Downloads_have_chinese_file_names()
    {
        const string title = "鄂州市城乡社区工作者场景塑造实务能力培训第二期";
        var organizer = await app.Api("organizer");
        async Task<string?> Name(string url)
        {
            var r = await organizer.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode}");
            return r.Content.Headers.ContentDisposition?.FileNameStar;
        }
        Assert.Equal($"违纪通报（{title}）.docx", await Name("/api/v1/cohorts/1/bulletin.docx"));
        Assert.Equal($"考勤统计（{title}）.xlsx", await Name("/api/v1/cohorts/1/attendance.xlsx"));
        Assert.Equal($"课程表（{title}）.ics", await Name("/api/v1/cohorts/1/timetable.ics"));
        Assert.Equal($"参训名单（{title}）.xlsx", await Name("/api/v1/cohorts/1/roster.xlsx"));
        Assert.Equal($"{title}（预通知）.docx", await Name("/api/v1/cohorts/1/notice.docx"));
    }

    [Fact]
    public async Task The_favicon_is_served_and_the_layout_links_it()
    {
        var anon = app.Anonymous();
        var r = await anon.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/x-icon", r.Content.Headers.ContentType?.MediaType);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // an ICO header
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", await anon.GetStringAsync("/Accounts/Login"));
    }
}

public sealed class ErrorPagesTests_Sqlite(SqliteDemo app) : ErrorPagesTests(app), IClassFixture<SqliteDemo>;
public sealed class ErrorPagesTests_Postgres(PostgresDemo app) : ErrorPagesTests(app), IClassFixture<PostgresDemo>;

/// <summary>The application with one extra route, registered only here, that throws (production has none).</summary>
public class ThrowingApp(string provider) : TestApp(provider, demo: false)
{
    public const string Secret = "secret-detail-4711";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, Thrower>());
    }

    private sealed class Thrower : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext http, RequestDelegate _) =>
                http.Request.Path == "/test-only/boom" ? throw new InvalidOperationException(Secret) : Task.CompletedTask);
        };
    }
}
public sealed class SqliteThrowingApp() : ThrowingApp("sqlite");
public sealed class PostgresThrowingApp() : ThrowingApp("postgres");

public abstract class ServerErrorPageTests(ThrowingApp app)
{
    [Fact]
    public async Task A_server_error_is_a_500_page_in_the_layout_that_shows_nothing_of_the_exception()
    {
        var m = new HttpRequestMessage(HttpMethod.Get, "/test-only/boom");
        m.Headers.Accept.ParseAdd("text/html");
        var r = await app.Anonymous().SendAsync(m);
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("系统出错了", html);
        Assert.Contains("href=\"/\"", html);
        Assert.DoesNotContain(ThrowingApp.Secret, html);
        Assert.DoesNotContain("InvalidOperationException", html);

        var api = await app.Anonymous().GetAsync("/test-only/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(ThrowingApp.Secret, await api.Content.ReadAsStringAsync());
    }
}

public sealed class ServerErrorPageTests_Sqlite(SqliteThrowingApp app) : ServerErrorPageTests(app), IClassFixture<SqliteThrowingApp>;
public sealed class ServerErrorPageTests_Postgres(PostgresThrowingApp app) : ServerErrorPageTests(app), IClassFixture<PostgresThrowingApp>;
