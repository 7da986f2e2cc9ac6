using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>
/// Seed 000 (cohort 1, 2023-06-07..09, 90 trainees, 7 sessions) with scripted sign-ins uploaded by the head teacher after
/// the class: everyone 15 minutes early except five trainees; the statistics, discipline records and the bulletin follow.
/// </summary>
public abstract class Seed000AttendanceTests(TestApp app) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static DateTimeOffset Local(string s) => new DateTimeOffset(DateTime.Parse(s), TimeSpan.FromHours(8)).ToUniversalTime();

    private sealed class SessionRow { public long Id { get; init; } public DateTimeOffset StartsAt { get; init; } public DateTimeOffset EndsAt { get; init; } }
    private sealed class TraineeRow { public long Id { get; init; } public string Username { get; init; } = ""; public string Name { get; init; } = ""; }

    private List<SessionRow> _sessions = [];
    private Dictionary<string, TraineeRow> _trainees = [];

    public async Task InitializeAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        _sessions = (await c.QueryAsync<SessionRow>("SELECT id, starts_at, ends_at FROM sessions WHERE cohort_id = 1 ORDER BY starts_at")).ToList();
        _trainees = (await c.QueryAsync<TraineeRow>("""
            SELECT e.id, u.username, e.name FROM enrollments e JOIN users u ON u.id = e.user_id
            WHERE e.cohort_id = 1 AND e.category = 'trainee' AND e.status = 'active'
            """)).ToDictionary(t => t.Username);
        if (await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM check_ins WHERE client_id LIKE 'seed-%'") > 0) return;
        // The demo comes with these sheets uploaded already; they are taken away and uploaded again through the API,
        // as a head teacher would after the class, and the class is settled again.
        await c.ExecuteAsync("DELETE FROM check_ins WHERE client_id LIKE 'demo-%'");
        await c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE cohort_id = 1");

        app.Clock.Set(Local("2023-06-09T18:00:00"));
        app.ForgetTokens();
        var ht = await app.Api("headteacher");
        var uploads = new List<object>();
        var byName = _trainees.Values.ToDictionary(t => t.Username);
        foreach (var (s, username, signIn, signOut) in Web.Features.Demo.DemoSeeder.Seed000SignIns(
                     _sessions.Select(x => (x.StartsAt, x.EndsAt)).ToList(), _trainees.Keys))
        {
            if (signIn is null) continue;
            var t = byName[username];
            uploads.Add(new { kind = "in", clientId = $"seed-{s}-{t.Id}-in", at = signIn, traineeId = t.Id, reason = "纸质签到表" });
            uploads.Add(new { kind = "out", clientId = $"seed-{s}-{t.Id}-out", at = signOut, traineeId = t.Id, reason = "纸质签到表" });
        }
        // sign-ins first, then sign-outs (a sign-out needs its sign-in)
        foreach (var kind in new[] { "-in", "-out" })
            await Parallel.ForEachAsync(uploads.Where(u => ClientId(u).EndsWith(kind)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (u, _) =>
            {
                var r = await CheckInAsync(ht, SessionOf(u), u);
                Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            });
    }

    private static string ClientId(object upload) => (string)upload.GetType().GetProperty("clientId")!.GetValue(upload)!;
    private long SessionOf(object upload) => _sessions[int.Parse(ClientId(upload).Split('-')[1])].Id;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Statuses_and_tallies_per_trainee()
    {
        var grid = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance")).ReadJsonAsync();
        Assert.Equal(7, grid["sessions"]!.AsArray().Count);
        var rows = grid["trainees"]!.AsArray().ToDictionary(r => r.Value<long>("traineeId"));
        Assert.Equal(90, rows.Count);
        string[] statuses(string u) => rows[_trainees[u].Id]!["statuses"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray();
        Assert.Equal("late", statuses("t001")[1]);
        Assert.Equal("absent", statuses("t002")[2]);
        Assert.Equal("left_without_permission", statuses("t003")[6]);
        Assert.Equal(["late", "late"], statuses("t004")[3..5]);
        Assert.Equal("early_leave", statuses("t005")[4]);
        Assert.Equal(1, rows[_trainees["t004"].Id].Value<int>("effectiveAbsences")); // two lates count as one absence
        Assert.All(statuses("t006"), s => Assert.Equal("present", s));
        var summary = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        Assert.Equal(90, summary.Value<int>("trainees"));
        Assert.Equal(630, summary.Value<int>("counted"));
        Assert.Equal(628, summary.Value<int>("attended"));
        // rolled up the tree: the city holds all 90, the five districts 46 + 14 + 16 + 5 + 9
        var units = summary["units"]!.AsArray();
        Assert.Equal(90, units[0].Value<int>("trainees"));
        Assert.Equal([46, 14, 16, 5, 9], units.Where(u => u.Value<int>("depth") == 1).Select(u => u.Value<int>("trainees")).OrderByDescending(x => x == 46 ? 100 : x == 14 ? 99 : x == 16 ? 98 : x == 5 ? 97 : 96));
    }

    [Fact]
    public async Task Discipline_records_of_seed_000_without_an_escalation_nobody_decided()
    {
        var records = await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync();
        Assert.Equal(6, records.Count); // 1 + 1 + 1 + 2 + 1
        var left = Assert.Single(records, r => r.Value<string>("kind") == "left_without_permission");
        Assert.Equal(_trainees["t003"].Name, left.Value<string>("name"));
        // nobody decided to report it: no escalation is filled in for the organizer
        Assert.Null(left.Value<string>("escalation"));
        Assert.Null(left.Value<string>("escalationDecision"));
        Assert.Equal(120, left.Value<int>("minutes"));
        Assert.Equal(5, records.Single(r => r.Value<string>("kind") == "late" && r.Value<long>("traineeId") == _trainees["t001"].Id).Value<int>("minutes"));
        // reading again does not double them
        Assert.Equal(6, (await (await (await app.Api("headteacher")).GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync()).Count);
    }

    [Fact]
    public async Task The_bulletin_names_the_violations_in_the_official_layout()
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var text = OfficialDocx.ReadText(await r.Content.ReadAsStreamAsync());
        Assert.Contains("培训纪律情况的通报", text);
        Assert.Contains("参训人员共90人，应到630人次，实到628人次，出勤率99.7%", text);
        Assert.Contains("迟到3人次，早退1人次，缺勤1人次，擅自离开1人次", text);
        foreach (var u in new[] { "t001", "t002", "t003", "t004", "t005" }) Assert.Contains(_trainees[u].Name, text);
        Assert.DoesNotContain(_trainees["t006"].Name + "：", text);
        Assert.Contains("迟到5分钟", text);
        Assert.Contains("未经批准擅自离开", text);
        Assert.Contains("各有关单位：", text);
        Assert.Contains("特此通报。", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).SkipLast(2).Last());
        // each violation with its day, half-day and course
        foreach (var (user, index, what) in new[] { ("t001", 1, "迟到5分钟"), ("t002", 2, "缺勤"), ("t003", 6, "未经批准擅自离开") })
            Assert.Contains($"{_trainees[user].Name}：{await SessionText(index)}{what}", text);
        // the counting rule is stated from the class's settings, and the figures follow it
        Assert.Contains("统计口径：应到人次不含请假；迟到、早退计入实到人次，擅自离开不计入实到人次；迟到每2次折算缺勤1次，早退每2次折算缺勤1次，擅自离开不折算缺勤。", text);
        Assert.Contains("折算缺勤2次", text); // t002's absence and t004's two lates
        // nobody recorded a report: the bulletin states the rule, not an action
        Assert.DoesNotContain("已按培训要求", text);
        Assert.DoesNotContain("已于", text);
        Assert.Contains("未经批准擅自离开的，情节严重的将", text);
        Assert.Contains("鄂城区", text);
        Assert.Contains("鄂州市民政局", text);

        var xlsx = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/attendance.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx?unitId=99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).GetAsync("/api/v1/cohorts/1/bulletin.docx")).StatusCode);
    }

    /// <summary>"6月7日上午《…》": the session's date and half-day in Beijing time and its title.</summary>
    private async Task<string> SessionText(int index)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var title = await c.ExecuteScalarAsync<string>("SELECT title FROM sessions WHERE id = @id", new { id = _sessions[index].Id });
        var local = TimeZoneInfo.ConvertTime(_sessions[index].StartsAt, Shanghai);
        return $"{local.Month}月{local.Day}日{(local.Hour < 12 ? "上午" : local.Hour < 18 ? "下午" : "晚上")}《{title}》";
    }

    private async Task<string> BulletinText(string query = "")
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx" + query);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return OfficialDocx.ReadText(await r.Content.ReadAsStreamAsync());
    }

    private async Task<long> UnitId(string name)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM units WHERE name = @name", new { name });
    }

    [Fact]
    public async Task A_submitting_units_bulletin_covers_everyone_it_submitted_for_and_is_written_to_it()
    {
        var huarong = await BulletinText($"?unitId={await UnitId("华容区民政局")}");
        Assert.Contains("华容区民政局：", huarong);
        Assert.Contains("你单位报送的参训人员共14人，应到98人次", huarong);
        Assert.DoesNotContain("共0人", huarong);

        var echeng = await BulletinText($"?unitId={await UnitId("鄂城区民政局")}");
        Assert.Contains("鄂城区民政局：", echeng);
        Assert.Contains("你单位报送的参训人员共46人", echeng);
        Assert.Contains("希望你单位", echeng);
        Assert.DoesNotContain("各单位", echeng);
        Assert.DoesNotContain("各地区", echeng);
        Assert.Contains("特此通报。", echeng);

        // a district: its subtree, addressed to the office that submitted for it
        var district = await BulletinText($"?unitId={await UnitId("鄂城区")}");
        Assert.Contains("鄂城区民政局：", district);
        Assert.DoesNotContain("\n鄂城区：", "\n" + district);
        Assert.Contains("鄂城区参训人员共46人", district);
        Assert.Contains("希望你单位", district);

        // the city, above every district: the whole class, written to every unit, not "鄂州市："
        var city = await BulletinText($"?unitId={await UnitId("鄂州市")}");
        Assert.DoesNotContain("\n鄂州市：", "\n" + city);
        Assert.Equal(await BulletinText(""), city);

        // the violations of the scope only: each named trainee is in it
        await using var c = await app.Get<Db>().OpenAsync();
        var echengIds = (await c.QueryAsync<long>("""
            SELECT e.id FROM enrollments e JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = 1 AND u.path LIKE (SELECT path FROM units WHERE name = '鄂城区') || '%'
            """)).ToHashSet();
        foreach (var u in new[] { "t001", "t002", "t003", "t004", "t005" })
            Assert.Equal(echengIds.Contains(_trainees[u].Id), echeng.Contains(_trainees[u].Name + "："));
    }

    [Fact]
    public async Task A_unit_with_nothing_expected_does_not_read_100_percent()
    {
        // a unit of the tree with no trainee in this class
        await using var c = await app.Get<Db>().OpenAsync();
        var empty = await c.ExecuteScalarAsync<long>("""
            SELECT MIN(u.id) FROM units u WHERE NOT EXISTS (
              SELECT 1 FROM enrollments e JOIN units x ON x.id = e.unit_id WHERE e.cohort_id = 1 AND x.path LIKE u.path || '%')
            """);
        var text = await BulletinText($"?unitId={empty}");
        Assert.Contains("参训人员共0人，无应到人次。", text);
        Assert.DoesNotContain("100.0%", text);
    }

    [Fact]
    public async Task The_counting_rule_follows_the_class_settings_with_the_figures()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("UPDATE cohorts SET lates_per_absence = 3 WHERE id = 1");
        try
        {
            var text = await BulletinText();
            Assert.Contains("迟到每3次折算缺勤1次", text);
            Assert.Contains("折算缺勤1次。", text); // t004's two lates no longer make an absence
        }
        finally { await c.ExecuteAsync("UPDATE cohorts SET lates_per_absence = 2 WHERE id = 1"); }
    }

    [Fact]
    public async Task The_table_has_district_totals_a_repeated_header_and_fits_the_text_block()
    {
        var r = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/1/bulletin.docx");
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(await r.Content.ReadAsStreamAsync(), false);
        Assert.Equal("关于鄂州市城乡社区工作者场景塑造实务能力培训第二期培训纪律情况的通报", doc.PackageProperties.Title); // the file says what it is
        var table = Assert.Single(doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>());
        var rows = table.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().ToList();
        string cells(DocumentFormat.OpenXml.Wordprocessing.TableRow row) => string.Join("|", row.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(x => x.InnerText));
        Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableHeader>());
        Assert.All(rows.Skip(1), row => Assert.Null(row.TableRowProperties?.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableHeader>()));
        var width = table.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableGrid>()!.Elements<DocumentFormat.OpenXml.Wordprocessing.GridColumn>().Sum(g => int.Parse(g.Width!.Value!));
        Assert.True(width <= OfficialDocx.TextWidth, $"{width} twips > 156 mm");
        Assert.Equal(OfficialDocx.TextWidth, OfficialDocx.PageWidth - OfficialDocx.MarginLeft - OfficialDocx.MarginRight);
        Assert.True(OfficialDocx.TextWidth / 56.69 <= 156.1);
        var body = rows.Skip(1).Select(cells).ToList();
        Assert.Contains(body, x => x.StartsWith("鄂城区合计|46|"));
        Assert.Contains(body, x => x.StartsWith("华容区合计|14|"));
        Assert.StartsWith("合计|90|99.7%|3|1|1|1", body[^1]);
        // detail only where something happened: every row that is not a total has a violation
        Assert.All(body.Where(x => !x.Split('|')[0].EndsWith("合计")), x => Assert.NotEqual("0|0|0|0", string.Join("|", x.Split('|')[3..])));
        Assert.True(body.Count < 15, string.Join("\n", body));
    }

    [Fact]
    public async Task The_organizer_records_whether_a_departure_was_reported_and_only_then_does_the_bulletin_say_so()
    {
        app.Clock.Set(Local("2023-06-12T10:00:00"));
        app.ForgetTokens();
        var org = await app.Api("organizer");
        var left = (await (await org.GetAsync("/api/v1/cohorts/1/discipline")).ReadArrayAsync()).Single(r => r.Value<string>("kind") == "left_without_permission");
        var id = left.Value<long>("id");
        var url = $"/api/v1/cohorts/1/discipline/{id}/escalation";
        try
        {
            // bad input is a clear 400, an unknown record 404, a head teacher may not decide
            Assert.Equal(HttpStatusCode.BadRequest, (await org.PostAsJsonAsync(url, new { reported = true, on = "2023-06-12" })).StatusCode);
            var future = await org.PostAsJsonAsync(url, new { reported = true, to = "所在单位上级纪检、组织部门", on = "2023-06-13" });
            Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
            Assert.Contains("不能晚于今天", await future.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, (await org.PostAsJsonAsync(url, new { reported = true, to = "x", on = "2023-06-08" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await org.PostAsJsonAsync("/api/v1/cohorts/1/discipline/99999999/escalation", new { reported = false })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsJsonAsync(url, new { reported = false })).StatusCode);

            // the page lists it undecided; the head teacher reads it without the form (pages sign in with a cookie, on today's clock)
            app.Clock.Reset();
            app.ForgetTokens();
            org = await app.Api("organizer");
            var pageResponse = await (await app.Browser("organizer")).GetAsync("/Attendance/Discipline/1");
            Assert.True(pageResponse.StatusCode == HttpStatusCode.OK, $"{pageResponse.StatusCode} {pageResponse.LocationPath()}");
            var page = await pageResponse.Content.ReadAsStringAsync();
            Assert.Contains($"id=\"record-{id}\"", page);
            Assert.Contains("未处理", page);
            Assert.Contains("name=\"Reported\"", page);
            Assert.DoesNotContain("name=\"Reported\"", await (await app.Browser("headteacher")).GetStringAsync("/Attendance/Discipline/1"));

            // not reported: recorded, audited, and the bulletin still claims nothing
            var browser = await app.Browser("organizer");
            var refused = await TestApp.PostFormAsync(browser, "/Attendance/Discipline/1", new() { ["RecordId"] = id.ToString(), ["Reported"] = "yes", ["To"] = "", ["On"] = "2023-06-12" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var no = await TestApp.PostFormAsync(browser, "/Attendance/Discipline/1", new() { ["RecordId"] = id.ToString(), ["Reported"] = "no", ["Note"] = "情节较轻" });
            Assert.Equal(HttpStatusCode.Redirect, no.StatusCode);
            Assert.Contains("不通报", await browser.GetStringAsync("/Attendance/Discipline/1"));
            Assert.DoesNotContain("已于", await BulletinText());

            // reported: the bulletin says to whom and when
            var r = await org.PostAsJsonAsync(url, new { reported = true, to = "所在单位上级纪检、组织部门", on = "2023-06-12", note = "经研究决定" });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var dto = await r.ReadJsonAsync();
            Assert.Equal("reported", dto.Value<string>("escalationDecision"));
            Assert.Equal("2023-06-12", dto.Value<string>("escalatedOn"));
            var text = await BulletinText();
            Assert.Contains($"{_trainees["t003"].Name}{await SessionText(6)}未经批准擅自离开，已于6月12日通报所在单位上级纪检、组织部门。", text);
            Assert.DoesNotContain("情节严重的将", text); // the one departure is decided

            await using var c = await app.Get<Db>().OpenAsync();
            var audit = (await c.QueryAsync<(string? Old, string New, string? Reason)>(
                "SELECT old_value, new_value, reason FROM audit_log WHERE entity = 'discipline_record' AND entity_id = @id AND action = 'discipline.escalation' ORDER BY id",
                new { id })).ToList();
            Assert.Equal(2, audit.Count);
            Assert.Null(audit[0].Old);
            Assert.Contains("not_reported", audit[0].New);
            Assert.Equal("情节较轻", audit[0].Reason);
            Assert.Contains("not_reported", audit[1].Old);
            Assert.Contains("2023-06-12", audit[1].New);
        }
        finally
        {
            await using var c = await app.Get<Db>().OpenAsync();
            await c.ExecuteAsync("""
                UPDATE discipline_records SET escalation_decision = NULL, escalation = NULL, escalated_on = NULL, escalation_decided_by = NULL,
                    escalation_decided_at = NULL WHERE id = @id
                """, new { id });
        }
    }

    /// <summary>The title paragraphs (方正小标宋简体) of a document.</summary>
    private static async Task<List<string>> TitleLinesOf(HttpResponseMessage r)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(await r.Content.ReadAsStreamAsync(), false);
        return doc.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Where(p => p.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>().Any(f => f.EastAsia?.Value == OfficialDocx.TitleFont))
            .Select(p => p.InnerText).ToList();
    }

    [Fact]
    public async Task The_title_breaks_at_a_word_into_balanced_lines_or_where_the_organizer_says()
    {
        var org = await app.Api("organizer");
        Assert.Equal(["关于鄂州市城乡社区工作者", "场景塑造实务能力培训", "第二期培训纪律情况的通报"], await TitleLinesOf(await org.GetAsync("/api/v1/cohorts/1/bulletin.docx")));
        Assert.Equal(["鄂州市城乡社区工作者", "场景塑造实务能力培训第二期", "（预通知）"], (await TitleLinesOf(await org.GetAsync("/api/v1/cohorts/1/notice.docx"))).Take(3)); // then the attachments' titles

        var bad = await org.PutAsJsonAsync("/api/v1/cohorts/1/bulletin/title", new { title = "关于鄂州市|培训纪律情况的通报" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("只能调整分行位置", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PutAsJsonAsync("/api/v1/cohorts/1/bulletin/title", new { title = "" })).StatusCode);
        try
        {
            var ok = await org.PutAsJsonAsync("/api/v1/cohorts/1/bulletin/title", new { title = "关于鄂州市城乡社区工作者 | 场景塑造实务能力培训第二期 | 培训纪律情况的通报" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(["关于鄂州市城乡社区工作者", "场景塑造实务能力培训第二期", "培训纪律情况的通报"], await TitleLinesOf(await org.GetAsync("/api/v1/cohorts/1/bulletin.docx")));
            await using var c = await app.Get<Db>().OpenAsync();
            Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = 1 AND action = 'bulletin.title'"));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await org.PutAsJsonAsync("/api/v1/cohorts/1/bulletin/title", new { title = "" })).StatusCode);
        }
        Assert.Equal(3, (await TitleLinesOf(await org.GetAsync("/api/v1/cohorts/1/bulletin.docx"))).Count);
    }

    [Fact]
    public async Task Seed_000_refuses_leave_quoting_its_rule()
    {
        var r = await (await app.Api("t010")).PostAsJsonAsync("/api/v1/cohorts/1/leave-requests",
            new { from = Local("2023-06-08T08:00:00"), to = Local("2023-06-08T12:00:00"), reason = "家中有事" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("参训人员一律不准请假", await r.Content.ReadAsStringAsync());
    }
}

public sealed class Seed000AttendanceTests_Sqlite(SqliteDemo app) : Seed000AttendanceTests(app), IClassFixture<SqliteDemo>;
public sealed class Seed000AttendanceTests_Postgres(PostgresDemo app) : Seed000AttendanceTests(app), IClassFixture<PostgresDemo>;
