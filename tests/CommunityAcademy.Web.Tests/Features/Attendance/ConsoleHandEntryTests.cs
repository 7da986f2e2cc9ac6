using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// #14 point 2, the head teacher's console: 代签到 with a reason (audited truthfully, not for someone signed in, idempotent
/// on the clientId) and its undo; the projector view; the paper sheet (.xlsx down and back up, errors by row and column,
/// nothing stored while there is one) and the tick grid; every new page and endpoint hidden from another class's head teacher.
/// </summary>
public abstract class ConsoleHandEntryTests(TestApp app)
{
    /// <summary>The clock on a whole minute, so times typed as HH:mm land exactly.</summary>
    private void Now() => app.Clock.Reset(TimeSpan.FromMinutes(1));

    private static string Local(DateTimeOffset t) => ClassClock.ToLocal(t, "Asia/Shanghai").ToString("HH:mm", CultureInfo.InvariantCulture);

    private static object Proxy(long trainee, string? clientId = null, string? reason = "手机没电", DateTimeOffset? at = null) =>
        new { kind = "in", clientId = clientId ?? Cid(), traineeId = trainee, reason, at };

    private async Task<string?> StatusAsync(long session, long trainee) =>
        (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l.Value<long>("traineeId") == trainee).Value<string>("status");

    private async Task<System.Text.Json.Nodes.JsonArray> AuditAsync(long session, string who = "headteacher") =>
        await (await (await app.Api(who)).GetAsync($"/api/v1/sessions/{session}/attendance/audit")).ReadArrayAsync();

    /// <summary>A sheet as Excel saves times typed into cells formatted as time: numbers (fractions of a day) with the h:mm format.</summary>
    private static byte[] WithTimeCells(IReadOnlyList<string> header, IReadOnlyList<(string Id, string Name, TimeOnly? In)> rows)
    {
        using var ms = new MemoryStream();
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(ms, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var styles = wb.AddNewPart<DocumentFormat.OpenXml.Packaging.WorkbookStylesPart>();
            styles.Stylesheet = new DocumentFormat.OpenXml.Spreadsheet.Stylesheet(
                new DocumentFormat.OpenXml.Spreadsheet.Fonts(new DocumentFormat.OpenXml.Spreadsheet.Font()),
                new DocumentFormat.OpenXml.Spreadsheet.Fills(new DocumentFormat.OpenXml.Spreadsheet.Fill()),
                new DocumentFormat.OpenXml.Spreadsheet.Borders(new DocumentFormat.OpenXml.Spreadsheet.Border()),
                new DocumentFormat.OpenXml.Spreadsheet.CellFormats(new DocumentFormat.OpenXml.Spreadsheet.CellFormat(),
                    new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 20, ApplyNumberFormat = true })); // 20: h:mm
            var ws = wb.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
            DocumentFormat.OpenXml.Spreadsheet.Cell text(string v) => new(new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(v)))
                { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString };
            data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(header.Select(text)));
            foreach (var (id, name, @in) in rows)
                data.Append(new DocumentFormat.OpenXml.Spreadsheet.Row(text(id), text(name), @in is { } t
                    ? new DocumentFormat.OpenXml.Spreadsheet.Cell(new DocumentFormat.OpenXml.Spreadsheet.CellValue((t.ToTimeSpan().TotalDays).ToString("R", CultureInfo.InvariantCulture))) { StyleIndex = 1 }
                    : text(""), text("")));
            ws.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
            wb.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "签到表" }));
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task Times_typed_into_cells_Excel_formats_as_time_are_read_as_times()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-70), false, "t053", "t054");
        var a = await EnrollmentIdAsync(app, cohort, "t053");
        var start = app.Clock.GetUtcNow().AddMinutes(-70);
        var at = TimeOnly.FromDateTime(ClassClock.ToLocal(start.AddMinutes(-15), "Asia/Shanghai").DateTime);
        var browser = await app.Browser("headteacher");
        var up = await UploadAsync(browser, session, WithTimeCells(["编号", "姓名", "签到时间", "签退时间"], [(a.ToString(), await NameAsync(a), at)]));
        Assert.True(up.StatusCode == HttpStatusCode.Redirect, $"{(int)up.StatusCode} {await up.Content.ReadAsStringAsync()}");
        var line = (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l.Value<long>("traineeId") == a);
        Assert.Equal(start.AddMinutes(-15), line.Value<DateTimeOffset>("signedInAt"));
        Assert.Equal("present", line.Value<string>("status"));
    }

    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    private static async Task<string> AntiforgeryAsync(HttpClient c, string page)
    {
        var m = Token.Match(await c.GetStringAsync(page));
        Assert.True(m.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient c, long session, byte[] bytes, string tokenPage = "", string name = "签到表.xlsx")
    {
        var token = await AntiforgeryAsync(c, tokenPage.Length > 0 ? tokenPage : $"/Attendance/Sheet/{session}");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "upload", name },
        };
        return await c.PostAsync($"/Attendance/Sheet/{session}?handler=Upload", form);
    }

    private async Task<int> CheckInsAsync(long session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE session_id = @session", new { session });
    }

    [Fact]
    public async Task Proxy_sign_in_needs_a_reason_is_audited_with_the_name_and_is_not_offered_to_someone_signed_in()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t031", "t032", "t033");
        var a = await EnrollmentIdAsync(app, cohort, "t031");
        var b = await EnrollmentIdAsync(app, cohort, "t032");
        var c = await EnrollmentIdAsync(app, cohort, "t033");
        var ht = await app.Api("headteacher");

        var noReason = await CheckInAsync(ht, session, Proxy(a, reason: "  "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(0, await CheckInsAsync(session));

        var clientId = Cid();
        var first = await CheckInAsync(ht, session, Proxy(a, clientId));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.ReadJsonAsync()).Value<long>("id");
        // the same clientId again (a retry of the console's queue): the first answer, one record
        var again = await CheckInAsync(ht, session, Proxy(a, clientId));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.ReadJsonAsync()).Value<long>("id"));
        Assert.Equal(1, await CheckInCountAsync(app, clientId));
        // another 代签到 for someone signed in: refused, saying who and when
        var twice = await CheckInAsync(ht, session, Proxy(a));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var name = await NameAsync(a);
        Assert.Contains(name, (await twice.ReadJsonAsync()).Value<string>("title"));
        // …and for someone who scanned the code themselves
        var scanned = await CheckInAsync(await app.Api("t032"), session, new { kind = "in", clientId = Cid(), token = await TokenAsync(app, session) });
        Assert.Equal(HttpStatusCode.Created, scanned.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await CheckInAsync(ht, session, Proxy(b))).StatusCode);
        Assert.Equal(2, await CheckInsAsync(session));

        var audit = Assert.Single(await AuditAsync(session));
        Assert.Equal("proxy_checkin", audit.Value<string>("action"));
        Assert.Equal("headteacher", audit.Value<string>("username"));
        Assert.Equal("手机没电", audit.Value<string>("reason"));
        Assert.Equal(name, System.Text.Json.Nodes.JsonNode.Parse(audit.Value<string>("newValue"))!.Value<string>("name"));

        // the console: the sign-in in words with its reason, never 离线补传; 代签到 offered only to who is not in
        var html = await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Console/{session}");
        var log = Between(html, "id=\"audit\"", "</table>");
        Assert.Contains($"{name}：代签到 ", log);
        Assert.Contains("手机没电", log);
        Assert.DoesNotContain("离线补传", html);
        Assert.DoesNotContain($"?proxy={a}#", html);
        Assert.DoesNotContain($"?proxy={b}#", html);
        Assert.Contains($"?proxy={c}#", html);
        Assert.Contains($"?undo={id}#", html);
        Assert.Contains("/Attendance/Projector/" + session, html);
        Assert.Contains("<div class=\"scroll\" id=\"live-scroll\">", html); // the table scrolls, not the page
    }

    private async Task<string> NameAsync(long enrollment)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<string>("SELECT name FROM enrollments WHERE id = @enrollment", new { enrollment }) ?? "";
    }

    [Fact]
    public async Task Undoing_a_proxy_sign_in_removes_it_audits_it_and_reopens_the_settled_session()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-120), false, "t034", "t035");
        var a = await EnrollmentIdAsync(app, cohort, "t034");
        var ht = await app.Api("headteacher");
        var start = app.Clock.GetUtcNow().AddMinutes(-120);
        var signedIn = await CheckInAsync(ht, session, Proxy(a, at: start.AddMinutes(-15)));
        Assert.Equal(HttpStatusCode.Created, signedIn.StatusCode);
        var id = (await signedIn.ReadJsonAsync()).Value<long>("id");
        Assert.Equal("present", await StatusAsync(session, a));
        await app.Get<AttendanceSettlement>().SettleDueAsync(cohort);
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.NotNull(await c.ExecuteScalarAsync<DateTimeOffset?>("SELECT attendance_settled_at FROM sessions WHERE id = @session", new { session }));

        // a trainee's own scan is not the head teacher's to undo; an unknown record is not there
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("""
                INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, server_at, method, flags)
                VALUES (@session, @e, 'in', @cid, @at, @at, 'qr', '')
                """, new { session, e = await EnrollmentIdAsync(app, cohort, "t035"), cid = Cid(), at = start.AddMinutes(-20) });
        var qrId = await (await app.Get<Db>().OpenAsync()).ExecuteScalarAsync<long>("SELECT id FROM check_ins WHERE session_id = @session AND method = 'qr'", new { session });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/checkins/{qrId}/undo", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ht.DeleteAsync($"/api/v1/sessions/{session}/checkins/99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t034")).DeleteAsync($"/api/v1/sessions/{session}/checkins/{id}")).StatusCode);

        var undo = await ht.DeleteAsync($"/api/v1/sessions/{session}/checkins/{id}?reason={Uri.EscapeDataString("签错了人")}");
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal("absent", await StatusAsync(session, a)); // the window has closed: absent again
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE id = @id", new { id }));
            Assert.Null(await c.ExecuteScalarAsync<DateTimeOffset?>("SELECT attendance_settled_at FROM sessions WHERE id = @session", new { session }));
        }
        var audit = await AuditAsync(session);
        Assert.Equal(("proxy_checkin_undone", "签错了人"), (audit[0].Value<string>("action"), audit[0].Value<string>("reason")));
        Assert.Equal(await NameAsync(a), System.Text.Json.Nodes.JsonNode.Parse(audit[0].Value<string>("oldValue"))!.Value<string>("name"));
        // the statistics read the session again: absent there too
        var grid = await (await ht.GetAsync($"/api/v1/cohorts/{cohort}/attendance")).ReadJsonAsync();
        Assert.Equal(1, grid["trainees"]!.AsArray().Single(t => t.Value<long>("traineeId") == a).Value<int>("absences"));
        Assert.Equal(HttpStatusCode.NotFound, (await ht.DeleteAsync($"/api/v1/sessions/{session}/checkins/{id}")).StatusCode);
    }

    [Fact]
    public async Task Without_JavaScript_the_console_asks_for_the_reason_and_before_the_undo()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(10), false, "t036");
        var a = await EnrollmentIdAsync(app, cohort, "t036");
        var name = await NameAsync(a);
        var ht = await app.Browser("headteacher");
        var page = $"/Attendance/Console/{session}";

        var panel = await ht.GetStringAsync($"{page}?proxy={a}");
        Assert.Contains("id=\"proxy\"", panel);
        Assert.Contains($"为 {name}", panel);
        var clientId = Regex.Match(panel, "name=\"ClientId\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(clientId);
        var noReason = await TestApp.PostFormAsync(ht, page, new() { ["TraineeId"] = a.ToString(), ["ClientId"] = clientId, ["Reason"] = "" }, "Proxy");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("代签到须填写原因", await noReason.Content.ReadAsStringAsync());
        var done = await TestApp.PostFormAsync(ht, page, new() { ["TraineeId"] = a.ToString(), ["ClientId"] = clientId, ["Reason"] = "手机没电" }, "Proxy");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        // the same form sent twice (a double click): one record
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(ht, page, new() { ["TraineeId"] = a.ToString(), ["ClientId"] = clientId, ["Reason"] = "手机没电" }, "Proxy")).StatusCode);
        Assert.Equal(1, await CheckInCountAsync(app, clientId));
        var after = await ht.GetStringAsync(done.Headers.Location!.OriginalString);
        Assert.Contains($"已为 {name} 代签到。", after);
        Assert.Equal("present", await StatusAsync(session, a));
        // asked again for someone now signed in: no panel, the reason why
        var refused = await ht.GetStringAsync($"{page}?proxy={a}");
        Assert.DoesNotContain("id=\"proxy-form\"", refused);
        Assert.Contains($"{name} 已于", refused);

        var id = await (await app.Get<Db>().OpenAsync()).ExecuteScalarAsync<long>("SELECT id FROM check_ins WHERE client_id = @clientId", new { clientId });
        var ask = await ht.GetStringAsync($"{page}?undo={id}");
        Assert.Contains("id=\"undo\"", ask);
        Assert.Contains($"撤销 {name} 的代签到", ask);
        var undone = await TestApp.PostFormAsync(ht, page, new() { ["CheckInId"] = id.ToString(), ["UndoReason"] = "" }, "Undo");
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Contains($"已撤销 {name} 的代签到。", await ht.GetStringAsync(undone.Headers.Location!.OriginalString));
        Assert.Equal("pending", await StatusAsync(session, a));
        var audit = await AuditAsync(session);
        Assert.Equal(["proxy_checkin_undone", "proxy_checkin"], audit.Select(x => x.Value<string>("action")));
        Assert.Null(audit[0].Value<string>("reason"));
    }

    /// <summary>Rows of the downloaded sheet: 编号 → the row's cells (序号, 编号, 姓名, 单位, 签到时间, 签退时间).</summary>
    private async Task<(List<CommunityAcademy.Web.Infrastructure.Files.SheetRow> Rows, Dictionary<long, IReadOnlyList<string>> ById)> DownloadAsync(HttpClient ht, long session)
    {
        var r = await ht.GetAsync($"/Attendance/Sheet/{session}?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(AttendanceReports.XlsxType, r.Content.Headers.ContentType!.MediaType);
        var rows = Workbooks.Read(await r.Content.ReadAsByteArrayAsync());
        var header = rows.FindIndex(x => x.Cells.Contains("编号"));
        Assert.Equal(["序号", "编号", "姓名", "单位", "签到时间", "签退时间"], rows[header].Cells.Take(6));
        return (rows, rows.Skip(header + 1).ToDictionary(x => long.Parse(x[1]), x => x.Cells));
    }

    private static byte[] Filled(IEnumerable<IReadOnlyList<string>> rows, Dictionary<long, (string In, string Out)> times) =>
        Workbooks.Xlsx(["序号", "编号", "姓名", "单位", "签到时间", "签退时间"],
            rows.Select(r => times.TryGetValue(long.Parse(r[1]), out var t)
                ? (IReadOnlyList<string?>)[r[0], r[1], r[2], r[3], t.In, t.Out]
                : [r[0], r[1], r[2], r[3], "", ""]).ToList());

    [Fact]
    public async Task The_paper_sheet_goes_down_as_xlsx_and_comes_back_as_staff_sign_ins_at_the_written_times()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-70), false, "t037", "t038", "t039", "t040");
        long id(string u) => EnrollmentIdAsync(app, cohort, u).GetAwaiter().GetResult();
        var (a, b, c, d) = (id("t037"), id("t038"), id("t039"), id("t040"));
        // a name that looks like a formula goes into the workbook as text
        await using (var db = await app.Get<Db>().OpenAsync())
            await db.ExecuteAsync("UPDATE enrollments SET name = @name WHERE id = @c", new { name = "=HYPERLINK(\"http://x\",\"点我\")", c });
        var start = app.Clock.GetUtcNow().AddMinutes(-70);
        // d signed in on a phone before the network went down, earlier than the paper says
        var ht = await app.Api("headteacher");
        await using (var db = await app.Get<Db>().OpenAsync())
            await db.ExecuteAsync("""
                INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, server_at, method, flags)
                VALUES (@session, @d, 'in', @cid, @at, @at, 'qr', '')
                """, new { session, d, cid = Cid(), at = start.AddMinutes(-20) });

        var browser = await app.Browser("headteacher");
        var html = await browser.GetStringAsync($"/Attendance/Sheet/{session}");
        Assert.Contains("?handler=Xlsx", html);
        var (_, byId) = await DownloadAsync(browser, session);
        Assert.Equal(4, byId.Count);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"点我\")", byId[c][2]);
        Assert.All(byId.Values, r => Assert.True(r[4] == "" && r[5] == ""));

        var times = new Dictionary<long, (string In, string Out)>
        {
            [a] = (Local(start.AddMinutes(-15)), Local(start.AddMinutes(60))),   // early, stays to the end
            [b] = (Local(start.AddMinutes(5)), ""),                               // 5 minutes late
            [c] = (Local(start.AddMinutes(-12)), ""),                             // the escaped name as downloaded
            [d] = (Local(start.AddMinutes(-10)), ""),                             // signed in earlier on the phone: left as is
        };
        var before = await CheckInsAsync(session);
        var up = await UploadAsync(browser, session, Filled(byId.Values, times));
        Assert.True(up.StatusCode == HttpStatusCode.Redirect, $"{(int)up.StatusCode} {await up.Content.ReadAsStringAsync()}");
        var result = await browser.GetStringAsync(up.Headers.Location!.OriginalString);
        Assert.Contains("已导入纸质签到表：签到 3 条，签退 1 条。", result);
        Assert.Contains($"{await NameAsync(d)} 已于 {Local(start.AddMinutes(-20))} 签到，保留原记录。", result);
        Assert.Equal(before + 4, await CheckInsAsync(session));

        Assert.Equal("present", await StatusAsync(session, a));
        Assert.Equal("late", await StatusAsync(session, b));
        Assert.Equal("present", await StatusAsync(session, c));
        Assert.Equal("present", await StatusAsync(session, d));
        var line = (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l.Value<long>("traineeId") == a);
        Assert.Equal(start.AddMinutes(-15), line.Value<DateTimeOffset>("signedInAt"));
        await using (var db = await app.Get<Db>().OpenAsync())
            Assert.Equal(4, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE session_id = @session AND method = 'staff' AND recorded_by IS NOT NULL", new { session }));
        var audit = await AuditAsync(session);
        Assert.Equal(4, audit.Count);
        Assert.All(audit, x => Assert.Equal(("paper_checkin", "纸质签到表"), (x.Value<string>("action"), x.Value<string>("reason"))));
        var console = await browser.GetStringAsync($"/Attendance/Console/{session}");
        Assert.Contains("纸质签到表·签到", Between(console, "id=\"audit\"", "</table>"));

        // the same sheet again: nothing stored twice
        var again = await UploadAsync(browser, session, Filled(byId.Values, times));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(before + 4, await CheckInsAsync(session));
    }

    [Fact]
    public async Task A_sheet_with_errors_names_each_row_and_column_and_stores_nothing()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-40), false, "t041", "t042", "t043", "t044", "t045", "t052");
        var browser = await app.Browser("headteacher");
        var (rows, byId) = await DownloadAsync(browser, session);
        var ids = byId.Keys.ToList();
        var start = app.Clock.GetUtcNow().AddMinutes(-40);
        var times = new Dictionary<long, (string In, string Out)>
        {
            [ids[0]] = (Local(start.AddMinutes(-5)), ""),                          // right: but nothing is stored while others are wrong
            [ids[4]] = (Local(start), Local(start.AddMinutes(50))),                // a sign-out still to come (10 minutes from now)
            [ids[1]] = ("25:99", ""),                                              // not a time
            [ids[2]] = (Local(start.AddMinutes(10)), Local(start.AddMinutes(5))),  // 签退 before 签到
            [ids[3]] = (Local(start.AddMinutes(-50)), ""),                         // before the window opens (30 minutes before)
        };
        var body = Filled(byId.Values, times).ToArray();
        // and a row for someone not in the class
        var sheet = Workbooks.Read(body);
        var withStranger = Workbooks.Xlsx(sheet[0].Cells.ToList(), sheet.Skip(1).Select(r => (IReadOnlyList<string?>)r.Cells.ToList())
            .Append(["9", "99999999", "李四", "", Local(start), ""]).ToList());
        var r = await UploadAsync(browser, session, withStranger);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        var errors = ErrorRows(html);
        string Row(long trainee) => (byId.Keys.ToList().IndexOf(trainee) + 2).ToString();
        Assert.Contains(errors, e => e[0] == Row(ids[1]) && e[1] == "签到时间" && e[2].Contains("25:99"));
        Assert.Contains(errors, e => e[0] == Row(ids[2]) && e[1] == "签退时间" && e[2].Contains("早于签到时间"));
        Assert.Contains(errors, e => e[0] == Row(ids[3]) && e[1] == "签到时间" && e[2].Contains("之间"));
        Assert.Contains(errors, e => e[0] == (byId.Count + 2).ToString() && e[1] == "编号" && e[2].Contains("99999999"));
        Assert.Contains(errors, e => e[0] == Row(ids[4]) && e[1] == "签退时间" && e[2].Contains("不能晚于现在"));
        Assert.Equal(5, errors.Count);
        Assert.Equal(0, await CheckInsAsync(session));
        Assert.Empty(await AuditAsync(session));

        // not a sheet at all: one error, nothing stored
        var junk = await UploadAsync(browser, session, "not a workbook"u8.ToArray(), name: "x.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, junk.StatusCode);
        Assert.Equal(0, await CheckInsAsync(session));
    }

    [Fact]
    public async Task The_tick_grid_marks_present_with_the_reason_paper_sheet()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-70), false, "t046", "t047", "t048");
        var a = await EnrollmentIdAsync(app, cohort, "t046");
        var b = await EnrollmentIdAsync(app, cohort, "t047");
        var browser = await app.Browser("headteacher");
        var page = $"/Attendance/Sheet/{session}";
        var html = await browser.GetStringAsync(page);
        Assert.Contains($"id=\"tick-{a}\"", html);

        var none = await TestApp.PostFormAsync(browser, page, new(), "Ticks");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", await AntiforgeryAsync(browser, page)), new("Ticked", a.ToString()), new("Ticked", b.ToString()),
        };
        var r = await browser.PostAsync($"{page}?handler=Ticks", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("已将 2 名学员标记为出勤（纸质签到表）。", await browser.GetStringAsync(r.Headers.Location!.OriginalString));

        var lines = (await AttendanceAsync(app, session))["trainees"]!.AsArray().ToDictionary(l => l.Value<long>("traineeId"));
        Assert.All(new[] { a, b }, t =>
        {
            Assert.Equal("present", lines[t].Value<string>("status"));
            Assert.True(lines[t].Value<bool>("marked"));
            Assert.Equal("纸质签到表", lines[t].Value<string>("reason"));
        });
        Assert.Equal("absent", lines[await EnrollmentIdAsync(app, cohort, "t048")].Value<string>("status"));
        var audit = await AuditAsync(session);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, x => Assert.Equal(("mark", "纸质签到表"), (x.Value<string>("action"), x.Value<string>("reason"))));
    }

    [Fact]
    public async Task The_projector_shows_the_code_and_the_counts_without_names_and_the_class_page_links_todays_console()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(30), false, "t049", "t050");
        var browser = await app.Browser("headteacher");
        var html = await browser.GetStringAsync($"/Attendance/Projector/{session}");
        Assert.Contains($"id=\"qr\" data-session=\"{session}\"", html);
        Assert.Contains("id=\"count-in\">0<", html);
        Assert.Contains("id=\"count-expected\">2<", html);
        Assert.Contains("id=\"count-missing\">2<", html);
        Assert.Contains("id=\"fullscreen\"", html);
        Assert.Contains($"href=\"/Attendance/Console/{session}\"", html);
        Assert.Contains("/js/console.js", html);
        Assert.DoesNotContain(await NameAsync(await EnrollmentIdAsync(app, cohort, "t049")), html);
        Assert.DoesNotContain("/js/reveal.js", html);
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.Browser("mentor")).GetAsync($"/Attendance/Projector/{session}")).StatusCode); // not a mentor's

        var details = await browser.GetStringAsync($"/Cohorts/Details/{cohort}");
        Assert.Contains($"href=\"/Attendance/Console/{session}\"", details);
        var js = await app.Anonymous().GetStringAsync("/js/console.js");
        Assert.Contains("requestFullscreen", js);
        Assert.DoesNotContain("http://", js);
    }

    [Fact]
    public async Task Another_classs_head_teacher_finds_none_of_the_new_pages_and_endpoints()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-70), false, "t051");
        var a = await EnrollmentIdAsync(app, cohort, "t051");
        var id = (await (await CheckInAsync(await app.Api("organizer"), session, Proxy(a, at: app.Clock.GetUtcNow().AddMinutes(-75)))).ReadJsonAsync()).Value<long>("id");
        await using (var db = await app.Get<Db>().OpenAsync())
            await db.ExecuteAsync("DELETE FROM cohort_staff WHERE cohort_id = @cohort AND user_id = (SELECT id FROM users WHERE username = 'headteacher')", new { cohort });
        app.Get<CohortAccess>().Forget(cohort);

        var browser = await app.Browser("headteacher");
        foreach (var url in new[] { $"/Attendance/Projector/{session}", $"/Attendance/Sheet/{session}", $"/Attendance/Sheet/{session}?handler=Xlsx",
                     $"/Attendance/Console/{session}?proxy={a}", $"/Attendance/Console/{session}?undo={id}" })
            Assert.True((await browser.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        var token = await AntiforgeryAsync(browser, "/");
        foreach (var (handler, fields) in new[]
                 {
                     ("Upload", new Dictionary<string, string>()), ("Ticks", new() { ["Ticked"] = a.ToString() }),
                 })
        {
            fields["__RequestVerificationToken"] = token;
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync($"/Attendance/Sheet/{session}?handler={handler}", new FormUrlEncodedContent(fields))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync($"/Attendance/Console/{session}?handler=Proxy",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["TraineeId"] = a.ToString(), ["Reason"] = "x" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync($"/Attendance/Console/{session}?handler=Undo",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["CheckInId"] = id.ToString() }))).StatusCode);

        var ht = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.NotFound, (await ht.DeleteAsync($"/api/v1/sessions/{session}/checkins/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/checkins/{id}/undo", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CheckInAsync(ht, session, Proxy(a))).StatusCode);
        Assert.Equal(1, await CheckInsAsync(session));
        Assert.Single(await AuditAsync(session, "organizer"));
    }

    /// <summary>The rows of the refused file's error table (row, column, problem), without its header.</summary>
    private static List<string[]> ErrorRows(string html)
    {
        var table = Between(html, "class=\"grid errors\"", "</table>");
        return Regex.Matches(table, "<tr>(.*?)</tr>", RegexOptions.Singleline).Skip(1)
            .Select(tr => Regex.Matches(tr.Groups[1].Value, "<td>(.*?)</td>", RegexOptions.Singleline).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray())
            .ToList();
    }

    private static string Between(string s, string from, string to)
    {
        var i = s.IndexOf(from, StringComparison.Ordinal);
        return s[i..s.IndexOf(to, i, StringComparison.Ordinal)];
    }
}

public sealed class ConsoleHandEntryTests_Sqlite(SqliteDemo app) : ConsoleHandEntryTests(app), IClassFixture<SqliteDemo>;
public sealed class ConsoleHandEntryTests_Postgres(PostgresDemo app) : ConsoleHandEntryTests(app), IClassFixture<PostgresDemo>;
