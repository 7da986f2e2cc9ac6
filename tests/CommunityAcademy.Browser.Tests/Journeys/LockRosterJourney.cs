using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// The organizer reads 回执核对 (one district complete, one short, one missing, with the reminders to send), exports it,
/// locks the roster and reads the trainees on 参训名单; a unit contact who uploads afterwards is told the roster is locked.
/// </summary>
public sealed class LockRosterJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者治理能力培训第二期";

    [Fact]
    public Task Reads_the_reconciliation_locks_the_roster_and_a_late_upload_is_refused() => Journey(Screen.Desktop, async page =>
    {
        var deadline = DateOnly.FromDateTime(DateTime.Today).AddDays(5);
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title,
        [
            new("段店镇", OfficeApi.TownLeaders, 1), new("百席村", OfficeApi.Committee, 2),   // 华容区: returned in full
            new("太和镇", OfficeApi.TownLeaders, 1), new("上洪村", OfficeApi.Committee, 2),   // 梁子湖区: one place of 上洪村 empty
            new("东街社区", OfficeApi.Committee, 2),                                          // 葛店经开区: nothing yet
        ], [("华容区", "华容区民政局"), ("梁子湖区", "梁子湖区民政局"), ("葛店经开区", "葛店经开区城乡融合发展局")], deadline);
        await office.SubmitReceiptAsync("contact-huarong", id,
        [
            new("段店镇", "吴晓东", OfficeApi.TownLeaders, "13807110001"),
            new("百席村", "陈丽华", OfficeApi.Committee, "13807110002"), new("百席村", "刘建国", OfficeApi.Committee, "13807110003"),
        ]);
        await office.SubmitReceiptAsync("contact-liangzihu", id,
        [
            new("太和镇", "周志强", OfficeApi.TownLeaders, "13907120001"), new("上洪村", "郑美玲", OfficeApi.Committee, "13907120002"),
        ]);

        // The 葛店经开区 contact, late, has the receipts page open with its file chosen …
        await using var contactContext = await App.Browser.NewContextAsync(ContextOptions(Screen.Desktop, App.BaseUrl.ToString()));
        var contact = await contactContext.NewPageAsync();
        await SignInAsync(contact, "contact-gedian");
        await contact.GotoAsync($"/Enrollment/Receipts/{id}");
        await Expect(contact.GetByLabel("报送范围").Locator("option")).ToHaveTextAsync(["葛店经开区（葛店经开区城乡融合发展局）"]);
        await contact.GetByLabel("选择文件").SetInputFilesAsync(Office.XlsxPayload("葛店回执.xlsx", Office.Xlsx([], ["序号", "单位", "姓名", "职务", "联系方式"],
            [["1", "东街社区", "黄文静", OfficeApi.Committee, "13607130001"], ["2", "东街社区", "李卫东", OfficeApi.Committee, "13607130002"]])));

        // … while the organizer reads 回执核对.
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "回执核对" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("回执核对");
        await Expect(page.Locator("main")).ToContainTextAsync($"回执截止日期：{deadline:yyyy-MM-dd}");
        await Expect(page.Locator("main")).ToContainTextAsync("已报 5 人 / 名额 8 人");
        var districts = ReceiptUploadJourney.DistrictRows(page);
        await Expect(districts).ToHaveCountAsync(3);
        await Expect(districts.Nth(0).Locator("td")).ToHaveTextAsync(["华容区", "3", "3", "已报满"]);
        await Expect(districts.Nth(1).Locator("td")).ToHaveTextAsync(["梁子湖区", "3", "2", "未报满"]);
        await Expect(districts.Nth(2).Locator("td")).ToHaveTextAsync(["葛店经开区", "2", "0", "未报"]);
        var units = ReceiptUploadJourney.UnitRows(page);
        var perUnit = new List<string>();
        foreach (var row in await units.AllAsync()) perUnit.Add(string.Join(" ", (await row.Locator("td").AllInnerTextsAsync()).Skip(1)));
        Assert.Equal(["段店镇 1 1 已报满", "百席村 2 2 已报满", "太和镇 1 1 已报满", "上洪村 2 1 未报满", "东街社区 2 0 未报"], perUnit);
        await Expect(units.Nth(3).Locator("td").Last).ToHaveClassAsync("status-short");
        await Expect(units.Nth(4).Locator("td").Last).ToHaveClassAsync("status-missing");

        // A reminder for each district not complete, ready to paste into WeChat.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待催报" })).ToBeVisibleAsync();
        var reminders = page.GetByLabel("提醒消息（可复制）");
        await Expect(reminders).ToHaveCountAsync(2);
        var due = $"{deadline.Month}月{deadline.Day}日";
        await Expect(reminders.Nth(0)).ToHaveValueAsync(
            $"【提醒】梁子湖区民政局：{Title}参训人员回执请于{due}前提交，目前已报 2/3 人。未报满：上洪村（1/2）。请尽快通过系统提交或更新回执。联系人：熊定 027-60896869。");
        await Expect(reminders.Nth(1)).ToHaveValueAsync(
            $"【提醒】葛店经开区城乡融合发展局：{Title}参训人员回执请于{due}前提交，目前已报 0/2 人。未报：东街社区。请尽快通过系统提交或更新回执。联系人：熊定 027-60896869。");
        await Expect(page.Locator("section.card", new() { HasText = "梁子湖区 2/3" })).ToContainTextAsync("联络员：梁子湖区联络员");
        await A11y.CheckPageAsync(page, "zh-CN");

        // The same, as a spreadsheet for the file.
        var export = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }));
        Assert.Equal($"回执核对（{Title}）.xlsx", export.FileName);
        var exported = Office.XlsxRows(export.Bytes);
        Assert.Equal(["区", "单位", "名额", "已报", "状态"], exported[0].Cells.Take(5));
        Assert.Contains(exported, r => r[1] == "上洪村" && r[2] == "2" && r[3] == "1" && r[4] == "未报满");
        Assert.Contains(exported, r => r[1] == "东街社区" && r[4] == "未报");

        // 锁定名单 with two districts short and the deadline to come: the page asks first, naming them.
        await page.GetByRole(AriaRole.Button, new() { Name = "锁定名单" }).ClickAsync();
        await Expect(page.Locator("#lock-concerns li")).ToHaveTextAsync(["梁子湖区 少报（2/3）", "葛店经开区 未报（0/2）", $"截止日期 {due} 尚未到"]);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("参训名单已锁定。");
        await A11y.CheckPageAsync(page, "zh-CN");
        // 仍然锁定: what was returned becomes the roster.
        await page.GetByRole(AriaRole.Button, new() { Name = "仍然锁定" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("名单已锁定，学员账号已生成。");
        await Expect(page.Locator("main")).ToContainTextAsync("参训名单已锁定。");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "锁定名单" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "重新开放回执" })).ToBeVisibleAsync(); // it asks first
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待催报" })).ToHaveCountAsync(0); // no more receipts to chase
        await Expect(ReceiptUploadJourney.UnitRows(page).Nth(4).Locator("td").Last).ToHaveTextAsync("未报");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 参训名单: the five trainees, each with an account named after their phone.
        await page.GetByRole(AriaRole.Link, new() { Name = "参训名单" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("参训名单");
        await Expect(page.Locator("main")).ToContainTextAsync("名单已锁定，共 5 人。");
        var trainees = page.Locator("main > table.grid > tbody > tr");
        await Expect(trainees).ToHaveCountAsync(5);
        var names = await trainees.Locator("td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal(["刘建国", "吴晓东", "周志强", "郑美玲", "陈丽华"], names.Order());
        await Expect(trainees.Filter(new() { HasText = "郑美玲" })).ToContainTextAsync("上洪村");
        await Expect(trainees.Filter(new() { HasText = "郑美玲" }).Locator("td:nth-child(6)")).ToHaveTextAsync("13907120002");
        await A11y.CheckPageAsync(page, "zh-CN");

        // The contact presses 提交回执 now: refused, and told why.
        await contact.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First.ClickAsync();
        await Expect(contact.GetByRole(AriaRole.Alert)).ToHaveTextAsync("参训名单已锁定，不再接收回执。如需调整，请联系主办单位重新开放或办理替换。");
        await Expect(contact.GetByRole(AriaRole.Status)).ToHaveCountAsync(0); // said once, not twice
        await Expect(contact.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First).ToBeDisabledAsync();
        await Expect(contact.GetByRole(AriaRole.Button, new() { Name = "提交回执" }).First).ToHaveCSSAsync("cursor", "not-allowed");
        await Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "回执记录" }).Locator("xpath=following-sibling::table[1]/tbody/tr")).ToHaveCountAsync(0);
        await A11y.CheckPageAsync(contact, "zh-CN");

        // Coming back later, the page says so before anything is chosen.
        await contact.GotoAsync($"/Enrollment/Receipts/{id}");
        await Expect(contact.GetByRole(AriaRole.Status)).ToHaveTextAsync("参训名单已锁定，不再接收回执。如需调整请联系主办单位。");
        var submits = contact.Locator("button", new() { HasText = "提交回执" }); // the upload's, and the web form's (folded away)
        await Expect(submits).ToHaveCountAsync(2);
        foreach (var submit in await submits.AllAsync()) await Expect(submit).ToBeDisabledAsync();

        // And so it stays: 回执核对 of the contact's district says locked, 东街社区 still 未报.
        await contact.GotoAsync($"/Enrollment/Reconciliation/{id}");
        await Expect(contact.Locator("main")).ToContainTextAsync("参训名单已锁定。");
        await Expect(ReceiptUploadJourney.UnitRows(contact).Locator("td")).ToHaveTextAsync(["葛店经开区", "东街社区", "2", "0", "未报"]);
        await A11y.CheckPageAsync(contact, "zh-CN");
    });
}
