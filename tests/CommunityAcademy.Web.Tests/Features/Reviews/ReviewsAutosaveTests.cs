using System.Net;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>
/// Drafts saved as typed (#18): the plan and score pages mark their forms for js/autosave.js, and their Autosave handlers
/// keep the draft through the same store calls as the buttons — JSON, 422 with the message when refused, nothing written then.
/// </summary>
public abstract class ReviewsAutosaveTests(TestApp app)
{
    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task The_plan_page_saves_the_owners_draft_as_typed_without_making_a_version()
    {
        var (cohort, _) = await ClassAsync(app);
        var review = await PlanReviewAsync(app, cohort);
        var sub = await SubmissionOfAsync(app, review, "t061");
        var page = $"/Reviews/Plan/{cohort}/{sub}";
        var t061 = await app.Browser("t061");
        var html = await PageAsync(t061, page);
        Assert.Contains($"data-autosave=\"/Reviews/Plan/{cohort}/{sub}?handler=Autosave\"", html);
        Assert.Contains("data-saved=\"已保存 {0}\"", html);
        Assert.Contains("/js/autosave.js", html);

        var saved = await JsonAsync(await TestApp.PostFormAsync(t061, page, new() { ["Sections[goal]"] = "幸福家园", ["Declared[differentiated]"] = "五个站点" }, "Autosave"), HttpStatusCode.OK);
        Assert.True(saved["saved"]!.GetValue<bool>());
        var (sections, traits) = await app.Get<ReviewStore>().DraftAsync(sub);
        Assert.Equal(("幸福家园", "五个站点"), (sections["goal"], traits["differentiated"]));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));
        Assert.Contains("幸福家园", await PageAsync(await app.Browser("t062"), page)); // the group's other member finds it

        // refused: a section the template lacks (the message), another group's trainee; the draft stays as it was
        var unknown = await JsonAsync(await TestApp.PostFormAsync(t061, page, new() { ["Sections[budget]"] = "10万" }, "Autosave"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("方案模板中没有", unknown["error"]!.GetValue<string>());
        var t064 = await app.Browser("t064");
        var token = await PageAsync(t064, $"/Reviews/{cohort}"); // a page of the class t064 may open, for its antiforgery token
        var stranger = await t064.PostAsync(page + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(token, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Sections[goal]"] = "别组改的",
        }));
        Assert.Contains("只有本组成员", (await JsonAsync(stranger, HttpStatusCode.UnprocessableEntity))["error"]!.GetValue<string>());
        Assert.Equal("幸福家园", (await app.Get<ReviewStore>().DraftAsync(sub)).Sections["goal"]);
    }

    [Fact]
    public async Task The_score_page_saves_a_draft_as_typed_refuses_a_value_off_the_scale_and_never_touches_a_submitted_score()
    {
        var (cohort, _) = await ClassAsync(app);
        var review = await PlanReviewAsync(app, cohort);
        var sub = await SubmissionOfAsync(app, review, "t064");
        var store = app.Get<ReviewStore>();
        Assert.True((await store.SaveAsync(await UserAsync(app, "t064"), cohort, sub, new Dictionary<string, string> { ["goal"] = "段店方案" },
            new Dictionary<string, string>(), true)).IsOk);
        var ra = await ReviewerAsync(app, "mentor", null);
        Assert.True((await store.AssignAsync(await UserAsync(app, "organizer"), cohort, review, sub, ra)).IsOk);
        var a = await app.Browser(ra);
        var page = $"/Reviews/Score/{cohort}/{sub}";
        Assert.Contains($"data-autosave=\"/Reviews/Score/{cohort}/{sub}?handler=Autosave\"", await PageAsync(a, page));

        Assert.True((await JsonAsync(await TestApp.PostFormAsync(a, page, new() { ["Values[feasibility]"] = "8", ["Opinion"] = "先写一半" }, "Autosave"), HttpStatusCode.OK))["saved"]!.GetValue<bool>());
        var draft = (await store.ScoresAsync(sub)).Single();
        Assert.Equal(("draft", 8m, "先写一半"), (draft.Status, draft.Values["feasibility"], draft.Opinion));
        Assert.Contains("先写一半", await PageAsync(a, page)); // reloaded: the typed values are there

        var off = await JsonAsync(await TestApp.PostFormAsync(a, page, new() { ["Values[practicality]"] = "11" }, "Autosave"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("实用性：11 不在 1–10 分之内", off["error"]!.GetValue<string>());
        var nan = await JsonAsync(await TestApp.PostFormAsync(a, page, new() { ["Values[practicality]"] = "九" }, "Autosave"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("“实用性”的分数不是数字", nan["error"]!.GetValue<string>());
        Assert.Equal(draft.UpdatedAt, (await store.ScoresAsync(sub)).Single().UpdatedAt);

        // submitted: the form is no longer marked, and a late autosave is refused without turning it back into a draft
        var all = new[] { "feasibility", "practicality", "innovation", "rationality", "sustainability" }.ToDictionary(k => $"Values[{k}]", _ => "9");
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(a, page, all, "Submit")).StatusCode);
        Assert.DoesNotContain("data-autosave=\"/", await PageAsync(a, page)); // no address: js/autosave.js leaves the form alone
        var late = await JsonAsync(await TestApp.PostFormAsync(a, page, new() { ["Values[feasibility]"] = "1" }, "Autosave"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("评分已提交", late["error"]!.GetValue<string>());
        var now = (await store.ScoresAsync(sub)).Single();
        Assert.Equal(("submitted", 9m), (now.Status, now.Values["feasibility"]));

        // someone not assigned: the page's 404, nothing saved
        var other = await app.Browser(await ReviewerAsync(app, "mentor", null));
        var r = await other.PostAsync(page + "?handler=Autosave", new FormUrlEncodedContent(new Dictionary<string, string> { ["Values[feasibility]"] = "1" }));
        Assert.NotEqual(HttpStatusCode.OK, r.StatusCode);
        Assert.Single(await store.ScoresAsync(sub));
    }
}

public sealed class ReviewsAutosaveTests_Sqlite(SqliteDemo app) : ReviewsAutosaveTests(app), IClassFixture<SqliteDemo>;
public sealed class ReviewsAutosaveTests_Postgres(PostgresDemo app) : ReviewsAutosaveTests(app), IClassFixture<PostgresDemo>;
