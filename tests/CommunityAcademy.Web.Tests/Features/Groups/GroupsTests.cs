using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Features.Enrollment;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Groups;

/// <summary>分组 (#16 point 1): forming through the page and the API, moving people, who may see and change, the trainee's phone page, 替换.</summary>
public abstract class GroupsTests(TestApp app)
{
    private static readonly string[] Trainees = ["t061", "t062", "t063", "t064", "t065", "t066", "t067"];

    /// <summary>A class with seven trainees at three units (滨湖社区 ×3, 段店镇 ×2, none ×2), the demo staff on it.</summary>
    private async Task<long> ClassAsync(bool withStaff = true)
    {
        var cohort = await CreateCohortAsync(app, "分组测试班", "2031-03-10", "2031-03-12", withStaff: withStaff);
        foreach (var t in Trainees) await EnrollAsync(app, cohort, t);
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("""
            UPDATE enrollments SET unit_id = (SELECT id FROM units WHERE name = '滨湖社区'), gender = '女'
            WHERE cohort_id = @cohort AND user_id IN (SELECT id FROM users WHERE username IN ('t061', 't062', 't063'))
            """, new { cohort });
        await c.ExecuteAsync("""
            UPDATE enrollments SET unit_id = (SELECT id FROM units WHERE name = '段店镇'), gender = '男'
            WHERE cohort_id = @cohort AND user_id IN (SELECT id FROM users WHERE username IN ('t064', 't065'))
            """, new { cohort });
        return cohort;
    }

    private async Task<long> EnrollmentOfAsync(long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @username",
            new { cohort, username });
    }

    private async Task<List<(long Group, string Name, long Members)>> GroupsOfAsync(long grouping)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<(long, string, long)>("""
            SELECT g.id, g.name, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) FROM groups g WHERE g.grouping_id = @grouping ORDER BY g.sort_order
            """, new { grouping })).ToList();
    }

    private async Task<long?> GroupOfAsync(long grouping, long enrollment)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT group_id FROM group_members WHERE grouping_id = @grouping AND enrollment_id = @enrollment", new { grouping, enrollment });
    }

    private static long GroupingIdFrom(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"create: {(int)r.StatusCode}");
        var m = Regex.Match(r.Headers.Location!.ToString(), @"/Groups/Grouping/\d+/(\d+)$");
        Assert.True(m.Success, r.Headers.Location!.ToString());
        return long.Parse(m.Groups[1].Value);
    }

    [Fact]
    public async Task Forming_through_the_page_creates_balanced_groups_and_one_group_per_unit()
    {
        var cohort = await ClassAsync();
        var head = await app.Browser("headteacher"); // the class's head teacher may form groups
        var balanced = GroupingIdFrom(await TestApp.PostFormAsync(head, $"/Groups/{cohort}",
            new() { ["Kind"] = "working", ["Name"] = "班级小组", ["Method"] = "balanced", ["Count"] = "3" }, "Create"));
        var groups = await GroupsOfAsync(balanced);
        Assert.Equal([3L, 2L, 2L], groups.Select(g => g.Members));
        Assert.Equal(["第1组", "第2组", "第3组"], groups.Select(g => g.Name));
        // 滨湖社区's three people are in three different groups
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(3, await c.ExecuteScalarAsync<long>("""
                SELECT COUNT(DISTINCT m.group_id) FROM group_members m JOIN enrollments e ON e.id = m.enrollment_id
                WHERE m.grouping_id = @balanced AND e.unit_id = (SELECT id FROM units WHERE name = '滨湖社区')
                """, new { balanced }));

        var byUnit = GroupingIdFrom(await TestApp.PostFormAsync(head, $"/Groups/{cohort}",
            new() { ["Kind"] = "other", ["Name"] = "按社区", ["Method"] = "by_unit" }, "Create"));
        Assert.Equal([("滨湖社区", 3L), ("段店镇", 2L), ("未填单位", 2L)], (await GroupsOfAsync(byUnit)).Select(g => (g.Name, g.Members)));

        var page = await PageAsync(head, $"/Groups/Grouping/{cohort}/{byUnit}");
        Assert.Contains("滨湖社区", page);
        Assert.Contains("id=\"move-form\"", page);
        var list = await PageAsync(head, $"/Groups/{cohort}");
        Assert.Contains($"/Groups/Grouping/{cohort}/{balanced}", list);
        Assert.Contains($"/Groups/{cohort}", await PageAsync(head, $"/Cohorts/Details/{cohort}"));
        await PageAsync(head, $"/Groups/Print/{cohort}/{byUnit}");
    }

    [Fact]
    public async Task Only_one_working_grouping_per_class()
    {
        var cohort = await ClassAsync();
        var organizer = await app.Browser("organizer");
        GroupingIdFrom(await TestApp.PostFormAsync(organizer, $"/Groups/{cohort}",
            new() { ["Kind"] = "working", ["Name"] = "班级小组", ["Method"] = "by_hand", ["Count"] = "2" }, "Create"));
        var again = await TestApp.PostFormAsync(organizer, $"/Groups/{cohort}",
            new() { ["Kind"] = "working", ["Name"] = "又一个", ["Method"] = "by_hand", ["Count"] = "2" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("已有班级工作小组", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        var api = await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings",
            new { kind = "working", name = "API", method = "by_hand", count = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        Assert.Equal("Groups.WorkingExists", (await api.ReadJsonAsync()).Value<string>("code"));
        var other = await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings",
            new { kind = "teams", name = "三人小组", method = "teams" });
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal([3, 4], (await other.ReadJsonAsync())["groups"]!.AsArray().Select(g => g!["members"]!.AsArray().Count).Order());
        var listed = await (await (await app.Api("mentor")).GetAsync($"/api/v1/cohorts/{cohort}/groupings")).ReadArrayAsync();
        Assert.Equal(["working", "teams"], listed.Select(g => g.Value<string>("kind")));
    }

    [Fact]
    public async Task Moving_people_by_ticking_them_and_the_mentor_reads_only()
    {
        var cohort = await ClassAsync();
        var organizer = await app.Browser("organizer");
        var grouping = GroupingIdFrom(await TestApp.PostFormAsync(organizer, $"/Groups/{cohort}",
            new() { ["Kind"] = "working", ["Name"] = "班级小组", ["Method"] = "by_unit" }, "Create"));
        var groups = await GroupsOfAsync(grouping);
        var a = await EnrollmentOfAsync(cohort, "t061");
        var b = await EnrollmentOfAsync(cohort, "t062");
        var target = groups[1].Group;
        var r = await PostMultipartAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}",
            [("Chosen", a.ToString()), ("Chosen", b.ToString()), ("To", target.ToString())], handler: "Move");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(target, await GroupOfAsync(grouping, a));
        Assert.Equal(target, await GroupOfAsync(grouping, b));
        Assert.Equal([1L, 4L, 2L], (await GroupsOfAsync(grouping)).Select(g => g.Members));
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'grouping' AND entity_id = @grouping AND action = 'groups.move'", new { grouping }));
        var moved = await PageAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}");
        Assert.Contains("已移动 2 人", moved);

        // out of every group, then the leader: only a member may lead
        r = await PostMultipartAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}", [("Chosen", a.ToString()), ("To", "none")], handler: "Move");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Null(await GroupOfAsync(grouping, a));
        var lead = await TestApp.PostFormAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}",
            new() { ["GroupId"] = target.ToString(), ["Name"] = "第二组", ["Place"] = "301 教室", ["LeaderId"] = a.ToString() }, "Edit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lead.StatusCode);
        lead = await TestApp.PostFormAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}",
            new() { ["GroupId"] = target.ToString(), ["Name"] = "第二组", ["Place"] = "301 教室", ["LeaderId"] = b.ToString() }, "Edit");
        Assert.Equal(HttpStatusCode.Redirect, lead.StatusCode);
        var mentor = await TestApp.PostFormAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}",
            new() { ["GroupId"] = target.ToString(), ["Username"] = "mentor" }, "AddMentor");
        Assert.Equal(HttpStatusCode.Redirect, mentor.StatusCode);
        var notMentor = await TestApp.PostFormAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}",
            new() { ["GroupId"] = target.ToString(), ["Username"] = "expert" }, "AddMentor");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notMentor.StatusCode);

        // the mentor reads the grouping (names, place, themselves as mentor) but cannot move anyone
        var reader = await app.Browser("mentor");
        var page = await PageAsync(reader, $"/Groups/Grouping/{cohort}/{grouping}");
        Assert.Contains("301 教室", page);
        Assert.Contains("陈伟东", page);
        Assert.DoesNotContain("id=\"move-form\"", page);
        var token = Regex.Match(await PageAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}"), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        var refused = await reader.PostAsync($"/Groups/Grouping/{cohort}/{grouping}?handler=Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Chosen"] = b.ToString(), ["To"] = groups[0].Group.ToString(), ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("/Groups/", refused.Headers.Location?.ToString() ?? ""); // refused (403 / access denied / bad token), not done
        Assert.Equal(target, await GroupOfAsync(grouping, b));
    }

    [Fact]
    public async Task Another_class_staff_and_another_class_grouping_are_404()
    {
        var foreign = await ClassAsync(withStaff: false);
        var grouping = (await (await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{foreign}/groupings",
            new { kind = "working", name = "小组", method = "balanced", count = 2 })).ReadJsonAsync())["grouping"].Value<long>("id");
        var head = await app.Browser("headteacher");
        await PageAsync(head, $"/Groups/{foreign}", HttpStatusCode.NotFound);
        await PageAsync(head, $"/Groups/Grouping/{foreign}/{grouping}", HttpStatusCode.NotFound);
        await PageAsync(head, $"/Groups/Print/{foreign}/{grouping}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).GetAsync($"/api/v1/cohorts/{foreign}/groupings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("mentor")).GetAsync($"/api/v1/cohorts/{foreign}/groupings/{grouping}")).StatusCode);
        // a grouping of another class under one's own class's id
        var mine = await ClassAsync();
        await PageAsync(head, $"/Groups/Grouping/{mine}/{grouping}", HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("headteacher")).PostAsJsonAsync($"/api/v1/cohorts/{mine}/groupings/{grouping}/moves",
            new { enrollmentIds = new[] { 1 }, groupId = (long?)null })).StatusCode);
        // a mentor made a group's 导师 becomes class staff and sees the class
        await PageAsync(await app.Browser("mentor"), $"/Groups/{foreign}", HttpStatusCode.NotFound);
        var group = (await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{foreign}/groupings/{grouping}")).ReadJsonAsync())["groups"]!.AsArray()[0].Value<long>("id");
        var add = await TestApp.PostFormAsync(await app.Browser("organizer"), $"/Groups/Grouping/{foreign}/{grouping}",
            new() { ["GroupId"] = group.ToString(), ["Username"] = "mentor" }, "AddMentor");
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Contains("陈伟东", await PageAsync(await app.Browser("mentor"), $"/Groups/Grouping/{foreign}/{grouping}"));
        await PageAsync(await app.Browser("mentor"), $"/Cohorts/Details/{foreign}");
        // a trainee: not a staff page
        var denied = await (await app.Browser("t061")).GetAsync($"/Groups/{mine}");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Fact]
    public async Task A_trainee_sees_their_group_on_the_phone_without_phone_numbers()
    {
        var cohort = await ClassAsync();
        var created = await (await (await app.Api("organizer")).PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings",
            new { kind = "working", name = "班级小组", method = "by_unit" })).ReadJsonAsync();
        var first = created["groups"]!.AsArray()[0]!;
        Assert.Equal("滨湖社区", first.Value<string>("name"));
        var grouping = created["grouping"].Value<long>("id");
        var lead = await EnrollmentOfAsync(cohort, "t062");
        var edit = await TestApp.PostFormAsync(await app.Browser("organizer"), $"/Groups/Grouping/{cohort}/{grouping}",
            new() { ["GroupId"] = first.Value<long>("id").ToString(), ["Name"] = "滨湖社区组", ["Place"] = "二楼会议室", ["LeaderId"] = lead.ToString() }, "Edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        string Name(string u) => first["members"]!.AsArray().Single(m => m.Value<long>("enrollmentId") == EnrollmentOfAsync(cohort, u).Result).Value<string>("name");

        var trainee = await app.Browser("t061");
        var page = await PageAsync(trainee, $"/Me/Groups/{cohort}");
        Assert.Contains("滨湖社区组", page);
        Assert.Contains("二楼会议室", page);
        Assert.Contains(Name("t062"), page);
        Assert.Contains(Name("t063"), page);
        Assert.DoesNotMatch(new Regex(@"1[3-9]\d{9}"), page);
        Assert.Contains($"/Me/Groups/{cohort}", await PageAsync(trainee, $"/Me/Timetable/{cohort}")); // the class's tabs
        // in no group: says so
        Assert.Contains("未填单位", await PageAsync(await app.Browser("t066"), $"/Me/Groups/{cohort}"));
        var other = await ClassAsync(); // a class where t061 is in no group
        Assert.Contains("my-groups-none", await PageAsync(trainee, $"/Me/Groups/{other}"));
        await PageAsync(await app.Browser("headteacher"), $"/Me/Groups/{cohort}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_substitute_takes_the_replaced_persons_group_and_leadership()
    {
        var k = await SmallClass.CreateAsync(app, "替换分组 " + U());
        Assert.True((await k.EchengAsync(new("甲一", "13600001001"), new("甲二", "13600001002"))).IsSuccessStatusCode);
        Assert.True((await k.HuarongAsync(new("乙一", "13600001003"), new("乙二", "13600001004"))).IsSuccessStatusCode);
        await k.LockAsync();
        var api = await app.Api("organizer");
        var created = await (await api.PostAsJsonAsync($"/api/v1/cohorts/{k.Id}/groupings", new { kind = "working", name = "小组", method = "by_unit" })).ReadJsonAsync();
        var grouping = created["grouping"].Value<long>("id");
        var group = created["groups"]!.AsArray().Single(g => g!["members"]!.AsArray().Any(m => m.Value<string>("name") == "甲一"))!;
        var old = group["members"]!.AsArray().Single(m => m.Value<string>("name") == "甲一").Value<long>("enrollmentId");
        await using (var c = await app.Get<Db>().OpenAsync())
            await c.ExecuteAsync("UPDATE groups SET leader_enrollment_id = @old WHERE id = @g", new { old, g = group.Value<long>("id") });

        var r = await api.PostAsJsonAsync($"/api/v1/cohorts/{k.Id}/roster/{old}/substitute", new { name = "丙", phone = "13600001009", reason = "工作调动" });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var after = await (await api.GetAsync($"/api/v1/cohorts/{k.Id}/groupings/{grouping}")).ReadJsonAsync();
        var now = after["groups"]!.AsArray().Single(g => g.Value<long>("id") == group.Value<long>("id"))!;
        Assert.Equal(["丙", "甲二"], now["members"]!.AsArray().Select(m => m.Value<string>("name")).Order());
        Assert.Equal("丙", now.Value<string>("leaderName"));
        Assert.DoesNotContain(after["unplaced"]!.AsArray(), m => m.Value<string>("name") == "丙");
    }

    [Fact]
    public async Task Bad_input_is_a_clear_error()
    {
        var cohort = await ClassAsync();
        var api = await app.Api("organizer");
        async Task<string?> Code(object body)
        {
            var r = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings", body);
            Assert.True((int)r.StatusCode is 400 or 422, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            var j = await r.ReadJsonAsync();
            return j["code"]?.GetValue<string>() ?? "validation";
        }
        Assert.Equal("Groups.CountTooSmall", await Code(new { kind = "other", name = "x", method = "balanced", count = 0 }));
        Assert.Equal("Groups.MoreGroupsThanPeople", await Code(new { kind = "other", name = "x", method = "balanced", count = 8 }));
        Assert.Equal("Groups.UnknownSession", await Code(new { kind = "cafe_tables", name = "x", sessionId = 987654321, method = "by_hand", count = 2 }));
        Assert.Equal("validation", await Code(new { kind = "nonsense", name = "x", method = "balanced", count = 2 }));
        Assert.Equal("validation", await Code(new { kind = "other", name = "x", method = "random" }));
        Assert.Equal("validation", await Code(new { kind = "other", name = "", method = "by_hand", count = 1 }));

        var page = await TestApp.PostFormAsync(await app.Browser("organizer"), $"/Groups/{cohort}",
            new() { ["Kind"] = "other", ["Name"] = "零组", ["Method"] = "balanced", ["Count"] = "0" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Contains("组数至少为 1", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

        var created = await (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings", new { kind = "other", name = "手工", method = "by_hand", count = 2 })).ReadJsonAsync();
        var grouping = created["grouping"].Value<long>("id");
        var group = created["groups"]!.AsArray()[0].Value<long>("id");
        var move = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings/{grouping}/moves", new { enrollmentIds = new[] { 987654321L }, groupId = group });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, move.StatusCode);
        Assert.Equal("Groups.UnknownPerson", (await move.ReadJsonAsync()).Value<string>("code"));
        move = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings/{grouping}/moves", new { enrollmentIds = Array.Empty<long>(), groupId = group });
        Assert.Equal(HttpStatusCode.BadRequest, move.StatusCode);
        var someone = await EnrollmentOfAsync(cohort, "t061");
        move = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings/{grouping}/moves", new { enrollmentIds = new[] { someone }, groupId = 987654321L });
        Assert.Equal("Groups.UnknownGroup", (await move.ReadJsonAsync()).Value<string>("code"));
        move = await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings/{grouping}/moves", new { enrollmentIds = new[] { someone }, groupId = group });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var pageMove = await PostMultipartAsync(await app.Browser("organizer"), $"/Groups/Grouping/{cohort}/{grouping}", [("To", group.ToString())], handler: "Move");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pageMove.StatusCode);
        Assert.Contains("请先勾选", WebUtility.HtmlDecode(await pageMove.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_archived_class_groups_are_read_only()
    {
        var cohort = await ClassAsync();
        var api = await app.Api("organizer");
        var grouping = (await (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings", new { kind = "working", name = "小组", method = "by_unit" })).ReadJsonAsync())["grouping"].Value<long>("id");
        var organizer = await app.Browser("organizer");
        var page = await PageAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}"); // the token, while it may still change
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.True((await api.PostAsync($"/api/v1/cohorts/{cohort}/archive", null)).IsSuccessStatusCode);
        var someone = await EnrollmentOfAsync(cohort, "t061");
        var r = await organizer.PostAsync($"/Groups/Grouping/{cohort}/{grouping}?handler=Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Chosen"] = someone.ToString(), ["To"] = "none", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.NotNull(await GroupOfAsync(grouping, someone));
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync($"/api/v1/cohorts/{cohort}/groupings/{grouping}/moves",
            new { enrollmentIds = new[] { someone }, groupId = (long?)null })).StatusCode);
        Assert.DoesNotContain("id=\"move-form\"", await PageAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}"));
    }

    [Fact]
    public async Task Forming_again_asks_first_then_replaces_the_groups()
    {
        var cohort = await ClassAsync();
        var organizer = await app.Browser("organizer");
        var grouping = GroupingIdFrom(await TestApp.PostFormAsync(organizer, $"/Groups/{cohort}",
            new() { ["Kind"] = "working", ["Name"] = "班级小组", ["Method"] = "by_unit" }, "Create"));
        var page = await PageAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}?confirm=reform");
        Assert.Contains("将替换现有的全部小组", page);
        Assert.Equal(3, (await GroupsOfAsync(grouping)).Count); // asking changed nothing
        var r = await PostMultipartAsync(organizer, $"/Groups/Grouping/{cohort}/{grouping}", [("Method", "balanced"), ("Count", "2")], handler: "Reform");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal([4L, 3L], (await GroupsOfAsync(grouping)).Select(g => g.Members));
    }
}

public sealed class GroupsTests_Sqlite(SqliteDemo app) : GroupsTests(app), IClassFixture<SqliteDemo>;
public sealed class GroupsTests_Postgres(PostgresDemo app) : GroupsTests(app), IClassFixture<PostgresDemo>;
