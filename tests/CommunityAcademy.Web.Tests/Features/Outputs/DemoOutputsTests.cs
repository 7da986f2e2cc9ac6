using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using SkiaSharp;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;

namespace CommunityAcademy.Web.Tests.Features.Outputs;

/// <summary>The demo's outputs (#17 point 6): seed 002's 摆摊 with the 11 communities' stalls, seed 001's Open Space with 人文地产景 entries.</summary>
public abstract class DemoOutputsTests(TestApp app)
{
    private async Task<(long Cohort, long Session)> SessionAsync(string cohort, string session)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.QuerySingleAsync<(long, long)>("SELECT c.id, s.id FROM cohorts c JOIN sessions s ON s.cohort_id = c.id WHERE c.title = @cohort AND s.title = @session",
            new { cohort, session });
    }

    [Fact]
    public async Task Seed002s_salon_has_eleven_stalls_with_an_idea_a_poster_comments_and_likes()
    {
        var (cohort, session) = await SessionAsync(Seed002.Title, Seed002.SalonTitle);
        var board = await (await (await app.Api(Seed002.Organizer)).GetAsync($"/api/v1/sessions/{session}/outputs")).ReadJsonAsync();
        var stalls = board["stalls"]!.AsArray();
        Assert.Equal(11, stalls.Count);
        Assert.Equal(Seed002.Communities, stalls.Select(s => s!.Value<string>("name")));
        Assert.All(stalls, s =>
        {
            Assert.NotEmpty(s!["texts"]![0]!.Value<string>("body"));
            Assert.Single(s["files"]!.AsArray());
            Assert.True(s["files"]![0]!.Value<bool>("isPhoto"));
        });
        Assert.Contains("服务520", stalls.First(s => s!.Value<string>("name") == "石榴园社区")!["texts"]![0]!.Value<string>("body"));
        Assert.Equal(3, stalls.First(s => s!.Value<string>("name") == "柯尔山社区")!.Value<int>("likes"));
        Assert.Equal(5, stalls.Sum(s => s!["comments"]!.AsArray().Count));
        // The poster is a real picture, served to the class.
        var poster = await (await app.Api("tcs01")).GetAsync($"/api/v1/attachments/{stalls[0]!["files"]![0]!.Value<long>("attachmentId")}");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        using (var bmp = SKBitmap.Decode(await poster.Content.ReadAsByteArrayAsync())) Assert.Equal(800, bmp.Width);
        // The gallery, the projector view of one stall.
        var html = await PageAsync(await app.Browser(Seed002.Organizer), $"/Outputs/Gallery/{cohort}/{session}?n=3&projector=true");
        Assert.Contains("3 / 11", html);
    }

    [Fact]
    public async Task Seed001s_open_space_topics_record_the_village_resources_each_by_those_who_joined_it()
    {
        var (cohort, session) = await SessionAsync(Seed001.Title, Seed001.OpenSpaceTitle);
        var board = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/sessions/{session}/outputs")).ReadJsonAsync();
        Assert.Equal("village_resources", board["template"]!.Value<string>("code"));
        // The stalls are the Open Space's topics; the first three have recorded their entries.
        var stalls = board["stalls"]!.AsArray();
        Assert.Equal(6, stalls.Count);
        Assert.All(stalls, s => Assert.Equal("topic", s!["owner"]!.Value<string>("kind")));
        Assert.Equal(3, stalls.Count(s => s!["entries"]!.AsArray().Count > 0));
        var kinds = stalls.SelectMany(s => s!["entries"]!.AsArray()).Select(e => e!.Value<string>("kind")).ToHashSet();
        Assert.Equal(["人", "文", "地", "产", "景"], kinds.Order(StringComparer.Ordinal).OrderBy(k => "人文地产景".IndexOf(k, StringComparison.Ordinal)));

        // Who may add to a topic: its convener and the people signed up to it; another trainee of the class only visits.
        await using var c = await app.Get<Db>().OpenAsync();
        var topic = stalls[0]!["owner"]!.Value<long>("id");
        var convener = await c.ExecuteScalarAsync<string>("""
            SELECT u.username FROM open_space_topics t JOIN enrollments e ON e.id = t.convener_enrollment_id JOIN users u ON u.id = e.user_id WHERE t.id = @topic
            """, new { topic });
        var outsider = await c.ExecuteScalarAsync<string>("""
            SELECT MIN(u.username) FROM enrollments e JOIN users u ON u.id = e.user_id
            WHERE e.cohort_id = @cohort AND e.id NOT IN (SELECT enrollment_id FROM open_space_signups WHERE topic_id = @topic)
              AND e.id <> (SELECT convener_enrollment_id FROM open_space_topics WHERE id = @topic)
            """, new { cohort, topic });
        var url = $"/api/v1/sessions/{session}/outputs/topic-{topic}/texts/needs";
        var current = stalls[0]!["texts"]!.AsArray().FirstOrDefault(t => t!.Value<string>("sectionKey") == "needs")?.Value<int>("version") ?? 0;
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api(convener!)).PutAsJsonAsync(url, new { body = "还缺一个议事场地。", version = current })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api(outsider!)).PutAsJsonAsync(url, new { body = "x", version = current + 1 })).StatusCode);
        // the topic's own page leads to its stall
        var page = await PageAsync(await app.Browser(Seed001.Organizer), $"/OpenSpace/Topic/{session}/{topic}");
        Assert.Contains($"href=\"/Outputs/{cohort}/{session}#topic-{topic}\"", page);
        // a topic of this session is not found under another session
        var visit = (await SessionAsync(Seed001.Title, Seed001.WorldCafeTitle)).Session;
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.Api(Seed001.Organizer)).PostAsync($"/api/v1/sessions/{visit}/outputs/topic-{topic}/like", null)).StatusCode);
    }
}

public sealed class DemoOutputsTests_Sqlite(SqliteDemo app) : DemoOutputsTests(app), IClassFixture<SqliteDemo>;
public sealed class DemoOutputsTests_Postgres(PostgresDemo app) : DemoOutputsTests(app), IClassFixture<PostgresDemo>;
