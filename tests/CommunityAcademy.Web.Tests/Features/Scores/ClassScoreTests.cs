using System.Net;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Domain.Scores;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Features.Tasks;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Attendance.AttendanceKit;
using static CommunityAcademy.Web.Tests.Features.Me.MyKit;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Scores;

/// <summary>
/// 结业成绩与优秀学员 (#19 points 2, 3): a class built by hand — two sessions marked by hand, two practice tasks and the
/// working groups' plan scored by two reviewers — its scores computed here by hand; the formula's checks; the selection
/// with a cap that leaves fewer than asked; adjustments and the confirmation audited; the notice and the list opened.
/// </summary>
public abstract class ClassScoreTests(TestApp app)
{
    private static Dictionary<string, decimal> All(decimal v) =>
        new[] { "feasibility", "practicality", "innovation", "rationality", "sustainability" }.ToDictionary(k => k, _ => v);

    private sealed record Built(long Cohort, Dictionary<string, long> Enrollment, Dictionary<string, string> Name);

    /// <summary>
    /// ReviewKit's class (t061–t063 滨湖社区, t064–t065 段店镇, t066 no unit; working groups by unit) with:
    /// sessions 1 and 2 (past) marked by hand; tasks A and B (one submission per trainee) and the groups' plan, each scored
    /// by two reviewers with one value on every criterion (total (v − 1) / 9 · 100).
    /// </summary>
    private async Task<Built> BuildAsync()
    {
        var (cohort, _) = await ClassAsync(app);
        var enrollment = new Dictionary<string, long>();
        var name = new Dictionary<string, string>();
        foreach (var t in Trainees)
        {
            enrollment[t] = await EnrollmentIdAsync(app, cohort, t);
            await using var c0 = await app.Get<Db>().OpenAsync();
            name[t] = await c0.ExecuteScalarAsync<string>("SELECT name FROM enrollments WHERE id = @id", new { id = enrollment[t] }) ?? "";
        }
        var now = app.Clock.GetUtcNow();
        var s1 = await AddSessionAsync(app, cohort, now.AddDays(-2), TimeSpan.FromHours(1));
        var s2 = await AddSessionAsync(app, cohort, now.AddDays(-1), TimeSpan.FromHours(1));
        var marks = new Dictionary<string, (string S1, string S2)>
        {
            ["t061"] = ("present", "present"),
            ["t062"] = ("late", "present"),
            ["t063"] = ("absent", "early_leave"),
            ["t064"] = ("present", "present"),
            ["t065"] = ("excused", "present"),
            ["t066"] = ("left_without_permission", "present"),
        };
        await using (var c = await app.Get<Db>().OpenAsync())
            foreach (var (t, (m1, m2)) in marks)
                foreach (var (session, status) in new[] { (s1, m1), (s2, m2) })
                    await c.ExecuteAsync("""
                        INSERT INTO attendance_marks (session_id, enrollment_id, status, late_minutes, reason, marked_at)
                        VALUES (@session, @e, @status, 0, '测试', @now)
                        """, new { session, e = enrollment[t], status, now });

        var store = app.Get<ReviewStore>();
        var tasks = app.Get<TaskStore>();
        var org = await UserAsync(app, "organizer");
        var (ra, rb) = (await ReviewerAsync(app, "mentor", null), await ReviewerAsync(app, "expert", null));
        var (a1, b1) = (await UserAsync(app, ra), await UserAsync(app, rb));
        async Task ScoreAsync(long review, Func<SubmissionDto, (decimal? A, decimal? B)?> values)
        {
            Assert.True((await store.SpreadAsync(org, cohort, review, 2, [a1.Id, b1.Id])).IsOk);
            foreach (var sub in await store.SubmissionsAsync(review))
            {
                if (values(sub) is not { } v) continue;
                var owner = sub.EnrollmentId is { } e ? Trainees.First(t => enrollment[t] == e)
                    : Trainees.First(t => ScalarAsync(app, "SELECT COUNT(*) FROM group_members WHERE group_id = @g AND enrollment_id = @e",
                        new { g = sub.GroupId, e = enrollment[t] }).Result > 0);
                if (sub.EnrollmentId is null) // the plan: handed in and scored through the review store
                {
                    Assert.True((await store.SaveAsync(await UserAsync(app, owner), cohort, sub.Id, new Dictionary<string, string> { ["goal"] = owner },
                        new Dictionary<string, string>(), true)).IsOk);
                    if (v.A is { } x) Assert.True((await store.ScoreAsync(a1, cohort, sub.Id, null, All(x), null, new Dictionary<string, TraitVerdict>(), true)).IsOk);
                    if (v.B is { } y) Assert.True((await store.ScoreAsync(b1, cohort, sub.Id, null, All(y), null, new Dictionary<string, TraitVerdict>(), true)).IsOk);
                    continue;
                }
                // a practice task: handed in and scored through the task store (its own rules)
                var handIn = HandIn.Empty with { Texts = new Dictionary<string, string> { ["f1"] = owner } };
                var saved = await tasks.SaveAsync(await UserAsync(app, owner), cohort, sub.Id, handIn, true);
                Assert.True(saved.IsOk, saved.Error?.ToString());
                if (v.A is { } xa) Assert.True((await tasks.ScoreAsync(a1, cohort, sub.Id, All(xa), null, true)).IsOk);
                if (v.B is { } yb) Assert.True((await tasks.ScoreAsync(b1, cohort, sub.Id, All(yb), null, true)).IsOk);
            }
        }
        async Task<long> TaskAsync(string title)
        {
            var t = await tasks.CreateAsync(org, cohort, new NewTask(title, "在本社区完成", app.Clock.GetUtcNow().AddDays(30), "文本|完成情况说明|1", "2", Rubric.DefaultForPlans()));
            Assert.True(t.IsOk, t.Error?.ToString());
            return t.Value;
        }
        string Of(SubmissionDto s) => Trainees.First(t => enrollment[t] == s.EnrollmentId);
        var taskA = await TaskAsync("挖掘社区居民骨干");
        var a = new Dictionary<string, (decimal?, decimal?)>
        {
            ["t061"] = (10, 10), ["t062"] = (5.5m, 5.5m), ["t063"] = (10, 1), ["t064"] = (1, 1), ["t066"] = (10, 10), // t065: not scored
        };
        await ScoreAsync(taskA, s => a.TryGetValue(Of(s), out var v) ? v : null);
        var taskB = await TaskAsync("发掘社区需求");
        var b = new Dictionary<string, (decimal?, decimal?)>
        {
            ["t061"] = (5.5m, 5.5m), ["t062"] = (10, 10), ["t064"] = (10, 8.5m), ["t065"] = (10, 10), // t063, t066: not scored
        };
        await ScoreAsync(taskB, s => b.TryGetValue(Of(s), out var v) ? v : null);
        var plan = (await store.CreateAsync(org, cohort, "plan", "社区品牌创建工作方案", "提出", "groups")).Value;
        await ScoreAsync(plan, s => s.Title switch
        {
            _ when s.Title.Contains("滨湖") => (10, 10),
            _ when s.Title.Contains("段店") => (5.5m, 5.5m),
            _ => null, // the group without a unit: no score
        });
        return new Built(cohort, enrollment, name);
    }

    private static Dictionary<string, string> Formula(string a, string t, string p, string o = "0", string dep = "0", string abs = "") => new()
    {
        ["Attendance"] = a, ["Tasks"] = t, ["Plan"] = p, ["Online"] = o, ["MaxDepartures"] = dep, ["MaxAbsences"] = abs,
    };

    [Fact]
    public async Task The_score_of_a_hand_built_class_computed_by_hand_ranked_with_ties_and_explained_on_both_pages()
    {
        var x = await BuildAsync();
        var org = await app.Browser("organizer");
        var planReview = await ScalarAsync(app, "SELECT id FROM reviews WHERE cohort_id = @c AND kind = 'plan'", new { c = x.Cohort });
        var saved = await TestApp.PostFormAsync(org, $"/Scores/Formula/{x.Cohort}", new(Formula("50", "30", "20")) { ["PlanReviewId"] = planReview.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // by hand. Attendance: attended ÷ counted (excused not counted) × 100. Tasks: the mean of A and B, unscored 0.
        // A task's aggregate is the mean of the two reviewers: (v − 1) / 9 · 100 each; t064's B: (100 + 83.33) / 2 = 91.665 → 91.67.
        // Plan: 滨湖 100, 段店 50, the group without a unit 0 (not scored).
        static decimal R(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
        decimal Score(decimal attendance, decimal taskA, decimal taskB, decimal plan) =>
            R(attendance * 50 / 100) + R(R((taskA + taskB) / 2) * 30 / 100) + R(plan * 20 / 100);
        var expected = new Dictionary<string, decimal>
        {
            ["t061"] = Score(100m * 2 / 2, 100, 50, 100),        // 50 + 22.5 + 20 = 92.5
            ["t062"] = Score(100m * 2 / 2, 50, 100, 100),        // late counts as attended: 92.5
            ["t063"] = Score(100m * 1 / 2, 50, 0, 100),          // absent, early leave attended: 25 + 7.5 + 20 = 52.5
            ["t064"] = Score(100m * 2 / 2, 0, 91.67m, 50),       // 50 + R(45.835 → 45.84 × 0.3 = 13.752) 13.75 + 10 = 73.75
            ["t065"] = Score(100m * 1 / 1, 0, 100, 50),          // excused not counted: 50 + 15 + 10 = 75
            ["t066"] = Score(100m * 1 / 2, 100, 0, 0),           // left without permission: 25 + 15 + 0 = 40, disqualified
        };
        Assert.Equal(92.5m, expected["t061"]);
        Assert.Equal(73.75m, expected["t064"]);
        var scores = await app.Get<ClassScoreStore>().ScoresAsync(x.Cohort);
        foreach (var (t, total) in expected)
            Assert.Equal((t, total), (t, scores.Rows.Single(r => r.EnrollmentId == x.Enrollment[t]).Score.Total));

        // ranked: the two at 92.5 share rank 1 (listed by name), then 75 (3), 73.75 (4), 52.5 (5); t066 disqualified, unranked, last
        var tied = new[] { "t061", "t062" }.OrderBy(t => x.Name[t], StringComparer.Ordinal).ToList();
        Assert.Equal([(tied[0], (int?)1), (tied[1], 1), ("t065", 3), ("t064", 4), ("t063", 5), ("t066", null)],
            scores.Rows.Select(r => (Trainees.First(t => x.Enrollment[t] == r.EnrollmentId), r.Rank)));
        Assert.Equal(["Score.TooManyDepartures(1, 0)"], scores.Rows.Last().Score.Disqualified.Select(e => e.ToString()));

        // the staff view: every trainee, and one explained part by part
        var list = await PageAsync(org, $"/Scores/{x.Cohort}");
        Assert.Contains($"data-enrollment=\"{x.Enrollment["t064"]}\" data-rank=\"4\" data-total=\"73.75\"", list);
        var one = WebUtility.HtmlDecode(await PageAsync(await app.Browser("headteacher"), $"/Scores/{x.Cohort}?trainee={x.Enrollment["t064"]}"));
        Assert.Contains("<span id=\"score-total\">73.75</span>", one);
        Assert.Contains("<td>45.84</td>", one);
        Assert.Contains("<td>13.75</td>", one);

        // the trainee's phone page: each part, the unscored task counting 0; the disqualified one told why
        var t065 = WebUtility.HtmlDecode(await PageAsync(await app.Browser("t065"), $"/Me/Score/{x.Cohort}"));
        Assert.Contains("<span id=\"score-total\">75.00</span>", t065);
        Assert.Contains("2 项任务中有 1 项尚无评分，按 0 分计。", t065);
        Assert.Contains("应到 1 次，实到 1 次", t065);
        var t066 = WebUtility.HtmlDecode(await PageAsync(await app.Browser("t066"), $"/Me/Score/{x.Cohort}"));
        Assert.Contains("不参加评优： 擅自离开 1 次，超过 0 次", t066);
        // a trainee of another class, and a trainee on the staff pages: 404 and 403
        await PageAsync(await app.Browser("t001"), $"/Me/Score/{x.Cohort}", HttpStatusCode.NotFound);
        Assert.Contains("/Accounts/AccessDenied", (await (await app.Browser("t061")).GetAsync($"/Scores/{x.Cohort}")).Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_weight_set_not_summing_to_100_is_refused_with_its_sum_and_nothing_is_stored()
    {
        var (cohort, _) = await ClassAsync(app);
        var org = await app.Browser("organizer");
        var page = $"/Scores/Formula/{cohort}";
        var bad = await TestApp.PostFormAsync(org, page, Formula("50", "30", "19"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("各项权重之和须为 100，现为 99。", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        var online = await TestApp.PostFormAsync(org, page, Formula("40", "30", "20", "10"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, online.StatusCode);
        Assert.Contains("本班没有线上学习项目（直播课、案例推送、主题课程），线上学习的权重须为 0（现为 10%）。", WebUtility.HtmlDecode(await online.Content.ReadAsStringAsync()));
        var word = await TestApp.PostFormAsync(org, page, Formula("五十", "30", "20"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, word.StatusCode);
        Assert.Equal(0, await ScalarAsync(app, "SELECT COUNT(*) FROM class_score_formulas WHERE cohort_id = @cohort", new { cohort }));
        // the head teacher reads the formula but may not change it
        var ht = await TestApp.PostFormAsync(await app.Browser("headteacher"), page, Formula("40", "40", "20"));
        Assert.Contains("/Accounts/AccessDenied", ht.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, Formula("40", "40", "20"))).StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = @cohort AND action = 'score.formula'", new { cohort }));
    }

    [Fact]
    public async Task A_cap_that_leaves_fewer_than_asked_says_so_adjustments_and_the_confirmation_are_audited_and_the_notice_and_list_open()
    {
        var x = await BuildAsync();
        var org = await app.Browser("organizer");
        var page = $"/Scores/Outstanding/{x.Cohort}";
        Assert.Equal("community", (await app.Get<Db>().OpenAsync().ContinueWith(async t => { await using var c = t.Result; return await c.ExecuteScalarAsync<string>("SELECT kind FROM units WHERE name = '滨湖社区'"); }).Unwrap()));
        // default formula (40 / 40 / 20, any 擅自离开 disqualifies); 3 asked, at most 1 per community: 滨湖社区's first by name,
        // then one of those without a community (段店镇 is a town; t064/t065 share that bucket): 2 of 3
        var rule = await TestApp.PostFormAsync(org, page, new() { ["Count"] = "3", ["Share"] = "", ["CapPerUnit"] = "1", ["CapLevel"] = "4" }, "Rule");
        Assert.Equal(HttpStatusCode.Redirect, rule.StatusCode);
        var html = WebUtility.HtmlDecode(await PageAsync(org, page));
        Assert.Contains("每个社区（村）最多 1 名的限额使只能选出 2 名，少于应评的 3 名。", html);
        var view = await app.Get<OutstandingStore>().GetAsync(x.Cohort);
        Assert.Equal(2, view.List.Count);
        Assert.True(view.Selection!.Short);

        // both a number and a share: refused, the rule kept
        var both = await TestApp.PostFormAsync(org, page, new() { ["Count"] = "3", ["Share"] = "10", ["CapPerUnit"] = "", ["CapLevel"] = "4" }, "Rule");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.Contains("请填写评选人数或比例中的一项。", WebUtility.HtmlDecode(await both.Content.ReadAsStringAsync()));

        // adjust: remove the second chosen, add t063, each with a reason; a reason is required; the disqualified cannot be added
        var removed = view.List[1].Trainee.EnrollmentId;
        var noReason = await TestApp.PostFormAsync(org, page, new() { ["Target"] = $"remove:{removed}", [$"Reasons[{removed}]"] = " " }, "Adjust");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("请填写调整理由。", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Target"] = $"remove:{removed}", [$"Reasons[{removed}]"] = "已获区级表彰" }, "Adjust")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new() { ["Target"] = $"add:{x.Enrollment["t063"]}", [$"Reasons[{x.Enrollment["t063"]}]"] = "实践任务表现突出" }, "Adjust")).StatusCode);
        var dq = await TestApp.PostFormAsync(org, page, new() { ["Target"] = $"add:{x.Enrollment["t066"]}", [$"Reasons[{x.Enrollment["t066"]}]"] = "x" }, "Adjust");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dq.StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'enrollment' AND entity_id = @removed AND action = 'outstanding.remove' AND reason = '已获区级表彰'", new { removed }));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'enrollment' AND entity_id = @e AND action = 'outstanding.add' AND reason = '实践任务表现突出'", new { e = x.Enrollment["t063"] }));

        // confirm: asked first (a GET shows the panel), then stored and audited; the list is fixed
        Assert.Contains("确认 2 名优秀学员？", WebUtility.HtmlDecode(await PageAsync(org, page + "?confirm=1")));
        var confirmed = await TestApp.PostFormAsync(org, page, new(), "Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var expectedIds = new[] { view.List[0].Trainee.EnrollmentId, x.Enrollment["t063"] };
        Assert.Equal(expectedIds, (await (await app.Get<Db>().OpenAsync()).QueryAsync<long>("SELECT enrollment_id FROM outstanding_trainees WHERE cohort_id = @c ORDER BY position", new { c = x.Cohort })));
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = @c AND action = 'outstanding.confirm'", new { c = x.Cohort }));
        var late = await TestApp.PostFormAsync(org, page, new() { ["Target"] = $"add:{x.Enrollment["t064"]}", [$"Reasons[{x.Enrollment["t064"]}]"] = "x" }, "Adjust");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("名单已确认", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()));

        // the notice (.docx, official layout) and the list (.xlsx), opened with the Open XML SDK
        var docx = await org.GetAsync(page + "?handler=Notice");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var text = OfficialDocx.ReadText(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()));
        Assert.Contains("关于表彰", text);
        Assert.Contains("决定对以下2名学员予以通报表彰", text);
        Assert.Contains(x.Name["t063"], text);
        Assert.DoesNotContain(x.Name["t066"], text);
        var xlsx = await org.GetAsync(page + "?handler=List");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = Workbooks.Read(await xlsx.Content.ReadAsByteArrayAsync());
        var header = sheet.FindIndex(r => r[0] == "序号");
        Assert.True(header >= 0);
        Assert.Equal([x.Name[Trainees.First(t => x.Enrollment[t] == expectedIds[0])], x.Name["t063"]], sheet.Skip(header + 1).Select(r => r[1]));
        Assert.Equal("实践任务表现突出", sheet[header + 2][6]);

        // reopen (audited): downloads wait for a new confirmation
        Assert.Equal(HttpStatusCode.Redirect, (await TestApp.PostFormAsync(org, page, new(), "Reopen")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await org.GetAsync(page + "?handler=Notice")).StatusCode);
        Assert.Equal(1, await ScalarAsync(app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort' AND entity_id = @c AND action = 'outstanding.reopen'", new { c = x.Cohort }));
        // the head teacher reads but does not confirm
        Assert.Contains("/Accounts/AccessDenied", (await TestApp.PostFormAsync(await app.Browser("headteacher"), page, new(), "Confirm")).Headers.Location!.ToString());
    }
}

public sealed class ClassScoreTests_Sqlite(SqliteDemo app) : ClassScoreTests(app), IClassFixture<SqliteDemo>;
public sealed class ClassScoreTests_Postgres(PostgresDemo app) : ClassScoreTests(app), IClassFixture<PostgresDemo>;
