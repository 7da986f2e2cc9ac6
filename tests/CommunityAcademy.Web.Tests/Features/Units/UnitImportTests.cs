using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Units;

public abstract class UnitImportTests(TestApp app)
{
    private static string U() => Guid.NewGuid().ToString("N")[..5];

    private static byte[] Xlsx(params string[][] rows)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, escape: false, new XlsxWriter.Sheet("Sheet1", rows[0], rows.Skip(1).Select(r => (IReadOnlyList<string?>)r)));
        return ms.ToArray();
    }

    private async Task<HttpResponseMessage> Upload(byte[] bytes, string fileName, string user = "admin")
    {
        var c = await app.Api(user);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await c.PostAsync("/api/v1/units/import", form);
    }

    private async Task<int> UnitCount() => (await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync()).Count;

    [Fact]
    public async Task An_xlsx_tree_imports_with_parents_by_name_or_path_and_twice_is_harmless()
    {
        var town = "新" + U() + "镇";
        var bytes = Xlsx(
            ["单位名称", "上级单位", "类型"],
            [town, "鄂州市/华容区", ""],
            [town + "民政办", town, "部门"],
            ["东" + U() + "村", town, ""],
            ["", "", ""]);
        var before = await UnitCount();
        var r = await Upload(bytes, "tree.xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.ReadJsonAsync();
        Assert.Equal(3, body.Value<int>("created"));
        Assert.Equal(before + 3, await UnitCount());

        var again = await (await Upload(bytes, "tree.xlsx")).ReadJsonAsync();
        Assert.Equal(0, again.Value<int>("created"));
        Assert.Equal(3, again.Value<int>("existing"));
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_names_every_bad_row()
    {
        var town = "坏" + U() + "镇";
        var csv = "单位名称,上级单位,类型\n" +
                  $"{town},鄂州市/梁子湖区,\n" +     // row 2 fine
                  ",梁子湖区,\n" +                      // row 3 no name
                  "某村,不存在的镇,\n" +                 // row 4 unknown parent
                  "共益园,梁子湖区,\n" +                 // row 5 kind cannot be guessed
                  "某某,梁子湖区,星球\n" +               // row 6 unknown kind
                  "太和镇,梁子湖区,乡\n" +               // row 7 exists as another kind
                  "又一村,鄂州市,\n";                    // row 8 village directly under the city
        var before = await UnitCount();
        var r = await Upload(Encoding.UTF8.GetBytes(csv), "bad.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.ReadJsonAsync())["errors"]!.AsArray();
        Assert.Equal([3, 4, 5, 6, 7, 8], errors.Select(e => e.Value<int>("row")));
        Assert.Equal("单位名称", errors[0].Value<string>("column"));
        Assert.Contains("找不到上级单位“不存在的镇”", errors[1].Value<string>("message"));
        Assert.Contains("类型", errors[2].Value<string>("column"));
        Assert.Contains("星球", errors[3].Value<string>("message"));
        Assert.Contains("不能直接设在", errors[5].Value<string>("message"));
        Assert.Equal(before, await UnitCount());
    }

    [Fact]
    public async Task Gbk_csv_from_chinese_excel_and_utf8_with_bom_both_read()
    {
        var name1 = "甲" + U() + "镇";
        var gbk = SpreadsheetReader.Gb18030.GetBytes($"单位名称,上级单位\r\n{name1},华容区\r\n");
        Assert.Equal(HttpStatusCode.OK, (await Upload(gbk, "gbk.csv")).StatusCode);
        var name2 = "乙" + U() + "镇";
        var bom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"单位名称,上级单位\n{name2},华容区\n")).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await Upload(bom, "bom.csv")).StatusCode);
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        Assert.Contains(units, u => u.Value<string>("path") == $"鄂州市/华容区/{name1}");
        Assert.Contains(units, u => u.Value<string>("path") == $"鄂州市/华容区/{name2}");
    }

    [Fact]
    public async Task Headers_are_found_despite_spaces_full_width_letters_and_an_instructions_line()
    {
        var name = "丙" + U() + "镇";
        var csv = $"请按下表填写\n 单位 名称 ,上级单位　,\n{name},华容区,\n";
        Assert.Equal(HttpStatusCode.OK, (await Upload(Encoding.UTF8.GetBytes(csv), "h.csv")).StatusCode);
    }

    [Theory]
    [InlineData("random.xlsx")]
    [InlineData("random.csv")]
    [InlineData("random.xls")]
    public async Task Garbage_files_get_a_clear_message_not_a_500(string fileName)
    {
        var junk = new byte[4096];
        new Random(7).NextBytes(junk);
        var r = await Upload(junk, fileName);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.NotEmpty((await r.ReadJsonAsync())["errors"]!.AsArray());
    }

    [Fact]
    public async Task Empty_files_wrong_types_and_missing_columns_are_refused()
    {
        Assert.Contains("空", (await (await Upload([], "e.csv")).ReadJsonAsync())["errors"]![0]!.Value<string>("message"));
        Assert.Contains(".docx", (await (await Upload([1, 2, 3], "x.docx")).ReadJsonAsync())["errors"]![0]!.Value<string>("message"));
        var noHeader = await Upload(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "n.csv");
        Assert.Contains("找不到表头", (await noHeader.ReadJsonAsync())["errors"]![0]!.Value<string>("message"));
        var zipNotWorkbook = new MemoryStream();
        using (var z = new System.IO.Compression.ZipArchive(zipNotWorkbook, System.IO.Compression.ZipArchiveMode.Create, true))
            z.CreateEntry("hello.txt");
        Assert.Contains("不是 Excel", (await (await Upload(zipNotWorkbook.ToArray(), "z.xlsx")).ReadJsonAsync())["errors"]![0]!.Value<string>("message"));
    }

    [Fact]
    public async Task Contacts_and_trainees_may_not_import()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(Encoding.UTF8.GetBytes("单位名称\n某镇\n"), "a.csv", "contact-echeng")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(Encoding.UTF8.GetBytes("单位名称\n某镇\n"), "a.csv", "t001")).StatusCode);
    }

    [Fact]
    public async Task The_import_page_shows_row_errors_in_chinese()
    {
        var b = await app.Browser("organizer");
        var html = await b.GetStringAsync("/Units/Import");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("单位名称,上级单位\n某村,不存在的镇\n")), "Upload", "u.csv");
        var r = await b.PostAsync("/Units/Import", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var page = await r.Content.ReadAsStringAsync();
        Assert.Contains("找不到上级单位“不存在的镇”", page);
        Assert.Contains("<td>2</td>", page);
    }
}

public sealed class UnitImportTests_Sqlite(SqliteDemo app) : UnitImportTests(app), IClassFixture<SqliteDemo>;
public sealed class UnitImportTests_Postgres(PostgresDemo app) : UnitImportTests(app), IClassFixture<PostgresDemo>;
