using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// Issue #13 point 6: deleting a session with sign-ins offers cancelling. The organizer tries to delete the last session of
/// the demo's finished class (everyone signed in), is told why not, cancels it instead, sees it struck through as 已取消
/// with the 学时 gone from the total, and restores it.
/// </summary>
public sealed class SessionCancelJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task Deleting_a_session_with_sign_ins_offers_cancelling() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看课程表" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Timetable/\\d+$"));
        var total = page.Locator("#total-hours");
        await Expect(total).ToContainTextAsync("共 7 节课程");
        var hoursBefore = await total.InnerTextAsync();

        const string title = "星级场景提升策划与分享";
        await page.GetByRole(AriaRole.Link, new() { Name = $"删除“{title}”" }).ClickAsync();
        var panel = page.Locator("#confirm");
        await Expect(panel.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"“{title}”不能删除");
        await Expect(panel).ToContainTextAsync("签到、标记或考勤记录");
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "确定删除" })).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN");

        await panel.GetByLabel("取消原因（可选）").FillAsync("场地临时停电");
        await panel.GetByRole(AriaRole.Button, new() { Name = "改为取消这节课" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("课程已取消");
        var row = page.Locator("#timetable tbody tr", new() { HasText = title });
        await Expect(row).ToHaveClassAsync("cancelled");
        await Expect(row).ToContainTextAsync("已取消");
        await Expect(row).ToContainTextAsync("场地临时停电");
        await Expect(total).ToContainTextAsync("共 6 节课程");
        await Expect(total).ToContainTextAsync("另有 1 节已取消");
        await A11y.CheckPageAsync(page, "zh-CN");

        // Taken back: it counts again.
        await row.GetByRole(AriaRole.Button, new() { Name = $"恢复“{title}”" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("课程已恢复");
        await Expect(page.Locator("#timetable tbody tr", new() { HasText = title })).Not.ToHaveClassAsync("cancelled");
        await Expect(total).ToHaveTextAsync(hoursBefore);
    });
}
