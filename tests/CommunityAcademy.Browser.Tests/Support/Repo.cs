namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>Folders of the repository the tests write to.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>Screenshot, HTML and server log of failed tests (ignored by git: /tests/**/failures/).</summary>
    public static string Failures => Path.Combine(Root, "tests", "CommunityAcademy.Browser.Tests", "failures");

    /// <summary>The product's pictures shown in README.md; rewritten when SCREENSHOTS=1.</summary>
    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    public static bool WriteScreenshots => Environment.GetEnvironmentVariable("SCREENSHOTS") is "1" or "true";

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CommunityAcademy.slnx"))) return d.FullName;
        // Run from a copied build output: keep the files beside the tests.
        return AppContext.BaseDirectory;
    }
}
