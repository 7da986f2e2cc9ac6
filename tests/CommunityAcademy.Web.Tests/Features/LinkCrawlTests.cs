using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features;

/// <summary>
/// No link traps a user: starting from home, every link a demo user is shown (same site, GET: pages and downloads) opens
/// for that user — no 403, 404 or 500 behind a link, no sign-in page. Breadth-first over the demo, at most two pages of
/// each route shape (ids read as N) and 150 pages a user, so every kind of page each role meets is visited.
/// </summary>
public abstract partial class LinkCrawlTests(TestApp app)
{
    private const int PagesPerUser = 150;
    private const int PagesPerShape = 2;

    [Theory]
    [InlineData("admin")]
    [InlineData("organizer")]
    [InlineData("headteacher")]
    [InlineData("mentor")]
    [InlineData("expert")]
    [InlineData("contact-echeng")]
    [InlineData("t001")]
    [InlineData("mentor-tcs3")]
    [InlineData("organizer-guanshanhu")]
    [InlineData("panel-gsh1")]
    public async Task Every_link_a_user_is_shown_opens_for_them(string user)
    {
        using var c = await app.Browser(user);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<(string Url, string From)>([("/", "(start)")]);
        var broken = new List<string>();
        var visited = 0;
        while (queue.Count > 0 && visited < PagesPerUser)
        {
            var (url, from) = queue.Dequeue();
            if (!seen.Add(url)) continue;
            var shape = Shape(url);
            if (shapes.GetValueOrDefault(shape) >= PagesPerShape) continue;
            shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
            visited++;
            var (r, landed) = await FollowAsync(c, url);
            using var _ = r;
            if (landed != url.Split('?')[0] && (landed.EndsWith("/Login", StringComparison.OrdinalIgnoreCase) || landed.EndsWith("/AccessDenied", StringComparison.OrdinalIgnoreCase))) { broken.Add($"{landed}  {url}  (linked from {from})"); continue; }
            if (!r.IsSuccessStatusCode) { broken.Add($"{(int)r.StatusCode}  {url}  (linked from {from})"); continue; }
            if (r.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await r.Content.ReadAsStringAsync();
            foreach (Match m in Href().Matches(html))
                if (Local(WebUtility.HtmlDecode(m.Groups[1].Value)) is { } next && !seen.Contains(next)) queue.Enqueue((next, url));
        }
        Assert.True(visited > 10, $"{user}: only {visited} pages reached");
        Assert.True(broken.Count == 0, $"{user}: links that do not open:\n" + string.Join("\n", broken));
    }

    /// <summary>GETs <paramref name="url"/> following redirects as a browser does: the answer and the path it landed on.</summary>
    private static async Task<(HttpResponseMessage Answer, string Landed)> FollowAsync(HttpClient c, string url)
    {
        for (var hops = 0; ; hops++)
        {
            var r = await c.GetAsync(url);
            if ((int)r.StatusCode is < 300 or >= 400 || hops == 5 || r.Headers.Location is not { } to) return (r, url.Split('?')[0]);
            r.Dispose();
            url = to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString;
        }
    }

    /// <summary>A same-site page to follow, or null: other sites, fragments, static files, signing out, the language switch.</summary>
    private static string? Local(string href)
    {
        if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal)) return null;
        var url = href.Split('#')[0];
        string[] skipped = ["/Accounts/Logout", "/Accounts/Login", "/culture", "/css/", "/js/", "/lib/", "/favicon"];
        return url.Length == 0 || skipped.Any(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ? null : url;
    }

    /// <summary>The route shape of a link: its numbers as N, its query's values dropped (/Reviews/Plan/5/3 → /Reviews/Plan/N/N).</summary>
    private static string Shape(string url)
    {
        var q = url.IndexOf('?');
        var path = Number().Replace(q < 0 ? url : url[..q], "N");
        return q < 0 ? path : path + "?" + Value().Replace(url[(q + 1)..], "=");
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex("=[^&]*")]
    private static partial Regex Value();
}

public sealed class LinkCrawlTests_Sqlite(SqliteDemo app) : LinkCrawlTests(app), IClassFixture<SqliteDemo>;
public sealed class LinkCrawlTests_Postgres(PostgresDemo app) : LinkCrawlTests(app), IClassFixture<PostgresDemo>;
