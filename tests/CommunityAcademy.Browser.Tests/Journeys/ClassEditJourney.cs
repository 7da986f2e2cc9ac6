using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>An organizer's classes in the pages (#13 point 2): 第二期 copied into a new class, edited, archived.</summary>
public sealed class ClassEditJourney(BrowserApp app) : BrowserTest(app)
{
    private const string NewTitle = "鄂州市城乡社区工作者场景塑造实务能力培训第四期";

    [Fact]
    public Task An_organizer_copies_the_second_class_into_a_new_class_edits_and_archives_it() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Cohorts/Details/\\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "复制为新一期" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Cohorts/Copy/\\d+"));
        await A11y.CheckPageAsync(page, "zh-CN");

        // The preview: the shift in days, what is copied and what is not.
        await page.GetByLabel("班名").FillAsync(NewTitle);
        await page.GetByLabel("期数").FillAsync("4");
        await page.GetByLabel("新开始日期").FillAsync("2026-03-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        var preview = page.Locator("#preview");
        await Expect(preview).ToContainTextAsync("新的一期为 2026-03-02 至 2026-03-04");
        await Expect(preview).ToContainTextAsync("课程表 7 个课次");
        await Expect(preview).ToContainTextAsync("不复制：学员、回执、考勤与违纪记录");
        await A11y.CheckPageAsync(page, "zh-CN");
        await preview.GetByRole(AriaRole.Button, new() { Name = "创建新一期" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Cohorts/Details/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(NewTitle);
        await Expect(page.Locator("main")).ToContainTextAsync("2026-03-02 – 2026-03-04");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "课程安排（7 节）" })).ToBeVisibleAsync();
        var details = page.Url;

        // Edit a field: the form comes filled in, a post redirects back to the class.
        await page.GetByRole(AriaRole.Link, new() { Name = "修改培训班" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Cohorts/Edit/\\d+$"));
        await Expect(page.GetByLabel("班名")).ToHaveValueAsync(NewTitle);
        await Expect(page.GetByLabel("时区")).ToHaveValueAsync("Asia/Shanghai");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GetByLabel("培训地点").FillAsync("鄂州市委党校报告厅");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Cohorts/Details/\\d+\\?saved=0$"));
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("已保存");
        await Expect(page.Locator("main")).ToContainTextAsync("鄂州市委党校报告厅");

        // Archive, asked first; then hidden from the list but for the filter.
        await page.GetByRole(AriaRole.Link, new() { Name = "归档", Exact = true }).ClickAsync();
        var confirm = page.Locator("#confirm-archive");
        await Expect(confirm).ToContainTextAsync("统计中仍然计入");
        await A11y.CheckPageAsync(page, "zh-CN");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "确认归档" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(details);
        await Expect(page.Locator(".archived-banner")).ToContainTextAsync("已归档");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "修改培训班" })).ToHaveCountAsync(0);

        await page.GotoAsync("/Cohorts");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = NewTitle })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "显示已归档（1）" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = NewTitle })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
