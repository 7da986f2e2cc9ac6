using System.Net;
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
    public async Task Seed001s_open_space_uses_the_village_resources_template_with_three_groups_entries()
    {
        var (_, session) = await SessionAsync(Seed001.Title, Seed001.OpenSpaceTitle);
        var board = await (await (await app.Api(Seed001.Organizer)).GetAsync($"/api/v1/sessions/{session}/outputs")).ReadJsonAsync();
        Assert.Equal("village_resources", board["template"]!.Value<string>("code"));
        var stalls = board["stalls"]!.AsArray();
        Assert.Equal(3, stalls.Count);
        Assert.All(stalls, s => Assert.NotEmpty(s!["entries"]!.AsArray()));
        var kinds = stalls.SelectMany(s => s!["entries"]!.AsArray()).Select(e => e!.Value<string>("kind")).ToHashSet();
        Assert.Equal(["人", "文", "地", "产", "景"], kinds.Order(StringComparer.Ordinal).OrderBy(k => "人文地产景".IndexOf(k, StringComparison.Ordinal)));
    }
}

public sealed class DemoOutputsTests_Sqlite(SqliteDemo app) : DemoOutputsTests(app), IClassFixture<SqliteDemo>;
public sealed class DemoOutputsTests_Postgres(PostgresDemo app) : DemoOutputsTests(app), IClassFixture<PostgresDemo>;
