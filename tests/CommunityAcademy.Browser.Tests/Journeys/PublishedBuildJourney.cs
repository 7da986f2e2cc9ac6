using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>`dotnet publish` once, the dll started from another folder, and one chromium to look at it.</summary>
public sealed class PublishedBrowser : IAsyncLifetime
{
    public PublishedApp App { get; } = new();
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var launch = Chromium.LaunchOptions();
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(launch);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Issue #13 point 1: the published build is styled from another folder (as a service starts it).</summary>
public sealed class PublishedBuildJourney(PublishedBrowser fixture) : IClassFixture<PublishedBrowser>
{
    [Fact]
    public async Task The_published_build_is_styled_from_another_folder()
    {
        await using var context = await fixture.Browser.NewContextAsync(BrowserTest.ContextOptions(Screen.Desktop, fixture.App.BaseUrl.ToString()));
        context.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(10_000);
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Status} {r.Url}"); };
        try
        {
            await page.GotoAsync("/Accounts/Login");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            // The colours and fonts come from /css/site.css: without it the bar is transparent and the font the browser's.
            await Expect(page.Locator("header.topbar")).ToHaveCSSAsync("background-color", "rgb(168, 7, 26)");
            await Expect(page.Locator("body")).ToHaveCSSAsync("font-family", new System.Text.RegularExpressions.Regex("Noto Sans CJK SC"));
            var icon = await page.APIRequest.GetAsync("/favicon.ico");
            Assert.Equal(200, icon.Status);
            Assert.Empty(failed);
        }
        catch (Exception e)
        {
            throw new Exception($"{e.Message}\nFailed responses: {string.Join(", ", failed)}\nServer log:\n{fixture.App.Log}", e);
        }
    }
}
