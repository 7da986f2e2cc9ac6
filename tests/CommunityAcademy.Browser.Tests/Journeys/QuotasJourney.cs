using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// An organizer allocates a new class's places: changes a line of the quotas, sees attachment 1 follow and the total
/// checked, then downloads the pre-notice (Word) and a district's receipt template (Excel) and opens both.
/// </summary>
public sealed class QuotasJourney(BrowserApp app) : BrowserTest(app)
{
    public const string Title = "鄂州市城乡社区工作者场景塑造实务能力培训第四期";

    [Fact]
    public Task Changes_a_quota_sees_attachment_1_follow_and_downloads_the_notice_and_a_receipt_template() => Journey(Screen.Desktop, async page =>
    {
        // The class as seed 000 allocated it: 90 places in 5 districts (46 + 14 + 16 + 5 + 9).
        var deadline = DateOnly.FromDateTime(DateTime.Today).AddDays(10);
        var office = new OfficeApi(App);
        var id = await office.CreateOpenClassAsync(Title, OfficeApi.Seed000Quotas, OfficeApi.Seed000Submitters, deadline);

        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Title);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "培训班操作" }).GetByRole(AriaRole.Link, new() { Name = "名额分配" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/Enrollment/Quotas/{id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("名额分配");
        var summary = page.Locator("main > p", new() { HasText = "名额合计" });
        await Expect(summary).ToHaveTextAsync("名额合计 90 人，参训人员 90 人。");
        await Expect(summary).ToHaveClassAsync("ok");

        // Attachment 1 as the notice will word it: 葛店经开区 is the fourth district, with two lines.
        var gedian = page.Locator("section.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "四、葛店经开区（5 人）" }) });
        await Expect(gedian).ToBeVisibleAsync();
        await Expect(gedian.Locator("p").Nth(0)).ToHaveTextAsync("1.葛店经开区城乡融合发展局相关负责同志（1人）。");
        await Expect(gedian.Locator("p").Nth(1)).ToHaveTextAsync($"2.东街社区、武城村{OfficeApi.Committee}（4人）。");
        await Expect(gedian).ToContainTextAsync("回执报送单位：葛店经开区城乡融合发展局");
        await A11y.CheckPageAsync(page, "zh-CN");

        // 华容区民政局 is to send someone too: a new line in the first empty row, but the position is forgotten.
        var row = OfficeApi.Seed000Quotas.Count + 1;
        var unit = page.GetByLabel($"单位 {row}", new() { Exact = true });
        await Expect(unit).ToHaveValueAsync("");
        // The unit is typed: the type-ahead lists the units whose name or path holds what is typed.
        await unit.FillAsync("华容区民政");
        await Expect(page.Locator("datalist#unit-options option[value$='/华容区民政局']")).ToHaveCountAsync(1);
        await unit.FillAsync("华容区民政局");
        await page.GetByLabel($"名额 {row}", new() { Exact = true }).FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名额" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"第 {row} 行（华容区民政局）：职务不能为空。");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        await Expect(summary).ToHaveTextAsync("名额合计 90 人，参训人员 90 人。"); // nothing was saved …
        await Expect(page.GetByLabel($"名额 {row}", new() { Exact = true })).ToHaveValueAsync("1"); // … and nothing typed was lost
        await Expect(unit).ToHaveValueAsync("华容区民政局");
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.GetByLabel($"职务 {row}", new() { Exact = true }).FillAsync("分管副局长");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名额" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("名额已保存。");
        var huarong = page.Locator("section.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "二、华容区（15 人）" }) });
        await Expect(huarong.Locator("p").Nth(2)).ToHaveTextAsync("3.华容区民政局分管副局长（1人）。");
        // … which the page says no longer adds up.
        await Expect(summary).ToHaveTextAsync("名额合计 91 人，参训人员 90 人。 名额合计 91 人，与参训人员 90 人不符。");
        await Expect(summary).ToHaveClassAsync("notice");
        await A11y.CheckPageAsync(page, "zh-CN");

        // So one place of 武城村 goes: the total is right again and attachment 1 says so.
        await PlacesOf(page, "武城村").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名额" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("名额已保存。");
        await Expect(summary).ToHaveTextAsync("名额合计 90 人，参训人员 90 人。");
        await Expect(summary).ToHaveClassAsync("ok");
        gedian = page.Locator("section.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "四、葛店经开区（4 人）" }) });
        await Expect(gedian.Locator("p").Nth(0)).ToHaveTextAsync("1.葛店经开区城乡融合发展局相关负责同志（1人）。");
        await Expect(gedian.Locator("p").Nth(1)).ToHaveTextAsync($"2.东街社区、武城村{OfficeApi.Committee}（3人）。");
        await Expect(PlacesOf(page, "武城村")).ToHaveValueAsync("1");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "一、鄂城区（46 人）" })).ToBeVisibleAsync();

        // The pre-notice, as Word opens it: the class, attachment 1 with every unit and the changed lines, attachment 2.
        var notice = await Office.DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "下载预通知（Word）" }));
        Assert.Equal($"{Title}（预通知）.docx", notice.FileName);
        var paragraphs = Office.DocxParagraphs(notice.Bytes);
        var text = string.Join("\n", paragraphs);
        Assert.Equal(Title, paragraphs[0] + paragraphs[1]); // the title, broken at a word over two lines (GB/T 9704 7.3.1)
        Assert.Contains("（预通知）", paragraphs);
        Assert.Contains($"{deadline.Month}月{deadline.Day}日前由各区民政局、葛店经开区城乡融合发展局、临空经济区社会事务局汇总提交参训人员回执。", text);
        Assert.Contains("附件1", paragraphs);
        foreach (var heading in new[] { "一、鄂城区（46人）", "二、华容区（15人）", "三、梁子湖区（16人）", "四、葛店经开区（4人）", "五、临空经济区（9人）" })
            Assert.Contains(heading, paragraphs);
        Assert.Contains("3.华容区民政局分管副局长（1人）。", paragraphs);
        Assert.Contains($"2.东街社区、武城村{OfficeApi.Committee}（3人）。", paragraphs);
        var attachment1 = string.Join("\n", paragraphs.SkipWhile(p => p != "一、鄂城区（46人）").TakeWhile(p => p != "附件2"));
        foreach (var q in OfficeApi.Seed000Quotas) Assert.Contains(q.Unit, attachment1);
        Assert.Contains("华容区民政局", attachment1);
        Assert.Contains("附件2", paragraphs);

        // 葛店经开区's receipt template, as Excel opens it: one row per place, unit and position filled in.
        var template = await Office.DownloadAsync(page, gedian.GetByRole(AriaRole.Link, new() { Name = "下载回执模板" }));
        Assert.Equal("参训人员回执（葛店经开区城乡融合发展局）.xlsx", template.FileName);
        var rows = Office.XlsxRows(template.Bytes);
        Assert.StartsWith($"{Title} 参训人员回执（葛店经开区城乡融合发展局）", rows[0][0]);
        Assert.Contains($"请于{deadline.Year}年{deadline.Month}月{deadline.Day}日前提交", rows[0][0]);
        Assert.Equal(["序号", "单位", "姓名", "职务", "联系方式", "性别", "身份证号"], rows[1].Cells.Take(7));
        Assert.Equal(
            ["葛店经开区城乡融合发展局/相关负责同志", $"东街社区/{OfficeApi.Committee}", $"东街社区/{OfficeApi.Committee}", $"武城村/{OfficeApi.Committee}"],
            rows.Skip(2).Select(r => $"{r[1]}/{r[3]}"));
        Assert.All(rows.Skip(2), r => Assert.Equal("", r[2]));
        await A11y.CheckPageAsync(page, "zh-CN");
    });

    /// <summary>The places field of the quota line whose unit is <paramref name="unit"/> (by name, or by path when names repeat;
    /// its label: 名额 and the line number).</summary>
    private static ILocator PlacesOf(IPage page, string unit) =>
        page.Locator("form table tbody tr")
            .Filter(new() { Has = page.Locator($"input[data-unit-search]:is([value='{unit}'], [value$='/{unit}'])") })
            .GetByRole(AriaRole.Spinbutton, new() { Name = "名额" });
}
