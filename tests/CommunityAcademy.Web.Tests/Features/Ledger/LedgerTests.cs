using System.Net;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Ledger;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Ledger;

/// <summary>
/// 学时台账 (#21 points 4, 6): seed 000's class (7 sessions, 23.5 学时: the 15-minute opening credits nothing, 08:45–11:30
/// 3.5, five sessions of three hours 4 each) credits everyone 23.5 but t002 (absent from the third session, a 4-学时 one:
/// 19.5) and t003 (擅自离开 the last: 19.5); t005's ten minutes early out of the fifth count in full by default and 4 × 170/180
/// = 3.7 in proportion. Seed 004's accepted tasks credit their 学时 (4, 4, 6). Who sees what, merges proposed, confirmed,
/// audited and undone.
/// </summary>
public abstract class LedgerTests(TestApp app)
{
    private const long Seed000 = 1;

    private async Task<Dictionary<string, ClassLedgerRow>> Seed000LedgerAsync()
    {
        await app.Get<AttendanceSettlement>().SettleDueAsync(Seed000);
        await app.Get<LedgerStore>().RefreshAsync(Seed000, force: true);
        var rows = (await app.Get<LedgerStore>().ClassAsync(Seed000)).Rows;
        await using var c = await app.Get<Db>().OpenAsync();
        var names = (await c.QueryAsync<(long, string)>("SELECT id, username FROM users")).ToDictionary(x => x.Item1, x => x.Item2);
        return rows.ToDictionary(r => names[r.UserId]);
    }

    private async Task<long> UserIdAsync(string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE username = @username", new { username });
    }

    [Fact]
    public async Task Seed_000_credits_its_23_5_hours_minus_what_its_rule_breakers_lose()
    {
        var rows = await Seed000LedgerAsync();
        Assert.Equal(90, rows.Count);
        Assert.Equal(195, rows["t002"].ClassroomX10); // absent from the third session (4)
        Assert.Equal(195, rows["t003"].ClassroomX10); // left without permission from the last (4)
        foreach (var t in new[] { "t001", "t004", "t005" }) Assert.Equal(235, rows[t].ClassroomX10); // late, late twice, early leave: in full
        Assert.All(rows.Where(r => r.Key is not ("t002" or "t003")), r => Assert.Equal(235, r.Value.ClassroomX10));
        Assert.All(rows.Values, r => Assert.Equal(0, r.PracticeX10 + r.OnlineX10));
        Assert.Equal(88 * 235 + 2 * 195, rows.Values.Sum(r => r.TotalX10));
    }

    [Fact]
    public async Task A_mark_that_changes_a_status_or_a_cancelled_session_reaches_the_ledger_on_the_keepers_next_pass()
    {
        await Seed000LedgerAsync();
        var store = app.Get<LedgerStore>();
        Assert.False(await store.RefreshAsync(Seed000)); // nothing changed: nothing written
        await using var c = await app.Get<Db>().OpenAsync();
        var sessions = (await c.QueryAsync<long>("SELECT id FROM sessions WHERE cohort_id = 1 ORDER BY starts_at")).ToList();
        var t002 = await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE u.username = 't002' AND e.cohort_id = 1");
        async Task<Dictionary<string, ClassLedgerRow>> AfterPassAsync()
        {
            await app.Get<AttendanceSettlement>().SettleDueAsync(Seed000);
            Assert.True(await store.RefreshChangedAsync() >= 1);
            var users = (await c.QueryAsync<(long, string)>("SELECT id, username FROM users")).ToDictionary(x => x.Item1, x => x.Item2);
            return (await store.ClassAsync(Seed000)).Rows.ToDictionary(r => users[r.UserId]);
        }
        try
        {
            // the head teacher marks t002 present in the session they missed: the session is settled again, then the ledger follows
            await c.ExecuteAsync("""
                INSERT INTO attendance_marks (session_id, enrollment_id, status, late_minutes, reason, marked_at)
                VALUES (@session, @t002, 'present', 0, '补签', @now)
                """, new { session = sessions[2], t002, now = app.Clock.GetUtcNow() });
            await c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE id = @id", new { id = sessions[2] });
            Assert.Equal(235, (await AfterPassAsync())["t002"].ClassroomX10);

            // the last session cancelled: nobody is credited its 4 学时
            await c.ExecuteAsync("UPDATE sessions SET cancelled_at = @now WHERE id = @id", new { id = sessions[^1], now = app.Clock.GetUtcNow() });
            var rows = await AfterPassAsync();
            Assert.Equal(195, rows["t001"].ClassroomX10);
            Assert.Equal(195, rows["t003"].ClassroomX10); // who left that session loses nothing more
        }
        finally
        {
            await c.ExecuteAsync("DELETE FROM attendance_marks WHERE session_id = @session AND enrollment_id = @t002", new { session = sessions[2], t002 });
            await c.ExecuteAsync("UPDATE sessions SET cancelled_at = NULL WHERE id = @id", new { id = sessions[^1] });
            await c.ExecuteAsync("UPDATE sessions SET attendance_settled_at = NULL, attendance_version = attendance_version + 1 WHERE cohort_id = 1");
            await app.Get<AttendanceSettlement>().SettleDueAsync(Seed000);
            await store.RefreshAsync(Seed000, force: true);
        }
    }

    [Fact]
    public async Task Early_leave_in_proportion_credits_the_minutes_present_and_the_change_is_audited()
    {
        await Seed000LedgerAsync();
        var organizer = await app.Api("organizer");
        var bad = await organizer.PutJsonAsync($"/api/v1/cohorts/{Seed000}/ledger/rule", new { late = "full", earlyLeave = "half" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var denied = await (await app.Api("headteacher")).PutJsonAsync($"/api/v1/cohorts/{Seed000}/ledger/rule", new { late = "full", earlyLeave = "proportional" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        try
        {
            var ok = await organizer.PutJsonAsync($"/api/v1/cohorts/{Seed000}/ledger/rule", new { late = "proportional", earlyLeave = "proportional" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var rows = await Seed000LedgerAsync();
            Assert.Equal(235 - 40 + 37, rows["t005"].ClassroomX10); // 4 × 170 / 180 = 3.77… → 3.7
            Assert.Equal(235, rows["t001"].ClassroomX10); // signed in before the start: nothing missed
            await using var c = await app.Get<Db>().OpenAsync();
            Assert.True(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = @Seed000 AND action = 'ledger.rule'", new { Seed000 }) > 0);
        }
        finally
        {
            await organizer.PutJsonAsync($"/api/v1/cohorts/{Seed000}/ledger/rule", new { late = "full", earlyLeave = "full" });
        }
    }

    [Fact]
    public async Task A_trainee_reads_their_own_ledger_by_year_and_category_and_nobody_elses()
    {
        await Seed000LedgerAsync();
        await using (var c = await app.Get<Db>().OpenAsync()) // rows out of date (as before the keeper's pass): the read rewrites them first
        {
            await c.ExecuteAsync("DELETE FROM ledger_entries WHERE cohort_id = 1");
            await c.ExecuteAsync("UPDATE ledger_classes SET stamp = 'old' WHERE cohort_id = 1");
        }
        var t002 = await app.Api("t002");
        var mine = await (await t002.GetAsync("/api/v1/me/ledger")).ReadJsonAsync();
        var y2023 = mine["years"]!.AsArray().Single(y => y.Value<int>("year") == 2023);
        Assert.Equal(195, y2023.Value<int>("classroomX10"));
        Assert.Equal(5, mine["entries"]!.AsArray().Count(e => e.Value<long>("cohortId") == Seed000)); // six sessions worth 学时, one missed
        Assert.Equal(HttpStatusCode.NotFound, (await t002.GetAsync($"/api/v1/people/{await UserIdAsync("t003")}/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await t002.GetAsync("/api/v1/me/ledger?year=99999")).StatusCode);
        // the class's staff and the organizer see it; another office's organizer does not
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).GetAsync($"/api/v1/people/{await UserIdAsync("t002")}/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).GetAsync($"/api/v1/people/{await UserIdAsync("t002")}/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(Seed004.Organizer)).GetAsync($"/api/v1/people/{await UserIdAsync("t002")}/ledger")).StatusCode);
    }

    [Fact]
    public async Task A_units_yearly_summary_is_its_subtrees_people_and_a_contact_sees_its_own_subtree_only()
    {
        var rows = await Seed000LedgerAsync();
        await using var c = await app.Get<Db>().OpenAsync();
        var echeng = await c.ExecuteScalarAsync<long>("SELECT id FROM units WHERE name = '鄂城区'");
        var echengPath = await c.ExecuteScalarAsync<string>("SELECT path FROM units WHERE id = @echeng", new { echeng });
        var inEcheng = (await c.QueryAsync<string>("""
            SELECT u.username FROM enrollments e JOIN users u ON u.id = e.user_id JOIN units un ON un.id = e.unit_id
            WHERE e.cohort_id = 1 AND e.category = 'trainee' AND e.status = 'active' AND un.path LIKE @p
            """, new { p = echengPath + "%" })).ToList();
        Assert.NotEmpty(inEcheng);
        var summary = await (await (await app.Api("contact-echeng")).GetAsync($"/api/v1/units/{echeng}/ledger?year=2023")).ReadJsonAsync();
        Assert.Equal(inEcheng.Sum(u => rows[u].TotalX10), summary.Value<int>("classroomX10"));
        Assert.Equal(inEcheng.Count, summary["people"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("contact-huarong")).GetAsync($"/api/v1/units/{echeng}/ledger?year=2023")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t001")).GetAsync($"/api/v1/units/{echeng}/ledger?year=2023")).StatusCode);
        // the contact reads a person of its subtree, not one outside it
        var outside = rows.Keys.First(u => !inEcheng.Contains(u));
        var contact = await app.Api("contact-echeng");
        Assert.Equal(HttpStatusCode.OK, (await contact.GetAsync($"/api/v1/people/{await UserIdAsync(inEcheng[0])}/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/api/v1/people/{await UserIdAsync(outside)}/ledger")).StatusCode);
    }

    [Fact]
    public async Task A_units_yearly_summary_adds_up_each_persons_stored_rows_by_category_named_and_in_order()
    {
        await Seed000LedgerAsync();
        var store = app.Get<LedgerStore>();
        await store.RefreshAsync(await Seed004CohortAsync(), force: true); // practice and online rows beside seed 000's classroom ones
        await using var c = await app.Get<Db>().OpenAsync();
        // the stored rows one by one, with the names, added up here
        var stored = (await c.QueryAsync<(long UserId, string Name, long UnitId, string UnitName, string UnitPath, long CohortId, string Category, int Hours, int Year)>("""
            SELECT l.user_id, us.display_name, l.unit_id, un.name, un.path, l.cohort_id, l.category, l.hours_x10, l.year
            FROM ledger_entries l JOIN users us ON us.id = l.user_id JOIN units un ON un.id = l.unit_id
            """)).ToList();
        Assert.Contains(stored, x => x.Category == HourCategories.Practice);
        Assert.Contains(stored, x => x.Category == HourCategories.Online);
        var roots = (await c.QueryAsync<(long Id, string Path)>("SELECT id, path FROM units WHERE parent_id IS NULL")).ToList();
        var checkedPeople = 0;
        foreach (var year in stored.Select(x => x.Year).Distinct())
            foreach (var root in roots)
                foreach (var only in new IReadOnlySet<long>?[] { null, new HashSet<long> { Seed000 } })
                {
                    var expected = stored.Where(x => x.Year == year && x.UnitPath.StartsWith(root.Path, StringComparison.Ordinal) && (only is null || only.Contains(x.CohortId)))
                        .GroupBy(x => (x.UserId, x.UnitId))
                        .Select(g => new UnitPersonHours(g.Key.UserId, g.First().Name, g.Key.UnitId, g.First().UnitName,
                            g.Where(x => x.Category == HourCategories.Classroom).Sum(x => x.Hours),
                            g.Where(x => x.Category == HourCategories.Online).Sum(x => x.Hours),
                            g.Where(x => x.Category == HourCategories.Practice).Sum(x => x.Hours)))
                        .OrderBy(p => p.UnitName, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.UserId).ToList();
                    var summary = await store.UnitAsync(root.Id, year, only);
                    Assert.NotNull(summary);
                    Assert.Equal(expected, summary.People);
                    Assert.Equal(expected.Sum(p => p.ClassroomX10), summary.ClassroomX10);
                    Assert.Equal(expected.Sum(p => p.OnlineX10), summary.OnlineX10);
                    Assert.Equal(expected.Sum(p => p.PracticeX10), summary.PracticeX10);
                    checkedPeople += expected.Count;
                }
        Assert.True(checkedPeople > 90);
    }

    [Fact]
    public async Task Seed_004s_accepted_tasks_credit_their_hours_as_practice()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });
        await app.Get<LedgerStore>().RefreshAsync(cohort, force: true);
        var hoursOf = new Dictionary<string, int> { [Seed004Tasks.Task1] = 40, [Seed004Tasks.Task2] = 40, [Seed004Tasks.Task3] = 60 };
        var accepted = (await c.QueryAsync<(string User, string Task)>("""
            SELECT u.username, r.title FROM task_submissions ts JOIN review_submissions s ON s.id = ts.submission_id JOIN reviews r ON r.id = s.review_id
            JOIN enrollments e ON e.id = s.enrollment_id JOIN users u ON u.id = e.user_id WHERE r.cohort_id = @cohort AND ts.state = 'accepted'
            """, new { cohort })).ToList();
        Assert.Equal(12, accepted.Count(a => a.Task == Seed004Tasks.Task1)); // task 1: all accepted
        Assert.True(accepted.Count(a => a.Task == Seed004Tasks.Task2) < 12); // task 2: one still returned
        var ledger = (await app.Get<LedgerStore>().ClassAsync(cohort)).Rows;
        var users = (await c.QueryAsync<(long, string)>("SELECT id, username FROM users")).ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(12, ledger.Count);
        foreach (var row in ledger)
            Assert.Equal(accepted.Where(a => a.User == users[row.UserId]).Sum(a => hoursOf[a.Task]), row.PracticeX10);
    }

    [Fact]
    public async Task A_match_under_another_number_is_proposed_merged_on_confirmation_audited_and_undone()
    {
        await Seed000LedgerAsync();
        var t010 = await UserIdAsync("t010");
        var now = app.Clock.GetUtcNow();
        long other, enrollment;
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            await c.ExecuteAsync("UPDATE enrollments SET id_number = '42070019800101777X' WHERE user_id = @t010 AND cohort_id = 1", new { t010 });
            other = await c.ExecuteScalarAsync<long>("""
                INSERT INTO users (username, display_name, password_hash, phone, security_stamp, created_at)
                VALUES ('13800009999', '合并测试', 'x', '13800009999', 's', @now) RETURNING id
                """, new { now });
            var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed001.Title });
            enrollment = await c.ExecuteScalarAsync<long>("""
                INSERT INTO enrollments (cohort_id, user_id, category, name, id_number, created_at) VALUES (@cohort, @other, 'trainee', '合并测试', '42070019800101777x', @now) RETURNING id
                """, new { cohort, other, now });
        }
        var merges = app.Get<PersonMerges>();
        var admin = new CurrentUser(await UserIdAsync("admin"), "admin", "admin", new HashSet<string> { "admin" }, null);
        Assert.Contains(await merges.ProposalsAsync(), p => p.KeepUserId == t010 && p.MergeUserId == other && p.Reason == "id_number");
        Assert.Equal("Ledger.NotProposed", (await merges.MergeAsync(admin, t010, await UserIdAsync("t011"))).Error?.Code);

        var merged = await merges.MergeAsync(admin, t010, other);
        Assert.True(merged.IsOk);
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            Assert.Equal(t010, await c.ExecuteScalarAsync<long>("SELECT user_id FROM enrollments WHERE id = @enrollment", new { enrollment }));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.merge' AND entity_id = @t010", new { t010 }));
        }
        Assert.DoesNotContain(await merges.ProposalsAsync(), p => p.MergeUserId == other);

        Assert.Null(await merges.UndoAsync(admin, merged.Value));
        Assert.Equal("Ledger.AlreadyUndone", (await merges.UndoAsync(admin, merged.Value))?.Code);
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            Assert.Equal(other, await c.ExecuteScalarAsync<long>("SELECT user_id FROM enrollments WHERE id = @enrollment", new { enrollment }));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.merge_undone' AND entity_id = @t010", new { t010 }));
            await c.ExecuteAsync("DELETE FROM enrollments WHERE id = @enrollment", new { enrollment });
        }
        Assert.DoesNotContain(await merges.ProposalsAsync(), p => p.MergeUserId == other);
    }

    // ---- online learning (#21 point 4): the online source, and online sessions never credited as classroom sessions

    private async Task<long> Seed004CohortAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });
    }

    private sealed record EntryRow(long UserId, string SourceKind, long SourceId, string Category, int HoursX10);

    private async Task<List<EntryRow>> EntriesAsync(long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<(long, string, long, string, int)>(
            "SELECT user_id, source_kind, source_id, category, hours_x10 FROM ledger_entries WHERE cohort_id = @cohort", new { cohort }))
            .Select(x => new EntryRow(x.Item1, x.Item2, x.Item3, x.Item4, x.Item5)).ToList();
    }

    [Fact]
    public async Task Seed_004s_online_items_credit_what_each_trainee_completed_and_a_new_completion_reaches_the_ledger_on_the_keepers_pass()
    {
        var cohort = await Seed004CohortAsync();
        var store = app.Get<LedgerStore>();
        await store.RefreshAsync(cohort, force: true);
        await using var c = await app.Get<Db>().OpenAsync();
        var completed = await OnlineStore.CompletedItemsAsync(c, cohort);
        var ledger = (await store.ClassAsync(cohort)).Rows.ToDictionary(r => r.UserId);
        Assert.Equal(12, ledger.Count);
        foreach (var row in ledger.Values)
            Assert.Equal(completed.Where(x => x.UserId == row.UserId).Sum(x => x.HoursX10), row.OnlineX10);
        Assert.True(ledger.Values.Sum(r => r.OnlineX10) > 0);

        // one online row per completion, in the online category; no online session credited by the sessions source
        var entries = await EntriesAsync(cohort);
        var online = entries.Where(e => e.SourceKind == OnlineHourSource.KindCode).ToList();
        Assert.Equal(completed.Select(x => (x.UserId, x.SessionId, x.HoursX10)).Order(), online.Select(e => (e.UserId, e.SourceId, e.HoursX10)).Order());
        Assert.All(online, e => Assert.Equal(HourCategories.Online, e.Category));
        var onlineSessions = (await c.QueryAsync<long>($"SELECT s.id FROM sessions s WHERE s.cohort_id = @cohort AND {SessionHourSource.OnlineSql}", new { cohort })).ToHashSet();
        Assert.DoesNotContain(entries, e => e.SourceKind == SessionHourSource.KindCode && onlineSessions.Contains(e.SourceId));
        async Task<long> IdAsync(string title) => await c.ExecuteScalarAsync<long>("SELECT id FROM sessions WHERE cohort_id = @cohort AND title = @title", new { cohort, title });
        var theme = await IdAsync(Seed004.ThemeCourse);
        Assert.Equal(12, online.Count(e => e.SourceId == theme)); // the theme course: completed by all
        var cases = new List<long>();
        foreach (var t in Seed004.CasePushes) cases.Add(await IdAsync(t));
        Assert.Equal(24, online.Count(e => cases.Contains(e.SourceId))); // the case pushes: half of 4 × 12
        var lives = new[] { await IdAsync(Seed004.Live1), await IdAsync(Seed004.Live2) };
        Assert.Contains(online, e => lives.Contains(e.SourceId)); // the live courses: from the imported exports

        // a trainee reads a case push they had not completed: the keeper's next pass credits it, nothing else needed
        var progress = await OnlineStore.ProgressAsync(c, cohort);
        var (item, trainee) = (from i in progress.Items where cases.Contains(i.SessionId)
                               from t in progress.Trainees where !progress.Of(i.SessionId, t.EnrollmentId).Completed
                               select (i, t)).First();
        var onlineStore = app.Get<OnlineStore>();
        var modules = await onlineStore.ModulesAsync(item.SessionId);
        Assert.NotEmpty(modules);
        foreach (var m in modules) Assert.True((await onlineStore.OpenAsync(cohort, trainee.EnrollmentId, m.Id)).IsOk);
        app.Clock.Advance(TimeSpan.FromSeconds(modules.Max(m => m.ReadSeconds) + 60));
        await store.RefreshChangedAsync();
        Assert.False(await store.RefreshAsync(cohort)); // opened, not yet read: nothing changed
        foreach (var m in modules) Assert.True((await onlineStore.DoneReadingAsync(cohort, trainee.EnrollmentId, m.Id)).IsOk);
        Assert.True(await store.RefreshChangedAsync() >= 1);
        var after = (await store.ClassAsync(cohort)).Rows.Single(r => r.UserId == trainee.UserId);
        Assert.Equal(ledger[trainee.UserId].OnlineX10 + item.HoursX10, after.OnlineX10);
        Assert.Equal(ledger[trainee.UserId].ClassroomX10, after.ClassroomX10);
        var person = await store.PersonAsync(trainee.UserId, new LedgerStore.Scope(null, null));
        Assert.Contains(person!.Entries, e => e.SourceKind == OnlineHourSource.KindCode && e.SourceId == item.SessionId && e.Title == item.Title);
    }

    [Fact]
    public async Task An_online_session_without_sign_in_credits_only_who_completed_it_and_never_everyone_as_a_classroom_session()
    {
        var cohort = await Seed004CohortAsync();
        var store = app.Get<LedgerStore>();
        DateOnly day;
        await using (var c = await app.Get<Db>().OpenAsync())
            day = await c.ExecuteScalarAsync<DateOnly>("SELECT session_date FROM sessions WHERE cohort_id = @cohort AND title = @t", new { cohort, t = Seed004.CasePushes[0] });
        var made = await Timetable.TimetableKit.AddOkAsync(await app.Api(Seed004.Organizer), cohort,
            new { date = day.ToString("yyyy-MM-dd"), start = "14:00", end = "16:00", title = "线上案例推送：台账测试", type = "online_case", material = "案例" });
        var session = made["session"]!.Value<long>("id");
        await using (var c = await app.Get<Db>().OpenAsync()) // an online session takes no sign-in
            await c.ExecuteAsync("UPDATE sessions SET sign_in_required = FALSE WHERE id = @session", new { session });
        var org = await app.Browser(Seed004.Organizer);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, $"/Online/Item/{cohort}/{session}",
            new() { ["title"] = "案例", ["body"] = "正文", ["link"] = "", ["minutes"] = "1" }, "AddModule")).StatusCode);
        var item = (await app.Get<OnlineStore>().ItemAsync(cohort, session))!;
        Assert.True(item.EndsAt < app.Clock.GetUtcNow()); // it has ended
        await store.RefreshChangedAsync();
        Assert.DoesNotContain(await EntriesAsync(cohort), e => e.SourceId == session && e.SourceKind is SessionHourSource.KindCode or OnlineHourSource.KindCode); // nobody completed it: nobody credited

        var gc01 = await UserIdAsync("gc01");
        long enrollment;
        await using (var c = await app.Get<Db>().OpenAsync())
            enrollment = await c.ExecuteScalarAsync<long>("SELECT id FROM enrollments WHERE cohort_id = @cohort AND user_id = @gc01", new { cohort, gc01 });
        var module = Assert.Single(await app.Get<OnlineStore>().ModulesAsync(session));
        Assert.True((await app.Get<OnlineStore>().OpenAsync(cohort, enrollment, module.Id)).IsOk);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await app.Get<OnlineStore>().DoneReadingAsync(cohort, enrollment, module.Id)).IsOk);
        Assert.True(await store.RefreshChangedAsync() >= 1);
        var credited = Assert.Single(await EntriesAsync(cohort), e => e.SourceId == session && e.SourceKind is SessionHourSource.KindCode or OnlineHourSource.KindCode);
        Assert.Equal(new EntryRow(gc01, OnlineHourSource.KindCode, session, HourCategories.Online, item.HoursX10), credited);
    }
}

public sealed class LedgerTests_Sqlite(SqliteDemo app) : LedgerTests(app), IClassFixture<SqliteDemo>;
public sealed class LedgerTests_Postgres(PostgresDemo app) : LedgerTests(app), IClassFixture<PostgresDemo>;
