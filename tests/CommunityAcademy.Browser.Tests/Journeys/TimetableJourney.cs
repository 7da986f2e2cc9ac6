using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>The timetable's day view and its print view, as seed 000's notice prints it; and a trainee reading it on a phone.</summary>
public sealed class TimetableJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task A_head_teacher_reads_the_day_by_day_timetable_and_prints_it() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "headteacher");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看课程表" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Timetable/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("课程表");

        // Seed 000's three days of morning and afternoon blocks, one block per day.
        var rows = page.Locator("#timetable tbody tr");
        await Expect(rows).ToHaveCountAsync(7);
        await Expect(rows.Nth(0)).ToContainTextAsync("08:30-08:45");
        await Expect(rows.Nth(0)).ToContainTextAsync("开班仪式");
        await Expect(rows.Nth(0)).ToContainTextAsync("领导讲话");
        await Expect(rows.Nth(6)).ToContainTextAsync("星级场景提升策划与分享");
        await Expect(page.Locator("#timetable")).ToContainTextAsync("第三天");
        await Expect(page.Locator("#total-hours")).ToContainTextAsync("共 7 节课程");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "timetable", Screen.Desktop);

        // The print view: the notice's table (时间 / 课程安排 / 授课专家), and nothing of the site around it on paper.
        await page.GetByRole(AriaRole.Link, new() { Name = "打印（A4）" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Timetable/Print/\\d+$"));
        var table = page.Locator("#print-table");
        await Expect(table.Locator("thead")).ToContainTextAsync("课程安排");
        await Expect(table.Locator("thead")).ToContainTextAsync("授课专家");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(7);
        await Expect(table).ToContainTextAsync("第一天");
        await Expect(table).ToContainTextAsync("星级场景评定指标-偏好识别卡使用方法");
        await Expect(page.Locator("header.topbar")).ToHaveCountAsync(0);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".screen-only")).ToBeHiddenAsync();
        await Expect(table).ToBeVisibleAsync();
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 1000);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await A11y.CheckPageAsync(page, "zh-CN");
    });

    [Fact]
    public Task A_trainee_reads_the_timetable_on_a_phone() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "t001");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看课程表" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Timetable/\\d+$"));
        await Expect(page.Locator("#timetable tbody tr")).ToHaveCountAsync(7);
        // Trainees see their study hours but not the organizers' clash warnings or edit buttons.
        await Expect(page.Locator("#total-hours")).ToContainTextAsync("学时");
        await Expect(page.Locator("#warnings")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "导入课程表" })).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "timetable", Screen.Phone);
    });
}
