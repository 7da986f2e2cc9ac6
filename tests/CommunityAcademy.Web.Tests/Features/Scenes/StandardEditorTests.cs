using System.Net;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Scenes;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>
/// The star standard edited as a form (#25 point 1): the form starts from the latest version; adding and removing rows
/// posts it back with nothing typed lost; saving makes a new version (the old one stays in force, its keys kept); each
/// broken rule is shown at its field (overlapping ranges, weights, empty names) and nothing is stored; markup in a name is
/// shown as text and a 100,000-character name is refused with a message; only organizers change it.
/// </summary>
public abstract class StandardEditorTests(TestApp app)
{
    private const string Page = "/Scenes/Standards";

    /// <summary>The form as the page posts it, filled from <paramref name="s"/>.</summary>
    private static Dictionary<string, string> Form(string name, StarStandard s, Action<List<DimensionDraft>, List<ThresholdDraft>>? change = null)
    {
        var (d0, t0) = StandardDraft.From(s);
        var dims = d0.ToList();
        var ts = t0.ToList();
        change?.Invoke(dims, ts);
        var f = new Dictionary<string, string> { ["Name"] = name };
        for (var di = 0; di < dims.Count; di++)
        {
            f[$"Dimensions[{di}].Key"] = dims[di].Key ?? "";
            f[$"Dimensions[{di}].Name"] = dims[di].Name ?? "";
            for (var ii = 0; ii < dims[di].Indicators.Count; ii++)
            {
                var i = dims[di].Indicators[ii];
                var p = $"Dimensions[{di}].Indicators[{ii}]";
                f[p + ".Key"] = i.Key ?? "";
                f[p + ".Name"] = i.Name ?? "";
                f[p + ".MaxScore"] = i.MaxScore ?? "";
                f[p + ".Source"] = i.Source ?? "";
                f[p + ".HowScored"] = i.HowScored ?? "";
                f[p + ".CardTarget"] = i.CardTarget ?? "";
            }
        }
        for (var k = 0; k < ts.Count; k++)
        {
            f[$"Thresholds[{k}].Stars"] = ts[k].Stars.ToString();
            f[$"Thresholds[{k}].Min"] = ts[k].Min ?? "";
            f[$"Thresholds[{k}].Max"] = ts[k].Max ?? "";
        }
        return f;
    }

    private static void Set(List<DimensionDraft> dims, int d, int i, Func<IndicatorDraft, IndicatorDraft> change)
    {
        var list = dims[d].Indicators.ToList();
        list[i] = change(list[i]);
        dims[d] = dims[d] with { Indicators = list };
    }

    private async Task<int> VersionsAsync() => (await app.Get<StandardStore>().AllAsync()).Count;

    [Fact]
    public async Task The_organizer_adds_an_indicator_through_the_form_and_saves_a_new_version()
    {
        using var organizer = await app.Browser("organizer");
        var page = await organizer.GetStringAsync(Page);
        Assert.Contains("name=\"Dimensions[0].Indicators[0].Name\"", page);
        Assert.Contains("value=\"居民使用频次\"", page);
        Assert.DoesNotContain("<textarea name=\"Body\"", page); // no JSON to type

        // an indicator added: the form comes back with the new row and what was typed, nothing stored
        var name = SeedScenes.StandardName + app.Provider;
        var versions = await VersionsAsync();
        var typed = Form(name, SeedScenes.SampleStandard, (dims, _) => Set(dims, 0, 0, i => i with { Name = "居民使用频次（高峰）" }));
        var added = await TestApp.PostFormAsync(organizer, Page, typed, "AddIndicator&d=0");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var html = await added.Content.ReadAsStringAsync();
        Assert.Contains("name=\"Dimensions[0].Indicators[2].Name\"", html);
        Assert.Contains("value=\"居民使用频次（高峰）\"", html);
        Assert.Equal(versions, await VersionsAsync());

        // a dimension removed and one added come back the same way
        var removed = await (await TestApp.PostFormAsync(organizer, Page, Form(name, SeedScenes.SampleStandard), "RemoveDimension&d=4")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"Dimensions[4].Name\"", removed);
        Assert.DoesNotContain("value=\"场景品牌识别\"", removed);
        var more = await (await TestApp.PostFormAsync(organizer, Page, Form(name, SeedScenes.SampleStandard), "AddDimension")).Content.ReadAsStringAsync();
        Assert.Contains("name=\"Dimensions[5].Indicators[0].Name\"", more);

        // saved: a new version with the new indicator, the old keys kept; the version it came from stays in force
        var save = Form(name, SeedScenes.SampleStandard, (dims, _) =>
            dims[0] = dims[0] with { Indicators = [.. dims[0].Indicators, new IndicatorDraft(null, "夜间照明", "5", "assessment", "入夜后灯光是否充足", null)] });
        var r = await TestApp.PostFormAsync(organizer, Page, save);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var all = await app.Get<StandardStore>().AllAsync();
        var mine = all.Where(s => s.Name == name).OrderByDescending(s => s.Version).ToList();
        var latest = Assert.Single(mine);
        Assert.Equal(1, latest.Version);
        var std = latest.Standard;
        var night = Assert.Single(std.Indicators, i => i.Name == "夜间照明");
        Assert.Equal((5m, IndicatorSource.Assessment, "入夜后灯光是否充足"), (night.MaxScore, night.Source, night.HowScored));
        Assert.Contains(std.Indicators, i => i.Key == "use");
        Assert.Equal(105m, std.MaxTotal);
        Assert.Contains(std.Indicators, i => i.Key == "cards" && i.Source == IndicatorSource.Cards && i.CardTarget == 30);
        Assert.Equal(SeedScenes.SampleStandard.Thresholds.OrderBy(t => t.Stars), std.Thresholds.OrderBy(t => t.Stars));
        // again under the same name: version 2, the first still in force
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(organizer, Page, Form(name, std))).StatusCode);
        var both = (await app.Get<StandardStore>().AllAsync()).Where(s => s.Name == name).ToList();
        Assert.Equal([1, 2], both.Select(s => s.Version).Order());
        Assert.All(both, s => Assert.False(s.IsRetired));
        Assert.Contains("夜间照明", await organizer.GetStringAsync(Page));
    }

    [Fact]
    public async Task Each_broken_rule_is_shown_at_its_field_and_nothing_is_stored()
    {
        using var organizer = await app.Browser("organizer");
        var versions = await VersionsAsync();
        // overlapping ranges: 1★ 40–60 and 2★ 55–69
        var overlap = await TestApp.PostFormAsync(organizer, Page, Form("重叠" + app.Provider, SeedScenes.SampleStandard, (_, ts) => ts[0] = ts[0] with { Max = "60" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overlap.StatusCode);
        var html = await overlap.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-t2\">1星与2星的分数段重叠", html);
        Assert.Contains("有 1 处需要修改", html);

        // empty name, a weight that is not a number, a weight of 0, cards without a target, an empty dimension
        var bad = await TestApp.PostFormAsync(organizer, Page, Form("坏" + app.Provider, SeedScenes.SampleStandard, (dims, _) =>
        {
            Set(dims, 0, 0, i => i with { Name = "  " });
            Set(dims, 0, 1, i => i with { MaxScore = "十" });
            Set(dims, 2, 0, i => i with { MaxScore = "0" });
            Set(dims, 3, 0, i => i with { Source = "cards", CardTarget = "" });
            dims.Add(new DimensionDraft(null, "空维度", []));
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var b = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-d0-i0-name\">请填写名称。", b);
        Assert.Contains("id=\"err-d0-i1-max\">“人群多样性”的数值不是数字。", b);
        Assert.Contains("id=\"err-d2-i0-max\">指标“共建共治小组运作”的满分须在 0–1000 之间（0）。", b);
        Assert.Contains("id=\"err-d3-i0-target\">", b);
        Assert.Contains("id=\"err-d5\">维度“空维度”还没有指标", b);
        Assert.Contains("value=\"十\"", b); // what was typed comes back
        Assert.Equal(versions, await VersionsAsync());
    }

    [Fact]
    public async Task Markup_in_a_name_is_shown_as_text_and_a_100000_character_name_is_refused()
    {
        using var organizer = await app.Browser("organizer");
        var name = "标记" + app.Provider;
        var markup = Form(name, SeedScenes.SampleStandard, (dims, _) => Set(dims, 0, 0, i => i with { Name = "<script>alert(1)</script>使用" }));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(organizer, Page, markup)).StatusCode);
        var page = await organizer.GetStringAsync(Page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;使用", page);
        Assert.DoesNotContain("<script>alert(1)</script>", page);

        var versions = await VersionsAsync();
        var huge = new string('长', 100_000);
        var r = await TestApp.PostFormAsync(organizer, Page, Form(name, SeedScenes.SampleStandard, (dims, _) =>
        {
            dims[1] = dims[1] with { Name = huge };
            Set(dims, 0, 0, i => i with { HowScored = huge });
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-d1-name\">名称最多 200 字（现为 100000 字）。", html);
        Assert.Contains("id=\"err-d0-i0-how\">“居民使用频次”的评分说明最多 1000 字（现为 100000 字）。", html);
        var longName = await TestApp.PostFormAsync(organizer, Page, Form(huge, SeedScenes.SampleStandard));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, longName.StatusCode);
        Assert.Contains("id=\"err-name\"", await longName.Content.ReadAsStringAsync());
        Assert.Equal(versions, await VersionsAsync());
    }

    [Fact]
    public async Task Only_organizers_change_the_standard()
    {
        var versions = await VersionsAsync();
        using var expert = await app.Browser("expert");
        var page = await expert.GetStringAsync(Page);
        Assert.DoesNotContain("id=\"standard-new\"", page);
        Assert.Contains("居民使用频次", page);
        var r = await TestApp.PostFormAsync(expert, Page, Form("专家" + app.Provider, SeedScenes.SampleStandard));
        Assert.True(r.StatusCode is HttpStatusCode.Forbidden || (r.Headers.Location?.ToString() ?? "").Contains("AccessDenied"), r.StatusCode.ToString());
        Assert.Equal(versions, await VersionsAsync());
    }
}

public sealed class StandardEditorTests_Sqlite(SqliteDemo app) : StandardEditorTests(app), IClassFixture<SqliteDemo>;
public sealed class StandardEditorTests_Postgres(PostgresDemo app) : StandardEditorTests(app), IClassFixture<PostgresDemo>;
