using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 回执核对 and 参训人员回执 (and 名额分配, 参训名单 before and after the lock) at desktop and phone size, in the middle of a class's enrollment: seed 000's allocation
/// with 鄂城区, 梁子湖区 and 临空经济区 returned in full, 华容区 one short and 葛店经开区 not yet. Each page in Chinese,
/// labelled, readable and no wider than the screen; with SCREENSHOTS=1 written to docs/screenshots/ (see README).
/// </summary>
public sealed class EnrollmentPages(BrowserApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task Reconciliation_and_receipts_render_at(Screen screen) => Journey(screen, async page =>
    {
        var office = new OfficeApi(App);
        var quotas = OfficeApi.Seed000Quotas;
        var id = await office.CreateOpenClassAsync(QuotasJourney.Title, quotas, OfficeApi.Seed000Submitters, DateOnly.FromDateTime(DateTime.Today).AddDays(6));
        var fixture = DemoSeeder.LoadFixture();
        var person = 0;
        foreach (var district in fixture.Districts.Where(d => d.Name != "葛店经开区"))
        {
            var nominees = district.Quotas.SelectMany(q => Enumerable.Range(0, q.Places)
                .Select(_ => new Nominee(q.Unit, DemoSeeder.InventedName(person + 200), q.Position, $"1370712{person++:0000}"))).ToList();
            if (district.Name == "华容区") nominees.RemoveAt(nominees.Count - 1); // 上倪村: one place left empty
            await office.SubmitReceiptAsync(DemoSeeder.ContactUsernames[district.Name], id, nominees);
        }

        // The organizer's 回执核对.
        await SignInAsync(page, "organizer");
        await page.GotoAsync($"/Enrollment/Reconciliation/{id}");
        await Expect(page.Locator("main")).ToContainTextAsync("已报 84 人 / 名额 90 人");
        await Expect(ReceiptUploadJourney.DistrictRows(page).Locator("td:last-child")).ToHaveTextAsync(["已报满", "未报满", "已报满", "未报", "已报满"]);
        await Expect(page.GetByLabel("提醒消息（可复制）")).ToHaveCountAsync(2);
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "reconciliation", screen);

        // 名额分配 and 参训名单 (not locked yet: empty) fit the screen too.
        await page.GotoAsync($"/Enrollment/Quotas/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "五、临空经济区（9 人）" })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GotoAsync($"/Enrollment/Roster/{id}");
        await Expect(page.Locator("main")).ToContainTextAsync("名单尚未锁定");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GotoAsync("/Enrollment/Roster/1"); // the demo class's, locked: 90 trainees, each with 替换
        await Expect(page.Locator("main")).ToContainTextAsync("名单已锁定，共 90 人。");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 华容区's contact uploads its corrected receipt, with one phone number mistyped.
        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, "contact-huarong");
        await page.GotoAsync($"/Enrollment/Receipts/{id}");
        var template = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "下载回执模板：华容区（华容区民政局）" }));
        var sheet = Office.XlsxRows(template.Bytes);
        var rows = sheet.Skip(2).Select((r, i) => (IReadOnlyList<string?>)[r[0], r[1], DemoSeeder.InventedName(300 + i), r[3], i == 5 ? "1370713000" : $"1370713{i:0000}", "", ""]);
        await page.GetByLabel("选择文件").SetInputFilesAsync(Office.XlsxPayload("华容区回执.xlsx", Office.Xlsx([sheet[0][0]], sheet[1].Cells, rows)));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("回执有错误，未保存任何内容。");
        await Expect(page.Locator("table.errors tbody tr td")).ToHaveTextAsync(["8", "联系方式", "“1370713000”不是有效的手机号或固定电话。"]);
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "receipts", screen);
    });
}
