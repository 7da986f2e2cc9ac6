using System.Net;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// attendance.xlsx of seed 000 (cohort 1, 90 trainees, 7 sessions, as the demo holds it): numbers as numbers, rates as
/// fractions formatted 0.0%, frozen header and name columns, print setup, each session's date and time.
/// </summary>
public abstract class AttendanceXlsxTests(TestApp app)
{
    private async Task<byte[]> XlsxAsync()
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance.xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Counts_and_rates_are_numbers_with_formats_and_the_sheets_print()
    {
        var bytes = await XlsxAsync();
        var trainees = SheetLayout.Open(bytes, "按学员");
        // Row 1 the title, row 2 the header, data from row 3: 序号 a number, 出勤率 (the last column) a fraction shown as 0.0%.
        Assert.Equal("序号", trainees.Text("A2"));
        Assert.Equal(1.0, trainees.Number("A3"));
        var last = trainees.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ElementAt(1).Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Count() - 1;
        var rate = Web.Infrastructure.Files.XlsxWriter.ColumnName(last);
        Assert.Equal("出勤率", trainees.Text(rate + "2"));
        Assert.InRange(trainees.Number(rate + "3")!.Value, 0.0, 1.0);
        Assert.Equal("0.0%", trainees.Format(trainees.Cell(rate + "3")!.StyleIndex?.Value));
        Assert.Equal("0", trainees.Format(trainees.Cell(Web.Infrastructure.Files.XlsxWriter.ColumnName(last - 1) + "3")!.StyleIndex?.Value));
        // Header rows and 序号/姓名/单位 frozen, widths set, landscape fit to width, title and header on every page.
        Assert.Equal(2.0, trainees.Frozen!.VerticalSplit!.Value);
        Assert.Equal(3.0, trainees.Frozen.HorizontalSplit!.Value);
        Assert.Equal("D3", trainees.Frozen.TopLeftCell!.Value);
        Assert.True(trainees.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>().Count() >= last + 1);
        Assert.True(trainees.LandscapeFitToWidth);
        Assert.Equal("'按学员'!$1:$2", trainees.PrintTitles);
        // A session's header: date, time and title on lines of their own, and a row high enough to print them all
        // (11 units a column: "新修订版社区品质生活场景星级标准使用方法", 20 characters, takes 4 lines, + date and time).
        Assert.StartsWith("6月7日\n08:30-08:45\n", trainees.Text("D2"));
        var headerRow = trainees.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ElementAt(1);
        Assert.True(headerRow.CustomHeight?.Value == true && headerRow.Height!.Value >= 6 * 15, $"header row {headerRow.Height?.Value} pt");

        // 按单位: the city first, its totals as numbers (630 expected, 628 attended → 0.9968…, shown 99.7%).
        var units = SheetLayout.Open(bytes, "按单位");
        Assert.Equal("鄂州市", units.Text("A3").Trim('　'));
        Assert.Equal(90.0, units.Number("B3"));
        Assert.Equal(630.0, units.Number("C3"));
        Assert.Equal(628.0, units.Number("D3"));
        Assert.Equal(628.0 / 630.0, units.Number("E3")!.Value, 3);
        Assert.Equal("0.0%", units.Format(units.Cell("E3")!.StyleIndex?.Value));
        Assert.True(units.LandscapeFitToWidth);
        Assert.Equal("'按单位'!$1:$2", units.PrintTitles);
        Assert.Equal("B3", units.Frozen!.TopLeftCell!.Value);
    }

    [Fact]
    public async Task The_by_session_sheet_has_each_sessions_date_and_time_in_the_class_time_zone()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await c.ExecuteScalarAsync<string>("SELECT time_zone FROM cohorts WHERE id = 1") ?? "Asia/Shanghai");
        var sessions = (await c.QueryAsync<(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Title)>(
            "SELECT starts_at, ends_at, title FROM sessions WHERE cohort_id = 1 AND sign_in_required = TRUE AND cancelled_at IS NULL ORDER BY starts_at")).ToList();
        var sheet = SheetLayout.Open(await XlsxAsync(), "按课程");
        Assert.Equal(["序号", "日期", "时间", "课程", "应到人次", "实到人次", "出勤率"], "ABCDEFG".Select(col => sheet.Text($"{col}2")));
        Assert.Equal(7, sessions.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            var row = i + 3;
            var start = TimeZoneInfo.ConvertTime(sessions[i].StartsAt, zone);
            var end = TimeZoneInfo.ConvertTime(sessions[i].EndsAt, zone);
            Assert.Equal(DateOnly.FromDateTime(start.DateTime).DayNumber - new DateOnly(1899, 12, 30).DayNumber, sheet.Number($"B{row}"));
            Assert.Equal("yyyy-mm-dd", sheet.Format(sheet.Cell($"B{row}")!.StyleIndex?.Value));
            Assert.Equal($"{start:HH:mm}-{end:HH:mm}", sheet.Text($"C{row}"));
            Assert.Equal(sessions[i].Title, sheet.Text($"D{row}"));
            Assert.Equal(90.0, sheet.Number($"E{row}"));
            Assert.Equal("0.0%", sheet.Format(sheet.Cell($"G{row}")!.StyleIndex?.Value));
        }
        Assert.StartsWith("2023-06-07", DateOnly.FromDayNumber(new DateOnly(1899, 12, 30).DayNumber + (int)sheet.Number("B3")!.Value).ToString("yyyy-MM-dd"));
        Assert.True(sheet.LandscapeFitToWidth);
        Assert.Equal("'按课程'!$1:$2", sheet.PrintTitles);
    }

    [Fact]
    public async Task A_name_that_looks_like_a_formula_stays_text()
    {
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("""
                UPDATE enrollments SET name = '=HYPERLINK("http://x","y")'
                WHERE id = (SELECT MIN(id) FROM enrollments WHERE cohort_id = 1 AND category = 'trainee' AND status = 'active')
                """);
        var sheet = SheetLayout.Open(await XlsxAsync(), "按学员");
        var names = sheet.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Where(x => x.CellReference!.Value!.StartsWith('B')).ToList();
        Assert.Contains(names, x => x.InlineString?.InnerText == "'=HYPERLINK(\"http://x\",\"y\")");
        Assert.DoesNotContain(names, x => x.CellFormula is not null || x.InlineString?.InnerText.StartsWith('=') == true);
    }
}

public sealed class AttendanceXlsxTests_Sqlite(SqliteDemo app) : AttendanceXlsxTests(app), IClassFixture<SqliteDemo>;
public sealed class AttendanceXlsxTests_Postgres(PostgresDemo app) : AttendanceXlsxTests(app), IClassFixture<PostgresDemo>;
