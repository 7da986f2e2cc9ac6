using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Reliability;

/// <summary>
/// 1,000 generated malformed receipts (random bytes, truncated zips, wrong headers, huge cells, formulas, markup,
/// duplicate people, GBK text …) through the real API: never a 5xx, and a refused file stores nothing.
/// </summary>
public sealed class ReceiptFuzzTests(SqliteDemo app) : IClassFixture<SqliteDemo>
{
    private const string Committee = "主任及分管的“两委”成员";
    private static readonly string[] Header = ["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"];

    [Fact]
    public async Task A_thousand_malformed_receipts_never_cause_a_5xx_or_a_partial_receipt()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string name) => units.Single(u => u.Value<string>("name") == name).Value<long>("id");
        var created = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "模糊测试", title = "模糊测试班", startDate = "2031-01-07", endDate = "2031-01-08",
            categories = new[] { new { category = "trainee", headcount = 6 } },
            quotas = new[] { new { unitId = id("滨湖社区"), position = Committee, places = 3 }, new { unitId = id("南塔社区"), position = Committee, places = 3 } },
            submitters = new[] { new { scopeUnitId = id("鄂城区"), submitterUnitId = id("鄂城区民政局") } },
        });
        var cohort = (await created.ReadJsonAsync()).Value<long>("id");
        var client = await app.Api("contact-echeng");
        var rng = new Random(20261121);
        var valid = Workbooks.Xlsx(Header, [Row("滨湖社区", "张三", "13800000001"), Row("南塔社区", "李四", "13800000002")]);
        var statuses = new Dictionary<int, int>();
        await using var db = await app.Get<Db>().OpenAsync();

        for (var i = 0; i < 1000; i++)
        {
            var (bytes, name) = Generate(rng, i, valid);
            var before = await Counts(db, cohort);
            var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            var r = await client.PostAsync($"/api/v1/cohorts/{cohort}/receipts", form);
            var code = (int)r.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            Assert.True(code < 500, $"case {i} ({name}) answered {code}: {await r.Content.ReadAsStringAsync()}");
            var after = await Counts(db, cohort);
            if (code == 200)
            {
                var stored = (await r.ReadJsonAsync()).Value<int>("rows");
                Assert.Equal(before.Receipts + 1, after.Receipts);
                Assert.Equal(stored, after.CurrentRows);
            }
            else
            {
                Assert.True(code == 422, $"case {i} ({name}) answered {code}");
                Assert.Equal(before, after);
            }
        }
        Assert.True(statuses.GetValueOrDefault(422) > 900, string.Join(", ", statuses));
    }

    private static async Task<(long Receipts, long CurrentRows)> Counts(System.Data.Common.DbConnection db, long cohort) =>
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE cohort_id = @cohort", new { cohort }),
         await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM receipt_rows r JOIN receipts c ON c.id = r.receipt_id WHERE c.cohort_id = @cohort AND c.is_current = TRUE", new { cohort }));

    private static IReadOnlyList<string?> Row(string unit, string name, string phone, string position = Committee, string idNumber = "") =>
        ["1", unit, name, position, phone, "", idNumber];

    private static (byte[] Bytes, string Name) Generate(Random rng, int i, byte[] valid)
    {
        string[] exts = [".xlsx", ".xls", ".csv"];
        var ext = exts[rng.Next(exts.Length)];
        switch (i % 12)
        {
            case 0: { var b = new byte[rng.Next(0, 20000)]; rng.NextBytes(b); return (b, "random" + ext); }
            case 1: return (valid[..rng.Next(1, valid.Length - 1)], "truncated.xlsx");
            case 2: { var b = (byte[])valid.Clone(); for (var k = 0; k < 20; k++) b[rng.Next(b.Length)] ^= (byte)rng.Next(1, 255); return (b, "flipped.xlsx"); }
            case 3: return (Workbooks.Xlsx(["编号", "名字", "电话"], [["1", "张三", "13800000001"]]), "wrongheader.xlsx");
            case 4: return (Workbooks.Xlsx(Header, [Row("滨湖社区", new string('长', rng.Next(201, 40000)), "13800000001")]), "hugecell.xlsx");
            case 5: return (Workbooks.WithFormula(["单位", "姓名", "职务", "联系方式"], ["滨湖社区", "", Committee, "1380000000x"], 1, "=A1&\"x\"", "=CMD|' /C calc'!A0"), "formula.xlsx");
            case 6: return (Workbooks.Xlsx(Header, [Row("滨湖社区", "<script>alert(1)</script>", "138000000" + rng.Next(10, 99)), Row("滨湖社区", "x", "not-a-phone")]), "markup.xlsx");
            case 7: return (Workbooks.Xlsx(Header, [Row("滨湖社区", "张三", "13800000001"), Row("南塔社区", "张三", "13800000001")]), "duplicate.xlsx");
            case 8: return (SpreadsheetReader.Gb18030.GetBytes($"单位,姓名,职务,联系方式\r\n滨湖社区,王{i},{Committee},12{rng.Next(100000000, 999999999)}\r\n不存在社区,赵,{Committee},13900000000\r\n"), "gbk.csv");
            case 9:
            {
                var sb = new StringBuilder();
                for (var k = 0; k < rng.Next(1, 200); k++) sb.Append((char)rng.Next(1, 0xD7FF));
                return (Encoding.UTF8.GetBytes(sb.ToString()), "noise.csv");
            }
            case 10:
            {
                var ms = new MemoryStream();
                using (var z = new ZipArchive(ms, ZipArchiveMode.Create, true))
                {
                    var e = z.CreateEntry("xl/workbook.xml");
                    using var w = new StreamWriter(e.Open());
                    w.Write("<workbook><sheets><sheet name=\"x\" r:id=\"rId" + rng.Next() + "\"/></sheets></workbook>");
                }
                return (ms.ToArray(), "fakebook.xlsx");
            }
            default:
                return (Encoding.UTF8.GetBytes($"\"单位\",\"姓名\nbroken quote,{i}\n\"\"\"\n,,,,,,,,,,,,,\n"), "quotes.csv");
        }
    }
}
