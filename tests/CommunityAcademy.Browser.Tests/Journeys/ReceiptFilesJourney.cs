using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// Issue #13 (points 5 and 8): a unit contact uploads a receipt over its places and is told so, the receipt stored; the
/// organizer, before locking, reads every submitted name by unit on 回执核对 and downloads the receipt file as it was uploaded.
/// </summary>
public sealed class ReceiptFilesJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者回执附件培训班";

    [Fact]
    public Task A_contact_uploads_over_its_places_and_the_organizer_reads_and_downloads_before_locking() => Journey(Screen.Desktop, async page =>
    {
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title,
            [new("滨湖社区", OfficeApi.Committee, 2), new("段店镇", OfficeApi.TownLeaders, 1)],
            [("鄂城区", "鄂城区民政局"), ("华容区", "华容区民政局")], DateOnly.FromDateTime(DateTime.Today).AddDays(7));

        // The contact of 鄂城区 names three people for two places.
        var receipt = Office.Xlsx([], ["序号", "单位", "姓名", "职务", "联系方式"],
        [
            ["1", "滨湖社区", "程晓燕", OfficeApi.Committee, "13707140001"],
            ["2", "滨湖社区", "邓国华", OfficeApi.Committee, "13707140002"],
            ["3", "滨湖社区", "范立新", OfficeApi.Committee, "13707140003"],
        ]);
        await SignInAsync(page, "contact-echeng");
        await page.GotoAsync($"/Enrollment/Receipts/{id}");
        await page.GetByLabel("选择文件").SetInputFilesAsync(Office.XlsxPayload("鄂城区回执.xlsx", receipt));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已收到鄂城区的回执，共 3 人。");
        await Expect(page.Locator("#places-check")).ToContainTextAsync("超出名额：滨湖社区 3/2");
        await Expect(page.Locator("#places-check")).ToContainTextAsync("超出名额只是提醒：回执已保存");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "鄂城区回执.xlsx" })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(page, "zh-CN");

        // The organizer, before the lock, reads the names by unit and downloads the file as uploaded.
        await using var organizerContext = await App.Browser.NewContextAsync(ContextOptions(Screen.Desktop, App.BaseUrl.ToString()));
        var organizer = await organizerContext.NewPageAsync();
        await SignInAsync(organizer, "organizer");
        await organizer.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await organizer.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "回执核对" }).ClickAsync();
        await Expect(organizer.GetByRole(AriaRole.Heading, new() { Name = "已报名单（未锁定）" })).ToBeVisibleAsync();
        var names = organizer.Locator("#submitted-names tbody tr");
        await Expect(names).ToHaveCountAsync(3);
        Assert.Equal(["程晓燕", "邓国华", "范立新"], await names.Locator("td:nth-child(2)").AllInnerTextsAsync()); // in the order of the receipt
        Assert.All(await names.Locator("td:nth-child(1)").AllInnerTextsAsync(), u => Assert.Equal("滨湖社区", u));
        await Expect(ReceiptUploadJourney.UnitRows(organizer).Filter(new() { HasText = "滨湖社区" }).Locator("td").Last).ToHaveTextAsync("超出名额");
        await Expect(organizer.GetByRole(AriaRole.Button, new() { Name = "锁定名单" })).ToBeVisibleAsync();
        await A11y.CheckPageAsync(organizer, "zh-CN");

        var file = await Office.DownloadAsync(organizer, organizer.GetByRole(AriaRole.Link, new() { Name = "鄂城区回执.xlsx" }));
        Assert.Equal("鄂城区回执.xlsx", file.FileName);
        Assert.Equal(receipt, file.Bytes);
        Assert.Contains(Office.XlsxRows(file.Bytes), r => r[2] == "范立新");
    });
}
