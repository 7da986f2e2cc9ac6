using W = DocumentFormat.OpenXml.Wordprocessing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

public sealed class SqliteEnrollment() : TestApp("sqlite");
public sealed class PostgresEnrollment() : TestApp("postgres");

/// <summary>
/// Seed 000 run end to end as a new class: allocate the 90 places, generate the notice, take receipts from every
/// district (a short one, an over one, a missing unit, a person named twice, a GBK CSV and a late one), reconcile,
/// lock, read the roster, substitute. One test, because each step needs the one before.
/// </summary>
public abstract class Seed000EnrollmentTests(TestApp app)
{
    private static readonly DemoSeeder.Fixture F = DemoSeeder.LoadFixture();

    private async Task<Dictionary<string, long>> UnitIds()
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        return units.ToDictionary(u => u.Value<string>("name"), u => u.Value<long>("id"));
    }

    private async Task<long> CreateClassAsync(Dictionary<string, long> ids, DateOnly deadline)
    {
        var c = await app.Api("organizer");
        var body = new
        {
            program = F.Program.Name, title = "鄂州市城乡社区工作者场景塑造实务能力培训第三期", number = 3, theme = F.Cohort.Theme,
            startDate = "2026-12-07", endDate = "2026-12-09", venue = F.Cohort.Venue, format = F.Cohort.Format, timeZone = "Asia/Shanghai",
            issuer = F.Cohort.Issuer, issuedOn = "2026-11-20", contactName = "熊定", contactPhone = "027-60896869", receiptDeadline = deadline.ToString("yyyy-MM-dd"),
            rules = new { accommodation = false, meals = new[] { "lunch" }, leaveAllowed = false, arriveMinutesBefore = 10, signInEverySession = true,
                fullTimeRelease = true, unauthorizedDeparture = "通报所在单位上级纪检、组织部门", bulletinAfterClass = true, autoLock = false },
            hosts = new[] { new { role = "sponsor", name = F.Cohort.Issuer }, new { role = "provider", name = F.Cohort.TrainingProvider! } },
            categories = F.Cohort.ParticipantCategories.Select(p => new { category = p.Category, label = p.Label, headcount = p.Count }),
            quotas = F.Districts.SelectMany(d => d.Quotas).Select(q => new { unitId = ids[q.Unit], position = q.Position, places = q.Places, writtenAs = q.WrittenAs }),
            submitters = F.Districts.Select(d => new { scopeUnitId = ids[d.Name], submitterUnitId = ids[d.SubmittingUnit] }),
            traineeDescription = Seed000.Trainees,
        };
        var r = await c.PostAsJsonAsync("/api/v1/cohorts", body);
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await r.ReadJsonAsync()).Value<long>("id");
        await app.PutDemoStaffOnAsync(id); // staff see only the classes they are on
        return id;
    }

    private async Task<HttpResponseMessage> Upload(string user, long cohort, byte[] bytes, string fileName, long? unitId = null)
    {
        var c = await app.Api(user);
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        if (unitId is { } u) form.Add(new StringContent(u.ToString()), "unitId");
        return await c.PostAsync($"/api/v1/cohorts/{cohort}/receipts", form);
    }

    /// <summary>Fills a template: every place gets a person; phones from a per-district range.</summary>
    private static byte[] Filled(byte[] template, int phoneBase, Func<int, bool>? keep = null, IEnumerable<string[]>? extra = null)
    {
        var rows = Workbooks.Read(template);
        var header = rows[1].Cells;
        var data = rows.Skip(2).Where((r, i) => keep?.Invoke(i) ?? true)
            .Select((r, i) => (IReadOnlyList<string?>)[r[0], r[1], $"学员{phoneBase + i}", r[3], $"139{phoneBase + i:00000000}", "", ""]).ToList();
        foreach (var e in extra ?? []) data.Add(e);
        return Workbooks.Xlsx(header, data);
    }

    /// <summary>The demo's seed-000 class: what LibreOffice/WPS need to lay the notice out as Word does (#15).</summary>
    [Fact]
    public async Task The_seed_000_notice_carries_twips_fallback_fonts_and_properties()
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/notice.docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var main = doc.MainDocumentPart!;
        var paragraphs = main.Document.Body!.Descendants<W.Paragraph>().ToList();
        string textOf(W.Paragraph p) => string.Concat(p.Descendants<W.Text>().Select(t => t.Text));

        // Indents in twips beside the character units: 2 characters of 三号 (16 pt) = 640 twips.
        var indents = main.Document.Body.Descendants<W.Indentation>().ToList();
        Assert.NotEmpty(indents);
        foreach (var i in indents)
        {
            if (i.FirstLineChars is { } fc) Assert.Equal(fc.Value * 32 / 10, int.Parse(i.FirstLine!.Value!));
            if (i.LeftChars is { } lc) Assert.Equal(lc.Value * 32 / 10, int.Parse(i.Left!.Value!));
            if (i.RightChars is { } rc) Assert.Equal(rc.Value * 32 / 10, int.Parse(i.Right!.Value!));
        }
        var body = paragraphs.First(p => textOf(p).StartsWith("三、培训内容")).ElementsAfter().OfType<W.Paragraph>().First();
        Assert.Equal("640", body.ParagraphProperties!.Indentation!.FirstLine!.Value);
        foreach (var footer in main.FooterParts)
        foreach (var i in footer.Footer.Descendants<W.Indentation>())
            Assert.True(i.Right?.Value == "280" || i.Left?.Value == "280", "the page number one 四号 character in");

        // The schedule's time column holds "08:30-08:45" on one line: 77 pt of text + cell margins.
        var schedule = main.Document.Body.Descendants<W.Table>().First();
        var timeColumn = int.Parse(schedule.GetFirstChild<W.TableGrid>()!.Elements<W.GridColumn>().ElementAt(1).Width!.Value!);
        Assert.True(timeColumn >= 1540 + 2 * 108, $"time column {timeColumn} twips");
        Assert.True(schedule.GetFirstChild<W.TableGrid>()!.Elements<W.GridColumn>().Sum(g => int.Parse(g.Width!.Value!)) <= OfficialDocx.TextWidth);
        Assert.All(main.Document.Body.Descendants<W.Table>(), t => Assert.NotNull(t.Elements<W.TableRow>().First().TableRowProperties!.GetFirstChild<W.TableHeader>()));

        // The title's lines keep their own width: not snapped to the body's 28-character grid (a 2号 character would take two cells).
        var title = paragraphs.Where(p => textOf(p) is "鄂州市城乡社区工作者" or "（预通知）").ToList();
        Assert.Equal(2, title.Count);
        Assert.All(title, p => Assert.False(p.ParagraphProperties!.SnapToGrid!.Val!.Value));

        // Fallback fonts named in the font table.
        var fonts = main.FontTablePart!.Fonts.Elements<W.Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName?.Val?.Value);
        Assert.Equal("仿宋", fonts["仿宋_GB2312"]);
        Assert.Equal("楷体", fonts["楷体_GB2312"]);
        Assert.Equal("宋体", fonts["方正小标宋简体"]);

        // Headings keep with the next paragraph.
        foreach (var heading in new[] { "一、培训时间及地点", "五、培训安排", "六、培训要求", "附件1" })
            Assert.NotNull(paragraphs.First(p => textOf(p) == heading || textOf(p).StartsWith(heading + "（")).ParagraphProperties!.KeepNext);

        // The seed's wording, from the class's data: the named leaders, the teaching team, the reasons in the rules; no doubled brackets.
        var text = OfficialDocx.ReadText(new MemoryStream(bytes));
        foreach (var expected in new[] { "（一）市民政局副县级干部余建兵、四级调研员张细宏（2人）；", "（二）授课团队：华师陈伟东教授团队（5人）；",
                     "如需住宿由各单位按差旅费有关规定报销。各区民政局、各乡镇街办要为参训人员提供必要的学习条件，保证参训人员的全脱产培训时间。",
                     "参训人员一律不准请假，本次培训课程安排紧凑，请各位参训学员严格遵守参训期间课堂纪律",
                     "参训人员需严格遵守中央八项规定及其实施细则精神，自觉抵制违规吃喝问题。培训期间不得擅自离开" })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("（（", text);
        Assert.DoesNotContain("））", text);
        Assert.DoesNotContain("）（", text);

        // Word opens it: the file is valid against the schema (the font table's and the indents' attribute order included).
        var invalid = string.Join("\n", new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").Distinct());
        Assert.True(invalid.Length == 0, invalid);

        // Properties: the title and the issuing office.
        Assert.Equal("鄂州市城乡社区工作者场景塑造实务能力培训第二期（预通知）", doc.PackageProperties.Title);
        Assert.Equal(F.Cohort.Issuer, doc.PackageProperties.Creator);
        Assert.Equal(F.Cohort.Issuer, doc.ExtendedFilePropertiesPart!.Properties.Company!.Text);
    }

    private async Task<byte[]> Template(string user, long cohort, long? unitId = null)
    {
        var r = await (await app.Api(user)).GetAsync($"/api/v1/cohorts/{cohort}/receipt-template.xlsx" + (unitId is { } u ? $"?unitId={u}" : ""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Seed_000_from_quotas_to_a_locked_roster()
    {
        var ids = await UnitIds();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var cohort = await CreateClassAsync(ids, today.AddDays(3));
        var organizer = await app.Api("organizer");

        // Allocation: 46 + 14 + 16 + 5 + 9 = 90, worded as attachment 1.
        var quotas = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/quotas")).ReadJsonAsync();
        Assert.Equal(90, quotas.Value<int>("total"));
        Assert.True(quotas.Value<bool>("totalMatches"));
        var districts = quotas["districts"]!.AsArray();
        Assert.Equal([46, 14, 16, 5, 9], districts.Select(d => d.Value<int>("places")));
        Assert.Equal("3.凤凰街道滨湖社区、菜园头社区、南塔社区；古楼街道考棚社区、镜园社区；西山街道雷山社区、月畔湾社区、梁新屋村；樊口街道樊口社区；花湖镇金鸡桥社区；汀祖镇中心街社区、岳石洪村；杜山镇先台村、杜山镇路口村；长港镇峒山村主任及分管的“两委”成员（30人）。",
            districts[0]!["groups"]![2].Value<string>("text"));
        Assert.Equal("鄂城区民政局", districts[0].Value<string>("submittingUnit"));

        // The notice, read back.
        var notice = await organizer.GetAsync($"/api/v1/cohorts/{cohort}/notice.docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", notice.Content.Headers.ContentType!.MediaType);
        var text = OfficialDocx.ReadText(new MemoryStream(await notice.Content.ReadAsByteArrayAsync()));
        foreach (var expected in new[] { "鄂州市城乡社区工作者场景塑造实务能力培训第三期", "（预通知）", "一、培训时间及地点", "时间：2026年12月7日至9日（3天）",
                     "二、参加人员（共101人）", "不提供住宿", "只提供工作餐（午餐）", "参训人员一律不准请假", "上课前10分钟必须到齐", "未经批准擅自离开的，情节严重的将被通报给所在单位上级纪检、组织部门。",
                     "由各区民政局、葛店经开区城乡融合发展局、临空经济区社会事务局汇总提交参训人员回执。",
                     "附件：1.培训对象", "2.参训人员回执", "联系人：熊定  027-60896869", "鄂州市民政局", "2026年11月20日", "附件1", "培训对象",
                     "一、鄂城区（46人）", "杜山镇先台村、杜山镇路口村；长港镇峒山村", "二、华容区（14人）", "五、临空经济区（9人）", "附件2", "序号" })
            Assert.Contains(expected, text);
        foreach (var q in F.Districts.SelectMany(d => d.Quotas)) Assert.Contains(q.Unit, text);

        // 鄂城区: the template filled in completely.
        var echengTemplate = await Template("contact-echeng", cohort);
        var rows = Workbooks.Read(echengTemplate);
        Assert.Equal(["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"], rows[1].Cells);
        Assert.Equal(46, rows.Count - 2);
        var ok = await Upload("contact-echeng", cohort, Filled(echengTemplate, 1000), "鄂城区.xlsx");
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        Assert.Equal(46, (await ok.ReadJsonAsync()).Value<int>("rows"));

        // 华容区: a GBK CSV from Chinese Excel, one place of 上倪村 left empty → short.
        var hr = Workbooks.Read(await Template("contact-huarong", cohort)).Skip(2).ToList();
        var csv = new StringBuilder("序号,单位,姓名,职务,联系方式\r\n");
        for (var i = 0; i < hr.Count - 1; i++) csv.Append($"{i + 1},{hr[i][1]},华容{i},\"{hr[i][3]}\",1370000{i:0000}\r\n");
        var gbk = await Upload("contact-huarong", cohort, SpreadsheetReader.Gb18030.GetBytes(csv.ToString()), "华容区回执.csv");
        Assert.True(gbk.StatusCode == HttpStatusCode.OK, await gbk.Content.ReadAsStringAsync());

        // A 华容区 contact can neither see nor submit for 鄂城区.
        var huarong = await app.Api("contact-huarong");
        Assert.Equal(HttpStatusCode.NotFound, (await huarong.GetAsync($"/api/v1/cohorts/{cohort}/receipt-template.xlsx?unitId={ids["鄂城区"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload("contact-huarong", cohort, Filled(echengTemplate, 5000), "x.xlsx", ids["鄂城区"])).StatusCode);
        var foreign = await Upload("contact-huarong", cohort, Workbooks.Xlsx(["单位", "姓名", "职务", "联系方式"], [["滨湖社区", "某人", "主任及分管的“两委”成员", "13600000001"]]), "y.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Contains("不在华容区的报送范围内", (await foreign.ReadJsonAsync())["errors"]![0].Value<string>("message"));

        // 梁子湖区: one person too many for 太和镇 → over.
        var lz = await Template("contact-liangzihu", cohort);
        var over = await Upload("contact-liangzihu", cohort, Filled(lz, 3000, extra: [["17", "太和镇", "多报一人", "分管领导及民政办主任", "13912399999", "", ""]]), "梁子湖区.xlsx");
        Assert.True(over.StatusCode == HttpStatusCode.OK, await over.Content.ReadAsStringAsync());

        // 葛店经开区: 武城村 left out → missing unit.
        var gd = await Template("contact-gedian", cohort);
        var gdRows = Workbooks.Read(gd).Skip(2).ToList();
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-gedian", cohort, Filled(gd, 4000, i => gdRows[i][1] != "武城村"), "葛店.xlsx")).StatusCode);

        // 临空经济区, after the deadline: late, and one of its people is also on 鄂城区's list.
        app.Clock.Advance(TimeSpan.FromDays(5));
        app.ForgetTokens();
        var lk = await Template("contact-linkong", cohort);
        var lkFilled = Workbooks.Read(Filled(lk, 6000));
        var lkRows = lkFilled.Skip(1).Select(r => (IReadOnlyList<string?>)r.Cells.ToList()).ToList();
        lkRows[1] = [lkRows[1][0], lkRows[1][1], "学员1000", lkRows[1][3], "13900001000", "", ""];
        var late = await Upload("contact-linkong", cohort, Workbooks.Xlsx(lkFilled[0].Cells, lkRows), "临空.xlsx");
        Assert.True(late.StatusCode == HttpStatusCode.OK, await late.Content.ReadAsStringAsync());
        var lateBody = await late.ReadJsonAsync();
        Assert.True(lateBody.Value<bool>("late"));
        // A contact is told only that another unit named this person: not whom, nor which unit (issue #12, point 4).
        Assert.Equal("另一单位已在回执中报了此人（联系方式相同）。", lateBody["warnings"]![0].Value<string>("message"));
        Assert.DoesNotContain("鄂城区", lateBody.ToJsonString());

        // Reconciliation shows exactly those.
        organizer = await app.Api("organizer");
        var rec = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        var byDistrict = rec["districts"]!.AsArray().ToDictionary(d => d.Value<string>("district"), d => d.Value<string>("status"));
        Assert.Equal("complete", byDistrict["鄂城区"]);
        Assert.Equal("short", byDistrict["华容区"]);
        Assert.Equal("over", byDistrict["梁子湖区"]);
        Assert.Equal("missing", byDistrict["葛店经开区"]);
        Assert.Equal("complete", byDistrict["临空经济区"]);
        var notComplete = rec["units"]!.AsArray().Where(u => u.Value<string>("status") != "complete")
            .Select(u => $"{u.Value<string>("unit")}:{u.Value<string>("status")}").Order().ToList();
        Assert.Equal(["上倪村:short", "太和镇:over", "武城村:missing"], notComplete);
        var lateUnits = rec["units"]!.AsArray().Where(u => u.Value<bool>("late")).Select(u => u.Value<string>("district")).Distinct().ToList();
        Assert.Equal(["临空经济区"], lateUnits);
        var twice = Assert.Single(rec["namedTwice"]!.AsArray());
        Assert.Equal(2, twice!.AsArray().Count);
        Assert.Equal(90 - 1 + 1 - 2, rec.Value<int>("received"));
        var reminders = rec["reminders"]!.AsArray().Select(r => r.Value<string>("scopeName")).ToList();
        Assert.Equal(["华容区", "梁子湖区", "葛店经开区"], reminders);
        Assert.Contains("未报：武城村", rec["reminders"]![2].Value<string>("message"));
        Assert.Contains("联系人：熊定", rec["reminders"]![2].Value<string>("message"));

        // The export carries the same.
        var xlsx = await organizer.GetAsync($"/api/v1/cohorts/{cohort}/reconciliation.xlsx");
        var exported = Workbooks.Read(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains(exported, r => r[1] == "武城村" && r[4] == "未报");

        // A contact sees its own district only.
        huarong = await app.Api("contact-huarong");
        var hrRec = await (await huarong.GetAsync($"/api/v1/cohorts/{cohort}/reconciliation")).ReadJsonAsync();
        Assert.Equal(["华容区"], hrRec["districts"]!.AsArray().Select(d => d.Value<string>("district")));

        // 华容区 resubmits complete: the first receipt stays in the history.
        csv.Append($"{hr.Count},{hr[^1][1]},华容{hr.Count},\"{hr[^1][3]}\",13700009999\r\n");
        huarong = await app.Api("contact-huarong");
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-huarong", cohort, SpreadsheetReader.Gb18030.GetBytes(csv.ToString()), "华容区回执v2.csv")).StatusCode);
        var history = await (await huarong.GetAsync($"/api/v1/cohorts/{cohort}/receipts")).ReadArrayAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal([true, false], history.Select(h => h.Value<bool>("isCurrent")));
        Assert.Equal("华容区回执v2.csv", history[0].Value<string>("fileName"));

        // Lock: never merges the person named twice silently — refused, naming them, until the organizer confirms one entry each.
        var asked = await organizer.PostAsync($"/api/v1/cohorts/{cohort}/lock", null);
        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        var askedBody = await asked.ReadJsonAsync();
        Assert.Equal("Roster.NamedTwice", askedBody.Value<string>("code"));
        Assert.Single(askedBody["namedTwice"]!.AsArray());
        Assert.Equal(2, askedBody["namedTwice"]![0]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).StatusCode);
        Assert.Equal(0, (await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync()).Value<int>("count"));

        // Confirmed: the roster is the receipts; trainees get accounts; receipts are refused.
        var locked = await organizer.PostAsync($"/api/v1/cohorts/{cohort}/lock?mergeNamedTwice=true", null);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var roster = await locked.ReadJsonAsync();
        Assert.Equal(88, roster.Value<int>("count")); // 46 + 14 + 17 + 3 + 9 = 89, the person named twice counted once
        var refused = await Upload("contact-huarong", cohort, SpreadsheetReader.Gb18030.GetBytes(csv.ToString()), "again.csv");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("已锁定", (await refused.ReadJsonAsync()).Value<string>("title"));

        var trainee = roster["trainees"]!.AsArray().First(t => t.Value<string>("name") == "华容0");
        Assert.Equal("13700000000", trainee.Value<string>("username"));
        // The first password is the trainee's one-time code from the slips, never digits of the phone.
        var codes = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/codes")).ReadJsonAsync();
        Assert.Equal(88, codes.Value<int>("count"));
        var code = codes["trainees"]!.AsArray().Single(t => t!.Value<long>("enrollmentId") == trainee.Value<long>("id"))!.Value<string>("code")!;
        await app.TokenAsync("13700000000", code);

        // Phones in full for the organizer, and for the contact those its own unit submitted; masked for a head teacher.
        Assert.Equal("13700000000", trainee.Value<string>("phone"));
        var hrRoster = await (await huarong.GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync();
        Assert.Equal(14, hrRoster.Value<int>("count"));
        Assert.All(hrRoster["trainees"]!.AsArray(), t => Assert.Matches(@"^1370000\d{4}$", t.Value<string>("phone")));
        var htRoster = await (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync();
        Assert.All(htRoster["trainees"]!.AsArray(), t => Assert.Contains("****", t.Value<string>("phone")));
        var rosterXlsx = Workbooks.Read(await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/roster.xlsx")).Content.ReadAsByteArrayAsync());
        Assert.Equal(90, rosterXlsx.Count); // the title row, the header, 88 trainees

        // A substitution after the lock, with who and why.
        var sub = await organizer.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/roster/{trainee.Value<long>("id")}/substitute",
            new { name = "顶替者", phone = "13655556666", reason = "原人员因公出差，单位改派" });
        Assert.True(sub.StatusCode == HttpStatusCode.OK, await sub.Content.ReadAsStringAsync());
        var subs = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/substitutions")).ReadArrayAsync();
        var s = Assert.Single(subs);
        Assert.Equal("华容0", s.Value<string>("oldName"));
        Assert.Equal("顶替者", s.Value<string>("newName"));
        Assert.Equal("熊定", s.Value<string>("by"));
        var after = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/roster")).ReadJsonAsync();
        Assert.Equal(88, after.Value<int>("count"));
        Assert.DoesNotContain(after["trainees"]!.AsArray(), t => t.Value<string>("name") == "华容0");
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.substitute' AND reason = '原人员因公出差，单位改派'"));

        // Reopen: receipts are taken again.
        Assert.Equal(HttpStatusCode.NoContent, (await organizer.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/unlock", new { reason = "华容区补报" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Upload("contact-huarong", cohort, SpreadsheetReader.Gb18030.GetBytes(csv.ToString()), "again.csv")).StatusCode);
    }
}

public sealed class Seed000EnrollmentTests_Sqlite(SqliteEnrollment app) : Seed000EnrollmentTests(app), IClassFixture<SqliteEnrollment>;
public sealed class Seed000EnrollmentTests_Postgres(PostgresEnrollment app) : Seed000EnrollmentTests(app), IClassFixture<PostgresEnrollment>;
