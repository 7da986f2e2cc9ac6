namespace CommunityAcademy.Web.Tests.Support;

/// <summary>
/// Who may call what: one request per role, its answer read as a letter. A = allowed (any answer but 401/403 and
/// no redirect to sign-in or access-denied), F = forbidden, L = must sign in, N = 404 where the row expects the
/// resource to be hidden; pages also give 4 for a 404. The matrices of each feature are written as strings of these.
/// </summary>
public static class RoleMatrix
{
    public static readonly string[] Users = ["anonymous", "admin", "organizer", "headteacher", "mentor", "expert", "contact-echeng", "t001"];

    public static async Task AssertApiAsync(TestApp app, string method, string url, string expected, Func<HttpContent?> body)
    {
        for (var i = 0; i < Users.Length; i++)
        {
            var user = Users[i];
            using var c = user == "anonymous" ? app.Anonymous() : await app.Api(user);
            var req = new HttpRequestMessage(new HttpMethod(method), url) { Content = method is "POST" or "PUT" ? body() : null };
            var r = await c.SendAsync(req);
            var code = (int)r.StatusCode;
            var outcome = code switch { 401 => 'L', 403 => 'F', 404 when expected[i] == 'N' => 'N', _ => 'A' };
            Assert.True(expected[i] == outcome, $"{method} {url} as {user}: got {code}, expected {expected[i]}");
            Assert.NotEqual(500, code);
        }
    }

    public static async Task AssertPageAsync(TestApp app, string url, string expected)
    {
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
            Assert.True(expected[i] == outcome, $"{url} as {user}: got {(int)r.StatusCode} {location}, expected {expected[i]}");
        }
    }
}
