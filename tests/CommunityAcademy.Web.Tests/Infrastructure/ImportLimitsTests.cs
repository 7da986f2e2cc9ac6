using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Web.Tests.Infrastructure;

/// <summary>Security issue #12 point 2: a sheet is measured before it is read, and refused when over a limit.</summary>
public class SheetGuardTests
{
    /// <summary>The file: about 1.5 KB, cells only at A1 and XFD10000.</summary>
    public static byte[] Bomb(string? dimension = "A1:XFD10000") => RawXlsx.Build(RawXlsx.Sheet(dimension, "A1", "XFD10000"));

    private static SpreadsheetException Refused(byte[] bytes, string name = "x.xlsx", ImportLimits? limits = null, long maxAllocated = 24L * 1024 * 1024)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<SpreadsheetException>(() => SpreadsheetReader.Read(new MemoryStream(bytes), name, limits).ToList());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxAllocated, $"{allocated / 1024 / 1024} MB allocated to refuse it");
        return e;
    }

    [Fact]
    public void The_small_sheet_with_a_cell_at_XFD10000_is_refused_on_its_dimension_without_materialising_it()
    {
        var bytes = Bomb();
        Assert.InRange(bytes.Length, 500, 2048);
        var e = Refused(bytes);
        Assert.Equal("Import.TooManyColumns", e.Rule!.Code);
        Assert.Equal([64, 16384, "XFD"], e.Rule.Args);
        Assert.Contains("最多 64 列", e.Message);
        // The same workbook with its far cell inside the limits reads: the file itself is well-formed.
        var small = Workbooks.Read(RawXlsx.Build(RawXlsx.Sheet("A1:C3", "A1", "C3")));
        Assert.Equal([["A1", "", ""], ["", "", ""], ["", "", "C3"]], small.Select(r => r.Cells.ToArray()));
    }

    [Fact]
    public void Renamed_to_xls_it_is_still_measured_as_a_workbook()
    {
        var limits = new ImportLimits { MaxUnzippedBytes = 1024 * 1024 };
        var padded = RawXlsx.Sheet(null, "A1").Replace("<sheetData>", new string(' ', 2 * 1024 * 1024) + "<sheetData>");
        Assert.Equal("Import.TooLarge", Refused(RawXlsx.Build(padded), "x.xls", limits).Rule!.Code);
        Assert.Equal("Import.TooManyColumns", Refused(Bomb(), "x.xls").Rule!.Code);
    }

    [Theory]
    [InlineData(null)]   // no dimension at all
    [InlineData("A1")]   // a dimension that lies
    public void Without_a_true_dimension_the_streaming_count_refuses_it(string? dimension)
    {
        var e = Refused(Bomb(dimension));
        Assert.Equal("Import.TooManyColumns", e.Rule!.Code);
    }

    [Fact]
    public void A_sparse_sheet_deep_down_is_refused_on_rows_and_one_wide_and_deep_on_cells()
    {
        Assert.Equal("Import.TooManyRows", Refused(RawXlsx.Build(RawXlsx.Sheet(null, "A1", "B1048576"))).Rule!.Code);
        Assert.Equal("Import.TooManyRows", Refused(RawXlsx.Build(RawXlsx.Sheet("A1:B200001", "A1"))).Rule!.Code);
        // 31,251 rows × 64 columns = 2,000,064 cells: every row would be materialised 64 wide.
        Assert.Equal("Import.TooManyCells", Refused(RawXlsx.Build(RawXlsx.Sheet(null, "A1", "BL31251"))).Rule!.Code);
    }

    [Fact]
    public void Two_hundred_thousand_rows_pass_the_count_and_one_more_is_refused()
    {
        var ok = RawXlsx.Build(RawXlsx.Rows(200_000));
        SheetGuard.CheckXlsx(ok, ok.Length, ImportLimits.Default); // no exception: exactly at the limit
        var e = Refused(RawXlsx.Build(RawXlsx.Rows(200_001)), maxAllocated: 96L * 1024 * 1024);
        Assert.Equal("Import.TooManyRows", e.Rule!.Code);
        Assert.Contains("最多 200,000 行", e.Message);
    }

    [Fact]
    public void Sixty_four_columns_read_and_sixty_five_are_refused()
    {
        static byte[] wide(int n) => Workbooks.Xlsx(Enumerable.Range(1, n).Select(i => $"列{i}").ToList(), [Enumerable.Range(1, n).Select(i => (string?)i.ToString()).ToList()]);
        Assert.Equal(64, Workbooks.Read(wide(64))[1].Cells.Count);
        var e = Refused(wide(65));
        Assert.Equal(("Import.TooManyColumns", 65), (e.Rule!.Code, (int)e.Rule.Args[1]));
        var csv = Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(1, 65)) + "\n");
        Assert.Equal("Import.TooManyColumns", Refused(csv, "x.csv").Rule!.Code);
        Assert.Equal(64, Workbooks.Read(Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(1, 64)) + "\n"), "x.csv")[0].Cells.Count);
    }

    [Fact]
    public void A_csv_is_counted_before_it_is_read()
    {
        // One line of a million commas: the reader would hold a million fields for each separator it tries.
        Assert.Equal("Import.TooManyColumns", Refused(Encoding.UTF8.GetBytes(new string(',', 1_000_000)), "x.csv").Rule!.Code);
        Assert.Equal("Import.TooManyColumns", Refused(Encoding.UTF8.GetBytes("a\tb\n" + new string('\t', 70) + "\n"), "x.txt").Rule!.Code);
        var rows = new StringBuilder();
        for (var i = 0; i < 200_001; i++) rows.Append("1\n");
        Assert.Equal("Import.TooManyRows", Refused(Encoding.UTF8.GetBytes(rows.ToString()), "x.csv", maxAllocated: 64L * 1024 * 1024).Rule!.Code);
        // Separators and line breaks inside quotes are text.
        var quoted = "单位,备注\r\n滨湖社区,\"" + new string(',', 100) + "\r\n第二行\"\r\n";
        var read = Workbooks.Read(Encoding.UTF8.GetBytes(quoted), "x.csv");
        Assert.Equal(2, read.Count);
        Assert.Equal(new string(',', 100) + "\r\n第二行", read[1][1]);
    }

    [Fact]
    public void Unzipped_parts_are_counted_against_their_budget()
    {
        var limits = new ImportLimits { MaxUnzippedBytes = 1024 * 1024 };
        var padded = RawXlsx.Sheet(null, "A1").Replace("<sheetData>", new string(' ', 2 * 1024 * 1024) + "<sheetData>");
        Assert.Equal("Import.TooLarge", Refused(RawXlsx.Build(padded), limits: limits).Rule!.Code);
        var strings = ("xl/sharedStrings.xml", "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + string.Concat(Enumerable.Repeat("<si><t>x</t></si>", 200_000)) + "</sst>");
        Assert.Equal("Import.TooLarge", Refused(RawXlsx.Build(RawXlsx.Sheet(null, "A1"), strings), limits: limits).Rule!.Code);
        Assert.Single(SpreadsheetReader.Read(new MemoryStream(RawXlsx.Build(RawXlsx.Sheet(null, "A1"), strings)), "x.xlsx").ToList());
    }

    [Fact]
    public void Every_limit_is_configurable_under_Imports()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Imports:MaxRows"] = "3", ["Imports:MaxColumns"] = "2", ["Imports:MaxCells"] = "5", ["Imports:MaxUnzippedBytes"] = "1000000",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddAppWeb().BuildServiceProvider();
        var upload = sp.GetRequiredService<SheetUpload>();
        Assert.Equal((3, 2, 5L, 1_000_000L), (upload.Limits.MaxRows, upload.Limits.MaxColumns, upload.Limits.MaxCells, upload.Limits.MaxUnzippedBytes));
        var (rows, error) = upload.Read(new MemoryStream(Encoding.UTF8.GetBytes("a\nb\nc\nd\n")), "x.csv");
        Assert.Empty(rows);
        Assert.Equal((0, null), (error!.Row, error.Column));
        Assert.Contains("最多 3 行", error.Message);
        Assert.Equal(3, upload.Read(new MemoryStream(Encoding.UTF8.GetBytes("a\nb\nc\n")), "x.csv").Rows.Count);

        var defaults = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddAppWeb().BuildServiceProvider();
        var d = defaults.GetRequiredService<SheetUpload>().Limits;
        Assert.Equal((200_000, 64, 2_000_000L), (d.MaxRows, d.MaxColumns, d.MaxCells));
    }

    [Fact]
    public void Cell_references_are_read_as_excel_numbers()
    {
        Assert.Equal((10000L, 16384L), SheetGuard.Reference("XFD10000"));
        Assert.Equal((2L, 2L), SheetGuard.Reference("$B$2"));
        Assert.Equal((1L, 27L), SheetGuard.Reference("AA1"));
        Assert.Null(SheetGuard.Reference("1A"));
        Assert.Null(SheetGuard.Reference("A"));
    }
}

/// <summary>Every import refuses the file the same way — a normal 422 without row or column, in the user's language — and stores nothing.</summary>
public abstract class ImportLimitsApiTests(TestApp app)
{
    private static MultipartFormDataContent Form(byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private async Task<long> Count(string sql)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory]
    [InlineData("organizer", "/api/v1/cohorts/1/receipts")]
    [InlineData("organizer", "/api/v1/cohorts/1/quotas/import")]
    [InlineData("organizer", "/api/v1/cohorts/1/sessions/import")]
    [InlineData("admin", "/api/v1/units/import")]
    public async Task The_small_sheet_that_would_exhaust_memory_is_a_422_everywhere_and_nothing_is_stored(string user, string path)
    {
        const string counts = "SELECT (SELECT COUNT(*) FROM receipts) + (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM sessions) + (SELECT COUNT(*) FROM quota_lines)";
        var before = await Count(counts);
        var c = await app.Api(user);
        var r = await c.PostAsync(path, Form(SheetGuardTests.Bomb(), "回执.xlsx"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var e = Assert.Single((await r.ReadJsonAsync())["errors"]!.AsArray());
        Assert.Equal((0, null), (e.Value<int>("row"), e.Value<string?>("column")));
        Assert.Contains("最多 64 列", e.Value<string>("message"));
        Assert.Equal(before, await Count(counts));

        var en = await c.PostAsync(path + "?culture=en", Form(SheetGuardTests.Bomb(), "receipt.xlsx"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, en.StatusCode);
        Assert.Contains("import limit of 64 columns (it uses column 16,384, XFD)", (await en.ReadJsonAsync())["errors"]![0].Value<string>("message"));
    }

    [Fact]
    public async Task A_file_with_more_than_a_thousand_bad_rows_lists_the_first_thousand_and_the_total()
    {
        var csv = new StringBuilder("单位名称,上级单位,类型\n");
        for (var i = 0; i < 1500; i++) csv.Append(",梁子湖区,\n"); // no name: 1,500 errors
        var r = await (await app.Api("admin")).PostAsync("/api/v1/units/import", Form(Encoding.UTF8.GetBytes(csv.ToString()), "units.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var body = await r.ReadJsonAsync();
        Assert.Equal(1000, body["errors"]!.AsArray().Count);
        Assert.Equal(1500, body.Value<int>("total"));
        Assert.Equal(1001, body["errors"]![999].Value<int>("row"));
    }

    [Fact]
    public async Task The_import_page_says_how_many_more_errors_there_are()
    {
        var cohort = await Features.Timetable.TimetableKit.CreateCohortAsync(app, "错误上限", "2025-09-01", "2025-09-02");
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync($"/Timetable/Import/{cohort}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var csv = new StringBuilder("日期,时间,课程安排\n");
        for (var i = 0; i < 1001; i++) csv.Append("2025-09-05,09:00-11:00,班期之外\n");
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "Upload", "t.csv" },
        };
        var r = await b.PostAsync($"/Timetable/Import/{cohort}", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("共 1,001 处错误，仅列出前 1,000 处。", html);
        Assert.Equal(1000, System.Text.RegularExpressions.Regex.Matches(html, "不是本班的培训日").Count);
    }
}

public sealed class ImportLimitsApiTests_Sqlite(SqliteDemo app) : ImportLimitsApiTests(app), IClassFixture<SqliteDemo>;
public sealed class ImportLimitsApiTests_Postgres(PostgresDemo app) : ImportLimitsApiTests(app), IClassFixture<PostgresDemo>;
