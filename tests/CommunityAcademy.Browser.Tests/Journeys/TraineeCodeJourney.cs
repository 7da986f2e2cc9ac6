using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 初始登录码: after the lock the head teacher opens 学员登录码 from the roster and prints the slips; a trainee signs in on a
/// phone with the code from their slip (typed in lower case, without the dash) and sets a password; a trainee who lost
/// theirs gets a new code, after the head teacher has confirmed.
/// </summary>
public sealed class TraineeCodeJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者登录码演练班";

    [Fact]
    public Task Slips_are_printed_a_trainee_signs_in_with_a_code_and_a_lost_code_is_replaced() => Journey(Screen.Desktop, async page =>
    {
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title, [new("段店镇", OfficeApi.TownLeaders, 2)], [("华容区", "华容区民政局")],
            DateOnly.FromDateTime(DateTime.Today).AddDays(3));
        await office.SubmitReceiptAsync("contact-huarong", id,
            [new("段店镇", "程思远", OfficeApi.TownLeaders, "13807118801"), new("段店镇", "闵晓燕", OfficeApi.TownLeaders, "13807118802")]);
        using (var organizer = await office.AsAsync("organizer"))
        {
            // The organizer puts the head teacher on the class (staff see only the classes they are on), then locks.
            var staff = await organizer.PostAsJsonAsync($"/api/v1/cohorts/{id}/staff", new { username = "headteacher", role = "head_teacher" });
            Assert.True(staff.IsSuccessStatusCode, $"staff: {(int)staff.StatusCode} {await staff.Content.ReadAsStringAsync()}");
            Assert.True((await organizer.PostAsync($"/api/v1/cohorts/{id}/lock", null)).IsSuccessStatusCode);
        }

        // The head teacher: 参训名单 → 学员登录码.
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Enrollment/Roster/{id}");
        await Expect(page.Locator("main")).ToContainTextAsync("初始登录码逐人发放");
        await page.GetByRole(AriaRole.Link, new() { Name = "学员登录码" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("学员登录码");
        await Expect(page.Locator("main")).ToContainTextAsync("共 2 名学员：2 人的登录码待使用，0 人已设置密码。");
        var rows = page.Locator("main table.grid tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        // The head teacher sees the user names masked, like every phone number (one rule for personal data).
        await Expect(rows.Filter(new() { HasText = "程思远" }).Locator("td:nth-child(4)")).ToHaveTextAsync("138****8801");
        var code = (await rows.Filter(new() { HasText = "程思远" }).Locator("td.code").InnerTextAsync()).Trim();
        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", code);
        await A11y.CheckPageAsync(page, "zh-CN");

        // The slips: one per trainee, each with the code and how to sign in.
        await page.GetByRole(AriaRole.Link, new() { Name = "打印登录码条" }).ClickAsync();
        var slips = page.Locator("section.slip");
        await Expect(slips).ToHaveCountAsync(2);
        await Expect(slips.Filter(new() { HasText = "程思远" })).ToContainTextAsync(code);
        await Expect(slips.First).ToContainTextAsync("/Accounts/Login");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GoBackAsync();

        // 程思远 on a phone, with the slip in hand.
        await using (var phoneContext = await App.Browser.NewContextAsync(ContextOptions(Screen.Phone, App.BaseUrl.ToString())))
        {
            var phone = await phoneContext.NewPageAsync();
            await phone.GotoAsync("/Accounts/Login");
            await phone.GetByLabel("用户名").FillAsync("13807118801");
            await phone.GetByLabel("密码").FillAsync(code.Replace("-", "").ToLowerInvariant());
            await phone.GetByRole(AriaRole.Button, new() { Name = "登录" }).TapAsync();
            await Expect(phone).ToHaveURLAsync(new Regex("/Accounts/ChangePassword"));
            await Expect(phone.Locator("main")).ToContainTextAsync("初始登录码");
            await phone.GetByLabel("当前密码（或初始登录码）").FillAsync(code);
            await phone.GetByLabel("新密码").First.FillAsync("woaini1314");
            await phone.GetByLabel("再次输入新密码").FillAsync("woaini1314");
            await phone.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
            await Expect(phone.Locator("main")).ToContainTextAsync("常见密码"); // refused, said next to the field
            await phone.GetByLabel("当前密码（或初始登录码）").FillAsync(code);
            await phone.GetByLabel("新密码").First.FillAsync("Yanhu-lake-2031");
            await phone.GetByLabel("再次输入新密码").FillAsync("Yanhu-lake-2031");
            await phone.GetByRole(AriaRole.Button, new() { Name = "保存" }).TapAsync();
            await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("密码已修改");
            await A11y.CheckPageAsync(phone, "zh-CN");
        }

        // Back on the codes page: 程思远 has set a password; 闵晓燕 lost her slip and gets a new code, after a question.
        await page.ReloadAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("共 2 名学员：1 人的登录码待使用，1 人已设置密码。");
        await Expect(rows.Filter(new() { HasText = "程思远" })).ToContainTextAsync("已设置密码");
        var lost = rows.Filter(new() { HasText = "闵晓燕" });
        var old = (await lost.Locator("td.code").InnerTextAsync()).Trim();
        await lost.GetByRole(AriaRole.Link, new() { Name = "重新发放" }).ClickAsync();
        var ask = page.Locator("#reissue");
        await Expect(ask).ToContainTextAsync("现有的密码或登录码立即失效");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ask.GetByRole(AriaRole.Button, new() { Name = "确认重新发放" }).ClickAsync();
        var issued = page.Locator("#issued");
        await Expect(issued).ToContainTextAsync("闵晓燕 的新登录码");
        var fresh = (await issued.Locator(".code-big").InnerTextAsync()).Trim();
        Assert.NotEqual(old, fresh);
        await Expect(page.Locator("main table.grid tbody tr").Filter(new() { HasText = "闵晓燕" }).Locator("td.code")).ToHaveTextAsync(fresh);
        await issued.GetByRole(AriaRole.Link, new() { Name = "打印此学员的登录码条" }).ClickAsync();
        await Expect(page.Locator("section.slip")).ToHaveCountAsync(1);
        await Expect(page.Locator("section.slip")).ToContainTextAsync(fresh);
    });
}
