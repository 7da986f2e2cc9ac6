using System.Net;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Scenes;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>
/// Scenes and their stars (#25 points 1–2): the timetable's scenes kept by migration 0038 and placed in communities,
/// an expert's assessment setting the official stars (the self-assessment beside), a retired version refused, a file
/// that is not a photo refused with nothing stored, and who may do what.
/// </summary>
public abstract class SceneAssessmentTests(TestApp app)
{
    private static Dictionary<string, string> Scores(long standard, int each) => new()
    {
        ["standardId"] = standard.ToString(), ["score.use"] = each.ToString(), ["score.mix"] = Math.Min(each, 10).ToString(),
        ["score.team"] = each.ToString(), ["score.space"] = each.ToString(), ["score.detail"] = Math.Min(each, 10).ToString(),
        ["score.brand"] = each.ToString(),
    };

    private Task<long> SampleStandardAsync() => SceneKit.ScalarAsync<long>(app,
        "SELECT id FROM star_standards WHERE name = @n AND retired_at IS NULL ORDER BY version LIMIT 1", new { n = SeedScenes.StandardName });

    [Fact]
    public async Task The_timetable_scenes_are_kept_and_placed_in_their_communities()
    {
        var scenes = await app.Get<SceneStore>().AllAsync();
        var park = scenes.Single(s => s.Name == SeedScenes.PosterScene);
        Assert.NotNull(park.TeachingPointId);
        Assert.Equal("镜园社区", park.UnitName);
        // sessions still point at the rebuilt table's rows
        var orphaned = await SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM sessions s WHERE s.scene_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scenes x WHERE x.id = s.scene_id)");
        Assert.Equal(0, orphaned);
        Assert.Equal(4, scenes.Count(s => s.OfficialStars is not null));
        // a scene need not be at a teaching point any more
        var unit = await SceneKit.ScalarAsync<long>(app, "SELECT id FROM units WHERE name = '雷山社区'");
        var created = await app.Get<SceneStore>().CreateAsync(new NewSceneInput("雷山社区儿童之家" + app.Provider, null, unit, null), 1);
        Assert.True(created.IsOk, created.Error?.ToString());
        // the timetable's teaching points still list their own scenes, and none without a point
        var points = await app.Get<CommunityAcademy.Web.Features.Timetable.TeachingPointStore>().ListAsync();
        Assert.DoesNotContain(points.SelectMany(p => p.Scenes), x => x.Id == created.Value);
        Assert.Contains(points.SelectMany(p => p.Scenes), x => x.Id == park.Id);
    }

    [Fact]
    public async Task An_expert_assesses_a_scene_and_its_official_stars_change_with_the_self_assessment_beside()
    {
        var id = await SceneKit.SceneAsync(app, "菜园头社区邻里缔造坊");
        var before = (await app.Get<SceneStore>().FindAsync(id))!;
        Assert.Equal(3, before.OfficialStars);
        var standard = await SampleStandardAsync();
        using var expert = await app.Browser("expert");
        var r = await TestApp.PostFormAsync(expert, $"/Scenes/Scene/{id}", Scores(standard, 15), "Assess");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = (await app.Get<SceneStore>().FindAsync(id))!;
        Assert.True(after.OfficialStars > before.OfficialStars, $"{before.OfficialStars} → {after.OfficialStars}");
        Assert.Equal(before.SelfStars, after.SelfStars);
        var page = await (await expert.GetAsync($"/Scenes/Scene/{id}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-stars=\"{after.OfficialStars}\"", page);
        Assert.True((await app.Get<AssessmentStore>().HistoryAsync(id)).Count(a => a.Kind == "expert") >= 2);
    }

    [Fact]
    public async Task A_unit_contact_self_assesses_its_own_scenes_only()
    {
        var id = await SceneKit.SceneAsync(app, "雷山社区党群服务中心一楼一老一小场景");
        var standard = await SampleStandardAsync();
        using var huarong = await app.Browser("contact-huarong");
        Assert.Equal(HttpStatusCode.NotFound, (await huarong.GetAsync($"/Scenes/Scene/{id}")).StatusCode);
        using var echeng = await app.Browser("contact-echeng");
        var r = await TestApp.PostFormAsync(echeng, $"/Scenes/Scene/{id}", Scores(standard, 5), "Assess");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var latest = (await app.Get<AssessmentStore>().HistoryAsync(id))[0];
        Assert.Equal("self", latest.Kind);
    }

    [Fact]
    public async Task An_assessment_under_a_retired_version_is_refused()
    {
        var standards = app.Get<StandardStore>();
        var added = await standards.AddAsync("旧版标准" + app.Provider, SeedScenes.SampleStandard, false, null);
        Assert.True(added.IsOk);
        Assert.Null(await standards.RetireAsync(added.Value, 1));
        var id = await SceneKit.SceneAsync(app, "火车站社区国源小区轮胎公园");
        var count = await SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM scene_assessments WHERE scene_id = @id", new { id });
        using var expert = await app.Browser("expert");
        var r = await TestApp.PostFormAsync(expert, $"/Scenes/Scene/{id}", Scores(added.Value, 10), "Assess");
        Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, string.Join("\n", app.Logs.Lines.Where(l => l.Contains("xception")).Take(3)));
        Assert.Contains("已停用", await r.Content.ReadAsStringAsync());
        Assert.Equal(count, await SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM scene_assessments WHERE scene_id = @id", new { id }));
    }

    [Fact]
    public async Task Evidence_photos_are_kept_and_a_file_that_is_not_a_photo_is_refused_with_nothing_stored()
    {
        var id = await SceneKit.SceneAsync(app, "镜园社区口袋公园");
        var standard = await SampleStandardAsync();
        using var expert = await app.Browser("expert");
        var count = await SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM scene_assessments WHERE scene_id = @id", new { id });
        var bad = await SceneKit.PostMultipartAsync(expert, $"/Scenes/Scene/{id}", "Assess", Scores(standard, 12),
            ("photos", "photo.jpg", "MZ this is an executable, not a photo"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(count, await SceneKit.ScalarAsync<long>(app, "SELECT COUNT(*) FROM scene_assessments WHERE scene_id = @id", new { id }));
        var good = await SceneKit.PostMultipartAsync(expert, $"/Scenes/Scene/{id}", "Assess", Scores(standard, 12), ("photos", "现场.png", SceneKit.Png()));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var photo = (await app.Get<AssessmentStore>().HistoryAsync(id))[0].Photos.Single();
        Assert.Equal(HttpStatusCode.OK, (await expert.GetAsync($"/api/v1/attachments/{photo}")).StatusCode);
        using var huarong = await app.Browser("contact-huarong");
        Assert.Equal(HttpStatusCode.NotFound, (await huarong.GetAsync($"/api/v1/attachments/{photo}")).StatusCode);
    }

    [Fact]
    public async Task A_trainee_is_refused_and_an_anonymous_visitor_must_sign_in()
    {
        using var trainee = await app.Browser("t001");
        var refused = await trainee.GetAsync("/Scenes");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("AccessDenied", refused.Headers.Location!.ToString());
        using var anonymous = app.Anonymous();
        Assert.Contains("Login", (await anonymous.GetAsync("/Scenes")).Headers.Location!.ToString());
        using var expert = await app.Browser("expert");
        var post = await TestApp.PostFormAsync(expert, "/Scenes", new() { ["Input.Name"] = "x", ["Input.UnitId"] = "1" });
        Assert.Contains("AccessDenied", post.Headers.Location!.ToString());
    }
}

public sealed class SceneAssessmentTests_Sqlite(SqliteDemo app) : SceneAssessmentTests(app), IClassFixture<SqliteDemo>;
public sealed class SceneAssessmentTests_Postgres(PostgresDemo app) : SceneAssessmentTests(app), IClassFixture<PostgresDemo>;
