using System.Net;
using CommunityAcademy.Web.Features.Scenes;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Scenes;

/// <summary>
/// Residents' preference cards (#25 point 4): filled without an account; a second card of one phone for the scene on one
/// day flagged and left out of the counts (the next day counts again); markup shown as text; a 100,000-character answer
/// and a flood refused, never a 500; the A4 poster carries the card's QR code; the demo poster has answers.
/// </summary>
public abstract class PreferenceCardTests(TestApp app)
{
    private async Task<(long Scene, string Url)> CardAsync(string scene)
    {
        var id = await SceneKit.SceneAsync(app, scene);
        return (id, "/Scenes/Card/" + await SceneKit.CardTokenAsync(app, id));
    }

    private static Dictionary<string, string> Card(string likes, string age = "36to59") =>
        new() { ["Input.Likes"] = likes, ["Input.Uses"] = "散步", ["Input.Misses"] = "", ["Input.AgeGroup"] = age };

    [Fact]
    public async Task A_resident_fills_a_card_without_signing_in_and_a_second_one_that_day_is_flagged()
    {
        var (scene, url) = await CardAsync("雷山社区党群服务中心一楼一老一小场景");
        var store = app.Get<CardStore>();
        var before = await store.ResultsAsync(scene);
        using var phone = app.Anonymous();
        var first = await TestApp.PostFormAsync(phone, url, Card("一老一小都能来"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("card-thanks", await first.Content.ReadAsStringAsync());
        var second = await TestApp.PostFormAsync(phone, url, Card("再来一张"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var after = await store.ResultsAsync(scene);
        Assert.Equal(before.Counted + 1, after.Counted);
        Assert.Equal(before.Duplicates + 1, after.Duplicates);
        using var other = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostFormAsync(other, url, Card("另一部手机"))).StatusCode);
        Assert.Equal(before.Counted + 2, (await store.ResultsAsync(scene)).Counted);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostFormAsync(phone, url, Card("第二天"))).StatusCode);
        Assert.Equal(before.Counted + 3, (await store.ResultsAsync(scene)).Counted);
    }

    [Fact]
    public async Task Markup_is_shown_as_text_and_a_huge_answer_is_refused()
    {
        var (scene, url) = await CardAsync("菜园头社区邻里缔造坊");
        using var phone = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostFormAsync(phone, url, Card("<script>alert(1)</script><b>好</b>"))).StatusCode);
        using var other = app.Anonymous();
        var huge = await TestApp.PostFormAsync(other, url, Card(new string('长', 100_000)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Contains("card-error", await huge.Content.ReadAsStringAsync());
        var bad = await TestApp.PostFormAsync(other, url, Card("好", age: "<x>"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using var expert = await app.Browser("expert");
        var page = await (await expert.GetAsync($"/Scenes/Scene/{scene}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
    }

    [Fact]
    public async Task A_flood_of_cards_from_one_phone_is_cut_off_without_a_500()
    {
        var (scene, url) = await CardAsync("火车站社区国源小区轮胎公园");
        using var phone = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(url)).StatusCode);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
            codes.Add((await phone.PostAsync(url, new FormUrlEncodedContent(Card("刷" + i)))).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, codes);
    }

    [Fact]
    public async Task An_unknown_card_link_is_a_404()
    {
        using var phone = app.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/Scenes/Card/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync("/Scenes/Card/x")).StatusCode);
    }

    [Fact]
    public async Task The_poster_carries_the_cards_QR_code_and_the_demo_poster_has_answers()
    {
        var scene = await SceneKit.PosterSceneAsync(app);
        using var organizer = await app.Browser("organizer");
        var poster = await (await organizer.GetAsync($"/Scenes/Poster/{scene}")).Content.ReadAsStringAsync();
        Assert.Contains("<svg", poster);
        Assert.Contains("/Scenes/Card/" + await SceneKit.CardTokenAsync(app, scene), poster);
        var results = await app.Get<CardStore>().ResultsAsync(scene);
        Assert.True(results.Counted >= 10, $"{results.Counted}");
        Assert.True(results.Duplicates >= 1);
        using var huarong = await app.Browser("contact-huarong");
        Assert.Equal(HttpStatusCode.NotFound, (await huarong.GetAsync($"/Scenes/Poster/{scene}")).StatusCode);
    }

    [Fact]
    public async Task An_indicator_fed_by_cards_follows_the_counted_cards()
    {
        var scene = await SceneKit.PosterSceneAsync(app);
        var standard = await SceneKit.ScalarAsync<long>(app, "SELECT id FROM star_standards WHERE is_sample = TRUE AND retired_at IS NULL ORDER BY id LIMIT 1");
        var typed = new Dictionary<string, decimal?> { ["use"] = 10, ["mix"] = 5, ["team"] = 10, ["space"] = 10, ["detail"] = 5, ["brand"] = 10 };
        var counted = (await app.Get<CardStore>().ResultsAsync(scene)).Counted;
        var r = await app.Get<AssessmentStore>().AssessAsync(scene, standard, "expert", typed, null, [], 1);
        Assert.True(r.IsOk, r.Error?.ToString());
        var latest = (await app.Get<AssessmentStore>().HistoryAsync(scene)).First(a => a.Id == r.Value);
        Assert.Equal(Math.Round(20m * Math.Min(1m, counted / 30m), 2), latest.ScoreMap["cards"]);
    }

    private static string Attr(string html, string id, string attr)
    {
        var tag = System.Text.RegularExpressions.Regex.Match(html, $"<canvas[^>]*id=\"{id}\"[^>]*>").Value;
        Assert.False(string.IsNullOrEmpty(tag), id);
        return WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(tag, $"{attr}=\"([^\"]*)\"").Groups[1].Value);
    }

    private static List<(string Label, int Count)> Rows(string html, string tableId)
    {
        var table = System.Text.RegularExpressions.Regex.Match(html, $"<table[^>]*id=\"{tableId}\"[\\s\\S]*?</table>").Value;
        return System.Text.RegularExpressions.Regex.Matches(table, "<tr><td>([^<]*)</td><td>(\\d+)</td></tr>")
            .Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToList();
    }

    [Fact]
    public async Task The_card_charts_carry_the_same_figures_as_the_tables_beside_them()
    {
        var (scene, url) = await CardAsync("雷山社区党群服务中心一楼一老一小场景");
        var before = (await app.Get<CardStore>().ResultsAsync(scene)).Filled;
        using var phone = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await TestApp.PostFormAsync(phone, url, Card("图表", age: "60plus"))).StatusCode);
        var results = await app.Get<CardStore>().ResultsAsync(scene);
        // the card answered likes and uses, not misses; a duplicate would not count
        Assert.Equal(new CardFilled(before.Likes + 1, before.Uses + 1, before.Misses), results.Filled);

        using var organizer = await app.Browser("organizer");
        var page = await (await organizer.GetAsync($"/Scenes/Scene/{scene}")).Content.ReadAsStringAsync();
        Assert.Contains("/js/charts.js", page);
        foreach (var (chart, table) in new[] { ("cards-filled-chart", "cards-filled"), ("cards-by-age-chart", "cards-by-age") })
        {
            var labels = System.Text.Json.JsonSerializer.Deserialize<string[]>(Attr(page, chart, "data-labels"))!;
            var values = System.Text.Json.JsonSerializer.Deserialize<int[]>(Attr(page, chart, "data-values"))!;
            var rows = Rows(page, table);
            Assert.NotEmpty(rows);
            Assert.Equal(rows.Select(r => r.Label), labels);
            Assert.Equal(rows.Select(r => r.Count), values);
        }
        Assert.Equal(new[] { results.Filled.Likes, results.Filled.Uses, results.Filled.Misses },
            System.Text.Json.JsonSerializer.Deserialize<int[]>(Attr(page, "cards-filled-chart", "data-values")));
        Assert.Equal(results.ByAge.Select(x => x.Count), System.Text.Json.JsonSerializer.Deserialize<int[]>(Attr(page, "cards-by-age-chart", "data-values"))!);
        Assert.Equal(results.Counted, results.ByAge.Sum(x => x.Count));
    }

    [Fact]
    public async Task The_organizers_and_the_unit_contacts_home_link_the_scenes_and_resources()
    {
        foreach (var (who, id) in new[] { ("organizer", "home-scenes"), ("contact-echeng", "home-unit-scenes") })
        {
            using var c = await app.Browser(who);
            var home = await (await c.GetAsync("/")).Content.ReadAsStringAsync();
            Assert.Contains($"<p id=\"{id}\"><a href=\"/Scenes\">", home);
            Assert.Contains("href=\"/Scenes/Resources\"", home);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/Scenes")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/Scenes/Resources")).StatusCode);
        }
        using var t001 = await app.Browser("t001");
        Assert.DoesNotContain("home-scenes", await (await t001.GetAsync("/")).Content.ReadAsStringAsync());
    }
}

public sealed class PreferenceCardTests_Sqlite(SqliteDemo app) : PreferenceCardTests(app), IClassFixture<SqliteDemo>;
public sealed class PreferenceCardTests_Postgres(PostgresDemo app) : PreferenceCardTests(app), IClassFixture<PostgresDemo>;
