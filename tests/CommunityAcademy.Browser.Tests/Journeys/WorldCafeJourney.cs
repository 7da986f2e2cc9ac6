using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 世界咖啡 (#16 point 2) with seed 001's evening: the organizer opens the café from the class, generates it again
/// with another seed and opens the table cards; a village director reads the itinerary on a phone (390 px); round 1
/// is over, two people are absent, and the rounds not yet played are regenerated without them.
/// </summary>
public sealed class WorldCafeJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task The_organizer_forms_the_cafe_a_participant_reads_the_itinerary_and_two_absent_people_leave_the_remaining_rounds() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, Seed001.Organizer);
        await page.GotoAsync("/Cohorts");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed001.Title }).First.ClickAsync();
        await page.Locator("a[data-cafe]").First.ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Groups/Cafe/\d+/\d+$"));
        await Expect(page.Locator("#cafe-grid tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("#cafe-figures")).ToContainTextAsync("任意两人最多同桌");

        await page.GetByRole(AriaRole.Button, new() { Name = "换一个种子重新生成" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("种子 2");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "cafe", Screen.Desktop);

        // the table cards: one per table, with its question and who sits there each round
        await page.Locator("#cafe-cards").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Groups/CafePrint/\d+/\d+$")); // a print page of its own: no site footer (not WaitForURLAsync: see WaitForPageAsync)
        await Expect(page.Locator(".table-card")).ToHaveCountAsync(5);
        await Expect(page.Locator(".table-card").Nth(1)).ToContainTextAsync(Seed001.WorldCafeQuestions[1]);
        await Expect(page.Locator(".table-card").First.Locator(".seats tr")).ToHaveCountAsync(5);
        var cafeUrl = Regex.Replace(page.Url, "/Groups/CafePrint/", "/Groups/Cafe/");

        // hn02 on a phone: five rounds, each with its table and question
        await using (var phoneContext = await App.Browser.NewContextAsync(ContextOptions(Screen.Phone, App.BaseUrl.ToString())))
        {
            var phone = await phoneContext.NewPageAsync();
            await SignInAsync(phone, "hn02");
            await phone.GetByRole(AriaRole.Link, new() { Name = Seed001.Title }).First.ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = "我的小组" }).First.ClickAsync();
            await WaitForPageAsync(phone, new Regex(@"/Me/Groups/\d+$"));
            var itinerary = phone.Locator(".my-itinerary li");
            await Expect(itinerary).ToHaveCountAsync(5);
            await Expect(itinerary.First).ToContainTextAsync(new Regex(@"第1轮 · \d号桌"));
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the itinerary is wider than the phone");
            await A11y.CheckPageAsync(phone, "zh-CN");
            await ScreenshotAsync(phone, "my-cafe", Screen.Phone);
        }

        // round 1 is over; two travellers are absent; the rounds not yet played are regenerated without them
        await page.GotoAsync(cafeUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "第1轮已结束" }).ClickAsync();
        await Expect(page.Locator("#cafe-grid tr[data-round='1']")).ToContainTextAsync("已结束");
        var round1 = await page.Locator("#cafe-grid tr[data-round='1']").InnerTextAsync();
        var travellers = page.Locator("#cafe-people tbody tr:not(:has(.tag))");
        var gone = new List<string>();
        foreach (var i in new[] { 1, 2 })
        {
            var row = travellers.Nth(i);
            var name = (await row.Locator("td").First.InnerTextAsync()).Trim();
            gone.Add(name);
            await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = "缺席" });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名单" }).ClickAsync();
        await Expect(page.Locator("#cafe-outdated")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "重新生成未进行的轮次" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("保留已进行的 1 轮");
        await Expect(page.Locator("#cafe-outdated")).ToHaveCountAsync(0);
        Assert.Equal(round1, await page.Locator("#cafe-grid tr[data-round='1']").InnerTextAsync());
        foreach (var r in new[] { 2, 3, 4, 5 })
        {
            var text = await page.Locator($"#cafe-grid tr[data-round='{r}']").InnerTextAsync();
            foreach (var name in gone) Assert.DoesNotContain(name, text);
        }

        // the facilitator's projector: round 2, started, counting down from 20:00
        await page.Locator("#cafe-projector").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/Groups/CafeProjector/\d+/\d+$")); // full screen: no site footer
        await Expect(page.Locator("#projector-round")).ToContainTextAsync("第 2 轮");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始" }).ClickAsync();
        await Expect(page.Locator("#countdown")).ToHaveAttributeAsync("data-running", "true");
        await Expect(page.Locator("#countdown")).ToHaveTextAsync(new Regex(@"^(19:[0-5]\d|20:00)$"));
        await Expect(page.Locator("#projector-seats section")).ToHaveCountAsync(5);
    });
}
