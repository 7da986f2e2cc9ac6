using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Cohorts;

/// <summary>The class pages as a browser uses them (#13 point 2): create, copy with its preview, edit with the confirmation
/// step for a class with sign-ins, archive asked first; refused posts show the page again with the input kept.</summary>
public abstract partial class CohortPagesTests(TestApp app)
{
    [GeneratedRegex("<(input|textarea|select)\\b([^>]*)>", RegexOptions.Singleline)]
    private static partial Regex Field();
    [GeneratedRegex("(\\w[\\w-]*)=\"([^\"]*)\"")]
    private static partial Regex Attr();

    /// <summary>What the browser would post from the page's form with the given name prefix: text, checked boxes, selected options.</summary>
    private static Dictionary<string, string> FormOf(string html, Dictionary<string, string>? changes = null)
    {
        var form = new List<KeyValuePair<string, string>>();
        foreach (Match m in Field().Matches(html))
        {
            var a = Attr().Matches(m.Groups[2].Value).ToDictionary(x => x.Groups[1].Value, x => WebUtility.HtmlDecode(x.Groups[2].Value));
            if (!a.TryGetValue("name", out var name) || !name.StartsWith("Form.")) continue;
            var rest = html[(m.Index + m.Length)..];
            switch (m.Groups[1].Value)
            {
                case "textarea": form.Add(new(name, WebUtility.HtmlDecode(rest[..rest.IndexOf("</textarea>")]))); break;
                case "select":
                    var body = rest[..rest.IndexOf("</select>")];
                    var sel = Regex.Match(body, "<option value=\"([^\"]*)\" selected=\"selected\"");
                    form.Add(new(name, sel.Success ? WebUtility.HtmlDecode(sel.Groups[1].Value) : ""));
                    break;
                default:
                    if (a.GetValueOrDefault("type") == "checkbox" && !a.ContainsKey("checked")) continue;
                    if (a.GetValueOrDefault("type") == "hidden" && form.Any(f => f.Key == name)) continue; // the box was checked
                    form.Add(new(name, a.GetValueOrDefault("value") ?? ""));
                    break;
            }
        }
        var d = form.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => string.Join(",", g.Select(x => x.Value)));
        foreach (var (k, v) in changes ?? []) d[k] = v;
        return d;
    }

    private static FormUrlEncodedContent Encode(Dictionary<string, string> d, string token) =>
        new(d.SelectMany(kv => kv.Key == "Form.Meals" ? kv.Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => new KeyValuePair<string, string>(kv.Key, v))
            : [new KeyValuePair<string, string>(kv.Key, kv.Value)]).Append(new("__RequestVerificationToken", token)));

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task An_organizer_creates_a_class_and_a_refused_post_keeps_the_input_with_errors_at_their_fields()
    {
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync("/Cohorts/Create?program=" + Uri.EscapeDataString("鄂州市城乡社区工作者场景塑造实务能力培训"));
        var form = FormOf(page, new()
        {
            ["Form.Title"] = "页面新建的班", ["Form.StartDate"] = "2026-09-10", ["Form.EndDate"] = "2026-09-08", ["Form.Venue"] = "鄂州市委党校",
            ["Form.Hosts[0].Role"] = "sponsor", ["Form.Hosts[0].Name"] = "鄂州市民政局", ["Form.Hosts[1].Role"] = "provider", ["Form.Hosts[1].Name"] = "",
        });
        var refused = await b.PostAsync("/Cohorts/Create", Encode(form, Token(page)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("value=\"页面新建的班\"", again);
        Assert.Contains("value=\"鄂州市委党校\"", again);
        Assert.Matches("id=\"err-endDate\"[^>]*>结束日期不能早于开始日期", again);
        Assert.Matches("id=\"err-hosts-1-name\"", again);

        form = FormOf(again, new() { ["Form.EndDate"] = "2026-09-12", ["Form.Hosts[1].Name"] = "华中师范大学" });
        var ok = await b.PostAsync("/Cohorts/Create", Encode(form, Token(again)));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var id = long.Parse(ok.LocationPath().Split('/').Last());
        var got = await (await (await app.Api("organizer")).GetAsync($"/api/v1/cohorts/{id}")).ReadJsonAsync();
        Assert.Equal(("页面新建的班", "2026-09-12", "Asia/Shanghai", 2), (got.Value<string>("title"), got.Value<string>("endDate"), got.Value<string>("timeZone"), got["hosts"]!.AsArray().Count));
        Assert.Equal("鄂州市城乡社区工作者场景塑造实务能力培训", got.Value<string>("program"));

        // the list, by program, links to it; a head teacher sees no create link and may not open the page
        var list = await b.GetStringAsync("/Cohorts");
        Assert.Contains($"/Cohorts/Details/{id}", list);
        Assert.Contains("href=\"/Cohorts/Create\"", list);
        var ht = await app.Browser("headteacher");
        Assert.DoesNotContain("href=\"/Cohorts/Create\"", await ht.GetStringAsync("/Cohorts"));
        Assert.NotEqual(HttpStatusCode.OK, (await ht.GetAsync("/Cohorts/Create")).StatusCode);
    }

    [Fact]
    public async Task Copy_previews_the_shift_and_the_sessions_to_place_then_creates_the_class()
    {
        var b = await app.Browser("organizer");
        var preview = await b.GetAsync("/Cohorts/Copy/1?preview=true&Title=" + Uri.EscapeDataString("第四期（两天）") + "&StartDate=2026-10-12&EndDate=2026-10-13");
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var offset = new DateOnly(2026, 10, 12).DayNumber - new DateOnly(2023, 6, 7).DayNumber;
        Assert.Contains($"顺延 {offset} 天", html);
        Assert.Contains("id=\"sessions-outside\"", html);
        Assert.Contains("2026-10-14", html); // the third day's sessions, after the new end

        var r = await b.PostAsync("/Cohorts/Copy/1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Title"] = "第四期（两天）", ["StartDate"] = "2026-10-12", ["EndDate"] = "2026-10-13", ["__RequestVerificationToken"] = Token(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Matches("^/Timetable/\\d+$", r.LocationPath()); // sessions to place: the timetable shows them outside the days

        var bad = await b.PostAsync("/Cohorts/Copy/1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Title"] = "", ["StartDate"] = "2026-10-12", ["__RequestVerificationToken"] = Token(html),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("id=\"err-title\"", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Editing_the_rules_of_the_class_with_sign_ins_asks_first_with_the_count_then_re_settles()
    {
        await app.Get<AttendanceSettlement>().SettleDueAsync(1);
        var b = await app.Browser("organizer");
        var page = await b.GetStringAsync("/Cohorts/Edit/1");
        Assert.Contains("value=\"鄂州市城乡社区工作者场景塑造实务能力培训第二期\"", page);
        var form = FormOf(page, new() { ["Form.ArriveMinutesBefore"] = "5" });
        var ask = await b.PostAsync("/Cohorts/Edit/1", Encode(form, Token(page)));
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var html = await ask.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-change\"", html);
        Assert.Contains("将有 3 条考勤状态发生变化", html);
        Assert.Contains("value=\"5\"", html); // the input is kept
        await using (var c = await app.Get<Db>().OpenAsync())
            Assert.Equal(10, await c.ExecuteScalarAsync<int>("SELECT arrive_minutes_before FROM cohorts WHERE id = 1"));

        form = FormOf(html);
        form["Confirm"] = "true";
        var done = await b.PostAsync("/Cohorts/Edit/1", Encode(form, Token(html)));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/Cohorts/Details/1?saved=3", done.LocationPath());
        Assert.Contains("3 条状态改变", await b.GetStringAsync(done.LocationPath()));
        await using (var c = await app.Get<Db>().OpenAsync())
        {
            Assert.Equal(5, await c.ExecuteScalarAsync<int>("SELECT arrive_minutes_before FROM cohorts WHERE id = 1"));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM attendance WHERE cohort_id = 1 AND status = 'late'"));
            // nothing else of the class changed through the whole form
            Assert.True(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cohort_hosts WHERE cohort_id = 1") > 0);
            Assert.Equal("breakfast,lunch,dinner".Split(',').Intersect((await c.ExecuteScalarAsync<string>("SELECT meals FROM cohorts WHERE id = 1"))!.Split(',')).Count(),
                (await c.ExecuteScalarAsync<string>("SELECT meals FROM cohorts WHERE id = 1"))!.Split(',', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public async Task Archiving_asks_first_hides_the_class_and_its_pages_refuse_changes()
    {
        var api = await app.Api("organizer");
        var made = await (await api.PostAsync("/api/v1/cohorts/1/copy", Json.Raw("""{"title": "页面归档的班", "startDate": "2026-11-02"}"""))).ReadJsonAsync();
        var id = made["cohort"].Value<long>("id");
        var b = await app.Browser("organizer");
        var details = await b.GetStringAsync($"/Cohorts/Details/{id}");
        Assert.Contains("?confirm=archive#confirm-archive", details);
        Assert.DoesNotContain("id=\"confirm-archive\"", details);
        var ask = await b.GetStringAsync($"/Cohorts/Details/{id}?confirm=archive");
        Assert.Contains("id=\"confirm-archive\"", ask);
        var r = await b.PostAsync($"/Cohorts/Edit/{id}?handler=Archive", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(ask) }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        Assert.DoesNotContain($"/Cohorts/Details/{id}\"", await b.GetStringAsync("/Cohorts"));
        Assert.Contains($"/Cohorts/Details/{id}\"", await b.GetStringAsync("/Cohorts?archived=true"));
        Assert.Contains("已归档", await b.GetStringAsync($"/Cohorts/Details/{id}"));

        var quotas = await b.GetStringAsync($"/Enrollment/Quotas/{id}");
        var refused = await b.PostAsync($"/Enrollment/Quotas/{id}?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(quotas) }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("已归档", await refused.Content.ReadAsStringAsync());
        var edit = await b.GetStringAsync($"/Cohorts/Edit/{id}");
        Assert.DoesNotContain("name=\"Form.Title\"", edit);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await b.PostAsync($"/Cohorts/Edit/{id}", Encode(new() { ["Form.Title"] = "x" }, Token(edit)))).StatusCode);
    }
}

public sealed class CohortPagesTests_Sqlite(SqliteDemo app) : CohortPagesTests(app), IClassFixture<SqliteDemo>;
public sealed class CohortPagesTests_Postgres(PostgresDemo app) : CohortPagesTests(app), IClassFixture<PostgresDemo>;
