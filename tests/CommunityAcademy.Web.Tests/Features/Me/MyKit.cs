using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;

namespace CommunityAcademy.Web.Tests.Features.Me;

/// <summary>Forms with files and repeated fields, as a phone's browser posts them; cards of a page.</summary>
public static class MyKit
{
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    /// <summary>GETs the page for its antiforgery token, then posts multipart/form-data (fields may repeat; an optional file).</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient c, string page, IEnumerable<(string Name, string Value)> fields,
        (string Name, byte[] Bytes, string FileName)? file = null, string? handler = null)
    {
        var html = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        var m = TokenField.Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(m.Groups[1].Value)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        if (file is { } f) form.Add(new ByteArrayContent(f.Bytes), f.Name, f.FileName);
        return await c.PostAsync(handler is null ? page : $"{page}?handler={handler}", form);
    }

    public static async Task<string> PageAsync(HttpClient c, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await c.GetAsync(path);
        var body = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.True(r.StatusCode == expected, $"{path}: {(int)r.StatusCode}");
        return body;
    }

    /// <summary>The inner HTML of the card (li) with the given data attribute.</summary>
    public static string Card(string html, string attribute, long id)
    {
        var m = Regex.Match(html, $"<li class=\"([^\"]*)\" {attribute}=\"{id}\">(.*?)</li>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no card {attribute}={id}");
        return m.Groups[1].Value + " " + m.Groups[2].Value;
    }

    public static async Task<long> LeaveCountAsync(TestApp app, long cohort)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM leave_requests WHERE cohort_id = @cohort", new { cohort });
    }
}
