using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Handbook;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Handbook;

/// <summary>
/// 工作手册 (#26) on both databases: the demo handbook's query set with its expected hits (ranked, highlighted, with the
/// chapter path), phrases, the chapter filter and totals; queries that must never break; articles sanitized, a 10 MB
/// article refused with a message, versions with who, a stale save refused, the index following every save and delete;
/// who may read and who may write.
/// </summary>
public abstract class HandbookTests(TestApp app)
{
    private async Task<long> HandbookAsync()
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM handbooks WHERE title = @t", new { t = SeedHandbook.Title });
    }

    private async Task<long> ChapterAsync(long handbook, string title)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM handbook_chapters WHERE handbook_id = @handbook AND title = @title", new { handbook, title });
    }

    private async Task<JsonElement> SearchAsync(string user, long handbook, string q, long? chapter = null)
    {
        var c = await app.Api(user);
        var url = $"/api/v1/handbooks/{handbook}/search?q={Uri.EscapeDataString(q)}" + (chapter is { } ch ? $"&chapter={ch}" : "");
        var r = await c.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{q}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Titles(JsonElement r) => r.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("articleTitle").GetString()!).ToList();

    /// <summary>The query test set: each query's expected first hit and how many paragraphs at least match.</summary>
    public static TheoryData<string, string, int> QuerySet => new()
    {
        { "居民议事会怎么组织", "居民议事会怎么组织？", 1 },
        { "三网融合", "“三网融合”与大数据服务治理", 1 },
        { "\"一引领四联动\"", "“一引领四联动”基层治理模式", 1 },
        { "物业公司 矛盾", "业委会和物业公司发生矛盾如何调解？", 1 },
        { "社会组织培育", "社区社会组织培育", 1 },
        { "获得感", "动员社会力量参与社区建设", 1 },
        { "ＡＢＣ楼道杂物", "居民反映楼道堆放杂物，社区怎么处理？", 0 },
    };

    [Theory]
    [MemberData(nameof(QuerySet))]
    public async Task The_demo_query_set_finds_its_expected_hit_first(string q, string expected, int atLeast)
    {
        var h = await HandbookAsync();
        var r = await SearchAsync("gsh01", h, q);
        if (atLeast == 0) { Assert.Equal(0, r.GetProperty("total").GetInt32()); return; } // ＡＢＣ is in no paragraph: every word is required
        Assert.True(r.GetProperty("total").GetInt32() >= atLeast);
        Assert.Equal(expected, Titles(r)[0]);
        var first = r.GetProperty("hits")[0];
        Assert.Contains("<mark>", first.GetProperty("html").GetString());
        Assert.Equal(SeedHandbook.Title, first.GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task A_phrase_must_appear_as_written_and_the_chapter_filter_keeps_to_its_chapter()
    {
        var h = await HandbookAsync();
        var loose = await SearchAsync("gsh01", h, "居民 议事会");
        var phrase = await SearchAsync("gsh01", h, "\"议事会 居民\"");            // the words, but never in this order
        Assert.True(loose.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(0, phrase.GetProperty("total").GetInt32());
        var hard = await ChapterAsync(h, "重点难点问题");
        var filtered = await SearchAsync("gsh01", h, "居民议事会", hard);
        Assert.Equal(["老旧小区没有物业怎么办？"], Titles(filtered).Distinct());
        var method = await ChapterAsync(h, "工作方法");                          // a chapter includes its sections
        Assert.Contains("居民议事会怎么组织？", Titles(await SearchAsync("gsh01", h, "议事规则", method)));
        var hit = (await SearchAsync("gsh01", h, "议事规则", method)).GetProperty("hits")[0];
        Assert.Equal([SeedHandbook.Title, "工作方法", "居民参与"], hit.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("。，、！？……——（）")]
    [InlineData("\"")]
    [InlineData("\"\"\"社区")]
    [InlineData("社区 NEAR 治理")]
    [InlineData("社区* OR (治理) : ^居民 -物业")]
    [InlineData("'; DROP TABLE handbook_paragraphs; --")]
    [InlineData("%_\\")]
    [InlineData("")]
    public async Task Queries_with_syntax_or_nothing_in_them_are_answered(string q)
    {
        var r = await SearchAsync("t001", await HandbookAsync(), q);
        Assert.True(r.GetProperty("total").GetInt32() >= 0);
    }

    [Fact]
    public async Task A_query_of_a_thousand_characters_is_answered_from_its_start()
    {
        var q = "居民议事会" + new string('社', 995);
        var r = await SearchAsync("t001", await HandbookAsync(), q);
        Assert.Equal(JsonValueKind.Number, r.GetProperty("total").ValueKind);
    }

    [Fact]
    public async Task Articles_are_sanitized_a_huge_one_refused_and_every_save_is_a_version_the_index_follows()
    {
        var h = await HandbookAsync();
        var ch = await ChapterAsync(h, "常见问题");
        var editor = await app.Api("headteacher-guanshanhu");
        var r = await editor.PostAsJsonAsync($"/api/v1/handbook-chapters/{ch}/articles",
            new { kind = "qa", title = "网格员<script>alert(1)</script>怎么排班", body = "按楼栋轮值<img src=x onerror=alert(1)>，[链接](javascript:alert(1)) 紫藤花开" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var shown = await (await editor.GetAsync($"/api/v1/handbook-articles/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        var html = shown.GetProperty("html").GetString()!;
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("javascript:", html);
        var hit = (await SearchAsync("gsh01", h, "排班")).GetProperty("hits")[0].GetProperty("html").GetString()!;
        Assert.Contains("&lt;script&gt;", hit);                                     // the title's markup shown as text, never run
        Assert.DoesNotContain("<script>", hit);

        var huge = await editor.PutAsJsonAsync($"/api/v1/handbook-articles/{id}", new { title = "大文章", body = new string('字', 10 * 1024 * 1024) });
        Assert.Equal((HttpStatusCode)422, huge.StatusCode);
        Assert.Contains("正文太长", await huge.Content.ReadAsStringAsync());

        var saved = await editor.PutAsJsonAsync($"/api/v1/handbook-articles/{id}", new { title = "网格员怎么排班", body = "按单元轮值，丁香花开", baseVersion = 1, note = "改写" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(0, (await SearchAsync("gsh01", h, "紫藤")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await SearchAsync("gsh01", h, "丁香")).GetProperty("total").GetInt32());
        var stale = await editor.PutAsJsonAsync($"/api/v1/handbook-articles/{id}", new { title = "网格员怎么排班", body = "旧稿", baseVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var versions = await (await editor.GetAsync($"/api/v1/handbook-articles/{id}/versions")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("社区治理学校班主任（示例）", versions[0].GetProperty("changedBy").GetString());
        Assert.Equal("改写", versions[0].GetProperty("note").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/v1/handbook-articles/{id}")).StatusCode);
        Assert.Equal(0, (await SearchAsync("gsh01", h, "丁香")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Everyone_signed_in_reads_editors_write_organizers_manage()
    {
        var h = await HandbookAsync();
        var ch = await ChapterAsync(h, "政策文件");
        var article = new { kind = "article", title = "测试条目", body = "内容" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/handbooks/{h}/search?q=社区")).StatusCode);
        foreach (var reader in new[] { "t001", "gsh01", "contact-echeng", "mentor" })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await app.Api(reader)).GetAsync($"/api/v1/handbooks/{h}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api(reader)).PostAsJsonAsync($"/api/v1/handbook-chapters/{ch}/articles", article)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("headteacher-guanshanhu")).PostAsJsonAsync("/api/v1/handbooks", new { title = "另一本" })).StatusCode);
        var org = await app.Api("organizer");
        var created = await org.PostAsJsonAsync("/api/v1/handbooks", new { title = "鄂州社区工作手册" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var nid = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var tree = await (await org.GetAsync($"/api/v1/handbooks/{nid}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["党建引领", "政策文件", "工作方法", "常见问题", "重点难点问题"], tree.GetProperty("chapters").EnumerateArray().Select(c => c.GetProperty("title").GetString()));
        var bad = await org.PutAsJsonAsync($"/api/v1/handbooks/{nid}/editors", new { usernames = new[] { "t001", "nobody-here" } });
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("nobody-here", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await org.PutAsJsonAsync($"/api/v1/handbooks/{nid}/editors", new { usernames = new[] { "t001" } })).StatusCode);
        var first = tree.GetProperty("chapters")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await (await app.Api("t001")).PostAsJsonAsync($"/api/v1/handbook-chapters/{first}/articles", article)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("t001")).PostAsJsonAsync($"/api/v1/handbook-chapters/{ch}/articles", article)).StatusCode);
    }
}

public sealed class HandbookTests_Sqlite(SqliteDemo app) : HandbookTests(app), IClassFixture<SqliteDemo>;
public sealed class HandbookTests_Postgres(PostgresDemo app) : HandbookTests(app), IClassFixture<PostgresDemo>;
