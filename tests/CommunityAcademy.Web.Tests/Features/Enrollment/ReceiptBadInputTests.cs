using System.Net;
using System.Net.Http.Json;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>Every kind of bad receipt gets a clear Chinese message and changes nothing.</summary>
public abstract class ReceiptBadInputTests(TestApp app)
{
    private const string Committee = "主任及分管的“两委”成员";
    private static readonly string[] Header = ["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"];

    private async Task<long> SmallClassAsync()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        var r = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "测试项目", title = "回执测试班" + Guid.NewGuid().ToString("N")[..4], startDate = "2030-01-07", endDate = "2030-01-08",
            categories = new[] { new { category = "trainee", headcount = 4 } },
            quotas = new[] { new { unitId = id("滨湖社区"), position = Committee, places = 2 }, new { unitId = id("南塔社区"), position = Committee, places = 2 } },
            submitters = new[] { new { scopeUnitId = id("鄂城区"), submitterUnitId = id("鄂城区民政局") } },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var created = (await r.ReadJsonAsync()).Value<long>("id");
        await app.PutDemoStaffOnAsync(created); // staff see only the classes they are on
        return created;
    }

    private async Task<HttpResponseMessage> Upload(long cohort, byte[] bytes, string name, string user = "contact-echeng")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        return await (await app.Api(user)).PostAsync($"/api/v1/cohorts/{cohort}/receipts", form);
    }

    private async Task<long> Receipts(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE cohort_id = @cohort", new { cohort });
    }

    private static IReadOnlyList<string?> Row(string unit, string name, string phone, string position = Committee, string id = "") =>
        ["1", unit, name, position, phone, "", id];

    public static TheoryData<string, string, string> Files => new()
    {
        { "random", "r.xlsx", "不是 Excel" },
        { "random", "r.xls", "无法读取" },
        { "zip", "z.xlsx", "不是 Excel" },
        { "empty", "e.csv", "空" },
        { "noheader", "h.csv", "找不到表头" },
        { "nobody", "n.csv", "没有填写任何参训人员" },
        { "huge", "big.xlsx", "文件过大" },
        { "type", "notice.pdf", "不支持的文件类型" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Unreadable_files_are_refused_with_a_message_and_nothing_stored(string kind, string name, string message)
    {
        var cohort = await SmallClassAsync();
        byte[] bytes = kind switch
        {
            "random" => RandomBytes(8192),
            "zip" => ZipWith("readme.txt"),
            "empty" => [],
            "noheader" => Encoding.UTF8.GetBytes("a,b,c\n1,2,3\n"),
            "nobody" => Encoding.UTF8.GetBytes("序号,单位,姓名,职务,联系方式\n1,滨湖社区,,主任,\n"),
            "huge" => new byte[25 * 1024 * 1024],
            _ => [1, 2, 3],
        };
        var r = await Upload(cohort, bytes, name);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains(message, (await r.ReadJsonAsync())["errors"]![0].Value<string>("message"));
        Assert.Equal(0, await Receipts(cohort));
    }

    [Fact]
    public async Task Every_bad_row_is_listed_with_its_spreadsheet_row_and_column_and_nothing_is_stored()
    {
        var cohort = await SmallClassAsync();
        var bytes = Workbooks.Xlsx(Header, [
            Row("滨湖社区", "张三", "13800000001"),                          // row 2: fine
            Row("滨湖社区", "", "13800000002"),                              // row 3: no name
            Row("南塔社区", "李四", "12345"),                                // row 4: bad phone
            Row("段店镇", "王五", "13800000004"),                            // row 5: outside the subtree
            Row("南塔社区", "赵六", "13800000005", "社区书记"),              // row 6: no such position
            Row("南塔社区", "钱七", "13800000006", Committee, "110105194912310021"), // row 7: bad ID check digit
            Row("南塔社区", "孙八", "138-0000-0001"),                        // row 8: same phone as row 2
            Row("滨湖社区", new string('名', 300), "13800000008"),           // row 9: over-long cell
        ]);
        var r = await Upload(cohort, bytes, "bad.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.ReadJsonAsync())["errors"]!.AsArray();
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], errors.Select(e => e.Value<int>("row")));
        Assert.Equal(["姓名", "联系方式", "单位", "职务", "身份证号", "联系方式", "姓名"], errors.Select(e => e.Value<string>("column")));
        Assert.Contains("第 2 行（张三）", errors[5].Value<string>("message"));
        Assert.Equal(0, await Receipts(cohort));
    }

    [Fact]
    public async Task An_ID_or_phone_Excel_turned_into_a_number_gets_its_own_message_and_nothing_is_stored()
    {
        var cohort = await SmallClassAsync();
        // As Excel saves an ID typed into a General cell: a numeric cell (420704199001011000, last digits lost); a
        // phone pasted as "1.38E+10" text; a good row between them.
        using var ms = new MemoryStream();
        CommunityAcademy.Web.Infrastructure.Files.XlsxWriter.Write(ms, escape: false, new CommunityAcademy.Web.Infrastructure.Files.XlsxWriter.Sheet("回执", Header,
        [
            ["1", "滨湖社区", "张三", Committee, "13800000051", "男", 420704199001011234d],
            ["2", "滨湖社区", "李四", Committee, "13800000052", "女", "420704199001011234"[..17] + IdCheck("420704199001011234"[..17])],
            ["3", "南塔社区", "王五", Committee, "1.38E+10", "男", ""],
        ]));
        var r = await Upload(cohort, ms.ToArray(), "sci.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.ReadJsonAsync())["errors"]!.AsArray();
        Assert.Equal([(2, "身份证号"), (4, "联系方式")], errors.Select(e => (e.Value<int>("row"), e.Value<string>("column"))));
        foreach (var e in errors)
        {
            var message = e.Value<string>("message")!;
            Assert.Contains("Excel", message);
            Assert.Contains("科学计数法", message);
            Assert.Contains("文本", message);
            Assert.DoesNotContain("18 位", message);
        }
        Assert.Equal(0, await Receipts(cohort));
    }

    private static char IdCheck(string first17) => CommunityAcademy.Domain.Enrollment.IdNumber.CheckDigit(first17);

    [Fact]
    public async Task The_receipt_template_keeps_IDs_and_phones_as_text_and_prints()
    {
        var cohort = await SmallClassAsync();
        var r = await (await app.Api("contact-echeng")).GetAsync($"/api/v1/cohorts/{cohort}/receipt-template.xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var sheet = SheetLayout.Open(bytes, "回执");
        Assert.Equal(Header, Enumerable.Range(0, Header.Length).Select(i => sheet.Text(CommunityAcademy.Web.Infrastructure.Files.XlsxWriter.ColumnName(i) + "2")));
        // 联系方式 (E) and 身份证号 (G): text on the whole column and on the pre-filled rows; the others not.
        Assert.Equal("@", sheet.ColumnFormat(4));
        Assert.Equal("@", sheet.ColumnFormat(6));
        Assert.NotEqual("@", sheet.ColumnFormat(2));
        Assert.Equal("@", sheet.Format(sheet.Cell("E3")!.StyleIndex?.Value));
        Assert.Equal("@", sheet.Format(sheet.Cell("G6")!.StyleIndex?.Value));
        // The instructions line and the header stay in view and print on every page.
        Assert.Equal(2.0, sheet.Frozen!.VerticalSplit!.Value);
        Assert.Equal("A3", sheet.Frozen.TopLeftCell!.Value);
        Assert.Equal("'回执'!$1:$2", sheet.PrintTitles);
        Assert.True(sheet.LandscapeFitToWidth);
        // The instructions wrap inside the table's width on a row high enough for them: run past the table, they would
        // widen what "fit to width" shrinks to the page (the printed form came out at a third of its size).
        var title = sheet.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().First();
        Assert.True(title.CustomHeight?.Value == true && title.Height!.Value >= 40, $"title row {title.Height?.Value} pt");
        Assert.Contains(sheet.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>(), m => m.Reference!.Value == "A1:G1");
        Assert.True(sheet.HasBorder("B3"));
        Assert.True(sheet.HasBorder("A2"));
        // 性别: a drop-down of 男/女 on the data rows.
        var gender = sheet.Sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().Single(v => v.SequenceOfReferences?.InnerText?.StartsWith("F") == true);
        Assert.Equal("\"男,女\"", gender.Formula1!.Text);
        Assert.StartsWith("F3:", gender.SequenceOfReferences!.InnerText);
        // The template still reads back as a receipt: the header is found and its rows are the places.
        Assert.Equal(4, Workbooks.Read(bytes).Skip(2).Count());
    }

    [Fact]
    public async Task A_formula_is_read_as_its_cached_text_never_evaluated()
    {
        var cohort = await SmallClassAsync();
        var bytes = Workbooks.WithFormula(["单位", "姓名", "职务", "联系方式"], ["滨湖社区", "", Committee, "13800000011"], 1, "HYPERLINK(\"http://evil\",\"x\")", "公式名");
        var r = await Upload(cohort, bytes, "f.xlsx");
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal("公式名", await c.ExecuteScalarAsync<string>("SELECT r.name FROM receipt_rows r JOIN receipts rc ON rc.id = r.receipt_id WHERE rc.cohort_id = @cohort", new { cohort }));
    }

    [Fact]
    public async Task Markup_in_a_name_is_stored_as_text_and_exported_cells_are_escaped()
    {
        var cohort = await SmallClassAsync();
        var bytes = Workbooks.Xlsx(Header, [Row("滨湖社区", "<b>张</b>", "13800000021"), Row("滨湖社区", "=1+2", "13800000022"), Row("南塔社区", "@SUM(A1)", "13800000023"), Row("南塔社区", "-王", "13800000024")]);
        Assert.Equal(HttpStatusCode.OK, (await Upload(cohort, bytes, "m.xlsx")).StatusCode);
        var organizer = await app.Api("organizer");
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/cohorts/{cohort}/lock", null)).StatusCode);
        var rows = Workbooks.Read(await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/roster.xlsx")).Content.ReadAsByteArrayAsync());
        var names = rows.Skip(2).Select(r => r[3]).ToList(); // a title row, the header, then 序号 区 单位 姓名
        Assert.Contains("<b>张</b>", names);
        Assert.Contains("'=1+2", names);
        Assert.Contains("'@SUM(A1)", names);
        Assert.Contains("'-王", names);
        var page = await (await app.Browser("organizer")).GetStringAsync($"/Enrollment/Roster/{cohort}");
        Assert.Contains("&lt;b&gt;张&lt;/b&gt;", page);
        Assert.DoesNotContain("<b>张</b>", page);
    }

    [Fact]
    public async Task The_roster_has_the_class_title_a_district_column_and_prints_with_phones_masked_as_on_the_page()
    {
        var cohort = await SmallClassAsync();
        var bytes = Workbooks.Xlsx(Header, [Row("滨湖社区", "张三", "13800000061"), Row("南塔社区", "李四", "13800000062")]);
        Assert.Equal(HttpStatusCode.OK, (await Upload(cohort, bytes, "ok.xlsx")).StatusCode);
        var organizer = await app.Api("organizer");
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/cohorts/{cohort}/lock", null)).StatusCode);
        var title = (await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}")).ReadJsonAsync()).Value<string>("title");

        var full = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/roster.xlsx")).Content.ReadAsByteArrayAsync();
        var sheet = SheetLayout.Open(full, "参训名单");
        Assert.Contains(title!, sheet.Text("A1"));
        Assert.Equal(["序号", "区", "单位", "姓名", "职务", "联系方式", "性别", "账号"], "ABCDEFGH".Select(c => sheet.Text($"{c}2")));
        var rows = Workbooks.Read(full).Skip(2).ToList();
        Assert.Equal(["鄂城区", "鄂城区"], rows.Select(r => r[1]));
        Assert.Equal(["南塔社区", "滨湖社区"], rows.Select(r => r[2]).Order(StringComparer.Ordinal));
        Assert.Equal(1.0, sheet.Number("A3"));
        Assert.Equal("@", sheet.ColumnFormat(5));
        Assert.Equal("A3", sheet.Frozen!.TopLeftCell!.Value);
        Assert.Equal(2.0, sheet.Frozen.VerticalSplit!.Value);
        Assert.True(sheet.LandscapeFitToWidth);
        Assert.Equal("'参训名单'!$1:$2", sheet.PrintTitles);
        Assert.True(sheet.HasBorder("D3"));
        // Phones as the roster API gives them to each caller: in full for the organizer, masked for the head teacher.
        Assert.Contains("13800000061", rows.Select(r => r[5]));
        var ht = Workbooks.Read(await (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/roster.xlsx")).Content.ReadAsByteArrayAsync()).Skip(2).ToList();
        var htApi = await (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync();
        Assert.Equal(htApi["trainees"]!.AsArray().Select(t => t.Value<string>("phone")).Order(), ht.Select(r => r[5]).Order());
        Assert.All(ht, r => Assert.Contains("****", r[5]));
    }

    [Fact]
    public async Task Without_unitId_the_template_is_the_callers_only_scope_or_a_400_naming_the_choices()
    {
        // Seed 000 (class 1): five scopes. The organizer may submit for all of them: the template needs a choice.
        var organizer = await app.Api("organizer");
        var r = await organizer.GetAsync("/api/v1/cohorts/1/receipt-template.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var message = (await r.ReadJsonAsync())["errors"]!["unitId"]![0]!.GetValue<string>();
        foreach (var scope in new[] { "鄂城区", "华容区", "梁子湖区", "葛店经开区", "临空经济区" }) Assert.Contains(scope, message);
        // 鄂城区's contact has one: its template, as with ?unitId=.
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("contact-echeng")).GetAsync("/api/v1/cohorts/1/receipt-template.xlsx")).StatusCode);

        // The page: a picker (a GET form to the template) when there are several scopes; one link when there is one.
        var page = await (await app.Browser("organizer")).GetStringAsync("/Enrollment/Receipts/1");
        Assert.Contains("id=\"receipt-template-picker\"", page);
        Assert.Contains("action=\"/api/v1/cohorts/1/receipt-template.xlsx\"", page);
        Assert.Contains("/api/v1/cohorts/1/receipt-form.xlsx", page);
        var contact = await (await app.Browser("contact-echeng")).GetStringAsync("/Enrollment/Receipts/1");
        Assert.DoesNotContain("receipt-template-picker", contact);
        Assert.Contains("id=\"receipt-template\"", contact);
    }

    [Fact]
    public async Task The_blank_attachment_2_form_is_its_own_download_and_reads_back_as_a_receipt()
    {
        var cohort = await SmallClassAsync();
        var contact = await app.Api("contact-echeng");
        var r = await contact.GetAsync($"/api/v1/cohorts/{cohort}/receipt-form.xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var sheet = SheetLayout.Open(bytes, "参训人员回执");
        Assert.Equal("附件2", sheet.Text("A1"));
        Assert.Equal("参训人员回执", sheet.Text("A2"));
        Assert.Equal(["序号", "单位", "姓名", "职务", "联系方式"], "ABCDE".Select(c => sheet.Text($"{c}3")));
        Assert.Equal("", sheet.Text("B4")); // blank: no unit of anyone's scope in it
        Assert.Equal("@", sheet.ColumnFormat(4));
        Assert.True(sheet.LandscapeFitToWidth);
        Assert.Equal("'参训人员回执'!$1:$3", sheet.PrintTitles);
        Assert.Equal("A4", sheet.Frozen!.TopLeftCell!.Value);
        // Filled in as a unit would, it is a receipt.
        var rows = Workbooks.Read(bytes);
        var filled = Workbooks.Xlsx(rows[2].Cells, [["1", "滨湖社区", "张三", Committee, "13800000071"]]);
        Assert.Equal(HttpStatusCode.OK, (await Upload(cohort, filled, "附件2.xlsx")).StatusCode);
        // Not for trainees.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).GetAsync("/api/v1/cohorts/1/receipt-form.xlsx")).StatusCode);
    }

    [Fact]
    public async Task A_web_form_receipt_is_checked_the_same_way()
    {
        var cohort = await SmallClassAsync();
        var c = await app.Api("contact-echeng");
        var bad = await c.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form", new { rows = new[] { new { unit = "滨湖社区", name = "张三", position = Committee, phone = "abc" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var good = await c.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form", new { rows = new[] { new { unit = "滨湖社区", name = "张三", position = Committee, phone = "13800000031" } } });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/receipts/form", new { rows = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PostAsync($"/api/v1/cohorts/{cohort}/receipts/form", Json.Raw("{rows: ["))).StatusCode);
    }

    [Fact]
    public async Task Trainees_and_staff_who_do_not_run_enrollment_cannot_submit()
    {
        var cohort = await SmallClassAsync();
        var bytes = Workbooks.Xlsx(Header, [Row("滨湖社区", "张三", "13800000041")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(cohort, bytes, "x.xlsx", "headteacher")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload(cohort, bytes, "x.xlsx", "t001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload(cohort, bytes, "x.xlsx", "contact-huarong")).StatusCode);
        Assert.Equal(0, await Receipts(cohort));
    }

    [Fact]
    public async Task Quota_lines_must_be_valid_and_the_import_is_all_or_nothing()
    {
        var cohort = await SmallClassAsync();
        var c = await app.Api("organizer");
        var bad = await c.PutAsJsonAsync($"/api/v1/cohorts/{cohort}/quotas", new { lines = new[] { new { unitId = 999999, position = "", places = -1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.ReadJsonAsync())["errors"]!["lines[0]"]);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("单位,职务,名额\n滨湖社区,主任,3\n不存在,主任,2\n南塔社区,主任,x\n")), "file", "q.csv" } };
        var imp = await c.PostAsync($"/api/v1/cohorts/{cohort}/quotas/import", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, imp.StatusCode);
        Assert.Equal([3, 4], (await imp.ReadJsonAsync())["errors"]!.AsArray().Select(e => e.Value<int>("row")));
        var q = await (await c.GetAsync($"/api/v1/cohorts/{cohort}/quotas")).ReadJsonAsync();
        Assert.Equal(4, q.Value<int>("total"));
        var good = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("单位,职务,名额\n滨湖社区,主任,3\n鄂州市/鄂城区/凤凰街道/南塔社区,主任,1\n")), "file", "q.csv" } };
        var ok = await c.PostAsync($"/api/v1/cohorts/{cohort}/quotas/import", good);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(4, (await ok.ReadJsonAsync()).Value<int>("total"));

        // the optional column 附件1中写作: a bad wording named at its row and column; a line twice at the row repeating it
        var worded = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(
            "单位,职务,名额,附件1中写作\n滨湖社区,主任,3,凤凰街道滨湖社区\n南塔社区,主任,1,别的社区\n滨湖社区,主任,1,\n")), "file", "q.csv" } };
        var wrong = await c.PostAsync($"/api/v1/cohorts/{cohort}/quotas/import", worded);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var errors = (await wrong.ReadJsonAsync())["errors"]!.AsArray();
        Assert.Equal([(3, "附件1中写作"), (4, "单位")], errors.Select(e => (e.Value<int>("row"), e.Value<string>("column"))));
        var right = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(
            "单位,职务,名额,附件1中写作\n滨湖社区,主任,3,凤凰街道滨湖社区\n南塔社区,主任,1,\n")), "file", "q.csv" } };
        var saved = await (await c.PostAsync($"/api/v1/cohorts/{cohort}/quotas/import", right)).ReadJsonAsync();
        var lines = saved["districts"]![0]!["groups"]![0]!["lines"]!.AsArray();
        Assert.Equal(["凤凰街道滨湖社区", null], lines.Select(l => l.Value<string?>("writtenAs")));
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new Random(42).NextBytes(b);
        return b;
    }

    private static byte[] ZipWith(string entry)
    {
        var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, true)) z.CreateEntry(entry);
        return ms.ToArray();
    }
}

public sealed class ReceiptBadInputTests_Sqlite(SqliteDemo app) : ReceiptBadInputTests(app), IClassFixture<SqliteDemo>;
public sealed class ReceiptBadInputTests_Postgres(PostgresDemo app) : ReceiptBadInputTests(app), IClassFixture<PostgresDemo>;
