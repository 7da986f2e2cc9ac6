using System.Diagnostics;

namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>Screenshots with boxes instead of characters are worse than none.</summary>
public static class Fonts
{
    private static readonly Lazy<string> Chinese = new(() =>
    {
        try
        {
            var p = Process.Start(new ProcessStartInfo("fc-list", ":lang=zh family") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output.Trim();
        }
        catch (Exception) { return ""; }
    });

    public static void RequireChinese()
    {
        if (Chinese.Value.Length == 0)
            throw new InvalidOperationException(
                "No Chinese font is installed, so screenshots would show boxes: `sudo apt-get install fonts-noto-cjk`.");
    }
}
