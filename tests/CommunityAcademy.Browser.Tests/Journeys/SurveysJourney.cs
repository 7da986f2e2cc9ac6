using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// Feedback surveys (#23 point 6) on seed 003's first class: a trainee who has not answered finds the survey on a phone,
/// answers — the draft is saved as typed and is still there after a reload —, submits and sees it is done; the organizer
/// makes a teaching point's host a personal link on the survey's Edit page, and the host answers through it in a browser
/// with no account; the organizer opens the analysis and
/// finds both answers counted, in the charts and in their tables. No page is wider than the phone's screen.
/// </summary>
public sealed class SurveysJourney(BrowserApp app) : BrowserTest(app)
{
    private static async Task FitsPhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), $"{page.Url} is wider than 390 px");
        await A11y.CheckPageAsync(page, "zh-CN");
    }

    private static async Task AnswerAsync(IPage page, string advice)
    {
        var form = page.Locator("#survey-form");
        await form.Locator("fieldset[data-question='overall'] input[value='5']").CheckAsync();
        await form.Locator("fieldset[data-question='recommend'] input[value='9']").CheckAsync();
        await form.Locator("fieldset[data-question='gain'] input[value='2']").CheckAsync();
        await form.Locator("fieldset[data-question='format'] input[value='2']").CheckAsync();
        await form.GetByLabel("您对改进下一期培训的意见和建议").FillAsync(advice);
    }

    [Fact]
    public Task A_trainee_answers_on_a_phone_a_host_through_a_link_and_the_organizer_sees_the_counts() => Journey(Screen.Phone, async page =>
    {
        var db = App.Services.GetRequiredService<Db>();
        long cohort, survey, before, hostsBefore; string trainee;
        await using (var c = await db.OpenAsync())
        {
            cohort = await c.ExecuteScalarAsync<long>("SELECT id FROM cohorts WHERE title = @t", new { t = Seed003.Title });
            survey = await c.ExecuteScalarAsync<long>("SELECT id FROM surveys WHERE cohort_id = @cohort AND title = @t", new { cohort, t = Seed003Survey.Title });
            // a trainee of the class the demo did not answer for (it answers for the first 36)
            trainee = await c.ExecuteScalarAsync<string>(
                "SELECT u.username FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = @cohort ORDER BY e.id DESC LIMIT 1", new { cohort }) ?? "";
            before = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_responses WHERE survey_id = @survey AND submitted_at IS NOT NULL AND NOT duplicate", new { survey });
            hostsBefore = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_hosts WHERE survey_id = @survey", new { survey });
        }

        // The trainee, on a phone: the class's surveys, 填写问卷.
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["User-Agent"] = LeaveJourney.WeChat });
        await SignInAsync(page, trainee);
        await page.GotoAsync($"/Surveys/{cohort}");
        await FitsPhoneAsync(page);
        var row = page.Locator($"#surveys tr[data-survey='{survey}']");
        await row.GetByRole(AriaRole.Link, new() { Name = "填写问卷" }).TapAsync();
        await WaitForPageAsync(page, new Regex($"/Surveys/Answer/{cohort}/{survey}$"));
        await FitsPhoneAsync(page);

        // Saved as one goes: the draft outlives a reload.
        const string advice = "现场教学很有收获，<b>希望</b>下期多安排社区走访。";
        await AnswerAsync(page, advice);
        await Expect(page.Locator("#survey-autosave")).ToContainTextAsync("已保存");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("您对改进下一期培训的意见和建议")).ToHaveValueAsync(advice);
        await Expect(page.Locator("fieldset[data-question='recommend'] input[value='9']")).ToBeCheckedAsync();
        await ScreenshotAsync(page, "survey-answer", Screen.Phone);

        // Submit: thanks, and the list says 已提交 with no link to answer again.
        await page.Locator("#survey-submit").TapAsync();
        await Expect(page.Locator("#survey-thanks")).ToContainTextAsync("问卷已提交");
        await FitsPhoneAsync(page);
        await page.GotoAsync($"/Surveys/{cohort}");
        await Expect(row).ToContainTextAsync("已提交");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "填写问卷" })).ToHaveCountAsync(0);

        // The organizer, at a desk, makes a teaching point's host a personal link on the survey's Edit page (shown once).
        await using var office = await App.Browser.NewContextAsync(ContextOptions(Screen.Desktop, App.BaseUrl.ToString()));
        var org = await office.NewPageAsync();
        await SignInAsync(org, Seed003.Organizer);
        await org.GotoAsync($"/Surveys/Edit/{cohort}/{survey}");
        var hosts = org.Locator("#survey-hosts");
        await hosts.GetByLabel("姓名").FillAsync("观山社区工作人员（测试）");
        await hosts.Locator("#host-add").ClickAsync();
        var link = await org.Locator("#host-link").GetAttributeAsync("href") ?? "";
        Assert.Contains("/Surveys/Host/", link);
        await Expect(org.Locator("#hosts tbody tr")).ToHaveCountAsync((int)hostsBefore + 1);
        await Expect(org.Locator("#hosts tbody tr").Last).ToContainTextAsync("观山社区工作人员（测试）");
        await A11y.CheckPageAsync(org, "zh-CN");
        await org.GotoAsync($"/Surveys/Edit/{cohort}/{survey}"); // the link is not shown again
        await Expect(org.Locator("#host-link")).ToHaveCountAsync(0);

        // The host opens the link in a browser that never signed in, and answers.
        await using var hostContext = await App.Browser.NewContextAsync(ContextOptions(Screen.Phone, App.BaseUrl.ToString()));
        var host = await hostContext.NewPageAsync();
        await host.GotoAsync(link);
        await Expect(host.Locator("#survey-host")).ToContainTextAsync("观山社区工作人员（测试）");
        await FitsPhoneAsync(host);
        await AnswerAsync(host, "学员走访居民很认真，建议提前一周通知社区准备。");
        await host.Locator("#survey-submit").TapAsync();
        await Expect(host.Locator("#survey-thanks")).ToContainTextAsync("问卷已提交");
        await host.ReloadAsync(); // the link answers once
        await Expect(host.Locator("#survey-closed")).ToBeVisibleAsync();
        await Expect(host.Locator("#survey-form")).ToHaveCountAsync(0);

        // The organizer: the analysis counts both answers.
        await org.GotoAsync($"/Surveys/{cohort}");
        await org.Locator($"#surveys tr[data-survey='{survey}']").GetByRole(AriaRole.Link, new() { Name = Seed003Survey.Title }).ClickAsync();
        await WaitForPageAsync(org, new Regex($"/Surveys/Results/{cohort}/{survey}$"));
        await Expect(org.Locator("#survey-totals")).ToContainTextAsync($"有效答卷 {before + 2} 份");
        await Expect(org.Locator("#survey-totals [data-audience='hosts']")).ToContainTextAsync((hostsBefore + 1).ToString());
        var overall = org.Locator("section.survey-result[data-question='overall']");
        var chart = overall.Locator("canvas.survey-chart");
        await Expect(chart).ToBeVisibleAsync();
        Assert.True(await chart.EvaluateAsync<bool>(
            "c => { const x = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < x.length; i += 4) if (x[i] !== 0) return true; return false; }"),
            "the chart of the overall rating is not drawn");
        var fives = await overall.Locator("table.counts tr[data-value='5'] td").Nth(1).InnerTextAsync();
        await using (var c = await db.OpenAsync())
        {
            var expected = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM survey_answers a WHERE a.survey_id = @survey AND a.counted AND a.question_key = 'overall' AND a.value = 5", new { survey });
            Assert.Equal(expected.ToString(), fives.Trim());
        }
        await Expect(org.Locator("section.survey-result[data-question='advice'] .texts")).ToContainTextAsync(advice); // markup as text
        await A11y.CheckPageAsync(org, "zh-CN");
        await ScreenshotAsync(org, "survey-results", Screen.Desktop);
    });
}
