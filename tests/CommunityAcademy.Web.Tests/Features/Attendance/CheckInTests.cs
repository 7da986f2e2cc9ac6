using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;

namespace CommunityAcademy.Web.Tests.Features.Attendance;

/// <summary>POST /api/v1/sessions/{id}/checkins: QR tokens, idempotent clientIds, windows, enrolment, offline uploads.</summary>
public abstract class CheckInTests(TestApp app)
{
    /// <summary>The clock at the real now, in whole seconds (sessions start on whole seconds).</summary>
    protected void Now() => app.Clock.Reset();

    [Fact]
    public async Task A_trainee_signs_in_with_the_QR_token_and_a_retry_returns_the_first_result()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t061");
        var token = await TokenAsync(app, session);
        var t = await app.Api("t061");
        var cid = Cid();
        var device = DateTimeOffset.UtcNow.AddMinutes(-3);
        var r1 = await CheckInAsync(t, session, new { kind = "in", clientId = cid, at = device, token, deviceId = "phone-1" });
        Assert.True(r1.StatusCode == HttpStatusCode.Created, await r1.Content.ReadAsStringAsync());
        var first = await r1.ReadJsonAsync();
        Assert.Equal("qr", first.Value<string>("method"));
        Assert.NotNull(first["deviceAt"]);
        Assert.NotEqual(first.Value<DateTimeOffset>("deviceAt"), first.Value<DateTimeOffset>("serverAt"));

        app.Clock.Advance(TimeSpan.FromMinutes(5)); // the token has expired meanwhile: a retry still answers with the first result
        var r2 = await CheckInAsync(t, session, new { kind = "in", clientId = cid, at = device, token, deviceId = "phone-1" });
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Equal(first.Value<long>("id"), (await r2.ReadJsonAsync()).Value<long>("id"));
        Assert.Equal(1, await CheckInCountAsync(app, cid));

        var line = Assert.Single((await AttendanceAsync(app, session))["trainees"]!.AsArray(), l => l.Value<string>("name") != null && l!["signedInAt"] != null);
        Assert.Equal("present", line.Value<string>("status"));
        // the trainee sees their own line only
        Assert.Single((await AttendanceAsync(app, session, "t061"))["trainees"]!.AsArray());
    }

    [Fact]
    public async Task Expired_forged_and_other_session_tokens_are_refused_and_nothing_is_stored()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t062");
        var other = await AddSessionAsync(app, cohort, app.Clock.GetUtcNow().AddMinutes(5), TimeSpan.FromHours(1), "另一节课");
        var t = await app.Api("t062");
        var token = await TokenAsync(app, session);
        var otherToken = await TokenAsync(app, other);
        var parts = token.Split('.');

        async Task Refused(object body, HttpStatusCode status, string contains)
        {
            var cid = Cid();
            var r = await CheckInAsync(t, session, body.GetType().GetProperty("clientId") is null ? new { kind = "in", clientId = cid } : body);
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == status, $"{(int)r.StatusCode} {text}");
            Assert.Contains(contains, text);
        }
        await Refused(new { kind = "in", clientId = Cid(), token = otherToken }, HttpStatusCode.UnprocessableEntity, "另一节课的二维码");
        await Refused(new { kind = "in", clientId = Cid(), token = $"{parts[0]}.{parts[1]}.AAAAAAAAAAAAAAAAAAAAAA" }, HttpStatusCode.UnprocessableEntity, "二维码无效");
        await Refused(new { kind = "in", clientId = Cid() }, HttpStatusCode.BadRequest, "token");
        await Refused(new { kind = "sideways", clientId = Cid(), token }, HttpStatusCode.BadRequest, "kind");
        await Refused(new { kind = "in", clientId = "", token }, HttpStatusCode.BadRequest, "clientId");
        await Refused(new { kind = "out", clientId = Cid(), token }, HttpStatusCode.UnprocessableEntity, "不在签退时间内"); // before the start
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await Refused(new { kind = "in", clientId = Cid(), token }, HttpStatusCode.UnprocessableEntity, "已过期");

        var notJson = await t.PostAsync($"/api/v1/sessions/{session}/checkins", Json.Raw("{kind: in"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CheckInAsync(t, 999999, new { kind = "in", clientId = Cid(), token })).StatusCode);
        Assert.DoesNotContain((await AttendanceAsync(app, session))["trainees"]!.AsArray(), l => l!["signedInAt"] != null);
        Assert.Contains(app.Logs.Lines, m => m.Contains("Check-in refused"));
    }

    [Fact]
    public async Task Not_enrolled_closed_window_and_a_reused_clientId_are_refused()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(45), false, "t063", "t064");
        var token = await TokenAsync(app, session);
        var early = await CheckInAsync(await app.Api("t063"), session, new { kind = "in", clientId = Cid(), token });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("不在签到时间内", await early.Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(20)); // 25 minutes before the start: open
        token = await TokenAsync(app, session);
        var stranger = await CheckInAsync(await app.Api("t065"), session, new { kind = "in", clientId = Cid(), token });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        Assert.Contains("不是本班学员", await stranger.Content.ReadAsStringAsync());

        var cid = Cid();
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t063"), session, new { kind = "in", clientId = cid, token })).StatusCode);
        var reused = await CheckInAsync(await app.Api("t064"), session, new { kind = "in", clientId = cid, token });
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal(1, await CheckInCountAsync(app, cid));
    }

    [Fact]
    public async Task A_second_tap_on_the_same_phone_returns_the_first_sign_in_and_stores_nothing_more()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t067");
        var token = await TokenAsync(app, session);
        var t = await app.Api("t067");
        var first = await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-x" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-x" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).Value<long>("id"), (await again.ReadJsonAsync()).Value<long>("id"));
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM check_ins WHERE session_id = @session", new { session }));
    }

    [Fact]
    public async Task A_second_device_is_flagged_to_the_head_teacher()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t066");
        var token = await TokenAsync(app, session);
        var t = await app.Api("t066");
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-a" })).StatusCode);
        var r = await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-b" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Contains("second_device", (await r.ReadJsonAsync())["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        var line = (await AttendanceAsync(app, session))["trainees"]!.AsArray().Single(l => l!["signedInAt"] != null);
        Assert.Contains("second_device", line!["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task One_phone_signing_in_several_trainees_is_flagged_as_proxy_sign_in()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t080", "t077", "t060");
        var token = await TokenAsync(app, session);
        // 代签: t080 signs in, then logs in as t077 on the same phone; t060 uses a phone of their own
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t080"), session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t077"), session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-p" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(await app.Api("t060"), session, new { kind = "in", clientId = Cid(), token, deviceId = "phone-q" })).StatusCode);
        var flags = (await AttendanceAsync(app, session))["trainees"]!.AsArray()
            .ToDictionary(l => l!.Value<string>("name"), l => l!["flags"]!.AsArray().Select(f => f!.GetValue<string>()).ToList());
        var names = await NamesAsync("t080", "t077", "t060");
        Assert.Contains("shared_device", flags[names[0]]);
        Assert.Contains("shared_device", flags[names[1]]);
        Assert.DoesNotContain("shared_device", flags[names[2]]);
        var console = await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Console/{session}");
        Assert.Contains("同一手机为多人签到", console);
    }

    private async Task<string[]> NamesAsync(params string[] usernames)
    {
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        var list = new List<string>();
        foreach (var u in usernames)
            list.Add(await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT display_name FROM users WHERE username = @u", new { u }) ?? "");
        return list.ToArray();
    }

    [Fact]
    public async Task An_offline_batch_uploaded_twice_makes_one_record_each_with_the_device_time()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-50), false, "t067", "t068", "t069");
        var ids = new[] { "t067", "t068", "t069" };
        var batch = new List<object>();
        var start = app.Clock.GetUtcNow().AddMinutes(-50);
        for (var i = 0; i < ids.Length; i++)
            batch.Add(new { kind = "in", clientId = Cid(), at = start.AddMinutes(-12 + i * 5), traineeId = await EnrollmentIdAsync(app, cohort, ids[i]), reason = "纸质签到表" });
        var ht = await app.Api("headteacher");
        foreach (var b in batch) Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(ht, session, b)).StatusCode);
        foreach (var b in batch) Assert.Equal(HttpStatusCode.OK, (await CheckInAsync(ht, session, b)).StatusCode);
        foreach (var b in batch) Assert.Equal(1, await CheckInCountAsync(app, (string)b.GetType().GetProperty("clientId")!.GetValue(b)!));

        var lines = (await AttendanceAsync(app, session))["trainees"]!.AsArray().OrderBy(l => l!["signedInAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(["present", "late", "late"], lines.Select(l => l.Value<string>("status")));
        Assert.Equal([0, 3, 8], lines.Select(l => l.Value<int>("lateMinutes")));
        // a trainee may not upload for someone else
        var forOther = await CheckInAsync(await app.Api("t067"), session, new { kind = "in", clientId = Cid(), traineeId = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, forOther.StatusCode);
    }

    [Fact]
    public async Task Marks_by_hand_win_and_every_change_is_audited()
    {
        Now();
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(-90), false, "t070", "t071");
        var a = await EnrollmentIdAsync(app, cohort, "t070");
        var b = await EnrollmentIdAsync(app, cohort, "t071");
        var before = (await AttendanceAsync(app, session))["trainees"]!.AsArray();
        Assert.All(before, l => Assert.Equal("absent", l.Value<string>("status"))); // the window closed: absent by itself

        var ht = await app.Api("headteacher");
        var bad = await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks", new { traineeIds = new[] { a }, status = "present" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("reason", await bad.Content.ReadAsStringAsync());
        var r = await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks", new { traineeIds = new[] { a, b }, status = "excused", reason = "纸质签到表" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.All((await r.ReadJsonAsync())["trainees"]!.AsArray(), l => Assert.Equal("excused", l.Value<string>("status")));
        var r2 = await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks", new { traineeIds = new[] { b }, status = "late", lateMinutes = 7, reason = "补录" });
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);

        var audit = await (await ht.GetAsync($"/api/v1/sessions/{session}/attendance/audit")).ReadArrayAsync();
        Assert.Equal(3, audit.Count);
        Assert.Equal("headteacher", audit[0].Value<string>("username"));
        Assert.Contains("excused", audit[0].Value<string>("oldValue"));
        Assert.Contains("late", audit[0].Value<string>("newValue"));
        Assert.Equal("补录", audit[0].Value<string>("reason"));

        // a sign-in entered by the head teacher (a paper sheet uploaded after the class) is audited too: who, when, what
        var start = app.Clock.GetUtcNow().AddMinutes(-90);
        Assert.Equal(HttpStatusCode.Created, (await CheckInAsync(ht, session, new { kind = "in", clientId = Cid(), at = start.AddMinutes(-12), traineeId = a, reason = "纸质签到表" })).StatusCode);
        audit = await (await ht.GetAsync($"/api/v1/sessions/{session}/attendance/audit")).ReadArrayAsync();
        Assert.Equal(4, audit.Count);
        Assert.Equal(("proxy_checkin", "headteacher"), (audit[0].Value<string>("action"), audit[0].Value<string>("username")));
        Assert.Contains($"\"trainee\":{a}", audit[0].Value<string>("newValue"));
        var console = await (await app.Browser("headteacher")).GetStringAsync($"/Attendance/Console/{session}");
        Assert.Contains("：代签到 ", console);
        Assert.Contains("：请假", console); // the marks in words, not JSON
        Assert.DoesNotContain("{&quot;trainee", console);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t070")).PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks",
            new { traineeIds = new[] { a }, status = "present", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ht.PostAsJsonAsync($"/api/v1/sessions/{session}/attendance/marks",
            new { traineeIds = new[] { 99999999L }, status = "present", reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_phone_that_was_offline_without_a_pass_is_held_at_the_device_time()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t078");
        var token = await TokenAsync(app, session);
        var scannedAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(20)); // the network came back 20 minutes later: 5 minutes after the start
        var t = await app.Api("t078");
        var cid = Cid();
        // Without the scan pass the page gives a phone online, it may be a forwarded photo of the code: held, not counted
        // (ScanPassFlowTests: the head teacher decides; with a pass it counts at once).
        var r = await CheckInAsync(t, session, new { kind = "in", clientId = cid, at = scannedAt, token });
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, await r.Content.ReadAsStringAsync());
        Assert.DoesNotContain((await AttendanceAsync(app, session))["trainees"]!.AsArray(), l => l!["signedInAt"] != null);
        await using (var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync())
            Assert.Equal(scannedAt, await Dapper.SqlMapper.ExecuteScalarAsync<DateTimeOffset>(c, "SELECT at FROM held_check_ins WHERE client_id = @cid", new { cid }));
        // claiming a device time the code was not shown at does not work
        var lie = await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), at = scannedAt.AddMinutes(10), token });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lie.StatusCode);
    }

    [Fact]
    public async Task Scans_of_one_trainee_at_the_same_moment_see_each_other()
    {
        // Sent together, they may be decided in one batch of the writer: each must still see the ones before it.
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t080");
        var token = await TokenAsync(app, session);
        var t = await app.Api("t080");
        var retried = Cid();
        var bodies = new List<object>();
        for (var i = 0; i < 4; i++) bodies.Add(new { kind = "in", clientId = retried, token, deviceId = "phone-1" });
        for (var i = 0; i < 3; i++) bodies.Add(new { kind = "in", clientId = Cid(), token, deviceId = "phone-1" });
        bodies.Add(new { kind = "in", clientId = Cid(), token, deviceId = "phone-2" });
        var answers = await Task.WhenAll(bodies.Select(b => CheckInAsync(t, session, b)));
        foreach (var a in answers) Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}");
        // phone-1: one record, whichever of its scans came first, and every scan of it answers with that one
        var phone1 = answers.Take(7).ToList();
        Assert.Equal(1, phone1.Count(a => a.StatusCode == HttpStatusCode.Created));
        var ids = new HashSet<long>();
        foreach (var a in phone1) ids.Add((await a.ReadJsonAsync()).Value<long>("id"));
        Assert.Single(ids);
        Assert.Equal(HttpStatusCode.Created, answers[^1].StatusCode);
        // two records (one per phone), the later of the two flagged as a second device
        await using var c = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync();
        var flags = (await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT flags FROM check_ins WHERE session_id = @session ORDER BY id", new { session })).ToList();
        Assert.Equal(["", "second_device"], flags);
    }

    [Fact]
    public async Task Odd_text_in_a_clientId_or_deviceId_is_never_a_500()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t081");
        var token = await TokenAsync(app, session);
        var t = await app.Api("t081");
        // a lone surrogate, a NUL (PostgreSQL cannot store it in text), emoji and a quote; each sent twice
        foreach (var odd in new[] { "\\ud800x", "a\\u0000b", "é😀\\\"", "x\\ud83d" })
        {
            var json = "{\"kind\":\"in\",\"clientId\":\"" + odd + "\",\"token\":\"" + token + "\",\"deviceId\":\"" + odd + "\"}";
            for (var i = 0; i < 2; i++)
            {
                var r = await t.PostAsync($"/api/v1/sessions/{session}/checkins", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
                Assert.True((int)r.StatusCode < 500, $"{odd}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task Too_many_sign_ins_from_one_account_are_limited()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(15), false, "t079");
        var t = await app.Api("t079");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
            codes.Add((await CheckInAsync(t, session, new { kind = "in", clientId = Cid(), token = "1.2.x" })).StatusCode);
        Assert.Equal(20, codes.Count(c => c == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[^1]);
    }
}

public sealed class CheckInTests_Sqlite(SqliteDemo app) : CheckInTests(app), IClassFixture<SqliteDemo>
{
    /// <summary>
    /// The writer's commits leave the WAL to its own checkpointer (so no sign-in waits for an fsync): a sign-in reaches
    /// the database file without another commit, and the writer's connection goes back to the pool as SQLite's default.
    /// </summary>
    [Fact]
    public async Task A_sign_in_reaches_the_database_file_through_the_checkpointer_and_the_pool_keeps_SQLites_default()
    {
        Now();
        var (_, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), false, "t078");
        var token = await TokenAsync(app, session);
        var cid = Cid();
        var r = await CheckInAsync(await app.Api("t078"), session, new { kind = "in", clientId = cid, token });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);

        // immutable=1 reads the database file alone, not the WAL: the row is there once a checkpoint copied it
        var db = app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>();
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        long inFile = 0;
        for (var i = 0; i < 50 && inFile == 0; i++)
        {
            await Task.Delay(100);
            await using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source=file:{file}?immutable=1;Mode=ReadOnly;Pooling=False");
            await raw.OpenAsync();
            try { inFile = await Dapper.SqlMapper.ExecuteScalarAsync<long>(raw, "SELECT COUNT(*) FROM check_ins WHERE client_id = @cid", new { cid }); }
            catch (Microsoft.Data.Sqlite.SqliteException) { } // no check_ins in the file yet: the fixture's writes are all in the WAL
        }
        Assert.Equal(1, inFile);

        // a quiet second later the writer lets its connection go: every pooled connection checkpoints as SQLite's default
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var open = new List<System.Data.Common.DbConnection>();
        try
        {
            for (var i = 0; i < 4; i++) open.Add(await db.OpenAsync());
            foreach (var c in open) Assert.Equal(1000, await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "PRAGMA wal_autocheckpoint"));
        }
        finally { foreach (var c in open) await c.DisposeAsync(); }
    }
}
public sealed class CheckInTests_Postgres(PostgresDemo app) : CheckInTests(app), IClassFixture<PostgresDemo>;
