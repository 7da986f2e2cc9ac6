namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>
/// Debian's chromium, driven by Playwright. Nothing is downloaded: `playwright install` is never run.
/// A machine without chromium fails every browser test with a message saying what to install.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "CA_CHROMIUM";
    public const string DebianPath = "/usr/lib/chromium/chromium";

    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(PathVariable);
            if (string.IsNullOrWhiteSpace(path)) path = DebianPath;
            if (!File.Exists(path))
                throw new InvalidOperationException(
                    $"The browser tests need Debian's chromium at {path}, which does not exist. Install it with " +
                    "`sudo apt-get install --no-install-recommends chromium fonts-noto-cjk` (.ci/run does), or set " +
                    $"{PathVariable} to another Chromium binary. They never download a browser: do not run `playwright install`.");
            return path;
        }
    }

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        // Playwright gives every launch a fresh temporary profile (its own --user-data-dir) and removes it afterwards.
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--font-render-hinting=none",
        ],
        Timeout = 60_000,
    };
}
