using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>
/// Issue #13 point 7: the quota editor no longer lists the whole unit tree in every row. A unit is typed (its name, or
/// its path when names repeat) with a type-ahead on GET /api/v1/units?q=&amp;limit=; any number of rows; the submitting
/// unit defaults to the district's only department or its 民政局.
/// </summary>
public abstract class QuotaEditorTests(TestApp app)
{
    private const string Page = "/Enrollment/Quotas/2";
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
    private static readonly Regex Field = new("name=\"((?:Lines|Submitters)\\[\\d+\\]\\.\\w+|Deadline)\"(?: type=\"date\")?(?: value=\"([^\"]*)\")?");
    private static readonly Regex Select = new("name=\"(Submitters\\[\\d+\\]\\.SubmitterUnitId)\">(.*?)</select>", RegexOptions.Singleline);
    private static readonly Regex Selected = new("<option value=\"(\\d+)\" selected");

    /// <summary>Every field of the quota form as the page fills it in.</summary>
    private static Dictionary<string, string> FormOf(string html)
    {
        var f = Field.Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (Match m in Select.Matches(html)) f[m.Groups[1].Value] = Selected.Match(m.Groups[2].Value).Groups[1].Value;
        f["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenField.Match(html).Groups[1].Value);
        return f;
    }

    private static int Rows(Dictionary<string, string> f) => f.Keys.Count(k => k.StartsWith("Lines[") && k.EndsWith(".Position"));

    [Fact]
    public async Task The_page_names_each_unit_instead_of_listing_the_tree_in_every_row()
    {
        var units = (await (await (await app.Api("organizer")).GetAsync("/api/v1/units")).ReadArrayAsync()).Count;
        var html = await (await app.Browser("organizer")).GetStringAsync(Page);
        var options = Regex.Matches(html, "<option").Count;
        Assert.True(options < units, $"{options} options for {units} units");
        Assert.Contains("data-unit-search", html);
        Assert.Contains("/js/quota-units.js", html);
        Assert.Contains("value=\"葛店经开区城乡融合发展局\"", html); // a line's unit by its name
    }

    [Fact]
    public async Task A_line_typed_by_name_is_saved_and_a_wrong_name_is_refused_with_its_row_and_the_input_kept()
    {
        var b = await app.Browser("organizer");
        var form = FormOf(await b.GetStringAsync(Page));
        var row = Enumerable.Range(0, Rows(form)).First(i => form[$"Lines[{i}].Unit"] == "");

        form[$"Lines[{row}].Unit"] = "不存在的单位";
        form[$"Lines[{row}].Position"] = "分管副局长";
        form[$"Lines[{row}].Places"] = "1";
        var bad = await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains($"第 {row + 1} 行（不存在的单位）", badHtml);
        Assert.Contains("value=\"不存在的单位\"", badHtml);

        var before = (await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/quotas")).ReadJsonAsync()).Value<int>("total");
        form = FormOf(await b.GetStringAsync(Page));
        form[$"Lines[{row}].Unit"] = "华容区/华容区民政局"; // a path works as well as a name
        form[$"Lines[{row}].Position"] = "分管副局长";
        form[$"Lines[{row}].Places"] = "1";
        var ok = await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal($"{Page}?saved=true", ok.LocationPath());
        var after = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/quotas")).ReadJsonAsync();
        Assert.Equal(before + 1, after.Value<int>("total"));
        Assert.NotNull(after.Value<string>("receiptDeadline")); // the rest of the form went back as it was

        // and cleared again: an empty unit removes its line
        form = FormOf(await b.GetStringAsync(Page));
        var saved = Enumerable.Range(0, Rows(form)).Single(i => form[$"Lines[{i}].Position"] == "分管副局长" && form[$"Lines[{i}].Unit"] == "华容区民政局");
        form[$"Lines[{saved}].Unit"] = "";
        Assert.Equal(HttpStatusCode.Redirect, (await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(before, (await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/quotas")).ReadJsonAsync()).Value<int>("total"));
    }

    [Fact]
    public async Task A_unit_written_otherwise_in_attachment_1_is_saved_with_its_line_and_must_still_name_the_unit()
    {
        var b = await app.Browser("organizer");
        var form = FormOf(await b.GetStringAsync(Page));
        var row = Enumerable.Range(0, Rows(form)).First(i => form[$"Lines[{i}].Unit"] != "");
        var unit = form[$"Lines[{row}].Unit"].Split('/')[^1];

        form[$"Lines[{row}].WrittenAs"] = "与单位无关的写法";
        var bad = await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains($"第 {row + 1} 行", badHtml);
        Assert.Contains($"须含单位名称“{unit}”", badHtml);
        Assert.Contains("value=\"与单位无关的写法\"", badHtml); // what was typed stays

        form[$"Lines[{row}].WrittenAs"] = $"（示例）{unit}";
        Assert.Equal(HttpStatusCode.Redirect, (await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form))).StatusCode);
        var quotas = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/quotas")).ReadJsonAsync();
        var groups = quotas["districts"]!.AsArray().SelectMany(d => d!["groups"]!.AsArray()).ToList();
        var group = groups.Single(g => g!["lines"]!.AsArray().Any(l => l.Value<string>("writtenAs") == $"（示例）{unit}"));
        Assert.Contains($"（示例）{unit}", group.Value<string>("text"));
        Assert.Equal($"（示例）{unit}", FormOf(await b.GetStringAsync(Page))[$"Lines[{row}].WrittenAs"]);

        // cleared: the rule again
        form = FormOf(await b.GetStringAsync(Page));
        form[$"Lines[{row}].WrittenAs"] = "";
        Assert.Equal(HttpStatusCode.Redirect, (await b.PostAsync($"{Page}?handler=Save", new FormUrlEncodedContent(form))).StatusCode);
        var again = await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/quotas")).ReadJsonAsync();
        Assert.DoesNotContain("（示例）", again.ToJsonString());
    }

    [Fact]
    public async Task More_rows_keep_what_was_typed()
    {
        var b = await app.Browser("organizer");
        var form = FormOf(await b.GetStringAsync(Page));
        var rows = Rows(form);
        form[$"Lines[{rows - 1}].Unit"] = "华容区民政局";
        form[$"Lines[{rows - 1}].Position"] = "局长";
        var more = await b.PostAsync($"{Page}?handler=More", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        var again = FormOf(await more.Content.ReadAsStringAsync());
        Assert.True(Rows(again) >= rows + 10, $"{Rows(again)} rows after {rows}");
        Assert.Equal("局长", again[$"Lines[{rows - 1}].Position"]);
    }

    [Fact]
    public async Task The_units_api_searches_names_and_paths_within_what_the_caller_sees()
    {
        var found = await (await (await app.Api("organizer")).GetAsync("/api/v1/units?q=民政局&limit=3")).ReadArrayAsync();
        Assert.InRange(found.Count, 1, 3);
        Assert.All(found, u => Assert.Contains("民政局", u.Value<string>("name")));
        var under = await (await (await app.Api("organizer")).GetAsync("/api/v1/units?q=" + Uri.EscapeDataString("鄂州市/华容区/"))).ReadArrayAsync();
        Assert.NotEmpty(under);
        Assert.All(under, u => Assert.StartsWith("鄂州市/华容区/", u.Value<string>("path")));
        var contact = await (await (await app.Api("contact-echeng")).GetAsync("/api/v1/units?q=民政局")).ReadArrayAsync();
        Assert.All(contact, u => Assert.StartsWith("鄂州市/鄂城区", u.Value<string>("path")));
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.Api("organizer")).GetAsync("/api/v1/units?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.Api("organizer")).GetAsync("/api/v1/units?limit=201")).StatusCode);
    }
}

public sealed class QuotaEditorTests_Sqlite(SqliteDemo app) : QuotaEditorTests(app), IClassFixture<SqliteDemo>;
public sealed class QuotaEditorTests_Postgres(PostgresDemo app) : QuotaEditorTests(app), IClassFixture<PostgresDemo>;

public sealed class UnitNamesTests
{
    private static readonly UnitTree Tree = new([
        new UnitNode(1, null, "鄂州市", UnitKind.City), new UnitNode(2, 1, "华容区", UnitKind.District), new UnitNode(3, 1, "鄂城区", UnitKind.District),
        new UnitNode(4, 2, "新华社区", UnitKind.Community), new UnitNode(5, 3, "新华社区", UnitKind.Community), new UnitNode(6, 2, "华容区民政局", UnitKind.Department)]);

    [Theory]
    [InlineData("华容区民政局", 6L, null)]
    [InlineData(" 鄂城区/新华社区 ", 5L, null)]
    [InlineData("鄂州市/华容区/新华社区", 4L, null)]
    [InlineData("新华社区", null, "Quotas.AmbiguousUnit")]
    [InlineData("梁子湖区/新华社区", null, "Quotas.UnknownUnit")]
    [InlineData("太和镇", null, "Quotas.UnknownUnit")]
    public void A_typed_unit_is_found_by_its_name_or_path(string typed, long? id, string? problem) =>
        Assert.Equal((id, problem), new UnitNames(Tree).Resolve(typed));

    [Fact]
    public void Labels_are_names_unless_they_repeat()
    {
        var n = new UnitNames(Tree);
        Assert.Equal("华容区民政局", n.Label(6));
        Assert.Equal("鄂州市/鄂城区/新华社区", n.Label(5));
    }
}
