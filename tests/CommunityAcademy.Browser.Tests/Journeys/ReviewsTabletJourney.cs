using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 评审 (#18): a mentor scores on a tablet (820×1180, touch), on seed 002's class. The draft saves itself as the mentor
/// types (js/autosave.js) and as the page is left: after a reload the typed values are still there; then the mentor submits. The group's plan
/// page saves itself the same way on a phone, and a hand-in right after typing leaves no draft behind.
/// </summary>
public sealed class ReviewsTabletJourney(BrowserApp app) : BrowserTest(app)
{
    private static readonly string[] Criteria = ["可行性", "实用性", "创新性", "合理性", "持续性"];

    /// <summary>
    /// Seed 002's plans are all scored already: the organizer starts a second plan review, tcs01's group hands in its
    /// plan and mentor-tcs2 is assigned to it (through the store, as the pages do).
    /// </summary>
    private async Task<long> APlanToScoreAsync()
    {
        var store = App.Services.GetRequiredService<ReviewStore>();
        await using var c = await App.Services.GetRequiredService<Db>().OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed002.Title });
        async Task<CurrentUser> User(string username)
        {
            var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
            return new CurrentUser(id, username, name, (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet(), unit);
        }
        var organizer = await User(Seed002.Organizer);
        var review = await store.CreateAsync(organizer, cohort, "plan", "社区品牌方案（深化）", "细化\n修改", "groups");
        Assert.True(review.IsOk, review.Error?.ToString());
        var sub = await c.ExecuteScalarAsync<long>("""
            SELECT s.id FROM review_submissions s JOIN group_members m ON m.group_id = s.group_id JOIN enrollments e ON e.id = m.enrollment_id
            JOIN users u ON u.id = e.user_id WHERE s.review_id = @review AND u.username = 'tcs01'
            """, new { review = review.Value });
        var handedIn = await store.SaveAsync(await User("tcs01"), cohort, sub, new Dictionary<string, string> { ["goal"] = "把品牌做深做细" },
            new Dictionary<string, string>(), true);
        Assert.True(handedIn.IsOk, handedIn.Error?.ToString());
        var assigned = await store.AssignAsync(organizer, cohort, review.Value, sub, "mentor-tcs2");
        Assert.True(assigned.IsOk, assigned.Error?.ToString());
        return sub;
    }

    [Fact]
    public Task A_mentor_scores_on_a_tablet_and_the_draft_is_kept_as_typed() => Journey(Screen.Tablet, async page =>
    {
        var sub = await APlanToScoreAsync();
        await SignInAsync(page, "mentor-tcs2");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed002.Title }).First.TapAsync();
        await page.Locator("#class-reviews").TapAsync();
        await page.Locator("#my-todo a").TapAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Todo/\d+$"));
        var item = page.Locator($"#todo li[data-submission=\"{sub}\"]");
        await Expect(item).ToContainTextAsync("待评");
        await item.Locator("a").TapAsync();
        await WaitForPageAsync(page, new Regex($@"/Reviews/Score/\d+/{sub}$"));

        // three criteria and the opinion typed; two seconds after the typing stops the draft is saved
        foreach (var name in Criteria.Take(3))
        {
            await page.GetByLabel(new Regex("^" + name)).TapAsync();
            await page.GetByLabel(new Regex("^" + name)).FillAsync("8");
        }
        await page.GetByLabel("指导意见").FillAsync("举措很实，建议写明每季度的居民参与目标。");
        await Expect(page.Locator("#score-autosave")).ToHaveTextAsync(new Regex(@"^已保存 \d\d:\d\d$"));

        await page.ReloadAsync();
        await WaitForPageAsync(page, new Regex($@"/Reviews/Score/\d+/{sub}$"));
        foreach (var name in Criteria.Take(3)) await Expect(page.GetByLabel(new Regex("^" + name))).ToHaveValueAsync("8");
        await Expect(page.GetByLabel("指导意见")).ToHaveValueAsync("举措很实，建议写明每季度的居民参与目标。");
        await Expect(page.Locator("#score-status")).ToContainTextAsync("草稿");

        // typed, and the page hidden before the pause is over (the tablet switches apps): what was typed is saved. The
        // event is sent by hand: a real unload's keepalive post is not reported to Playwright, so it could not be awaited.
        await page.GetByLabel(new Regex("^" + Criteria[3])).FillAsync("8");
        await page.RunAndWaitForRequestFinishedAsync(() => page.EvaluateAsync("window.dispatchEvent(new PageTransitionEvent('pagehide'))"),
            new() { Predicate = r => r.Url.Contains("handler=Autosave") && r.Method == "POST" });
        await page.ReloadAsync();
        await Expect(page.GetByLabel(new Regex("^" + Criteria[3]))).ToHaveValueAsync("8");

        // the rest, then 提交: the page says it is submitted, with the total
        foreach (var name in Criteria.Skip(4)) await page.GetByLabel(new Regex("^" + name)).FillAsync("8");
        await page.Locator("#score-submit").TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评分已提交");
        await Expect(page.Locator("#score-status")).ToContainTextAsync("已提交");
        await Expect(page.Locator("#score-status")).ToContainTextAsync("总分 77.78"); // (8 − 1) / 9 · 100
        await Expect(page.Locator("#score-autosave")).ToBeEmptyAsync(); // a submitted score no longer saves itself
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the scoring page is wider than the tablet");
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Locator("a[href^='/Reviews/Todo/']").First.TapAsync();
        await WaitForPageAsync(page, new Regex(@"/Reviews/Todo/\d+$"));
        await Expect(page.Locator($"#todo li[data-submission=\"{sub}\"]")).ToContainTextAsync("已提交");
    });

    [Fact]
    public Task A_group_member_types_the_plan_on_a_phone_and_it_is_kept_as_typed() => Journey(Screen.Phone, async page =>
    {
        var sub = await APlanToScoreAsync();
        long cohort;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed002.Title });
        await SignInAsync(page, "tcs02"); // another member of tcs01's group
        await page.GotoAsync($"/Reviews/Plan/{cohort}/{sub}");
        await WaitForPageAsync(page, new Regex($@"/Reviews/Plan/\d+/{sub}$"));
        await page.GetByLabel("目标").FillAsync("把品牌做深做细，服务到楼栋");
        await Expect(page.Locator("#plan-autosave")).ToHaveTextAsync(new Regex(@"^已保存 \d\d:\d\d$"));
        await page.ReloadAsync();
        await Expect(page.GetByLabel("目标")).ToHaveValueAsync("把品牌做深做细，服务到楼栋");
        await Expect(page.Locator("article.plan-version")).ToHaveCountAsync(1); // a draft, not a version

        // typed and handed in at once: the pending save is dropped, the version has the text, no draft is left
        await page.GetByLabel("品牌名称与口号").FillAsync("楼栋管家");
        await page.Locator("#plan-handin").TapAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交第 2 版");
        var versions = await App.Services.GetRequiredService<ReviewStore>().VersionsAsync(sub);
        Assert.Equal("楼栋管家", versions[^1].Sections.GetValueOrDefault("brand"));
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submission_drafts WHERE submission_id = @sub", new { sub }));
    });
}
