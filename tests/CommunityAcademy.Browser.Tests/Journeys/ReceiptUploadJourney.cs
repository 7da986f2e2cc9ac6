using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// A district's unit contact returns its receipt: sees only its own subtree, downloads the template, fills it in,
/// uploads it with a mistyped phone number, reads the row's error, fixes it, uploads again and finds its units 已报满.
/// </summary>
public sealed class ReceiptUploadJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者治理能力培训第一期";

    [Fact]
    public Task Uploads_a_receipt_fixes_the_row_in_error_and_sees_its_units_complete() => Journey(Screen.Desktop, async page =>
    {
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title,
        [
            new("段店镇", OfficeApi.TownLeaders, 1), new("百席村", OfficeApi.Committee, 2), new("芦花村", OfficeApi.Committee, 1), // 华容区: 4
            new("滨湖社区", OfficeApi.Committee, 2),   // 鄂城区
            new("太和镇", OfficeApi.TownLeaders, 1),   // 梁子湖区
        ], [("华容区", "华容区民政局"), ("鄂城区", "鄂城区民政局"), ("梁子湖区", "梁子湖区民政局")], DateOnly.FromDateTime(DateTime.Today).AddDays(7));

        await SignInAsync(page, "contact-huarong");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("您好，华容区联络员");

        // The units page starts at 华容区 and shows nothing of the other districts.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "单位", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Units$"));
        await Expect(page.Locator(".tree .unit-name").First).ToHaveTextAsync("华容区");
        var units = await page.Locator(".tree .unit-name").AllInnerTextsAsync();
        Assert.Contains("百席村", units);
        foreach (var other in new[] { "鄂州市", "鄂城区", "滨湖社区", "梁子湖区", "太和镇" }) Assert.DoesNotContain(other, units);
        await A11y.CheckPageAsync(page, "zh-CN");

        // The class, from the home page: a contact may return receipts and read them, not allocate places.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "首页" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Title);
        var actions = page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" });
        await Expect(actions.GetByRole(AriaRole.Link)).ToHaveTextAsync(["参训人员回执", "回执核对", "参训名单"]);
        var overview = page.Url;

        // 回执核对 before anything was returned: 华容区's units only, all 未报, and the reminder to send.
        await actions.GetByRole(AriaRole.Link, new() { Name = "回执核对" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Enrollment/Reconciliation/{id}$"));
        await Expect(page.Locator("main")).ToContainTextAsync("已报 0 人 / 名额 4 人");
        await Expect(DistrictRows(page)).ToHaveCountAsync(1);
        await Expect(DistrictRows(page).First).ToContainTextAsync("华容区");
        Assert.Equal(["段店镇", "百席村", "芦花村"], await UnitRows(page).Locator("td:nth-child(2)").AllInnerTextsAsync());
        Assert.Equal(["未报", "未报", "未报"], await UnitRows(page).Locator("td:nth-child(5)").AllInnerTextsAsync());
        await Expect(page.Locator("main")).Not.ToContainTextAsync("滨湖社区");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("太和镇");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "锁定名单" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("提醒消息（可复制）")).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("提醒消息（可复制）")).ToHaveValueAsync(new Regex("^【提醒】华容区民政局：.*目前已报 0/4 人。未报：段店镇、百席村、芦花村。"));
        await A11y.CheckPageAsync(page, "zh-CN");

        // 参训人员回执: the template of 华容区, one row per place.
        await page.GotoAsync(overview);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "参训人员回执" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参训人员回执");
        await Expect(page.GetByLabel("报送范围").Locator("option")).ToHaveTextAsync(["华容区（华容区民政局）"]);
        await A11y.CheckPageAsync(page, "zh-CN");
        var template = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "下载回执模板：华容区（华容区民政局）" }));
        var sheet = Office.XlsxRows(template.Bytes);
        var places = sheet.Skip(2).ToList();
        Assert.Equal(["段店镇", "百席村", "百席村", "芦花村"], places.Select(r => r[1]));

        // Filled in, with one phone number a digit short on the second person (row 4 of the sheet).
        string[] names = ["吴晓东", "陈丽华", "刘建国", "胡春梅"];
        string[] phones = ["13807110001", "1380711002", "13807110003", "13807110004"];
        byte[] filled(string[] phone) => Office.Xlsx([sheet[0][0]], sheet[1].Cells,
            places.Select((r, i) => (IReadOnlyList<string?>)[r[0], r[1], names[i], r[3], phone[i], "", ""]));
        await page.GetByLabel("选择文件").SetInputFilesAsync(Office.XlsxPayload("华容区回执.xlsx", filled(phones)));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("回执有错误，未保存任何内容。");
        var errors = page.Locator("table.errors tbody tr");
        await Expect(errors).ToHaveCountAsync(1);
        await Expect(errors.Locator("td")).ToHaveTextAsync(["4", "联系方式", "“1380711002”不是有效的手机号或固定电话。"]);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        await Expect(HistoryRows(page)).ToHaveCountAsync(0); // nothing was stored
        await A11y.CheckPageAsync(page, "zh-CN");

        // Fixed and uploaded again.
        phones[1] = "13807110002";
        await page.GetByLabel("选择文件").SetInputFilesAsync(Office.XlsxPayload("华容区回执（改）.xlsx", filled(phones)));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已收到华容区的回执，共 4 人。");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(HistoryRows(page)).ToHaveCountAsync(1);
        await Expect(HistoryRows(page).First).ToContainTextAsync("华容区回执（改）.xlsx");
        await Expect(HistoryRows(page).First).ToContainTextAsync("当前有效");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 回执核对: every unit of 华容区 已报满, and no one left to remind.
        await page.GotoAsync(overview);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "回执核对" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("已报 4 人 / 名额 4 人");
        await Expect(DistrictRows(page).Locator("td")).ToHaveTextAsync(["华容区", "4", "4", "已报满"]);
        Assert.Equal(["已报满", "已报满", "已报满"], await UnitRows(page).Locator("td:nth-child(5)").AllInnerTextsAsync());
        Assert.Equal(["1", "2", "1"], await UnitRows(page).Locator("td:nth-child(4)").AllInnerTextsAsync());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待催报" })).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(page, "zh-CN");
    });

    public static ILocator DistrictRows(IPage page) => TableAfter(page, "按区汇总");
    public static ILocator UnitRows(IPage page) => TableAfter(page, "按单位");
    private static ILocator HistoryRows(IPage page) => TableAfter(page, "回执记录");

    /// <summary>The body rows of the table that follows the heading.</summary>
    private static ILocator TableAfter(IPage page, string heading) =>
        page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }).Locator("xpath=following-sibling::table[1]/tbody/tr");
}
