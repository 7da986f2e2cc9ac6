using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.OpenSpace;

/// <summary>开放空间 (#17 point 1): setting it up, posting, placing, signing up and moving, notes, the limits, who may do what.</summary>
public abstract class OpenSpaceTests(TestApp app)
{
    private static readonly string[] Trainees = ["t061", "t062", "t063", "t064"];

    private sealed record Setup(long Cohort, long Session, long[] Slots, long[] Spaces);

    /// <summary>A class with four trainees and an Open Space session, set up by the organizer: 2 slots × 2 spaces.</summary>
    private async Task<Setup> OpenSpaceAsync(bool withStaff = true)
    {
        var cohort = await CreateCohortAsync(app, "开放空间测试班", "2031-04-10", "2031-04-11", withStaff: withStaff);
        foreach (var t in Trainees) await EnrollAsync(app, cohort, t);
        var organizer = await app.Api("organizer");
        var session = (await AddOkAsync(organizer, cohort, new { date = "2031-04-11", start = "13:30", end = "16:30", title = "开放空间", type = "workshop", method = "开放空间" }))["session"].Value<long>("id");
        var r = await organizer.PutAsJsonAsync($"/api/v1/sessions/{session}/open-space", new
        {
            theme = "如何动员村庄资源", slots = new[] { "14:30-15:15", "15:30–16:15" },
            spaces = new[] { new { name = "一号角", capacity = (int?)8 }, new { name = "二号角", capacity = (int?)null } }, marketplaceOpen = true,
        });
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var os = await r.ReadJsonAsync();
        return new Setup(cohort, session, os["slots"]!.AsArray().Select(s => s.Value<long>("id")).ToArray(),
            os["spaces"]!.AsArray().Select(s => s.Value<long>("id")).ToArray());
    }

    private static string Url(Setup s, string tail = "") => $"/api/v1/sessions/{s.Session}/open-space{tail}";

    private async Task<long> PostTopicAsync(Setup s, string user, string title)
    {
        var r = await (await app.Api(user)).PostAsJsonAsync(Url(s, "/topics"), new { title, description = "一句话" });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (await r.ReadJsonAsync())["topic"].Value<long>("id");
    }

    private async Task PlaceAsync(Setup s, long topic, int slot, int space) =>
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("organizer")).PostAsJsonAsync(Url(s, $"/topics/{topic}/place"),
            new { slotId = s.Slots[slot], spaceId = s.Spaces[space] })).StatusCode);

    private async Task<List<(long Topic, string User)>> SignUpsAsync(long slot)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return (await c.QueryAsync<(long, string)>("""
            SELECT su.topic_id, u.username FROM open_space_signups su JOIN enrollments e ON e.id = su.enrollment_id JOIN users u ON u.id = e.user_id
            WHERE su.slot_id = @slot ORDER BY u.username
            """, new { slot })).ToList();
    }

    private static async Task<string> CodeAsync(HttpResponseMessage r) => (await r.ReadJsonAsync()).Value<string>("code");

    [Fact]
    public async Task Posting_placing_and_moving_is_one_request_and_the_counts_follow()
    {
        var s = await OpenSpaceAsync();
        var a = await PostTopicAsync(s, "t061", "村里的能人怎么用起来");
        var b = await PostTopicAsync(s, "t062", "闲置农房怎么盘活");
        var topic = await (await (await app.Api("t063")).GetAsync(Url(s, $"/topics/{a}"))).ReadJsonAsync();
        Assert.Equal(Trainees[0], await UsernameOfConvenerAsync(a)); // the poster convenes it

        // a trainee may post and sign up, but not place
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t061")).PostAsJsonAsync(Url(s, $"/topics/{a}/place"), new { slotId = s.Slots[0], spaceId = s.Spaces[0] })).StatusCode);
        var t063 = await app.Api("t063");
        var early = await t063.PostAsync(Url(s, $"/topics/{a}/signup"), null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Equal("OpenSpace.NotPlaced", await CodeAsync(early));

        await PlaceAsync(s, a, 0, 0);
        await PlaceAsync(s, b, 0, 1);
        var taken = await (await app.Api("headteacher")).PostAsJsonAsync(Url(s, $"/topics/{b}/place"), new { slotId = s.Slots[0], spaceId = s.Spaces[0] });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Equal("OpenSpace.CellTaken", await CodeAsync(taken));

        var first = await (await t063.PostAsync(Url(s, $"/topics/{a}/signup"), null)).ReadJsonAsync();
        Assert.Equal(1, first["counts"].Value<int>(a.ToString()));
        // the law of two feet: one request moves, the counts of both topics change
        var move = await t063.PostAsync(Url(s, $"/topics/{b}/signup"), null);
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var moved = await move.ReadJsonAsync();
        Assert.Equal(a, moved.Value<long>("leftTopicId"));
        Assert.Equal(0, moved["counts"].Value<int>(a.ToString()));
        Assert.Equal(1, moved["counts"].Value<int>(b.ToString()));
        // signing up again for the same topic changes nothing; one row per person and slot
        Assert.Equal(HttpStatusCode.OK, (await t063.PostAsync(Url(s, $"/topics/{b}/signup"), null)).StatusCode);
        Assert.Equal([(b, "t063")], await SignUpsAsync(s.Slots[0]));

        var os = await (await t063.GetAsync(Url(s))).ReadJsonAsync();
        Assert.Equal(b, os["mine"].Value<long>(s.Slots[0].ToString()));
        Assert.Equal(1, os["topics"]!.AsArray().Single(t => t.Value<long>("id") == b).Value<int>("count"));
        Assert.Equal("一句话", topic["topic"].Value<string>("description"));
    }

    private async Task<string> UsernameOfConvenerAsync(long topic)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<string>("""
            SELECT u.username FROM open_space_topics t JOIN enrollments e ON e.id = t.convener_enrollment_id JOIN users u ON u.id = e.user_id WHERE t.id = @topic
            """, new { topic }) ?? "";
    }

    [Fact]
    public async Task On_the_phone_posting_and_going_elsewhere_are_one_tap_and_the_wall_shows_it()
    {
        var s = await OpenSpaceAsync();
        var phone = await app.Browser("t064");
        var posted = await TestApp.PostFormAsync(phone, $"/OpenSpace/Phone/{s.Session}", new() { ["Title"] = "特色农产品怎么卖出去", ["Description"] = "产" }, "Topic");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var a = await PostTopicAsync(s, "t061", "能人");
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            var b = await c.ExecuteScalarAsync<long>("SELECT id FROM open_space_topics WHERE title = '特色农产品怎么卖出去' AND open_space_id = (SELECT id FROM open_spaces WHERE session_id = @s)", new { s = s.Session });
            // the organizer places both on the wall with the selects and the button
            var organizer = await app.Browser("organizer");
            Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(organizer, $"/OpenSpace/{s.Session}",
                new() { ["TopicId"] = a.ToString(), ["SlotId"] = s.Slots[1].ToString(), ["SpaceId"] = s.Spaces[0].ToString() }, "Place")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(organizer, $"/OpenSpace/{s.Session}",
                new() { ["TopicId"] = b.ToString(), ["SlotId"] = s.Slots[1].ToString(), ["SpaceId"] = s.Spaces[1].ToString() }, "Place")).StatusCode);
            var go = await TestApp.PostFormAsync(phone, $"/OpenSpace/Phone/{s.Session}", new() { ["TopicId"] = a.ToString() }, "Go");
            Assert.Equal(HttpStatusCode.Redirect, go.StatusCode);
            Assert.EndsWith($"#slot-{s.Slots[1]}", go.LocationPath());
            Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(phone, $"/OpenSpace/Phone/{s.Session}", new() { ["TopicId"] = b.ToString() }, "Go")).StatusCode);
            Assert.Equal([(b, "t064")], await SignUpsAsync(s.Slots[1]));
            var page = await PageAsync(phone, $"/OpenSpace/Phone/{s.Session}");
            Assert.Contains("我在：特色农产品怎么卖出去", page);
            Assert.Matches(new Regex($"data-count=\"{b}\">1 人<"), page);
            Assert.Matches(new Regex($"data-count=\"{a}\">0 人<"), page);
            var wall = await PageAsync(phone, $"/OpenSpace/Wall/{s.Session}");
            Assert.Contains("特色农产品怎么卖出去", wall);
            Assert.Contains("/js/open-space-wall.js", wall);
            Assert.Contains($"data-count=\"{a}\">0/8<", wall);
            // a trainee asking for the organizer's page is sent to the phone page; the class page links the Open Space
            var r = await phone.GetAsync($"/OpenSpace/{s.Session}");
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Contains($"/OpenSpace/{s.Session}", await PageAsync(organizer, $"/Cohorts/Details/{s.Cohort}"));
        }
    }

    [Fact]
    public async Task A_topic_after_the_marketplace_closed_is_refused_and_the_text_stays()
    {
        var s = await OpenSpaceAsync();
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).PostAsJsonAsync(Url(s, "/marketplace"), new { open = false })).StatusCode);
        var late = await (await app.Api("t061")).PostAsJsonAsync(Url(s, "/topics"), new { title = "迟到的议题" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Equal("OpenSpace.MarketplaceClosed", await CodeAsync(late));
        var page = await TestApp.PostFormAsync(await app.Browser("t061"), $"/OpenSpace/Phone/{s.Session}", new() { ["Title"] = "迟到的议题", ["Description"] = "x" }, "Topic");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("议题集市已关闭", html);
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM open_space_topics WHERE title = '迟到的议题'"));
        // bad input of the set-up: an unreadable slot, overlapping slots, an unknown slot or space
        var organizer = await app.Api("organizer");
        Assert.Equal(HttpStatusCode.BadRequest, (await organizer.PutAsJsonAsync(Url(s), new { theme = "x", slots = new[] { "25:00-26:00" }, spaces = new[] { new { name = "a" } } })).StatusCode);
        var overlap = await organizer.PutAsJsonAsync(Url(s), new { theme = "x", slots = new[] { "14:30-15:15", "15:00-16:00" }, spaces = new[] { new { name = "a" } } });
        Assert.Equal("OpenSpace.SlotsOverlap", await CodeAsync(overlap));
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsJsonAsync(Url(s, "/marketplace"), new { open = true })).StatusCode);
        var t = await PostTopicAsync(s, "t062", "议题");
        var unknown = await organizer.PostAsJsonAsync(Url(s, $"/topics/{t}/place"), new { slotId = 999_999_999L, spaceId = s.Spaces[0] });
        Assert.Equal("OpenSpace.UnknownSlot", await CodeAsync(unknown));
        var noSpace = await organizer.PostAsJsonAsync(Url(s, $"/topics/{t}/place"), new { slotId = s.Slots[0], spaceId = 999_999_999L });
        Assert.Equal("OpenSpace.UnknownSpace", await CodeAsync(noSpace));
        var half = await organizer.PostAsJsonAsync(Url(s, $"/topics/{t}/place"), new { slotId = s.Slots[0] });
        Assert.Equal("OpenSpace.ChooseCell", await CodeAsync(half));
        Assert.Equal(HttpStatusCode.BadRequest, (await organizer.PostAsJsonAsync(Url(s, "/topics"), new { title = new string('题', 101) })).StatusCode);
    }

    [Fact]
    public async Task Notes_are_kept_as_typed_limited_and_written_only_by_the_convener_or_staff()
    {
        var s = await OpenSpaceAsync();
        var t = await PostTopicAsync(s, "t061", "能人");
        var follow = await EnrollmentIdAsync(s.Cohort, "t062");
        var convener = await app.Api("t061");
        const string markup = "<script>alert(1)</script><b>要点</b>";
        var saved = await convener.PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = markup, actions = "1. 建名册", followUpEnrollmentId = follow });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(markup, (await saved.ReadJsonAsync()).Value<string>("notes"));
        // the page shows it as text, never as markup
        var raw = await (await (await app.Browser("t063")).GetAsync($"/OpenSpace/Topic/{s.Session}/{t}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", raw);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", raw);
        Assert.Contains("后续跟进人：", WebUtility.HtmlDecode(raw));

        // 100,000 characters are refused with the limit, and the page keeps the text in the box
        var huge = new string('记', 100_000);
        var api = await convener.PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = huge });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("20000", (await api.ReadJsonAsync())["errors"]!["notes"]![0]!.GetValue<string>());
        var page = await TestApp.PostFormAsync(await app.Browser("t061"), $"/OpenSpace/Topic/{s.Session}/{t}", new() { ["Notes"] = huge, ["Actions"] = "留着" }, "Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(huge, html);
        Assert.Contains("留着", html);
        Assert.Contains("最多 20000 字", html);
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(markup, await c.ExecuteScalarAsync<string>("SELECT notes FROM open_space_topics WHERE id = @t", new { t }));

        // another trainee may not write it; the head teacher may; a follow-up from outside the class is refused
        var other = await (await app.Api("t063")).PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("OpenSpace.NotConvener", await CodeAsync(other));
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("headteacher")).PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = "班主任补充" })).StatusCode);
        var stranger = await (await app.Api("headteacher")).PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = "x", followUpEnrollmentId = 999_999_999L });
        Assert.Equal("OpenSpace.UnknownPerson", await CodeAsync(stranger));
        // the page form saves (post-redirect-get) and the draft handler answers JSON
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(await app.Browser("t061"), $"/OpenSpace/Topic/{s.Session}/{t}", new() { ["Notes"] = "页面保存" }, "Save")).StatusCode);
        var draft = await TestApp.PostFormAsync(await app.Browser("t061"), $"/OpenSpace/Topic/{s.Session}/{t}", new() { ["Notes"] = "草稿" }, "Draft");
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal("草稿", await c.ExecuteScalarAsync<string>("SELECT notes FROM open_space_topics WHERE id = @t", new { t }));
    }

    private async Task<long> EnrollmentIdAsync(long cohort, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @username",
            new { cohort, username });
    }

    [Fact]
    public async Task Another_class_staff_and_outsiders_get_404_staff_who_are_no_participants_cannot_post()
    {
        var s = await OpenSpaceAsync(withStaff: false); // the demo head teacher and mentor are not on this class
        var t = await PostTopicAsync(s, "t061", "能人");
        var head = await app.Api("headteacher");
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync(Url(s))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync(Url(s, $"/topics/{t}/place"), new { slotId = s.Slots[0], spaceId = s.Spaces[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t070")).PostAsJsonAsync(Url(s, "/topics"), new { title = "外人" })).StatusCode);
        var browser = await app.Browser("headteacher");
        foreach (var p in new[] { $"/OpenSpace/{s.Session}", $"/OpenSpace/Phone/{s.Session}", $"/OpenSpace/Wall/{s.Session}", $"/OpenSpace/Topic/{s.Session}/{t}" })
            await PageAsync(browser, p, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("organizer")).GetAsync($"/api/v1/sessions/{s.Session}/open-space/topics/999999999")).StatusCode);

        // the class's mentor sees it but is no participant: a clear 403, not a 500
        var mine = await OpenSpaceAsync();
        var mentor = await app.Api("mentor");
        Assert.Equal(HttpStatusCode.OK, (await mentor.GetAsync(Url(mine))).StatusCode);
        var post = await mentor.PostAsJsonAsync(Url(mine, "/topics"), new { title = "导师的议题" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("OpenSpace.NotAParticipant", await CodeAsync(post));
        // the topic of another session under this session's id is not found
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api("t061")).PostAsync(Url(mine, $"/topics/{t}/signup"), null)).StatusCode);
    }

    [Fact]
    public async Task An_archived_class_open_space_is_read_only()
    {
        var s = await OpenSpaceAsync();
        var t = await PostTopicAsync(s, "t061", "能人");
        var convener = await app.Browser("t061");
        var page = await PageAsync(convener, $"/OpenSpace/Topic/{s.Session}/{t}");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.True((await (await app.Api("organizer")).PostAsync($"/api/v1/cohorts/{s.Cohort}/archive", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await (await app.Api("t062")).PostAsJsonAsync(Url(s, "/topics"), new { title = "归档后" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await (await app.Api("t061")).PutAsJsonAsync(Url(s, $"/topics/{t}/notes"), new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await (await app.Api("organizer")).PostAsJsonAsync(Url(s, $"/topics/{t}/place"), new { slotId = s.Slots[0], spaceId = s.Spaces[0] })).StatusCode);
        var r = await convener.PostAsync($"/OpenSpace/Topic/{s.Session}/{t}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Notes"] = "归档后", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("t061")).GetAsync(Url(s))).StatusCode);
        var index = await PageAsync(await app.Browser("organizer"), $"/OpenSpace/{s.Session}");
        Assert.DoesNotContain("class=\"place-form\"", index);
        Assert.DoesNotContain("id=\"setup\"", index);
    }

    [Fact]
    public async Task Setting_up_through_the_page_keeps_placed_topics_and_refuses_bad_lines()
    {
        var cohort = await CreateCohortAsync(app, "开放空间页面班", "2031-05-10", "2031-05-10");
        await EnrollAsync(app, cohort, "t061");
        var session = (await AddOkAsync(await app.Api("organizer"), cohort, new { date = "2031-05-10", start = "13:30", end = "16:30", title = "开放空间", type = "workshop" }))["session"].Value<long>("id");
        var head = await app.Browser("headteacher");
        Assert.Contains("设置开放空间", await PageAsync(head, $"/OpenSpace/{session}"));
        var bad = await TestApp.PostFormAsync(head, $"/OpenSpace/{session}",
            new() { ["Theme"] = "如何动员村庄资源", ["SlotsText"] = "14:30-15:15\n下午三点半", ["SpacesText"] = "一号角 8", ["MarketplaceOpen"] = "true" }, "SetUp");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("时段“下午三点半”看不懂", html);
        Assert.Contains("下午三点半</textarea>", html); // what was typed stays
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(head, $"/OpenSpace/{session}",
            new() { ["Theme"] = "如何动员村庄资源", ["SlotsText"] = "14:30-15:15\n15:30-16:15", ["SpacesText"] = "一号角 8\n二号角", ["MarketplaceOpen"] = "true" }, "SetUp")).StatusCode);
        var os = await (await (await app.Api("t061")).GetAsync($"/api/v1/sessions/{session}/open-space")).ReadJsonAsync();
        Assert.Equal(["14:30–15:15", "15:30–16:15"], os["slots"]!.AsArray().Select(x => x.Value<string>("label")));
        Assert.Equal([(int?)8, null], os["spaces"]!.AsArray().Select(x => x!["capacity"]?.GetValue<int>()));
        var s = new Setup(cohort, session, os["slots"]!.AsArray().Select(x => x.Value<long>("id")).ToArray(), os["spaces"]!.AsArray().Select(x => x.Value<long>("id")).ToArray());
        var t = await PostTopicAsync(s, "t061", "能人");
        await PlaceAsync(s, t, 1, 1);
        // the second slot cannot go while a topic is placed in it; renaming keeps the placement
        var gone = await TestApp.PostFormAsync(head, $"/OpenSpace/{session}",
            new() { ["Theme"] = "如何动员村庄资源", ["SlotsText"] = "14:30-15:15", ["SpacesText"] = "一号角 8\n二号角", ["MarketplaceOpen"] = "true" }, "SetUp");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(head, $"/OpenSpace/{session}",
            new() { ["Theme"] = "如何动员村庄资源", ["SlotsText"] = "14:30-15:15\n15:20-16:00", ["SpacesText"] = "一号角 8\n茶歇区 6", ["MarketplaceOpen"] = "true" }, "SetUp")).StatusCode);
        var topic = await (await (await app.Api("t061")).GetAsync($"/api/v1/sessions/{session}/open-space/topics/{t}")).ReadJsonAsync();
        Assert.Equal("15:20–16:00", topic.Value<string>("slot"));
        Assert.Equal("茶歇区", topic.Value<string>("space"));
    }

    [Fact]
    public async Task Deleting_the_session_takes_its_open_space_with_it()
    {
        var s = await OpenSpaceAsync();
        var t = await PostTopicAsync(s, "t061", "能人");
        await PlaceAsync(s, t, 0, 0);
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("t062")).PostAsync(Url(s, $"/topics/{t}/signup"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.Api("organizer")).DeleteAsync($"/api/v1/sessions/{s.Session}")).StatusCode);
        await using var c = await app.Get<Db>().OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM open_spaces WHERE session_id = @s", new { s = s.Session }));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM open_space_topics WHERE id = @t", new { t }));
    }

    [Fact]
    public async Task Seed_001_has_its_afternoon_open_space()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        var session = await c.ExecuteScalarAsync<long>("SELECT id FROM sessions WHERE title = @t", new { t = Seed001.OpenSpaceTitle });
        var os = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/sessions/{session}/open-space")).ReadJsonAsync();
        Assert.Equal(OpenSpaceDemo.Theme, os.Value<string>("theme"));
        Assert.Equal(2, os["slots"]!.AsArray().Count);
        Assert.Equal(4, os["spaces"]!.AsArray().Count);
        var topics = os["topics"]!.AsArray();
        Assert.Equal(6, topics.Count);
        Assert.Contains("村里的能人怎么用起来", topics.Select(t => t.Value<string>("title")));
        Assert.All(topics, t => Assert.NotNull(t!["slotId"]?.GetValue<long>()));
        Assert.Equal(58, topics.Sum(t => t.Value<int>("count"))); // 29 people in each of the two slots
        Assert.Single(topics, t => t.Value<bool>("hasNotes"));
        var first = topics.Single(t => t.Value<string>("title") == "村里的能人怎么用起来").Value<long>("id");
        var detail = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/sessions/{session}/open-space/topics/{first}")).ReadJsonAsync();
        Assert.Contains("建名册", detail.Value<string>("actions"));
        Assert.NotNull(detail.Value<string>("followUp"));
    }
}

public sealed class OpenSpaceTests_Sqlite(SqliteDemo app) : OpenSpaceTests(app), IClassFixture<SqliteDemo>;
public sealed class OpenSpaceTests_Postgres(PostgresDemo app) : OpenSpaceTests(app), IClassFixture<PostgresDemo>;
