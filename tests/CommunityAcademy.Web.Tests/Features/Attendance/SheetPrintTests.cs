using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// Issue #15, the paper sign-in sheet as printed from the browser: the class and venue above, A4, columns that fit the
/// page (备注 included), the header row on every page, a 打印 button without inline script.
/// </summary>
public abstract class SheetPrintTests(TestApp app)
{
    private sealed class Seed { public long Session { get; init; } public string Title { get; init; } = ""; public string? Venue { get; init; } }

    private async Task<Seed> SeedSessionAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.QuerySingleAsync<Seed>("""
            SELECT s.id AS session, c.title, COALESCE(NULLIF(s.venue, ''), c.venue) AS venue
            FROM sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.id = 1 ORDER BY s.starts_at, s.id LIMIT 1
            """);
    }

    [Fact]
    public async Task The_sheet_names_the_class_and_venue_has_a_remarks_column_and_a_print_button()
    {
        var seed = await SeedSessionAsync();
        Assert.False(string.IsNullOrWhiteSpace(seed.Venue));
        var html = WebUtility.HtmlDecode(await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Sheet/{seed.Session}"));
        Assert.Contains($"id=\"sheet-class\">{seed.Title}<", html);
        Assert.Contains($"地点：{seed.Venue}", html);
        var table = html[html.IndexOf("id=\"sheet\"", StringComparison.Ordinal)..html.IndexOf("</table>", html.IndexOf("id=\"sheet\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        var head = Regex.Match(table, "<thead>(.*?)</thead>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(["序号", "单位", "姓名", "签到", "签退", "备注"], Regex.Matches(head, "<th[^>]*>([^<]*)</th>").Select(m => m.Groups[1].Value));
        Assert.All(Regex.Matches(table, "<tr><td>\\d+</td>.*?</tr>").Select(m => m.Value), row => Assert.Equal(6, Regex.Matches(row, "<td>").Count));
        Assert.Equal(90, Regex.Matches(table, "<tr><td>\\d+</td>").Count); // seed 000: 90 trainees, one sheet for the session
        Assert.Contains("data-print", html);
        Assert.Contains("/js/print.js", html);
        Assert.DoesNotContain("onclick", html);
        var js = await (await app.Browser("headteacher")).GetStringAsync("/js/print.js");
        Assert.Contains("window.print()", js);
    }

    [Fact]
    public async Task The_stylesheet_prints_on_a4_with_the_header_on_every_page_and_columns_within_the_page()
    {
        var css = await app.Anonymous().GetStringAsync("/css/attendance.css");
        var page = Regex.Match(css, @"@page\s*\{([^}]*)\}");
        Assert.True(page.Success, "an @page rule");
        Assert.Contains("A4", page.Groups[1].Value);
        var margin = int.Parse(Regex.Match(page.Groups[1].Value, @"margin:\s*(\d+)mm").Groups[1].Value);
        Assert.Matches(@"\.sheet thead\s*\{\s*display:\s*table-header-group", css);
        Assert.Contains("table-layout: fixed", css);
        var widths = Regex.Matches(css, @"\.sheet col\.c-(\w+)\s*\{\s*width:\s*(\d+)mm").ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        // one column each, two signature columns (签到, 签退): within the 210 mm page less its margins
        var total = widths.Values.Sum() + widths["sign"];
        Assert.True(total <= 210 - 2 * margin, $"{total} mm of columns on {210 - 2 * margin} mm");
        Assert.True(widths["unit"] < 50, "a narrower 单位 column");
        Assert.True(widths.ContainsKey("note"), "备注");
    }
}

public sealed class SheetPrintTests_Sqlite(SqliteDemo app) : SheetPrintTests(app), IClassFixture<SqliteDemo>;
public sealed class SheetPrintTests_Postgres(PostgresDemo app) : SheetPrintTests(app), IClassFixture<PostgresDemo>;
