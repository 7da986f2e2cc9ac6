using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 线上学习 (#21 point 6) on seed 004: a 关爱专员 reads a case push on a phone, says she has read it and answers its
/// question; the organizer imports a live course's export on a desktop and matches the two rows it could not match.
/// </summary>
public sealed class OnlineJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task A_trainee_reads_a_case_push_and_answers_its_question_on_a_phone() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "gc02");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Title }).First.ClickAsync();
        await page.Locator("#class-online-mine").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Me/Online/\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.CasePushes[0] }).ClickAsync();
        await Expect(page.Locator("#my-module h3")).ToContainTextAsync("老旧小区加装电梯");
        await Expect(page.Locator("#my-item-state")).ToContainTextAsync("未完成");
        await page.Locator("#done-reading").ClickAsync(); // opened days ago (the seed): the reading time has passed
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("读完");
        await page.GetByLabel("组织楼栋议事会协商").CheckAsync();
        await page.Locator("#submit-answers").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("全部答对");
        await Expect(page.Locator("#my-item-state")).ToContainTextAsync("已完成");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the reading page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "online-case", Screen.Phone);
        await page.GetByRole(AriaRole.Link, new() { Name = "← 我的线上学习" }).ClickAsync();
        await Expect(page.Locator($"#my-online li", new() { HasText = Seed004.CasePushes[0] })).ToContainTextAsync("已完成");
    });

    [Fact]
    public Task The_organizer_imports_a_live_export_and_matches_the_unmatched_rows() => Journey(Screen.Desktop, async page =>
    {
        string csv;
        string[] names;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
        {
            var s = await c.QuerySingleAsync<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)>("SELECT starts_at, ends_at FROM sessions WHERE title = @t", new { t = Seed004.Live2 });
            var people = (await c.QueryAsync<(string Name, string Phone, string Unit)>("""
                SELECT e.name, e.phone, u.name FROM enrollments e JOIN units u ON u.id = e.unit_id JOIN cohorts co ON co.id = e.cohort_id
                WHERE co.title = @t AND e.category = 'trainee' ORDER BY e.id
                """, new { t = Seed004.Title })).ToList();
            names = [people[3].Name, people[4].Name];
            string local(DateTimeOffset t) => CommunityAcademy.Domain.Cohorts.ClassClock.ToLocal(t, "Asia/Shanghai").ToString("yyyy-MM-dd HH:mm");
            var sb = new StringBuilder("姓名,手机号,单位,入会时间,离会时间\n");
            foreach (var p in people.Take(3)) sb.Append($"{p.Name},{p.Phone},{p.Unit},{local(s.StartsAt)},{local(s.EndsAt)}\n");
            sb.Append($"小{people[3].Name[1..]},13800000001,,{local(s.StartsAt)},{local(s.EndsAt)}\n"); // a nickname on another phone
            sb.Append($"手机用户8888,,,{local(s.StartsAt.AddMinutes(5))},{local(s.EndsAt)}\n");
            csv = sb.ToString();
        }
        await SignInAsync(page, Seed004.Organizer);
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Title }).First.ClickAsync();
        await page.Locator("#class-online").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Online/\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Live2 }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Online/Live/\d+/\d+$"));
        await page.Locator("#live-file").SetInputFilesAsync(new FilePayload { Name = "直播参会记录.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.Locator("#live-import-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 人待手工匹配");
        await Expect(page.Locator("#live-unmatched tbody tr")).ToHaveCountAsync(2);
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "online-live", Screen.Desktop);
        for (var k = 0; k < 2; k++)
        {
            var row = page.Locator("#live-unmatched tbody tr").First;
            await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = (await row.Locator("select option", new() { HasText = names[k] }).First.TextContentAsync())! });
            await row.GetByRole(AriaRole.Button, new() { Name = "匹配" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已匹配");
        }
        await Expect(page.Locator("#live-unmatched")).ToHaveCountAsync(0);
        await Expect(page.Locator("#live-presence tr", new() { HasText = names[0] })).ToContainTextAsync("是");
    });
}
