using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Cohorts;

/// <summary>
/// Who sees a class (#13 point 3), checked once on /api/v1/cohorts/{id}, /api/v1/sessions/{id} and the class's pages:
/// organizers by the owning unit's subtree, staff by being on the class, instructors by teaching one of its sessions.
/// </summary>
public abstract class CohortAccessTests(TestApp app)
{
    private async Task<long> UnitAsync(string path)
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        return units.Single(u => u.Value<string>("path") == path).Value<long>("id");
    }

    private async Task<string> UserAsync(string role, long? unit)
    {
        var name = role[..3] + Guid.NewGuid().ToString("N")[..8];
        await app.Get<AccountStore>().CreateAsync(new NewUser(name, name, "Passw0rd!x", [role], UnitId: unit));
        return name;
    }

    private async Task<long> CreateAsync(string organizer, string password = "demo1234")
    {
        var r = await (await app.Api(organizer, password)).PostAsJsonAsync("/api/v1/cohorts", new
        {
            program = "可见性测试", title = "可见性测试班" + Guid.NewGuid().ToString("N")[..4], startDate = "2032-05-06", endDate = "2032-05-07",
        });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (await r.ReadJsonAsync()).Value<long>("id");
    }

    private static async Task<HashSet<long>> ListAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/v1/cohorts")).ReadArrayAsync()).Select(x => x.Value<long>("id")).ToHashSet();

    [Fact]
    public async Task Organizers_with_a_unit_see_the_classes_owned_in_their_subtree_admins_and_unitless_organizers_all()
    {
        var huarong = await UserAsync(Role.Organizer, await UnitAsync("鄂州市/华容区"));
        var unitless = await UserAsync(Role.Organizer, null);
        var ours = await CreateAsync("organizer");                   // owned by 鄂州市民政局
        var theirs = await CreateAsync(huarong, "Passw0rd!x");      // owned by 华容区

        var h = await app.Api(huarong, "Passw0rd!x");
        var o = await app.Api("organizer");
        Assert.Contains(theirs, await ListAsync(h));
        Assert.DoesNotContain(ours, await ListAsync(h));
        Assert.DoesNotContain(1L, await ListAsync(h));               // the demo classes are the bureau's
        Assert.Equal(HttpStatusCode.NotFound, (await h.GetAsync($"/api/v1/cohorts/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.GetAsync("/api/v1/cohorts/1/roster")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.GetAsync("/api/v1/sessions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.PostAsync($"/api/v1/cohorts/{ours}/lock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser(huarong, "Passw0rd!x")).GetAsync($"/Cohorts/Details/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.GetAsync($"/api/v1/cohorts/{theirs}")).StatusCode);

        Assert.Contains(ours, await ListAsync(o));
        Assert.DoesNotContain(theirs, await ListAsync(o));           // 华容区 is not under 鄂州市民政局
        Assert.Equal(HttpStatusCode.NotFound, (await o.GetAsync($"/api/v1/cohorts/{theirs}/sessions")).StatusCode);

        foreach (var all in new[] { await app.Api("admin"), await app.Api(unitless, "Passw0rd!x") })
        {
            var seen = await ListAsync(all);
            Assert.Contains(ours, seen);
            Assert.Contains(theirs, seen);
            Assert.Equal(HttpStatusCode.OK, (await all.GetAsync($"/api/v1/cohorts/{theirs}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_mentor_sees_a_class_only_while_on_it_in_the_api_and_the_pages()
    {
        var cohort = await CreateCohortAsync(app, "导师可见性", "2032-06-01", "2032-06-02", withStaff: false);
        var session = await AddSessionAsync(app, cohort, new DateTimeOffset(2032, 6, 1, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var mentor = await app.Api("mentor");
        var page = await app.Browser("mentor");
        async Task Sees(HttpStatusCode expected)
        {
            Assert.Equal(expected, (await mentor.GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);
            Assert.Equal(expected, (await mentor.GetAsync($"/api/v1/cohorts/{cohort}/sessions")).StatusCode);
            Assert.Equal(expected, (await mentor.GetAsync($"/api/v1/sessions/{session}")).StatusCode);
            Assert.Equal(expected, (await page.GetAsync($"/Cohorts/Details/{cohort}")).StatusCode);
            Assert.Equal(expected, (await page.GetAsync($"/Timetable/{cohort}")).StatusCode);
            Assert.Equal(expected == HttpStatusCode.OK, (await ListAsync(mentor)).Contains(cohort));
        }
        await Sees(HttpStatusCode.NotFound);

        var organizer = await app.Api("organizer");
        var added = await organizer.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/staff", new { username = "mentor", role = "mentor" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await Sees(HttpStatusCode.OK);
        var staff = await (await organizer.GetAsync($"/api/v1/cohorts/{cohort}/staff")).ReadArrayAsync();
        Assert.Contains(staff, s => s.Value<string>("username") == "mentor" && s.Value<string>("role") == "mentor");

        var userId = staff.Single(s => s.Value<string>("username") == "mentor").Value<long>("userId");
        Assert.Equal(HttpStatusCode.NoContent, (await organizer.DeleteAsync($"/api/v1/cohorts/{cohort}/staff/{userId}")).StatusCode);
        await Sees(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.DeleteAsync($"/api/v1/cohorts/{cohort}/staff/{userId}")).StatusCode);
    }

    [Fact]
    public async Task Staff_are_added_by_user_name_into_a_place_their_account_holds()
    {
        var cohort = await CreateCohortAsync(app, "工作人员", "2032-06-01", "2032-06-02", withStaff: false);
        var organizer = await app.Api("organizer");
        async Task<HttpResponseMessage> Add(object body) => await organizer.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/staff", body);
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(new { username = "nobody-" + Guid.NewGuid().ToString("N")[..6], role = "mentor" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(new { username = "mentor", role = "janitor" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(new { username = "t001", role = "head_teacher" })).StatusCode); // not a head teacher
        Assert.Equal(HttpStatusCode.BadRequest, (await Add(new { role = "expert" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Add(new { username = "headteacher", role = "head_teacher" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Add(new { username = "headteacher", role = "head_teacher" })).StatusCode); // already on it
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/staff", new { username = "mentor", role = "mentor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("contact-echeng")).GetAsync($"/api/v1/cohorts/{cohort}/staff")).StatusCode);
        // The head teacher now sees the class; the expert, not on it, does not.
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{cohort}/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("expert")).GetAsync($"/api/v1/cohorts/{cohort}/staff")).StatusCode);
    }

    [Fact]
    public async Task The_staff_page_adds_by_user_name_and_removes_after_a_confirmation()
    {
        var cohort = await CreateCohortAsync(app, "工作人员页", "2032-06-01", "2032-06-02", withStaff: false);
        var page = $"/Cohorts/Staff/{cohort}";
        var b = await app.Browser("organizer");
        var added = await TestApp.PostFormAsync(b, page, new() { ["Username"] = "expert", ["Place"] = "expert" }, "Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode); // done: back to the page, which lists the expert
        Assert.Contains("评审专家（演示）（expert）", WebUtility.HtmlDecode(await b.GetStringAsync(added.Headers.Location)));
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("expert")).GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);

        var wrong = await TestApp.PostFormAsync(b, page, new() { ["Username"] = "t001", ["Place"] = "mentor" }, "Add");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("t001", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));

        // Remove asks first: the link shows a panel with the form; nothing changes until it is posted.
        var expertId = (await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/staff")).ReadArrayAsync())
            .Single(x => x.Value<string>("username") == "expert").Value<long>("userId");
        var confirm = await (await b.GetAsync($"{page}?remove={expertId}&role=expert")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-remove\"", confirm);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("expert")).GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);
        var removed = await TestApp.PostFormAsync(b, page,
            new() { ["UserId"] = expertId.ToString(), ["Place"] = "expert" }, "Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("expert")).GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);

        // A head teacher on the class reads the page without the forms; a contact may not open it.
        await app.PutOnAsync(cohort, ("headteacher", "head_teacher"));
        var ht = await (await (await app.Browser("headteacher")).GetAsync(page)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("handler=Add", ht);
        var contact = await (await app.Browser("contact-echeng")).GetAsync(page);
        Assert.Contains("/Accounts/AccessDenied", contact.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_instructor_with_an_account_sees_the_classes_whose_sessions_they_teach()
    {
        var lecturer = await UserAsync(Role.Mentor, null);
        var cohort = await CreateCohortAsync(app, "授课可见性", "2032-07-01", "2032-07-02", withStaff: false);
        var session = await AddSessionAsync(app, cohort, new DateTimeOffset(2032, 7, 1, 1, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var c = await app.Api(lecturer, "Passw0rd!x");
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);

        await using (var db = await app.Get<Db>().OpenAsync())
        {
            var instructor = await db.ExecuteScalarAsync<long>("""
                INSERT INTO instructors (name, organisation, user_id, created_at)
                SELECT display_name, '测试大学', id, @now FROM users WHERE username = @lecturer RETURNING id
                """, new { lecturer, now = app.Clock.GetUtcNow() });
            await db.ExecuteAsync("INSERT INTO session_instructors (session_id, instructor_id, sort_order) VALUES (@session, @instructor, 0)", new { session, instructor });
        }
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/cohorts/{cohort}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/sessions/{session}")).StatusCode);
        Assert.Contains(cohort, await ListAsync(c));
        var staff = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{cohort}/staff")).ReadArrayAsync();
        Assert.Contains(staff, s => s.Value<string>("username") == lecturer && s.Value<string>("role") == "instructor" && s.Value<string>("source") == "session");
    }

    [Fact]
    public async Task Sessions_of_a_hidden_class_are_hidden_but_a_trainees_check_in_is_still_decided_by_the_enrollment()
    {
        var (cohort, session) = await ClassWithSessionAsync(app, TimeSpan.FromMinutes(5), leaveAllowed: true, "t061");
        await using (var db = await app.Get<Db>().OpenAsync())
            await db.ExecuteAsync("DELETE FROM cohort_staff WHERE cohort_id = @cohort AND user_id = (SELECT id FROM users WHERE username = 'headteacher')", new { cohort });
        app.Get<CommunityAcademy.Web.Features.Cohorts.CohortAccess>().Forget(cohort);

        var ht = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.NotFound, (await ht.GetAsync($"/api/v1/sessions/{session}/qr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ht.GetAsync($"/api/v1/sessions/{session}/attendance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CheckInAsync(ht, session, new { kind = "in", clientId = Cid(), traineeId = 1, reason = "纸质签到表" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Browser("headteacher")).GetAsync($"/Attendance/Console/{session}")).StatusCode);

        // A trainee of another class is refused by the sign-in itself (422, not enrolled), as before the class check.
        var qr = await (await (await app.Api("organizer")).GetAsync($"/api/v1/sessions/{session}/qr")).ReadJsonAsync();
        var stranger = await CheckInAsync(await app.Api("t062"), session, new { kind = "in", clientId = Cid(), token = qr.Value<string>("token") });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        // Leave requests of a class the head teacher is not on cannot be decided by them.
        var start = app.Clock.GetUtcNow().AddDays(1);
        var leave = await (await (await app.Api("t061")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/leave-requests", new { from = start, to = start.AddHours(2), reason = "看病" })).ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await ht.PostAsJsonAsync($"/api/v1/leave-requests/{leave.Value<long>("id")}/decision", new { approve = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/leave-requests/{leave.Value<long>("id")}/decision", new { approve = true })).StatusCode);
    }
}

public sealed class CohortAccessTests_Sqlite(SqliteDemo app) : CohortAccessTests(app), IClassFixture<SqliteDemo>;
public sealed class CohortAccessTests_Postgres(PostgresDemo app) : CohortAccessTests(app), IClassFixture<PostgresDemo>;
