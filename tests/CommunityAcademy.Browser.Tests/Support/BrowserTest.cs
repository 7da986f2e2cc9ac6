using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace CommunityAcademy.Browser.Tests.Support;

public enum Screen { Desktop, Phone, Tablet }

/// <summary>
/// Base of every browser test class. <see cref="Journey"/> gives a test a fresh browser context (no cookies)
/// at desktop (1280×800), phone (390×844) or tablet (820×1180) size; when the journey fails it saves a screenshot, the page's
/// HTML and the server's log under tests/CommunityAcademy.Browser.Tests/failures/ and says where.
/// </summary>
public abstract class BrowserTest(BrowserApp app) : IClassFixture<BrowserApp>
{
    public const string Password = "demo1234";
    protected BrowserApp App => app;

    public static BrowserNewContextOptions ContextOptions(Screen screen, string baseUrl) => screen switch
    {
        Screen.Phone => new()
        {
            BaseURL = baseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 1,
        },
        Screen.Tablet => new() // a tablet held upright (820×1180, as an iPad Air), touch
        {
            BaseURL = baseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 820, Height = 1180 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 1,
        },
        _ => new()
        {
            BaseURL = baseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1280, Height = 800 }, DeviceScaleFactor = 1,
        },
    };

    protected async Task Journey(Screen screen, Func<IPage, Task> body, [CallerMemberName] string name = "")
    {
        await using var context = await app.Browser.NewContextAsync(ContextOptions(screen, app.BaseUrl.ToString()));
        context.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(10_000);
        var page = await context.NewPageAsync();

        // A page that renders is not enough: its stylesheet and scripts must load, and no script may throw.
        var broken = new ConcurrentQueue<string>();
        page.Response += (_, r) => { if (r.Status >= 400 && r.Request.ResourceType != "document") broken.Enqueue($"{r.Status} {r.Url}"); };
        page.RequestFailed += (_, r) => { if (r.ResourceType != "document") broken.Enqueue($"{r.Failure} {r.Url}"); };
        page.PageError += (_, e) => broken.Enqueue($"script error: {e}");
        try
        {
            await body(page);
            Assert.True(broken.IsEmpty, "Something the pages needed failed:\n" + string.Join("\n", broken));
        }
        catch (Exception e)
        {
            var saved = await SaveFailureAsync(page, $"{GetType().Name}.{name}-{screen}".ToLowerInvariant());
            throw new JourneyFailedException(
                $"{GetType().Name}.{name} at {screen} size failed on {page.Url}: {e.Message}\n" +
                $"Screenshot, HTML and server log: {saved}", e);
        }
    }

    private async Task<string> SaveFailureAsync(IPage page, string name)
    {
        var dir = Path.Combine(Repo.Failures, Regex.Replace(name, "[^a-z0-9_.-]+", "-"));
        Directory.CreateDirectory(dir);
        try { await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "screenshot.png"), FullPage = true, Timeout = 10_000 }); }
        catch (Exception e) { await File.WriteAllTextAsync(Path.Combine(dir, "screenshot-failed.txt"), e.ToString()); }
        try { await File.WriteAllTextAsync(Path.Combine(dir, "page.html"), $"<!-- {page.Url} -->\n" + await page.ContentAsync()); }
        catch (Exception e) { await File.WriteAllTextAsync(Path.Combine(dir, "page-failed.txt"), e.ToString()); }
        await File.WriteAllLinesAsync(Path.Combine(dir, "server.log"), app.Log.Lines.ToArray());
        return dir;
    }

    // ---- what a person does -------------------------------------------------------------------------------

    /// <summary>Signs in through the login form with the mouse, as most people will.</summary>
    protected static async Task SignInAsync(IPage page, string username, string password = Password)
    {
        await page.GotoAsync("/Accounts/Login");
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Accounts/Login"));
    }

    /// <summary>
    /// Waits until the browser shows a page at <paramref name="url"/> and has read it to its end (the footer, last in the
    /// body, is there), e.g. before counting what a page lists. Not page.WaitForURLAsync: when the page is already there,
    /// its check-then-subscribe can miss the load event and hang until it times out (microsoft/playwright-dotnet#3364),
    /// which made these tests fail now and then on a busy machine.
    /// </summary>
    protected static async Task WaitForPageAsync(IPage page, Regex url)
    {
        await Expect(page).ToHaveURLAsync(url);
        await Expect(page.Locator("body > footer")).ToBeAttachedAsync();
    }

    /// <summary>On a phone the navigation is folded into a ☰ menu (a &lt;details&gt;): open it when it is closed.</summary>
    protected static async Task OpenMenuIfFoldedAsync(IPage page)
    {
        var summary = page.Locator("details.menu > summary");
        if (await summary.IsVisibleAsync() && await page.Locator("details.menu[open]").CountAsync() == 0)
            await summary.ClickAsync();
        await Expect(page.Locator("details.menu nav")).ToBeVisibleAsync();
    }

    /// <summary>With SCREENSHOTS=1: writes what the viewport shows to docs/screenshots/{name}-{desktop|phone}.png.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name, Screen screen)
    {
        if (!Repo.WriteScreenshots) return;
        Fonts.RequireChinese();
        Directory.CreateDirectory(Repo.Screenshots);
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Screenshots, $"{name}-{screen.ToString().ToLowerInvariant()}.png") });
    }
}

public sealed class JourneyFailedException(string message, Exception inner) : Exception(message, inner);
