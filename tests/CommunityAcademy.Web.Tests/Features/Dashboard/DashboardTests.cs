using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityAcademy.Web.Tests.Features.Dashboard;

/// <summary>
/// The organizer's dashboard (#24 point 2) on the demo: seed 000's class (2023) read by district as the statistics page
/// reads it (630 counted, 628 attended); who sees what; the year; the drill-down to a district's units and classes; the
/// satisfaction by instructor as the surveys count it (seed 003's survey); the .xlsx with its cells escaped.
/// </summary>
public abstract partial class DashboardTests(TestApp app)
{
    private const long Seed000 = 1;

    [GeneratedRegex("<tr data-unit=\"(\\d+)\"><td>\\s*(?:<a [^>]*>)?([^<]+?)(?:</a>)?\\s*</td>\\s*<td>(\\d+)</td><td class=\"counted\">(\\d+)</td><td class=\"attended\">(\\d+)</td>")]
    private static partial Regex AreaRow();

    [GeneratedRegex("<tr data-cohort=\"(\\d+)\"><td><a href=\"/Cohorts/Details/(\\d+)\">[^<]*</a></td><td>[^<]*</td><td>(\\d+)</td>\\s*<td class=\"counted\">(\\d+)</td><td class=\"attended\">(\\d+)</td>")]
    private static partial Regex AreaClassRow();

    private static List<(long Unit, string Name, int Trainees, int Counted, int Attended)> Areas(string html) =>
        AreaRow().Matches(html).Select(m => (long.Parse(m.Groups[1].Value), m.Groups[2].Value.Trim(), int.Parse(m.Groups[3].Value),
            int.Parse(m.Groups[4].Value), int.Parse(m.Groups[5].Value))).ToList();

    private async Task<string> PageAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode} {string.Join("\n", app.Logs.Lines.Where(l => l.Contains("xception")).TakeLast(2))}");
        var html = await r.Content.ReadAsStringAsync();
        return html;
    }

    [Fact]
    public async Task Seed_000s_figures_by_district_equal_the_statistics_pages()
    {
        var summary = await app.Get<AttendanceReports>().SummaryAsync((await app.Get<CohortStore>().FindAsync(Seed000))!);
        Assert.Equal((630, 628), (summary.Counted, summary.Attended));
        var tree = await app.Get<UnitStore>().TreeAsync();
        var districts = summary.Units.Where(u => tree.DistrictOf(u.UnitId)?.Id == u.UnitId)
            .Select(u => (u.UnitId, u.Name, u.Trainees, u.Counted, u.Attended)).ToList();
        Assert.Equal(5, districts.Count);

        var html = await PageAsync(await app.Browser("organizer"), "/Dashboard?year=2023");
        Assert.Equal(districts, Areas(html));
        Assert.Contains("<strong id=\"fig-classes\">1</strong>", html);
        Assert.Contains("<strong id=\"fig-people\">90</strong>", html);
        Assert.Contains("<strong id=\"fig-attendance\">99.7%</strong>", html);
        Assert.Contains($"<tr data-cohort=\"{Seed000}\">", html);
        Assert.Contains("应到 630 人次，实到 628 人次", html);
    }

    [Fact]
    public async Task Study_hours_are_the_ledgers()
    {
        await app.Get<AttendanceSettlement>().SettleDueAsync(Seed000);
        await app.Get<CommunityAcademy.Web.Features.Ledger.LedgerStore>().RefreshAsync(Seed000, force: true);
        var ledger = await app.Get<CommunityAcademy.Web.Features.Ledger.LedgerStore>().ClassAsync(Seed000);
        var total = ledger.Rows.Sum(r => r.TotalX10);
        Assert.True(total > 0);
        var html = await PageAsync(await app.Browser("organizer"), "/Dashboard?year=2023");
        Assert.Contains($"<strong id=\"fig-hours\">{(total / 10m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}</strong>", html);
    }

    [Fact]
    public async Task An_organizer_of_another_unit_sees_none_of_them_and_contacts_and_trainees_are_refused()
    {
        var html = await PageAsync(await app.Browser(Seed001.Organizer), "/Dashboard?year=2023");
        Assert.Contains("<strong id=\"fig-classes\">0</strong>", html);
        Assert.Empty(Areas(html));
        Assert.DoesNotContain($"data-cohort=\"{Seed000}\"", html);
        var echeng = (await app.Get<UnitStore>().TreeAsync()).InOrder().First(u => u.Name == "鄂城区").Id;
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser(Seed001.Organizer)).GetAsync($"/Dashboard?year=2023&unit={echeng}")).StatusCode);
        foreach (var user in new[] { "contact-echeng", "t001", "headteacher" })
        {
            var r = await (await app.Browser(user)).GetAsync("/Dashboard?year=2023");
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/Accounts/AccessDenied"), $"{user}: {(int)r.StatusCode}");
        }
        Assert.Contains("/Accounts/Login", (await app.Anonymous().GetAsync("/Dashboard")).Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_year_chooses_the_classes_and_defaults_to_this_year_in_Beijing()
    {
        var organizer = await app.Browser("organizer");
        var thisYear = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Year;
        var now = await PageAsync(organizer, "/Dashboard");
        Assert.Contains($"<option value=\"{thisYear}\" selected=\"selected\">", now);
        Assert.DoesNotContain($"data-cohort=\"{Seed000}\"", now);
        var earlier = await PageAsync(organizer, "/Dashboard?year=2022");
        Assert.Contains("<strong id=\"fig-classes\">0</strong>", earlier);
        Assert.Contains($"data-cohort=\"{Seed000}\"", await PageAsync(organizer, "/Dashboard?year=2023"));
        Assert.Equal(HttpStatusCode.BadRequest, (await organizer.GetAsync("/Dashboard?year=1900")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await organizer.GetAsync("/Dashboard?year=abc")).StatusCode);
    }

    [Fact]
    public async Task A_district_drills_down_to_its_units_and_classes()
    {
        var summary = await app.Get<AttendanceReports>().SummaryAsync((await app.Get<CohortStore>().FindAsync(Seed000))!);
        var tree = await app.Get<UnitStore>().TreeAsync();
        var echeng = tree.InOrder().First(u => u.Name == "鄂城区");
        var organizer = await app.Browser("organizer");
        var top = await PageAsync(organizer, "/Dashboard?year=2023");
        Assert.Contains($"href=\"/Dashboard?year=2023&amp;unit={echeng.Id}\"", top);

        var html = await PageAsync(organizer, $"/Dashboard?year=2023&unit={echeng.Id}");
        var rows = Areas(html);
        Assert.NotEmpty(rows);
        // each row is a unit right below 鄂城区 (or 鄂城区 itself), with the statistics page's figures of its subtree
        foreach (var row in rows)
        {
            Assert.True(row.Unit == echeng.Id || tree.Find(row.Unit)!.ParentId == echeng.Id, row.Name);
            var expected = summary.Units.Single(u => u.UnitId == row.Unit);
            Assert.Equal((expected.Trainees, expected.Counted, expected.Attended), (row.Trainees, row.Counted, row.Attended));
        }
        var district = summary.Units.Single(u => u.UnitId == echeng.Id);
        Assert.Equal(district.Trainees, rows.Sum(r => r.Trainees));
        Assert.Contains("<strong>鄂城区</strong>", html); // the breadcrumbs end at the unit chosen
        var classes = AreaClassRow().Matches(html).ToList();
        Assert.Single(classes);
        Assert.Equal(Seed000.ToString(), classes[0].Groups[2].Value);
        Assert.Equal((district.Trainees, district.Counted, district.Attended),
            (int.Parse(classes[0].Groups[3].Value), int.Parse(classes[0].Groups[4].Value), int.Parse(classes[0].Groups[5].Value)));

        // one level further: a street of 鄂城区
        var street = rows.First(r => r.Unit != echeng.Id && tree.Children(r.Unit).Count > 0);
        var deeper = Areas(await PageAsync(organizer, $"/Dashboard?year=2023&unit={street.Unit}"));
        Assert.Equal(street.Counted, deeper.Sum(r => r.Counted));
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.GetAsync("/Dashboard?year=2023&unit=999999")).StatusCode);
    }

    [Fact]
    public async Task Satisfaction_by_instructor_is_the_surveys_rating()
    {
        // seed 003's survey rates its sessions; two instructors are put on two rated sessions of the class for this test
        long a, b;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var sessions = (await c.QueryAsync<long>("""
                SELECT DISTINCT a.session_id FROM survey_answers a JOIN surveys sv ON sv.id = a.survey_id JOIN cohorts co ON co.id = sv.cohort_id
                WHERE co.title = @t AND a.counted = @yes AND a.aspect = 'instructor' ORDER BY a.session_id
                """, new { t = Seed003.Title, yes = true })).ToList();
            Assert.True(sessions.Count >= 2, $"{sessions.Count} rated sessions");
            a = await c.ExecuteScalarAsync<long>("INSERT INTO instructors (name, created_at) VALUES ('仪表盘测试讲师甲', @now) RETURNING id", new { now = app.Clock.GetUtcNow() });
            b = await c.ExecuteScalarAsync<long>("INSERT INTO instructors (name, created_at) VALUES ('仪表盘测试讲师乙', @now) RETURNING id", new { now = app.Clock.GetUtcNow() });
            await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@s, @i, 99)", new { s = sessions[0], i = a });
            await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@s, @i, 99)", new { s = sessions[1], i = b });
            await c.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@s, @i, 99)", new { s = sessions[1], i = a });
        }
        try
        {
            var expected = await app.Get<SurveyRatings>().ByInstructorAsync();
            Assert.True(expected.ContainsKey(a) && expected.ContainsKey(b));
            var html = await PageAsync(await app.Browser(Seed003.Organizer), "/Dashboard");
            var rows = Regex.Matches(html, "<tr data-instructor=\"(\\d+)\"><td>[^<]*</td><td>([0-9.]+)</td><td>(\\d+)</td>")
                .ToDictionary(m => long.Parse(m.Groups[1].Value), m => (m.Groups[2].Value, long.Parse(m.Groups[3].Value)));
            foreach (var id in new[] { a, b })
                Assert.Equal((expected[id].Mean.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), expected[id].Count), rows[id]);
            Assert.Matches("<td class=\"satisfaction\">[1-5]\\.\\d\\d", html);
            // another office's dashboard shows none of them
            Assert.DoesNotContain($"data-instructor=\"{a}\"", await PageAsync(await app.Browser("organizer"), "/Dashboard"));
        }
        finally
        {
            await using var c = await app.Get<Db>().OpenAsync();
            await c.ExecuteAsync("DELETE FROM session_instructors WHERE instructor_id IN (@a, @b)", new { a, b });
            await c.ExecuteAsync("DELETE FROM instructors WHERE id IN (@a, @b)", new { a, b });
        }
    }

    [Fact]
    public async Task The_xlsx_holds_the_tables_with_their_cells_escaped()
    {
        string original;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            original = await c.ExecuteScalarAsync<string>("SELECT title FROM cohorts WHERE id = @id", new { id = Seed000 }) ?? "";
            await c.ExecuteAsync("UPDATE cohorts SET title = @t WHERE id = @id", new { t = "=HYPERLINK(\"http://x\",\"y\")", id = Seed000 });
        }
        try
        {
            var organizer = await app.Browser("organizer");
            var r = await organizer.GetAsync("/Dashboard?year=2023&handler=Xlsx");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r.Content.Headers.ContentType!.MediaType);
            var bytes = await r.Content.ReadAsByteArrayAsync();
            using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
            var names = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
            Assert.Contains("培训班", names);
            Assert.Contains("出勤（按地区）", names);
            var texts = doc.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>())
                .Select(x => x.InlineString?.InnerText ?? x.CellValue?.Text).ToList();
            Assert.Contains("'=HYPERLINK(\"http://x\",\"y\")", texts);
            Assert.DoesNotContain("=HYPERLINK(\"http://x\",\"y\")", texts);
            Assert.Contains("鄂城区", texts);
            Assert.Contains("630", texts);

            var part = await organizer.GetAsync("/Dashboard?year=2023&handler=Xlsx&part=areas");
            using var one = SpreadsheetDocument.Open(new MemoryStream(await part.Content.ReadAsByteArrayAsync()), false);
            Assert.Equal(["出勤（按地区）"], one.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList());
            Assert.Equal(HttpStatusCode.BadRequest, (await organizer.GetAsync("/Dashboard?year=2023&handler=Xlsx&part=nope")).StatusCode);
            var contact = await (await app.Browser("contact-echeng")).GetAsync("/Dashboard?year=2023&handler=Xlsx");
            Assert.Contains("/Accounts/AccessDenied", contact.Headers.Location!.ToString());
        }
        finally
        {
            await using var c = await app.Get<Db>().OpenAsync();
            await c.ExecuteAsync("UPDATE cohorts SET title = @t WHERE id = @id", new { t = original, id = Seed000 });
        }
    }

    [Fact]
    public async Task The_home_page_and_the_menu_link_the_dashboard()
    {
        var html = await PageAsync(await app.Browser("organizer"), "/");
        Assert.Contains("id=\"home-dashboard\" href=\"/Dashboard\"", html);
        Assert.Contains("href=\"/Dashboard\" id=\"nav-dashboard\"", html);
        Assert.DoesNotContain("nav-dashboard", await PageAsync(await app.Browser("t001"), "/"));
    }
}

public sealed class DashboardTests_Sqlite(SqliteDemo app) : DashboardTests(app), IClassFixture<SqliteDemo>;
public sealed class DashboardTests_Postgres(PostgresDemo app) : DashboardTests(app), IClassFixture<PostgresDemo>;
