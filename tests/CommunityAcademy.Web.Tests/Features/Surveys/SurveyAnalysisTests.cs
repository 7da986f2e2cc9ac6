using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Surveys.SurveyKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Surveys;

/// <summary>
/// The analysis (#23 point 4): counts beside each chart, the matrix's ratings per session and per instructor, the
/// frequent words of free texts with the answers behind each, markup shown as text in the page and the .xlsx, the API's
/// figures equal to the page's, a template copied to the next class keeping its keys and the trend across both.
/// </summary>
public abstract class SurveyAnalysisTests(TestApp app)
{
    [Fact]
    public async Task The_analysis_counts_each_question_rates_sessions_and_instructors_and_finds_the_frequent_words()
    {
        var api = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "分析测试班", "2031-06-10", "2031-06-12");
        foreach (var t in new[] { "t061", "t062", "t063" }) await EnrollAsync(app, cohort, t);
        var liu = await InstructorAsync(api, "刘明先");
        var s1 = (await AddOkAsync(api, cohort, new { date = "2031-06-10", start = "09:00", end = "11:30", title = "基层社会治理实例课", type = "lecture", instructorIds = new[] { liu } }))["session"]!["id"]!.GetValue<long>();
        var s2 = (await AddOkAsync(api, cohort, new { date = "2031-06-10", start = "14:00", end = "17:00", title = "现场救护", type = "lecture" }))["session"]!["id"]!.GetValue<long>();
        var (_, survey) = await SurveyAsync(app, cohort: cohort);
        var page = $"/Surveys/Answer/{cohort}/{survey}";
        (string User, int Overall, int Content, string Advice)[] answers =
        [
            ("t061", 5, 5, "现场教学很接地气，希望多安排现场教学"),
            ("t062", 4, 3, "现场教学时间太短<script>alert(1)</script>"),
            ("t063", 5, 4, "理论课程可以更精炼"),
        ];
        foreach (var (user, rating, content, advice) in answers)
        {
            var f = Answer(rating, advice, 1, 2);
            f.Add(($"q:sessions:{s1}:content", content.ToString()));
            f.Add(($"q:sessions:{s1}:instructor", "5"));
            f.Add(($"q:sessions:{s2}:usefulness", "4"));
            var r = await PostAsync(await app.Browser(user), page, page, f);
            Assert.True(r.StatusCode == HttpStatusCode.OK, await BodyAsync(r));
        }
        var org = await app.Browser("organizer");
        var raw = await (await org.GetAsync($"/Surveys/Results/{cohort}/{survey}")).Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        // counts beside the chart: overall 4 ×1, 5 ×2, mean 4.67; gain options 1 and 2 three times each
        var overall = Regex.Match(html, "data-question=\"overall\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("class=\"chart-canvas survey-chart\"", overall);
        Assert.Equal(["0", "0", "0", "1", "2"], Regex.Matches(overall, "<tr data-value=\"\\d+\"><td>\\d+</td><td>(\\d+)</td>").Select(m => m.Groups[1].Value));
        Assert.Contains("4.67", overall);
        var gain = Regex.Match(html, "data-question=\"gain\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Equal(["理论知识:3", "实操技能:3", "交流经验:0"], Regex.Matches(gain, "<tr data-value=\"\\d+\"><td>([^<]+)</td><td>(\\d+)</td>").Select(m => m.Groups[1].Value + ":" + m.Groups[2].Value));
        Assert.Contains("3 人作答", gain); // three people, six ticks: respondents, not items
        Assert.Contains("3 人作答", Regex.Match(html, "data-question=\"sessions\".*?</section>", RegexOptions.Singleline).Value);
        // per session and per instructor
        Assert.Contains($"<tr data-session=\"{s1}\">", html);
        var row = TableRows(html, "session-ratings").Single(r => r[0].Contains("基层社会治理实例课"));
        Assert.Equal(["4.00", "5.00", "—", "3"], row.Skip(2));
        Assert.Equal(["4.00", "3"], TableRows(html, "session-ratings").Single(r => r[0].Contains("现场救护")).Skip(4));
        Assert.Equal(["5.00", "3"], TableRows(html, "instructor-ratings").Single(r => r[0].Contains("刘明先")).Skip(1));
        // the instructors' page: a read-only line of their ratings
        var people = WebUtility.HtmlDecode(await (await org.GetAsync("/Timetable/Instructors")).Content.ReadAsStringAsync());
        Assert.Matches($"data-rating=\"{liu}\">学员评分 5.00（3 人次）", people);
        // frequent words with the answers behind: 现场 in two answers, 现场教学 a phrase two answers share
        Assert.Matches("<li data-term=\"现场\"><a [^>]*>现场</a> <span class=\"count\">2</span>", html);
        Assert.Contains("data-term=\"现场教学\"", html);
        var behind = WebUtility.HtmlDecode(await (await org.GetAsync($"/Surveys/Results/{cohort}/{survey}?q=advice&term={Uri.EscapeDataString("现场教学")}")).Content.ReadAsStringAsync());
        var list = Regex.Match(behind, "<ul class=\"behind\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(2, Regex.Matches(list, "<li").Count);
        Assert.DoesNotContain("理论课程", list);
        // the answers behind a word, a page at a time, oldest first (the page shows 50 and a "more" link after the last)
        var results = app.Get<CommunityAcademy.Web.Features.Surveys.SurveyResults>();
        var (first, more) = await results.BehindAsync(survey, "advice", "现场", 0, take: 1);
        Assert.True(more);
        Assert.Equal("现场教学很接地气，希望多安排现场教学", Assert.Single(first).Text);
        var (second, none) = await results.BehindAsync(survey, "advice", "现场", first[0].Id, take: 1);
        Assert.StartsWith("现场教学时间太短", Assert.Single(second).Text);
        Assert.False(none);
        Assert.DoesNotContain("id=\"behind-more\"", behind);
        // markup is text in the page, never a tag
        Assert.DoesNotContain("<script>alert(1)</script>", raw);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", raw);
        // the .xlsx: the same figures, the markup as a text cell
        var xlsx = await org.GetAsync($"/Surveys/Results/{cohort}/{survey}?handler=Export");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using (var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var all = string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml")).Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains("现场教学时间太短&lt;script&gt;alert(1)&lt;/script&gt;", all);
            Assert.DoesNotContain("<script>", all);
        }
        // the API: the same figures
        var dto = await (await api.GetAsync($"/api/v1/cohorts/{cohort}/surveys/{survey}/results")).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        Assert.Equal(3, dto!["answers"]!.GetValue<long>());
        Assert.Equal(4.67m, dto["questions"]!.AsArray().Single(q => q!["key"]!.GetValue<string>() == "overall")!["mean"]!.GetValue<decimal>());
        // a trainee may not read the figures
        var trainee = await app.Api("t061");
        Assert.Equal(HttpStatusCode.Forbidden, (await trainee.GetAsync($"/api/v1/cohorts/{cohort}/surveys/{survey}/results")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.Browser("t061")).GetAsync($"/Surveys/Results/{cohort}/{survey}")).StatusCode);
    }

    [Fact]
    public async Task A_survey_copied_to_the_next_class_keeps_its_keys_and_the_same_question_is_compared_across_classes()
    {
        var (first, survey) = await SurveyAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(await app.Browser("t061"), $"/Surveys/Answer/{first}/{survey}", $"/Surveys/Answer/{first}/{survey}", Answer(3))).StatusCode);
        var next = await CreateCohortAsync(app, "问卷测试班二期", "2031-09-10", "2031-09-12");
        await EnrollAsync(app, next, "t062");
        var org = await app.Browser("organizer");
        var edit = $"/Surveys/Edit/{first}/{survey}";
        var copied = await PostAsync(org, edit, edit + "?handler=Copy", [("Target", next.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        var copy = long.Parse(Regex.Match(copied.Headers.Location!.ToString(), @"/Surveys/Edit/\d+/(\d+)$").Groups[1].Value);
        var api = await app.Api("t062");
        var r = await api.PostAsJsonAsync($"/api/v1/cohorts/{next}/surveys/{copy}/answers", new { answers = new Dictionary<string, string[]> { ["q:overall"] = ["5"], ["q:gain"] = ["2"] } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var second = await api.PostAsJsonAsync($"/api/v1/cohorts/{next}/surveys/{copy}/answers", new { answers = new Dictionary<string, string[]> { ["q:overall"] = ["1"], ["q:gain"] = ["2"] } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("您已提交过这份问卷", await second.Content.ReadAsStringAsync());
        var html = WebUtility.HtmlDecode(await (await org.GetAsync($"/Surveys/Results/{next}/{copy}")).Content.ReadAsStringAsync());
        var trend = Regex.Match(html, "<table class=\"counts\" data-trend=\"overall\">.*?</table>", RegexOptions.Singleline).Value;
        // the program's classes, oldest first (other tests' classes of the same program may stand between)
        Assert.Equal([$"{first}:3.00", $"{next}:5.00"], Regex.Matches(trend, "<tr data-cohort=\"(\\d+)\"><td>[^<]*</td><td>([^<]+)</td>")
            .Select(m => m.Groups[1].Value + ":" + m.Groups[2].Value).Where(x => x.StartsWith($"{first}:") || x.StartsWith($"{next}:")));
        // deleting asks first: the panel, then the post
        Assert.Contains("id=\"confirm-delete\"", await BodyAsync(await org.GetAsync($"/Surveys/Edit/{next}/{copy}?confirm=delete")));
        var deleted = await PostAsync(org, $"/Surveys/Edit/{next}/{copy}?confirm=delete", $"/Surveys/Edit/{next}/{copy}?handler=Delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM survey_answers WHERE survey_id = @copy", new { copy }));
    }
}

public sealed class SurveyAnalysisTests_Sqlite(SqliteDemo app) : SurveyAnalysisTests(app), IClassFixture<SqliteDemo>;
public sealed class SurveyAnalysisTests_Postgres(PostgresDemo app) : SurveyAnalysisTests(app), IClassFixture<PostgresDemo>;
