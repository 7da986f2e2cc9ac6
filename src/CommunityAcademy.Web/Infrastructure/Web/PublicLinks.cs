using Microsoft.Extensions.Primitives;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// Builds every absolute link the application prints or encodes in a QR code (sign-in now; certificates, surveys and
/// residents' cards later), so that a Host header someone typed never ends up in one.
/// With <c>Web:PublicAddress</c> (e.g. https://peixun.example.gov.cn) every link starts with it, whatever the request
/// says. Without it, the request's own scheme and host are used only when the host is named in <c>AllowedHosts</c>;
/// "*" names no host, so when AllowedHosts is unset or "*" only localhost, 127.0.0.1 and [::1] are taken (the demo on
/// its own machine). Any other host gets no link: the caller answers with a clear error instead.
/// </summary>
public sealed class PublicLinks
{
    public const string AddressSetting = "Web:PublicAddress";
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly StringSegment[] _patterns;

    public PublicLinks(IConfiguration config)
    {
        PublicAddress = ParseAddress(config[AddressSetting]);
        var named = (config["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(h => h != "*").ToArray();
        AllowedHosts = named.Length > 0 ? named : LoopbackHosts;
        _patterns = AllowedHosts.Select(h => new StringSegment(h)).ToArray();
    }

    /// <summary>The configured public address without a trailing slash; null when none is configured.</summary>
    public string? PublicAddress { get; }

    /// <summary>The hosts a request may name to have links built from it when no public address is configured.</summary>
    public IReadOnlyList<string> AllowedHosts { get; }

    /// <summary>An absolute http(s) address with no query, fragment or user; a path is kept (an application under /academy).</summary>
    public static string? ParseAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")
            || u.Query.Length > 0 || u.Fragment.Length > 0 || u.UserInfo.Length > 0 || u.Host.Length == 0)
            throw new InvalidOperationException(
                $"{AddressSetting} must be an absolute http or https address such as https://peixun.example.gov.cn, not \"{value}\".");
        return u.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// The absolute link to <paramref name="pathAndQuery"/> (from the application's root, starting with '/'), or null
    /// when no public address is configured and the request's host is not one the links may be built from.
    /// </summary>
    public string? Link(HttpRequest request, string pathAndQuery)
    {
        if (!pathAndQuery.StartsWith('/')) throw new ArgumentException("A link starts at the application's root: '/…'.", nameof(pathAndQuery));
        if (PublicAddress is not null) return PublicAddress + pathAndQuery;
        if (!request.Host.HasValue || !HostString.MatchesAny(new StringSegment(request.Host.Host), _patterns)) return null;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{pathAndQuery}";
    }

    /// <summary>The rule in force, for the start-up log.</summary>
    public string Describe() => PublicAddress is not null
        ? $"Public address: {PublicAddress} ({AddressSetting}); every link the application prints or encodes in a QR code starts with it."
        : $"No public address configured ({AddressSetting}): links use the request's host when it is in AllowedHosts: {string.Join(";", AllowedHosts)}.";
}
