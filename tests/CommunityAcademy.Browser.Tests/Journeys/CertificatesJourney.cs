using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 结业证书 (#22) on seed 000's class: the organizer reads who is not eligible and why (t003 left without permission),
/// opens a certificate's verification link — what its QR code carries — and sees it valid, revokes another after the
/// question with a reason and its link then says revoked; a trainee downloads their own certificate on a phone.
/// </summary>
public sealed class CertificatesJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public Task The_organizer_sees_why_verifies_a_certificate_and_revokes_another() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, "organizer");
        await page.GetByRole(AriaRole.Link, new() { Name = AdministratorJourney.ClassTitle }).First.ClickAsync();
        await page.Locator("#class-certificates").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Certificates/\d+$"));
        var classPage = page.Url;
        await Expect(page.Locator("tr[data-eligible='0']")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-eligible='0']")).ToContainTextAsync("有擅自离开记录 1 次");
        await A11y.CheckPageAsync(page, "zh-CN");

        // the first certificate's link, as its QR code opens it: valid
        var eligible = page.Locator("tr[data-eligible='1']");
        var first = eligible.Nth(0);
        var serial = (await first.Locator("a[download]").InnerTextAsync()).Trim();
        Assert.Matches(@"^鄂民培〔2023〕第\d{4}号$", serial);
        await first.Locator("a.verify-link").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Verify/[0-9A-Z]{26}$"));
        await Expect(page.Locator("#verify-state")).ToContainTextAsync("有效证书");
        await Expect(page.Locator("#verify-serial")).ToHaveTextAsync(serial);
        await Expect(page.Locator("#verify-name")).ToContainTextAsync("*");
        await A11y.CheckPageAsync(page, "zh-CN");

        // another revoked after the question, with a reason: its link says revoked
        await page.GotoAsync(classPage);
        var second = page.Locator("tr[data-eligible='1']").Nth(1);
        var revokedSerial = (await second.Locator("a[download]").InnerTextAsync()).Trim();
        await second.Locator("a.revoke").ClickAsync();
        await Expect(page.Locator("#revoke-panel")).ToContainTextAsync(revokedSerial);
        await page.Locator("#revoke-panel").GetByLabel("原因").FillAsync("证书信息有误，收回");
        await page.Locator("#revoke-yes").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("证书已撤销");
        var revokedRow = page.Locator("#revoked-certificates tbody tr", new() { HasText = revokedSerial });
        await Expect(revokedRow).ToContainTextAsync("证书信息有误，收回");
        await revokedRow.Locator("a.verify-link").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Verify/[0-9A-Z]{26}$"));
        await Expect(page.Locator("#verify-state")).ToContainTextAsync("已撤销");
        await Expect(page.Locator("#verify-serial")).ToHaveTextAsync(revokedSerial);
    });

    [Fact]
    public Task A_trainee_downloads_their_certificate_on_a_phone() => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, "t004");
        await page.GotoAsync("/Me/Certificate");
        await WaitForPageAsync(page, new Regex(@"/Me/Certificate/\d+$"));
        await Expect(page.Locator("#my-serial")).ToContainTextAsync("鄂民培〔2023〕第");
        await A11y.CheckPageAsync(page, "zh-CN");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-certificate").TapAsync());
        Assert.Null(await download.FailureAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"ca-certificate-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try { Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file), 0, 4)); }
        finally { File.Delete(file); }
    });
}
