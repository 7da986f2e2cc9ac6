using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Cohorts;

/// <summary>Copy, edit (PUT/PATCH) and archive of classes through the API (#13 point 2), on copies of seed 000's 第二期.</summary>
public abstract class CohortEditTests(TestApp app)
{
    private static readonly DateOnly NewStart = new(2024, 3, 12);

    private async Task<JsonNode> CopyAsync(string title, string start, string? end = null)
    {
        var c = await app.Api("organizer");
        var r = await c.PostAsJsonAsync("/api/v1/cohorts/1/copy", new { title, startDate = start, endDate = end });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.ReadJsonAsync();
    }

    private sealed class SessionRow
    {
        public long Id { get; init; }
        public DateOnly SessionDate { get; init; }
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public string Title { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public int SortOrder { get; init; }
    }

    [Fact]
    public async Task A_copy_takes_hosts_rules_categories_quotas_submitters_and_the_timetable_moved_by_the_offset_but_no_people()
    {
        var copy = await CopyAsync("鄂州市城乡社区工作者场景塑造实务能力培训第四期", NewStart.ToString("yyyy-MM-dd"));
        var id = copy["cohort"].Value<long>("id");
        var offset = NewStart.DayNumber - new DateOnly(2023, 6, 7).DayNumber;
        Assert.Equal(offset, copy.Value<int>("offsetDays"));
        Assert.Empty(copy["sessionsOutside"]!.AsArray());
        Assert.Equal("2024-03-14", copy["cohort"].Value<string>("endDate"));

        await using var c = await app.Get<Db>().OpenAsync();
        async Task<List<string>> Rows(string sql, long cohort) => (await c.QueryAsync<string>(sql, new { cohort })).ToList();
        foreach (var sql in new[]
        {
            "SELECT role || '|' || name FROM cohort_hosts WHERE cohort_id = @cohort ORDER BY sort_order",
            "SELECT category || '|' || label || '|' || CAST(headcount AS TEXT) FROM participant_categories WHERE cohort_id = @cohort ORDER BY sort_order",
            "SELECT CAST(unit_id AS TEXT) || '|' || position || '|' || CAST(places AS TEXT) FROM quota_lines WHERE cohort_id = @cohort ORDER BY sort_order, unit_id, position",
            "SELECT CAST(scope_unit_id AS TEXT) || '|' || CAST(submitter_unit_id AS TEXT) FROM receipt_submitters WHERE cohort_id = @cohort ORDER BY scope_unit_id",
            """
            SELECT CAST(accommodation AS TEXT) || meals || CAST(leave_allowed AS TEXT) || CAST(arrive_minutes_before AS TEXT) || COALESCE(unauthorized_departure, '')
                || CAST(checkin_opens_minutes AS TEXT) || CAST(checkout_grace_minutes AS TEXT) || CAST(departure_minutes AS TEXT)
                || CAST(lates_per_absence AS TEXT) || time_zone || COALESCE(venue, '') || COALESCE(notice_content, '')
            FROM cohorts WHERE id = @cohort
            """,
        })
        {
            var source = await Rows(sql, 1);
            Assert.NotEmpty(source);
            Assert.Equal(source, await Rows(sql, id));
        }
        Assert.Equal(await c.ExecuteScalarAsync<DateOnly>("SELECT receipt_deadline FROM cohorts WHERE id = 1").ContinueWith(t => t.Result.AddDays(offset)),
            await c.ExecuteScalarAsync<DateOnly>("SELECT receipt_deadline FROM cohorts WHERE id = @id", new { id }));

        const string sessions = "SELECT id, session_date, start_time, end_time, title, starts_at, sort_order FROM sessions WHERE cohort_id = @id ORDER BY starts_at, sort_order, id";
        var before = (await c.QueryAsync<SessionRow>(sessions, new { id = 1L })).ToList();
        var after = (await c.QueryAsync<SessionRow>(sessions, new { id })).ToList();
        Assert.Equal(7, before.Count);
        Assert.Equal(before.Count, after.Count);
        const string teachers = "SELECT COALESCE(CAST(instructor_id AS TEXT), 't' || CAST(team_id AS TEXT)) FROM session_instructors WHERE session_id = @sid ORDER BY sort_order, id";
        var linked = 0;
        foreach (var (b, a) in before.Zip(after))
        {
            Assert.Equal(b.SessionDate.AddDays(offset), a.SessionDate);
            Assert.Equal((b.StartTime, b.EndTime, b.Title, b.SortOrder), (a.StartTime, a.EndTime, a.Title, a.SortOrder));
            Assert.Equal(TimeSpan.FromDays(offset), a.StartsAt - b.StartsAt); // Asia/Shanghai has no summer time
            var t = (await c.QueryAsync<string>(teachers, new { sid = b.Id })).ToList();
            Assert.Equal(t, (await c.QueryAsync<string>(teachers, new { sid = a.Id })).ToList());
            linked += t.Count;
        }
        Assert.True(linked > 0, "seed 000's sessions have their instructors linked");

        foreach (var table in new[] { "enrollments", "receipts", "attendance", "discipline_records", "leave_requests" })
        {
            Assert.True(await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE cohort_id = 1") > 0 || table == "leave_requests", table);
            Assert.Equal(0, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE cohort_id = @id", new { id }));
        }
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM check_ins ci JOIN sessions s ON s.id = ci.session_id WHERE s.cohort_id = @id", new { id }));
        Assert.Null(await c.ExecuteScalarAsync<DateTimeOffset?>("SELECT roster_locked_at FROM cohorts WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_copy_into_fewer_days_lists_the_sessions_that_fall_after_the_new_end()
    {
        var copy = await CopyAsync("两天的班", "2024-04-01", "2024-04-02");
        var outside = copy["sessionsOutside"]!.AsArray();
        Assert.NotEmpty(outside);
        Assert.All(outside, s => Assert.Equal("2024-04-03", s.Value<string>("date"))); // the third day of 第二期
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE cohort_id = 1 AND session_date = @d", new { d = new DateOnly(2023, 6, 9) }),
            outside.Count);
        var bad = await (await app.Api("organizer")).PostAsJsonAsync("/api/v1/cohorts/1/copy", new { title = "", startDate = "2024-04-05", endDate = "2024-04-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("title") && errors.ContainsKey("endDate"), errors.ToJsonString());
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_given_and_put_replaces_them_all()
    {
        var id = (await CopyAsync("待修改的班", "2024-05-06"))["cohort"].Value<long>("id");
        var c = await app.Api("organizer");
        var before = await (await c.GetAsync($"/api/v1/cohorts/{id}")).ReadJsonAsync();
        var r = await c.PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"venue": "鄂州市委党校", "rules": {"arriveMinutesBefore": 5}, "signIn": {"latesPerAbsence": 3, "checkoutGraceMinutes": 45}}"""));
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var after = await r.ReadJsonAsync();
        Assert.Equal("鄂州市委党校", after.Value<string>("venue"));
        Assert.Equal(5, after.Value<int>("rules.arriveMinutesBefore"));
        Assert.Equal(3, after.Value<int>("signIn.latesPerAbsence"));
        Assert.Equal(45, after.Value<int>("signIn.checkoutGraceMinutes"));
        foreach (var unchanged in new[] { "title", "program", "startDate", "endDate", "timeZone", "contactName", "receiptDeadline", "hosts", "categories",
                     "sessions", "placesByDistrict", "noticeContent" })
            Assert.Equal(before[unchanged]?.ToJsonString(), after[unchanged]?.ToJsonString());
        Assert.Equal(before["rules"]!["meals"]!.ToJsonString(), after["rules"]!["meals"]!.ToJsonString());
        Assert.Equal(before.Value<bool>("rules.leaveAllowed"), after.Value<bool>("rules.leaveAllowed"));
        Assert.Equal(before.Value<int>("signIn.checkinOpensMinutes"), after.Value<int>("signIn.checkinOpensMinutes"));

        Assert.Equal(HttpStatusCode.BadRequest, (await c.PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"titel": "x"}"""))).StatusCode);
        var invalid = await c.PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"endDate": "2024-05-01", "signIn": {"qrRotationSeconds": 1}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("endDate") && errors.ContainsKey("signIn.qrRotationSeconds"), errors.ToJsonString());

        // PUT is the whole class: what it leaves out is emptied (hosts) or set back to the default
        var put = await c.PutAsJsonAsync($"/api/v1/cohorts/{id}", new
        {
            program = "城乡社区工作者能力提升", title = "改名后的班", startDate = "2024-05-07", endDate = "2024-05-09", timeZone = "Asia/Shanghai",
            hosts = new[] { new { role = "sponsor", name = "鄂州市民政局" } },
        });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var whole = await put.ReadJsonAsync();
        Assert.Equal("改名后的班", whole.Value<string>("title"));
        Assert.Equal("城乡社区工作者能力提升", whole.Value<string>("program"));
        Assert.Single(whole["hosts"]!.AsArray());
        Assert.Empty(whole["categories"]!.AsArray());
        // the start moved a day later, so did every session
        Assert.Equal(before["sessions"]![0].Value<string>("date") is { } d ? DateOnly.Parse(d).AddDays(1).ToString("yyyy-MM-dd") : null,
            whole["sessions"]![0].Value<string>("date"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"venue": "x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PatchAsync("/api/v1/cohorts/424242", Json.Raw("""{"venue": "x"}"""))).StatusCode);
    }

    [Fact]
    public async Task An_archived_class_is_hidden_from_the_default_list_refuses_changes_and_comes_back()
    {
        var id = (await CopyAsync("归档的班", "2024-06-03"))["cohort"].Value<long>("id");
        var c = await app.Api("organizer");
        Assert.Equal(HttpStatusCode.NoContent, (await c.PostAsync($"/api/v1/cohorts/{id}/archive", null)).StatusCode);

        Assert.DoesNotContain(await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync(), x => x.Value<long>("id") == id);
        Assert.Contains(await (await c.GetAsync("/api/v1/cohorts?archived=true")).ReadArrayAsync(), x => x.Value<long>("id") == id);
        Assert.Equal(id, Assert.Single(await (await c.GetAsync("/api/v1/cohorts?archived=only")).ReadArrayAsync()).Value<long>("id"));
        var got = await (await c.GetAsync($"/api/v1/cohorts/{id}")).ReadJsonAsync();
        Assert.True(got.Value<bool>("archived"));

        var session = got["sessions"]![0].Value<long>("id");
        var refused = new[]
        {
            await c.PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"venue": "x"}""")),
            await c.PutAsJsonAsync($"/api/v1/cohorts/{id}/quotas", new { lines = Array.Empty<object>() }),
            await c.PostAsync($"/api/v1/cohorts/{id}/lock", null),
            await c.DeleteAsync($"/api/v1/sessions/{session}"),
        };
        foreach (var r in refused)
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
            Assert.Contains("归档", (await r.ReadJsonAsync()).Value<string>("title"));
        }
        // reading, statistics and copying stay open
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/cohorts/{id}/attendance/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/cohorts/{id}/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsJsonAsync($"/api/v1/cohorts/{id}/copy", new { title = "从归档复制", startDate = "2024-07-01" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsync($"/api/v1/cohorts/{id}/unarchive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.PostAsync($"/api/v1/cohorts/{id}/unarchive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.PatchAsync($"/api/v1/cohorts/{id}", Json.Raw("""{"venue": "x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/sessions/{session}")).StatusCode);
    }
}

public sealed class CohortEditTests_Sqlite(SqliteDemo app) : CohortEditTests(app), IClassFixture<SqliteDemo>;
public sealed class CohortEditTests_Postgres(PostgresDemo app) : CohortEditTests(app), IClassFixture<PostgresDemo>;

/// <summary>Editing seed 000's 第二期, which has settled attendance and five rule-breakers: the edit says first how many statuses
/// change, then re-settles; archived, its statistics still count.</summary>
public abstract class CohortResettleTests(TestApp app)
{
    private async Task<long> LatesAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attendance WHERE cohort_id = 1 AND status = 'late'");
    }

    [Fact]
    public async Task Changing_the_late_rule_of_a_class_with_sign_ins_says_how_many_statuses_change_then_re_settles()
    {
        await app.Get<AttendanceSettlement>().SettleDueAsync(1);
        Assert.Equal(3, await LatesAsync()); // t001 five minutes late once, t004 two minutes late twice (due 10 minutes before)
        var c = await app.Api("organizer");

        // due 5 minutes before the start instead of 10: t001 (in 5 before) and t004 (8 before) are on time
        var ask = await c.PatchAsync("/api/v1/cohorts/1", Json.Raw("""{"rules": {"arriveMinutesBefore": 5}}"""));
        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        var problem = await ask.ReadJsonAsync();
        Assert.Equal("Cohorts.ConfirmAttendanceChange", problem.Value<string>("code"));
        Assert.Equal(3, problem.Value<int>("impact.statusesChanged"));
        Assert.Equal(3, problem.Value<int>("impact.sessionsAffected"));
        Assert.Equal(10, (await (await c.GetAsync("/api/v1/cohorts/1")).ReadJsonAsync()).Value<int>("rules.arriveMinutesBefore"));
        Assert.Equal(3, await LatesAsync());

        // a change that touches no sign-in rule is saved at once
        Assert.Equal(HttpStatusCode.OK, (await c.PatchAsync("/api/v1/cohorts/1", Json.Raw("""{"theme": "场景塑造"}"""))).StatusCode);

        var done = await c.PatchAsync("/api/v1/cohorts/1?confirm=true", Json.Raw("""{"rules": {"arriveMinutesBefore": 5}}"""));
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        Assert.Equal(0, await LatesAsync());
        var summary = await (await c.GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        Assert.Equal(0, summary["units"]!.AsArray().Sum(u => u.Value<int>("lates")));

        // archived, it is still counted in the statistics
        var rate = summary.Value<decimal>("rate");
        Assert.Equal(HttpStatusCode.NoContent, (await c.PostAsync("/api/v1/cohorts/1/archive", null)).StatusCode);
        var archived = await (await c.GetAsync("/api/v1/cohorts/1/attendance/summary")).ReadJsonAsync();
        Assert.Equal(90, archived.Value<int>("trainees"));
        Assert.Equal(rate, archived.Value<decimal>("rate"));
        Assert.Equal(HttpStatusCode.Conflict, (await c.PatchAsync("/api/v1/cohorts/1?confirm=true", Json.Raw("""{"rules": {"arriveMinutesBefore": 10}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.PostAsync("/api/v1/cohorts/1/unarchive", null)).StatusCode);
    }
}

public sealed class CohortResettleTests_Sqlite(SqliteDemo app) : CohortResettleTests(app), IClassFixture<SqliteDemo>;
public sealed class CohortResettleTests_Postgres(PostgresDemo app) : CohortResettleTests(app), IClassFixture<PostgresDemo>;
