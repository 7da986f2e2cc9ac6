using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>Classes, people and places for timetable tests. Every name is unique, so tests sharing a database never meet.</summary>
public static class TimetableKit
{
    public static string U() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>
    /// A class written straight into the database, owned by the demo organizer's unit with the demo head teacher,
    /// mentor and expert on it (as the demo's classes are).
    /// </summary>
    public static async Task<long> CreateCohortAsync(TestApp app, string title, string start, string end,
        string zone = "Asia/Shanghai", string? venue = null, bool withStaff = true)
    {
        var id = await app.Get<Db>().InTransactionAsync((c, tx) => CohortWriter.InsertAsync(c, tx, new NewCohort(
            "测试项目", null, title + " " + U(), null, null, DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture),
            venue, null, zone, null, null, null, null, null, false, [], true, 0, true, false, null, false,
            [], [], [], [], [])));
        await app.OwnByDemoOrganizerAsync(id);
        if (withStaff) await app.PutDemoStaffOnAsync(id);
        return id;
    }

    /// <summary>Enrolls a demo account as a trainee of the class, so the class becomes visible to it.</summary>
    public static async Task EnrollAsync(TestApp app, long cohortId, string username)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO enrollments (cohort_id, user_id, category, name, created_at)
            SELECT @cohortId, id, 'trainee', display_name, @now FROM users WHERE username = @username
            """, new { cohortId, username, now = DateTimeOffset.UtcNow });
    }

    public static async Task<HttpResponseMessage> AddAsync(HttpClient c, long cohortId, object body) =>
        await c.PostAsJsonAsync($"/api/v1/cohorts/{cohortId}/sessions", body);

    /// <summary>Adds a session and insists it was created; returns the saved body (session + warnings).</summary>
    public static async Task<JsonNode> AddOkAsync(HttpClient c, long cohortId, object body)
    {
        var r = await AddAsync(c, cohortId, body);
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.ReadJsonAsync();
    }

    public static async Task<long> InstructorAsync(HttpClient c, string name, string? organisation = null)
    {
        var r = await c.PostAsJsonAsync("/api/v1/instructors", new { name = name + U(), title = "教授", organisation = organisation ?? "测试大学" + U() });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.ReadJsonAsync()).Value<long>("id");
    }

    public static async Task<long> TeachingPointAsync(HttpClient c, string name, params string[] scenes)
    {
        var r = await c.PostAsJsonAsync("/api/v1/teaching-points", new { name = name + U() });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var id = (await r.ReadJsonAsync()).Value<long>("id");
        foreach (var s in scenes)
            Assert.Equal(HttpStatusCode.Created, (await c.PostAsJsonAsync($"/api/v1/teaching-points/{id}/scenes", new { name = s })).StatusCode);
        return id;
    }

    public static async Task<JsonNode> TimetableAsync(HttpClient c, long cohortId)
    {
        var r = await c.GetAsync($"/api/v1/cohorts/{cohortId}/sessions");
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await r.ReadJsonAsync();
    }

    /// <summary>The rows of the first table with the given id, as cell texts (th and td), tags stripped and spaces squeezed.</summary>
    public static List<List<string>> TableRows(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table #{id}");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var table = html[start..end];
        var rows = new List<List<string>>();
        foreach (var tr in System.Text.RegularExpressions.Regex.Matches(table, "<tr[^>]*>(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var cells = System.Text.RegularExpressions.Regex.Matches(((System.Text.RegularExpressions.Match)tr).Groups[1].Value,
                    "<t[hd][^>]*>(.*?)</t[hd]>", System.Text.RegularExpressions.RegexOptions.Singleline)
                .Select(m => Text(m.Groups[1].Value)).ToList();
            rows.Add(cells);
        }
        return rows;
    }

    public static string Text(string html)
    {
        var t = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ");
        t = WebUtility.HtmlDecode(t);
        return System.Text.RegularExpressions.Regex.Replace(t, @"\s+", " ").Trim();
    }

    public static byte[] Xlsx(params string[][] rows)
    {
        using var ms = new MemoryStream();
        CommunityAcademy.Web.Infrastructure.Files.XlsxWriter.Write(ms, escape: false,
            new CommunityAcademy.Web.Infrastructure.Files.XlsxWriter.Sheet("Sheet1", rows[0], rows.Skip(1).Select(r => (IReadOnlyList<string?>)r)));
        return ms.ToArray();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient c, long cohortId, byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await c.PostAsync($"/api/v1/cohorts/{cohortId}/sessions/import", form);
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
