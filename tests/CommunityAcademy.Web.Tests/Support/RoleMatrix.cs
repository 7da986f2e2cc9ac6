namespace CommunityAcademy.Web.Tests.Support;

/// <summary>
/// Who may call what: one request per role, its answer read as a letter. A = allowed (any answer but 401/403 and
/// no redirect to sign-in or access-denied), F = forbidden, L = must sign in, N = 404 where the row expects the
/// resource to be hidden; pages also give 4 for a 404. The matrices of each feature are written as strings of these.
/// </summary>
public static class RoleMatrix
{
    /// <summary>Two contacts and two trainees of different districts (t001 鄂城区, t047 华容区), so a leak between them shows.</summary>
    public static readonly string[] Users = ["anonymous", "admin", "organizer", "headteacher", "mentor", "expert", "contact-echeng", "t001",
        "contact-huarong", "t047"];

    public static async Task AssertApiAsync(TestApp app, string method, string url, string expected, Func<HttpContent?> body)
    {
        Assert.True(expected.Length == Users.Length, $"{method} {url}: {expected.Length} letters for {Users.Length} users");
        var actual = new char[Users.Length];
        var codes = new int[Users.Length];
        for (var i = 0; i < Users.Length; i++)
        {
            var user = Users[i];
            using var c = user == "anonymous" ? app.Anonymous() : await app.Api(user);
            var req = new HttpRequestMessage(new HttpMethod(method), url) { Content = method is "POST" or "PUT" or "PATCH" ? body() : null };
            var r = await c.SendAsync(req);
            var code = (int)r.StatusCode;
            actual[i] = code switch { 401 => 'L', 403 => 'F', 404 when expected[i] == 'N' => 'N', _ => 'A' };
            codes[i] = code;
            Assert.True(code != 500, $"{method} {url} as {user}: 500");
        }
        Assert.True(expected == new string(actual),
            $"{method} {url}: got {new string(actual)}, expected {expected} ({string.Join(" ", Users.Select((u, i) => $"{u}={codes[i]}"))})");
    }

    public static async Task AssertPageAsync(TestApp app, string url, string expected)
    {
        Assert.True(expected.Length == Users.Length, $"{url}: {expected.Length} letters for {Users.Length} users");
        var actual = new char[Users.Length];
        for (var i = 0; i < Users.Length; i++)
        {
            var user = Users[i];
            using var c = user == "anonymous" ? app.Anonymous() : await app.Browser(user);
            var r = await c.GetAsync(url);
            var location = r.LocationPath();
            var outcome = (int)r.StatusCode switch
            {
                302 when location.StartsWith("/Accounts/Login") => 'L',
                302 when location.StartsWith("/Accounts/AccessDenied") => 'F',
                403 => 'F',
                200 => 'A',
                404 => '4',
                var other => (char)('0' + other / 100),
            };
            actual[i] = outcome;
        }
        Assert.True(expected == new string(actual), $"{url}: got {new string(actual)}, expected {expected}");
    }
}
