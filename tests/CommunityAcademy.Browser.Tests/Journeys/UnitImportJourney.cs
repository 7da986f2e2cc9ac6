using System.Text;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// An organizer imports a unit tree from a .csv with a bad row: reads the row's error in Chinese, sees that nothing
/// was imported, fixes the row, uploads again and finds the new units in the tree.
/// </summary>
public sealed class UnitImportJourney(BrowserApp app) : BrowserTest(app)
{
    private static FilePayload Csv(string text) => new()
    {
        Name = "新港街道单位.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text),
    };

    [Fact]
    public Task Imports_a_unit_tree_after_fixing_the_row_the_page_points_at() => Journey(Screen.Desktop, async page =>
    {
        const string header = "单位名称,上级单位,类型\n";
        const string good = "新港街道,鄂州市/鄂城区,\n新港社区,新港街道,\n";
        const string badRow = "长岭村,长岭镇,\n";  // row 4: a parent that does not exist (a typo for 新港街道)
        const string fixedRow = "长岭村,新港街道,\n";

        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "单位", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Units$")); // and for the whole page: the tree is counted next
        var before = await page.Locator(".tree li").CountAsync();
        Assert.True(before > 50, $"{before} units before the import");
        await page.GetByRole(AriaRole.Link, new() { Name = "从表格导入单位" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("从表格导入单位");
        await A11y.CheckPageAsync(page, "zh-CN");

        // First try: one bad row, and the page names it, in Chinese, with the spreadsheet's row number.
        await page.GetByLabel("选择文件").SetInputFilesAsync(Csv(header + good + badRow));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("导入失败，共 1 处错误，未导入任何单位。");
        var errors = page.Locator("table.errors tbody tr");
        await Expect(errors).ToHaveCountAsync(1);
        await Expect(errors.Locator("td").Nth(0)).ToHaveTextAsync("4");
        await Expect(errors.Locator("td").Nth(1)).ToHaveTextAsync("上级单位");
        await Expect(errors.Locator("td").Nth(2)).ToHaveTextAsync("找不到上级单位“长岭镇”（须已存在或在本表前面的行中）。");
        await A11y.CheckPageAsync(page, "zh-CN");

        // All or nothing: the good rows were not imported either.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回单位列表" }).ClickAsync();
        await Expect(page.Locator(".tree li")).ToHaveCountAsync(before);
        await Expect(page.Locator(".tree .unit-name", new() { HasText = "新港街道" })).ToHaveCountAsync(0);

        // Fixed and uploaded again.
        await page.GetByRole(AriaRole.Link, new() { Name = "从表格导入单位" }).ClickAsync();
        await page.GetByLabel("选择文件").SetInputFilesAsync(Csv(header + good + fixedRow));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("导入成功：新增 3 个单位，已存在 0 个。");
        await Expect(page.Locator("table.errors")).ToHaveCountAsync(0);

        // The new units are in the tree, under 鄂城区, one level deeper each.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回单位列表" }).ClickAsync();
        await Expect(page.Locator(".tree li")).ToHaveCountAsync(before + 3);
        await Expect(page.Locator("main")).ToContainTextAsync($"共 {before + 3} 个单位");
        var depth = (string name) => page.Locator(".tree li", new() { Has = page.Locator(".unit-name", new() { HasTextRegex = new Regex($"^{name}$") }) })
            .EvaluateAsync<string>("li => li.style.getPropertyValue('--depth')");
        Assert.Equal("1", await depth("鄂城区"));
        Assert.Equal("2", await depth("新港街道"));
        Assert.Equal("3", await depth("新港社区"));
        Assert.Equal("3", await depth("长岭村"));

        // The same file again changes nothing.
        await page.GetByRole(AriaRole.Link, new() { Name = "从表格导入单位" }).ClickAsync();
        await page.GetByLabel("选择文件").SetInputFilesAsync(Csv(header + good + fixedRow));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("导入成功：新增 0 个单位，已存在 3 个。");
    });
}
