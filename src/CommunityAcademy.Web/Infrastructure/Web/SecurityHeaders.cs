using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.StaticFiles;

namespace CommunityAcademy.Web.Infrastructure.Web;

/// <summary>
/// The headers every response carries (pages, API, static files, errors), HTTPS as the trusted proxies report it,
/// and how static files are cached. The application loads nothing from outside and has no inline script or style,
/// so its Content-Security-Policy allows only itself; nothing may frame it; no page sends a Referer (the scan URL
/// carries the QR code's token); nothing but static files is stored by a browser or a proxy (rosters, exports and
/// every page with personal data).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>One year; sent only on HTTPS requests (directly, or through a trusted proxy).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or CIDR ranges.</summary>
    public const string TrustedProxiesSetting = "Web:TrustedProxies";

    private static readonly object StaticFileKey = new();

    /// <summary>Adds the headers just before the response starts, so an error page written later carries them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(Apply, http);
        return next(http); // not async: a passing request adds no frame of its own
    });

    private static Task Apply(object state)
    {
        var http = (HttpContext)state;
        var h = http.Response.Headers;
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";                // for browsers that do not know frame-ancestors
        h["Referrer-Policy"] = "no-referrer";
        if (http.Request.IsHttps) h.StrictTransportSecurity = StrictTransportSecurity;
        if (!http.Items.ContainsKey(StaticFileKey))
        {
            h.CacheControl = "no-store";
            h.Pragma = "no-cache";
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Static files may be cached: a versioned URL (asp-append-version's ?v=…) for a year, any other one revalidated
    /// each time by its ETag.
    /// </summary>
    public static StaticFileOptions StaticFiles() => new()
    {
        OnPrepareResponse = ctx =>
        {
            ctx.Context.Items[StaticFileKey] = true;
            ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable" : "no-cache";
        },
    };

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto are read only from the proxies named in Web:TrustedProxies (none by
    /// default, and then never: a client could otherwise claim HTTPS or another address). A request that is HTTPS,
    /// directly or through such a proxy, gets HSTS and Secure cookies.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this WebApplication app)
    {
        var (proxies, networks) = TrustedProxies(app.Configuration);
        if (proxies.Count == 0 && networks.Count == 0) return app; // with empty lists the middleware would trust everyone
        var o = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null, // walk back through every trusted proxy; stop at the first other address
        };
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var p in proxies) o.KnownProxies.Add(p);
        foreach (var n in networks) o.KnownIPNetworks.Add(n);
        return app.UseForwardedHeaders(o);
    }

    /// <summary>Web:TrustedProxies as "10.0.0.2;10.1.0.0/16" or as a list (Web__TrustedProxies__0=…).</summary>
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks) TrustedProxies(IConfiguration config)
    {
        var section = config.GetSection(TrustedProxiesSetting);
        var items = (section.Value is { } v ? [v] : section.GetChildren().Select(c => c.Value ?? ""))
            .SelectMany(x => x.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var item in items)
        {
            if (item.Contains('/') && System.Net.IPNetwork.TryParse(item, out var n)) networks.Add(n);
            else if (IPAddress.TryParse(item, out var a)) proxies.Add(a);
            else throw new InvalidOperationException(
                $"{TrustedProxiesSetting}: \"{item}\" is neither an IP address nor a CIDR range (e.g. 10.0.0.2 or 10.0.0.0/24).");
        }
        return (proxies, networks);
    }
}
