using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>A unit contact sees its own district's subtree of units and nothing of the other districts.</summary>
public sealed class UnitContactJourney(BrowserApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop, "contact-huarong", "华容区", new[] { "段店镇", "百席村", "华容镇", "芦花村" }, new[] { "鄂州市", "鄂城区", "凤凰街道", "梁子湖区", "太和镇", "东街社区" })]
    [InlineData(Screen.Phone, "contact-echeng", "鄂城区", new[] { "凤凰街道", "滨湖社区", "鄂城区民政局" }, new[] { "鄂州市", "华容区", "段店镇", "梁子湖区", "临空经济区", "燕矶社区" })]
    public Task Sees_only_its_own_subtree_on_the_units_page(Screen screen, string contact, string district, string[] own, string[] others) =>
        Journey(screen, async page =>
        {
            await SignInAsync(page, contact);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"您好，{district}联络员");

            await OpenMenuIfFoldedAsync(page);
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "单位", Exact = true }).ClickAsync();
            await WaitForPageAsync(page, new Regex("/Units$")); // the whole tree, before it is read

            // The tree starts at the district, and lists every unit it shows in its count.
            var names = page.Locator(".tree .unit-name");
            await Expect(names.First).ToHaveTextAsync(district);
            var shown = await names.AllInnerTextsAsync();
            await Expect(page.Locator("main")).ToContainTextAsync($"共 {shown.Count} 个单位");
            foreach (var name in own) Assert.Contains(name, shown);
            foreach (var name in others) Assert.DoesNotContain(name, shown);
            Assert.True(shown.Count > own.Length, $"{district}: only {shown.Count} units shown");

            // A contact reads the tree but does not change it: no import, no new unit, no edit.
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "从表格导入单位" })).ToHaveCountAsync(0);
            await Expect(page.GetByText("新增单位")).ToHaveCountAsync(0);
            await Expect(page.Locator(".tree").GetByText("修改")).ToHaveCountAsync(0);
            await A11y.CheckPageAsync(page, "zh-CN");

            // Nor by typing the address: the import page is closed to it.
            var response = await page.GotoAsync("/Units/Import");
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("无权访问");
            await A11y.CheckPageAsync(page, "zh-CN");
        });
}
