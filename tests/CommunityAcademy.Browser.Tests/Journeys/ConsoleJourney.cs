using System.Globalization;
using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Domain.Cohorts;
using static CommunityAcademy.Browser.Tests.Journeys.SignInKit;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// #14 point 2, the head teacher's console on a desktop: the projector view (the code large, the counts moving when a
/// trainee signs in), a paper sheet downloaded, filled and uploaded back (the statuses on the console), and a 代签到 with
/// a reason, then undone.
/// </summary>
public sealed class ConsoleJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task The_head_teacher_projects_the_code_uploads_a_paper_sheet_and_signs_in_by_hand() => Journey(Screen.Desktop, async page =>
    {
        var (_, session, title) = await OpenSessionNowAsync(App, "控制台投影体验课");
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Attendance/Console/{session}");
        await Expect(page.Locator("#live tbody tr")).ToHaveCountAsync(10);

        // the projector view: the code, the session, the counts; no names
        await page.GetByRole(AriaRole.Link, new() { Name = "投影签到码" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Attendance/Projector/{session}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("#qr svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("0");
        await Expect(page.Locator("#count-expected")).ToHaveTextAsync("10");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "全屏" })).ToBeVisibleAsync();
        var box = await page.Locator("#qr").BoundingBoxAsync();
        Assert.True(box!.Width >= 400, $"the code is {box.Width} px wide");
        await A11y.CheckPageAsync(page, "zh-CN");
        // a trainee signs in on a phone (through the API): the counts follow
        using (var headTeacher = await ApiAsync(App, "headteacher"))
        using (var trainee = await ApiAsync(App, "t081"))
        {
            var token = (await GetJsonAsync(headTeacher, $"/api/v1/sessions/{session}/qr"))["token"]!.GetValue<string>();
            var r = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(trainee, $"/api/v1/sessions/{session}/checkins",
                new { kind = "in", clientId = Guid.NewGuid().ToString("N"), token });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-missing")).ToHaveTextAsync("9");
        Assert.DoesNotContain("t081", await page.ContentAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "返回签到控制台" }).ClickAsync();

        // the paper sheet: download, two times written in, upload
        await page.GetByRole(AriaRole.Link, new() { Name = "纸质签到表" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Attendance/Sheet/{session}"));
        var download = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "下载签到表（.xlsx）" }));
        Assert.EndsWith(".xlsx", download.FileName);
        var rows = Office.XlsxRows(download.Bytes);
        var header = rows.ToList().FindIndex(r => r.Cells.Contains("编号"));
        var trainees = rows.Skip(header + 1).ToList();
        Assert.Equal(10, trainees.Count);
        var now = ClassClock.ToLocal(DateTimeOffset.UtcNow, Zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        var filled = new[] { trainees[1][1], trainees[2][1] }; // two trainees' 编号
        var bytes = Office.Xlsx([rows[0][0]], rows[header].Cells,
            trainees.Select(r => (IReadOnlyList<string?>)[r[0], r[1], r[2], r[3], filled.Contains(r[1]) ? now : "", ""]));
        await page.Locator("#upload").SetInputFilesAsync(Office.XlsxPayload("签到表.xlsx", bytes));
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("已导入纸质签到表：签到 2 条，签退 0 条。");
        await A11y.CheckPageAsync(page, "zh-CN");
        await page.GetByRole(AriaRole.Link, new() { Name = "返回签到控制台" }).ClickAsync();
        foreach (var id in filled)
        {
            await Expect(page.Locator($"#t-{id} td.st")).ToHaveTextAsync("出勤");
            await Expect(page.Locator($"#t-{id} a.proxy")).ToHaveCountAsync(0);
        }
        await Expect(page.Locator("#audit")).ToContainTextAsync("纸质签到表·签到");

        // 代签到 with a reason, then undone
        var other = trainees[3][1];
        var name = trainees[3][2];
        await page.Locator($"#t-{other} a.proxy").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = $"为 {name}" })).ToBeVisibleAsync();
        await page.GetByLabel("原因", new() { Exact = true }).First.FillAsync("手机没电");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认代签到" }).ClickAsync();
        await Expect(page.Locator("#console-done")).ToHaveTextAsync($"已为 {name} 代签到。");
        await Expect(page.Locator($"#t-{other} td.st")).ToHaveTextAsync("出勤");
        await Expect(page.Locator("#audit tbody tr").First).ToContainTextAsync($"{name}：代签到");
        await Expect(page.Locator("#audit tbody tr").First).ToContainTextAsync("手机没电");
        await Expect(page.Locator("#audit")).Not.ToContainTextAsync("离线补传");
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Locator($"#t-{other} a.undo").ClickAsync();
        await Expect(page.Locator("#undo")).ToContainTextAsync($"撤销 {name} 的代签到");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认撤销" }).ClickAsync();
        await Expect(page.Locator("#console-done")).ToHaveTextAsync($"已撤销 {name} 的代签到。");
        await Expect(page.Locator($"#t-{other} td.st")).ToHaveTextAsync("未签到");
        await Expect(page.Locator($"#t-{other} a.proxy")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit tbody tr").First).ToContainTextAsync("已撤销");
    });

    [Fact]
    public Task On_a_phone_the_console_s_table_scrolls_inside_its_box_and_the_page_fits() => Journey(Screen.Phone, async page =>
    {
        var (_, session, _) = await OpenSessionNowAsync(App, "手机控制台体验课");
        await SignInAsync(page, "headteacher");
        await page.GotoAsync($"/Attendance/Console/{session}");
        await Expect(page.Locator("#live tbody tr")).ToHaveCountAsync(10);
        await A11y.CheckPageAsync(page, "zh-CN"); // no page wider than the screen
        Assert.True(await page.EvaluateAsync<bool>("() => { const b = document.getElementById('live-scroll'); return b.scrollWidth > b.clientWidth; }"),
            "the table (a line per trainee, not wrapped) is wider than a phone: it scrolls inside its box");
        await page.GotoAsync($"/Attendance/Sheet/{session}");
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
