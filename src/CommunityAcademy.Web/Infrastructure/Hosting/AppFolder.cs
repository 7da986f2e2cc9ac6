namespace CommunityAcademy.Web.Infrastructure.Hosting;

/// <summary>
/// Where the application finds wwwroot and appsettings.json (the content root), whatever folder it is started from.
/// </summary>
public static class AppFolder
{
    /// <summary>
    /// The content root to give the host, or null to keep the host's own rule. Null when one is configured
    /// (--contentRoot, ASPNETCORE_CONTENTROOT, DOTNET_CONTENTROOT). A published build (wwwroot beside the dll) runs
    /// from its own folder, so `dotnet /opt/communityacademy/CommunityAcademy.dll` started anywhere is styled.
    /// A build output without wwwroot (`dotnet run`, which starts in the project folder, and the tests) keeps the
    /// current folder.
    /// </summary>
    public static string? ContentRoot(string[] args, Func<string, string?>? environment = null, string? baseDirectory = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        baseDirectory ??= AppContext.BaseDirectory;
        if (IsConfigured(args) || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT")))
            return null;
        return Directory.Exists(Path.Combine(baseDirectory, "wwwroot")) ? baseDirectory : null;
    }

    private static bool IsConfigured(string[] args) => args.Any(a =>
    {
        var name = a.TrimStart('-', '/');
        return name.Equals("contentRoot", StringComparison.OrdinalIgnoreCase)
               || name.StartsWith("contentRoot=", StringComparison.OrdinalIgnoreCase);
    });
}
