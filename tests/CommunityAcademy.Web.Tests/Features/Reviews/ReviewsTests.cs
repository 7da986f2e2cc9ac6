using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Reviews;

/// <summary>评审 (#18): a plan review through the pages, plans in rounds, assignment and conflicts, scoring, ranking, access.</summary>
public abstract class ReviewsTests(TestApp app)
{
    private static long ReviewIdFrom(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"create: {(int)r.StatusCode}");
        var m = Regex.Match(r.Headers.Location!.ToString(), @"/Reviews/Review/\d+/(\d+)$");
        Assert.True(m.Success, r.Headers.Location!.ToString());
        return long.Parse(m.Groups[1].Value);
    }

    private async Task<(long Cohort, long Review)> ReviewAsync()
    {
        var (cohort, _) = await ClassAsync(app);
        var org = await app.Browser("organizer");
        var review = ReviewIdFrom(await TestApp.PostFormAsync(org, $"/Reviews/{cohort}", new()
        {
            ["Title"] = "社区品牌创建工作方案", ["Owners"] = "groups", ["RoundNames"] = "提出\n讨论\n优化",
            ["RubricText"] = RubricText.Format(Rubric.DefaultForPlans()),
        }, "Create"));
        return (cohort, review);
    }

    /// <summary>The submission of the group the trainee is in.</summary>
    private Task<long> SubmissionOfAsync(long review, string username) => ScalarAsync(app, """
        SELECT s.id FROM review_submissions s JOIN group_members m ON m.group_id = s.group_id JOIN enrollments e ON e.id = m.enrollment_id
        JOIN users u ON u.id = e.user_id WHERE s.review_id = @review AND u.username = @username
        """, new { review, username });

    private static Dictionary<string, string> Plan(string problem, string goal) => new()
    {
        ["Sections[problem]"] = problem, ["Sections[goal]"] = goal, ["Declared[differentiated]"] = "五个站点、两条主线",
    };

    [Fact]
    public async Task A_group_writes_its_plan_hands_in_a_version_per_open_round_and_compares_two_versions()
    {
        var (cohort, review) = await ReviewAsync();
        var sub = await SubmissionOfAsync(review, "t061");
        var t061 = await app.Browser("t061");
        var page = $"/Reviews/Plan/{cohort}/{sub}";
        Assert.Contains("问题与背景", await PageAsync(t061, page));
        // saved as typed: no version yet
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t061, page, Plan("老旧小区多，老人多", "幸福家园"), "Save")).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));
        Assert.Contains("老旧小区多，老人多", await PageAsync(t061, page));
        // handed in: version 1 in round 1
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t061, page, Plan("老旧小区多，老人多", "幸福家园"), "HandIn")).StatusCode);
        var versions = await app.Get<ReviewStore>().VersionsAsync(sub);
        Assert.Equal((1, 1), (versions.Single().Number, versions.Single().Round));
        Assert.Equal("幸福家园", versions.Single().Sections["goal"]);

        // the round closed: a version is refused with the message, nothing written
        var org = await app.Browser("organizer");
        await TestApp.PostFormAsync(org, $"/Reviews/Review/{cohort}/{review}", new() { ["Number"] = "1" }, "Close");
        var refused = await TestApp.PostFormAsync(t061, page, Plan("老旧小区多", "幸福石榴园，服务520"), "HandIn");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("当前没有开放的评审轮次", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));

        await TestApp.PostFormAsync(org, $"/Reviews/Review/{cohort}/{review}", new() { ["Number"] = "2" }, "Open");
        var t062 = await app.Browser("t062"); // another member of the group revises
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(t062, page, Plan("老旧小区多", "幸福石榴园，服务520"), "HandIn")).StatusCode);
        versions = await app.Get<ReviewStore>().VersionsAsync(sub);
        Assert.Equal([(1, 1), (2, 2)], versions.Select(v => (v.Number, v.Round)));

        var diff = await PageAsync(t061, $"/Reviews/Compare/{cohort}/{sub}?a=1&b=2");
        Assert.Contains("<del class=\"diff-del\">，老人多</del>", diff);
        // by character: 幸福家园 → 幸福石榴园，服务520 keeps 幸福 and 园
        Assert.Contains("幸福<del class=\"diff-del\">家</del>园", diff);
        Assert.Contains("幸福<ins class=\"diff-ins\">石榴</ins>园<ins class=\"diff-ins\">，服务520</ins>", diff);
        Assert.DoesNotContain("style=", diff);

        // a trainee of another group: the plan does not exist for them; a section unknown to the template is refused
        await PageAsync(await app.Browser("t064"), page, HttpStatusCode.NotFound);
        var unknown = await TestApp.PostFormAsync(t061, page, new() { ["Sections[budget]"] = "10万" }, "Save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    /// <summary>Each submission of the review gets a version handed in by one of its owners (through the store).</summary>
    private async Task HandInAllAsync(long cohort, long review)
    {
        var store = app.Get<ReviewStore>();
        foreach (var (who, text) in new[] { ("t061", "滨湖"), ("t064", "段店"), ("t066", "无单位") })
        {
            var sub = await SubmissionOfAsync(review, who);
            var r = await store.SaveAsync(await UserAsync(app, who), cohort, sub, new Dictionary<string, string> { ["goal"] = text + "方案" },
                new Dictionary<string, string> { ["differentiated"] = "五个站点" }, true);
            Assert.True(r.IsOk, r.Error?.ToString());
        }
    }

    private static Dictionary<string, string> Scores(params string[] values)
    {
        var keys = new[] { "feasibility", "practicality", "innovation", "rationality", "sustainability" };
        return keys.Zip(values).ToDictionary(x => $"Values[{x.First}]", x => x.Second);
    }

    [Fact]
    public async Task Assignment_spreads_the_load_refuses_a_conflicted_reviewer_and_puts_reviewers_on_the_class()
    {
        var (cohort, review) = await ReviewAsync();
        var binhu = await SubmissionOfAsync(review, "t061");
        var conflicted = await ReviewerAsync(app, "mentor", "滨湖社区");
        var org = await app.Browser("organizer");
        var page = $"/Reviews/Assign/{cohort}/{review}";
        Assert.Contains("须回避", await PageAsync(org, page));

        var refused = await TestApp.PostFormAsync(org, page, new() { ["SubmissionId"] = binhu.ToString(), ["Username"] = conflicted }, "Add");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("须回避", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM review_assignments WHERE submission_id = @binhu", new { binhu }));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM cohort_staff s JOIN users u ON u.id = s.user_id WHERE s.cohort_id = @cohort AND u.username = @conflicted",
            new { cohort, conflicted }));

        var a = await ReviewerAsync(app, "mentor", null);
        var b = await ReviewerAsync(app, "expert", null);
        var ids = new List<long>();
        foreach (var u in new[] { conflicted, a, b }) ids.Add((await UserAsync(app, u)).Id);
        // three reviewers ticked: each submission gets two, the conflicted one never 滨湖社区's
        var spread = await PostChosenAsync(org, page, ids, 2);
        Assert.Equal(HttpStatusCode.Redirect, spread.StatusCode);
        Assert.Equal(6, await ScalarAsync(app, "SELECT COUNT(*) FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id WHERE s.review_id = @review", new { review }));
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM review_assignments WHERE submission_id = @binhu AND user_id = @u", new { binhu, u = ids[0] }));
        foreach (var id in ids) // loads 2, 2, 2
            Assert.Equal(2, await ScalarAsync(app, "SELECT COUNT(*) FROM review_assignments a JOIN review_submissions s ON s.id = a.submission_id WHERE s.review_id = @review AND a.user_id = @id", new { review, id }));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM cohort_staff WHERE cohort_id = @cohort AND user_id = @u AND role = 'expert'", new { cohort, u = ids[2] }));
        // the reviewer now sees the class and their to-do
        Assert.Contains("data-submission", await PageAsync(await app.Browser(a), $"/Reviews/Todo/{cohort}"));
    }

    private static async Task<HttpResponseMessage> PostChosenAsync(HttpClient c, string page, IEnumerable<long> ids, int per)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("PerSubmission", per.ToString()) };
        fields.AddRange(ids.Select(i => new KeyValuePair<string, string>("Chosen", i.ToString())));
        return await c.PostAsync(page + "?handler=Spread", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Scoring_keeps_drafts_refuses_bad_input_hides_others_until_submitted_and_audits_every_change()
    {
        var (cohort, review) = await ReviewAsync();
        await HandInAllAsync(cohort, review);
        var sub = await SubmissionOfAsync(review, "t064");
        var (ra, rb) = (await ReviewerAsync(app, "mentor", null), await ReviewerAsync(app, "mentor", null));
        var store = app.Get<ReviewStore>();
        var org = await UserAsync(app, "organizer");
        foreach (var u in new[] { ra, rb }) Assert.True((await store.AssignAsync(org, cohort, review, sub, u)).IsOk);
        var a = await app.Browser(ra);
        var b = await app.Browser(rb);
        var page = $"/Reviews/Score/{cohort}/{sub}";

        // outside the scale: refused with the message, nothing written
        var off = await TestApp.PostFormAsync(a, page, Scores("8", "11", "7", "7", "7"), "Submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, off.StatusCode);
        var offHtml = WebUtility.HtmlDecode(await off.Content.ReadAsStringAsync());
        Assert.Contains("实用性：11 不在 1–10 分之内", offHtml);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM review_scores WHERE submission_id = @sub", new { sub }));

        // a draft with two values, then the submitted score
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(a, page, Scores("8", "6"), "Draft")).StatusCode);
        Assert.Equal("draft", (await store.ScoresAsync(sub)).Single().Status);
        var fields = Scores("8", "6", "7", "9", "10");
        fields["Opinion"] = "举措要细化到小区";
        fields["Verdict[differentiated]"] = "Questioned"; // questioned without a reason: refused
        var noReason = await TestApp.PostFormAsync(a, page, new(fields), "Submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("提出质疑时请写明理由", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        fields["Reason[differentiated]"] = "与邻近社区雷同";
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(a, page, new(fields), "Submit")).StatusCode);
        var mine = (await store.ScoresAsync(sub)).Single();
        Assert.Equal(("submitted", 77.78m), (mine.Status, mine.Total!.Value)); // 1–10 to 0–100: (7 + 5 + 6 + 8 + 9) / 9 · 100 / 5 = 77.78
        // B has not submitted: A's score and opinion are hidden from B
        var bPage = await PageAsync(b, page);
        Assert.Contains("others-hidden", bPage);
        Assert.DoesNotContain("举措要细化到小区", bPage);
        // B posts A's score id: refused, A's score unchanged
        var steal = Scores("1", "1", "1", "1", "1");
        steal["ScoreId"] = mine.Id.ToString();
        var stolen = await TestApp.PostFormAsync(b, page, steal, "Submit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stolen.StatusCode);
        Assert.Contains("不能修改其他评审人的评分", WebUtility.HtmlDecode(await stolen.Content.ReadAsStringAsync()));
        Assert.Equal(mine.Total, (await store.ScoresAsync(sub)).Single().Total);
        // B submits: now sees A's
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(b, page, Scores("5", "5", "5", "5", "5"), "Submit")).StatusCode);
        Assert.Contains("举措要细化到小区", await PageAsync(b, page));
        // the group sees the opinion and the questioned trait on its plan
        var plan = await PageAsync(await app.Browser("t064"), $"/Reviews/Plan/{cohort}/{sub}");
        Assert.Contains("举措要细化到小区", plan);
        Assert.Contains("与邻近社区雷同", plan);
        // every score change audited: A's draft and submission, B's submission
        Assert.Equal(3, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'review_score' AND entity_id IN (SELECT id FROM review_scores WHERE submission_id = @sub)", new { sub }));
    }

    private static Dictionary<string, decimal> All(decimal v) =>
        new[] { "feasibility", "practicality", "innovation", "rationality", "sustainability" }.ToDictionary(k => k, _ => v);

    [Fact]
    public async Task The_ranking_computed_by_hand_from_fixed_scores_with_ties_flags_and_older_rubric_versions()
    {
        var (cohort, _) = await ClassAsync(app);
        var store = app.Get<ReviewStore>();
        var org = await UserAsync(app, "organizer");
        var review = (await store.CreateAsync(org, cohort, "plan", "个人方案", "提出", "trainees")).Value;
        var subs = await store.SubmissionsAsync(review);
        Assert.Equal(6, subs.Count);
        var (ra, rb) = (await ReviewerAsync(app, "mentor", null), await ReviewerAsync(app, "expert", null));
        var (a, b) = (await UserAsync(app, ra), await UserAsync(app, rb));
        Assert.True((await store.SpreadAsync(org, cohort, review, 2, [a.Id, b.Id])).IsOk);
        // one value on every criterion: the total on 0–100 is (v − 1) / 9 · 100
        var given = new (string Trainee, decimal? A, decimal? B)[]
        {
            ("t061", 10, 10),    // 100, 100 → 100
            ("t062", 5.5m, 5.5m), // 50, 50 → 50
            ("t063", 10, 1),     // 100, 0 → 50, spread 100: flagged
            ("t064", 1, 1),      // 0
            ("t065", 10, 8.5m),  // 100, 83.33 → 91.67 (91.665 rounded half away from zero)
            ("t066", null, null), // not scored: not ranked
        };
        var subOf = new Dictionary<string, SubmissionDto>();
        foreach (var (t, va, vb) in given)
        {
            var sub = subs.Single(s => s.EnrollmentId == ScalarAsync(app, "SELECT e.id FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort AND u.username = @t", new { cohort, t }).Result);
            subOf[t] = sub;
            Assert.True((await store.SaveAsync(await UserAsync(app, t), cohort, sub.Id, new Dictionary<string, string> { ["goal"] = t }, new Dictionary<string, string>(), true)).IsOk);
            if (va is { } x) Assert.True((await store.ScoreAsync(a, cohort, sub.Id, null, All(x), null, new Dictionary<string, TraitVerdict>(), true)).IsOk);
            if (vb is { } y) Assert.True((await store.ScoreAsync(b, cohort, sub.Id, null, All(y), null, new Dictionary<string, TraitVerdict>(), true)).IsOk);
        }
        // by hand: 100 (1), 91.67 (2), 50 and 50 share 3 and are listed by name, 0 is 5th (3, 3, 5), the unscored one last without a rank
        var tied = new[] { subOf["t062"].Title, subOf["t063"].Title }.Order(StringComparer.Ordinal).ToList();
        var expected = new List<(string, int?, decimal?)>
        {
            (subOf["t061"].Title, 1, 100m), (subOf["t065"].Title, 2, 91.67m), (tied[0], 3, 50m), (tied[1], 3, 50m), (subOf["t064"].Title, 5, 0m), (subOf["t066"].Title, null, null),
        };
        var ranking = (await store.RankingAsync(cohort, review))!;
        Assert.Equal(expected, ranking.Rows.Select(r => (r.Submission.Title, r.Rank, r.Panel.Aggregate)));
        Assert.True(ranking.Rows.Single(r => r.Submission.Id == subOf["t063"].Id).Panel.Flagged);
        Assert.False(ranking.Rows.Single(r => r.Submission.Id == subOf["t062"].Id).Panel.Flagged);
        var html = await PageAsync(await app.Browser("organizer"), $"/Reviews/Ranking/{cohort}/{review}");
        Assert.Contains($"data-submission=\"{subOf["t065"].Id}\" data-rank=\"2\"", html);
        Assert.Contains("评审人分差 100", html);

        // the export: every plan with its rank, aggregate and each reviewer's total, in the page's order
        var xlsx = await (await app.Browser("organizer")).GetAsync($"/Reviews/Export/{cohort}/{review}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = Workbooks.Read(await xlsx.Content.ReadAsByteArrayAsync());
        var header = sheet.FindIndex(r => r[0] == "名次");
        Assert.True(header >= 0);
        Assert.Equal(expected.Select(e => (e.Item2?.ToString() ?? "", e.Item1)), sheet.Skip(header + 1).Where(r => !r.IsBlank).Select(r => (r[0], r[1])));
        Assert.Contains(sheet, r => r[1] == subOf["t065"].Title && r[2] == "91.67");
        // the plan with its opinions as .docx (its owner)
        var docx = await (await app.Browser("t061")).GetAsync($"/Reviews/PlanDocx/{cohort}/{subOf["t061"].Id}");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var text = CommunityAcademy.Web.Infrastructure.Files.OfficialDocx.ReadText(await docx.Content.ReadAsStreamAsync());
        Assert.Contains("目标", text);
        Assert.Contains("各版本指导意见", text);
        await PageAsync(await app.Browser("t062"), $"/Reviews/PlanDocx/{cohort}/{subOf["t061"].Id}", HttpStatusCode.NotFound);

        // a new rubric version, a trimmed mean: every score is older, left out and shown with its version; nothing ranked
        var orgClient = await app.Browser("organizer");
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(orgClient, $"/Reviews/Review/{cohort}/{review}",
            new() { ["RubricText"] = RubricText.Format(Rubric.DefaultForPlans()), ["Rule"] = "TrimmedMean", ["FlagSpread"] = "20" }, "Rubric")).StatusCode);
        ranking = (await store.RankingAsync(cohort, review))!;
        Assert.All(ranking.Rows, r => Assert.Null(r.Rank));
        Assert.Equal(2, ranking.Rows.Single(r => r.Submission.Id == subOf["t065"].Id).Panel.OlderVersion);
        // the organizer accepts both of t065's: they count again, and the page says the trimmed mean fell back to the mean
        foreach (var sc in ranking.Rows.Single(r => r.Submission.Id == subOf["t065"].Id).Scores)
            Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(orgClient, $"/Reviews/Ranking/{cohort}/{review}",
                new() { ["ScoreId"] = sc.Id.ToString(), ["Accept"] = "true" }, "Accept")).StatusCode);
        ranking = (await store.RankingAsync(cohort, review))!;
        var t065 = ranking.Rows.First();
        Assert.Equal((subOf["t065"].Id, 1, 91.67m, true), (t065.Submission.Id, t065.Rank, t065.Panel.Aggregate, t065.Panel.TrimFellBackToMean));
        html = await PageAsync(orgClient, $"/Reviews/Ranking/{cohort}/{review}");
        Assert.Contains("不足 5 人评分，按平均分计", html);
        Assert.Contains("按第 1 版评分标准", html);
    }

    [Fact]
    public async Task Another_class_staff_gets_404_and_an_archived_class_refuses_changes_with_409()
    {
        var (cohort, review) = await ReviewAsync();
        var outsider = await app.Browser(await ReviewerAsync(app, "mentor", null)); // a mentor not on the class
        await PageAsync(outsider, $"/Reviews/{cohort}", HttpStatusCode.NotFound);
        await PageAsync(outsider, $"/Reviews/Review/{cohort}/{review}", HttpStatusCode.NotFound);
        await PageAsync(outsider, $"/Reviews/Todo/{cohort}", HttpStatusCode.NotFound);
        var sub = await SubmissionOfAsync(review, "t061");
        await PageAsync(outsider, $"/Reviews/Score/{cohort}/{sub}", HttpStatusCode.NotFound);
        // a mentor on the class but not assigned: no scoring page
        await PageAsync(await app.Browser("mentor"), $"/Reviews/Score/{cohort}/{sub}", HttpStatusCode.NotFound);
        // a review of another class through this class's id: 404
        var (other, otherReview) = await ReviewAsync();
        await PageAsync(await app.Browser("organizer"), $"/Reviews/Review/{cohort}/{otherReview}", HttpStatusCode.NotFound);

        var org = await app.Browser("organizer");
        var t061 = await app.Browser("t061");
        var planPage = $"/Reviews/Plan/{cohort}/{sub}";
        var html = await (await t061.GetAsync(planPage)).Content.ReadAsStringAsync(); // the token before archiving
        await app.Get<CommunityAcademy.Web.Features.Cohorts.CohortEditor>().SetArchivedAsync(cohort, true, (await UserAsync(app, "organizer")).Id);
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var r = await t061.PostAsync(planPage + "?handler=HandIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Sections[goal]"] = "x",
        }));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await TestApp.PostFormAsync(org, $"/Reviews/Review/{cohort}/{review}", new() { ["Number"] = "2" }, "Open")).StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM submission_versions WHERE submission_id = @sub", new { sub }));
    }

    [Fact]
    public async Task Seed_002_has_the_brand_plans_of_11_groups_in_two_rounds_scored_by_three_mentors_with_a_conflict()
    {
        var cohort = await ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = CommunityAcademy.Web.Features.Demo.Seed002.Title });
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM groupings WHERE cohort_id = @cohort AND kind = 'working'", new { cohort }));
        var review = await ScalarAsync(app, "SELECT id FROM reviews WHERE cohort_id = @cohort", new { cohort });
        var store = app.Get<ReviewStore>();
        var subs = await store.SubmissionsAsync(review);
        Assert.Equal(11, subs.Count);
        Assert.All(subs, s => Assert.Equal(2, s.Versions));
        var shiliu = subs.Single(s => s.Title.StartsWith("石榴园"));
        Assert.Equal(2, shiliu.Reviewers); // the mentor from 石榴园社区 abstains
        Assert.All(subs.Where(s => s != shiliu), s => Assert.Equal(3, s.Reviewers));
        Assert.Equal("幸福石榴园，服务520", (await store.VersionsAsync(shiliu.Id))[0].Sections["goal"]);
        var org = await app.Browser(CommunityAcademy.Web.Features.Demo.Seed002.Organizer);
        Assert.Contains("须回避", await PageAsync(org, $"/Reviews/Assign/{cohort}/{review}"));
        var ranking = (await store.RankingAsync(cohort, review))!;
        Assert.All(ranking.Rows, r => Assert.NotNull(r.Rank));
        Assert.Equal(1, ranking.Rows[0].Rank);
        // a member of 石榴园's group sees both versions' opinions
        var member = await CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit.ScalarAsync(app, "SELECT COUNT(*) FROM review_opinions o JOIN submission_versions v ON v.id = o.version_id WHERE v.submission_id = @s", new { s = shiliu.Id });
        Assert.Equal(4, member); // two mentors × two versions
    }

    [Fact]
    public async Task An_organizer_creates_a_plan_review_with_a_submission_per_working_group_and_opens_and_closes_rounds()
    {
        var (cohort, review) = await ReviewAsync();
        var store = app.Get<ReviewStore>();
        var subs = await store.SubmissionsAsync(review);
        Assert.Equal(3, subs.Count); // 滨湖社区, 段店镇, the one without a unit
        Assert.All(subs, s => Assert.NotNull(s.GroupId));
        var rubric = await store.RubricAsync(review);
        Assert.Equal(["可行性", "实用性", "创新性", "合理性", "持续性"], rubric.Criteria.Select(c => c.Name));
        Assert.Equal(["feasibility", "practicality", "innovation", "rationality", "sustainability"], rubric.Criteria.Select(c => c.Key));
        var rounds = await store.RoundsAsync(review);
        Assert.Equal(["提出", "讨论", "优化"], rounds.Select(r => r.Name));
        Assert.Equal(1, Rounds.Current(rounds, app.Clock.GetUtcNow())!.Number);

        var org = await app.Browser("organizer");
        var page = $"/Reviews/Review/{cohort}/{review}";
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Number"] = "2" }, "Open")).StatusCode);
        Assert.Equal(2, Rounds.Current(await store.RoundsAsync(review), app.Clock.GetUtcNow())!.Number); // round 1 closed as 2 opened
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Number"] = "2" }, "Close")).StatusCode);
        Assert.Null(Rounds.Current(await store.RoundsAsync(review), app.Clock.GetUtcNow()));
        var html = await PageAsync(org, page);
        Assert.Contains("讨论", html);

        // bad round names: refused with the message, nothing created
        var before = await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort });
        var bad = await TestApp.PostFormAsync(org, $"/Reviews/{cohort}", new() { ["Title"] = "x", ["Owners"] = "groups", ["RoundNames"] = "提出\n提出", ["RubricText"] = "可行性|1|1-10" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("轮次名称重复", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.Equal(before, await ScalarAsync(app, "SELECT COUNT(*) FROM reviews WHERE cohort_id = @cohort", new { cohort }));
    }
}

public sealed class ReviewsTests_Sqlite(SqliteDemo app) : ReviewsTests(app), IClassFixture<SqliteDemo>;
public sealed class ReviewsTests_Postgres(PostgresDemo app) : ReviewsTests(app), IClassFixture<PostgresDemo>;
