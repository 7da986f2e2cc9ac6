using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// Every page the people who are on a phone reach — trainees of each demo class and a unit contact — fits a phone: from
/// home, each same-site page linked (one of each route shape, ids read as N, at most 40 a person) is opened at 390 px
/// and must not scroll sideways (wide tables scroll in their own box) and must label its fields. Downloads are skipped.
/// </summary>
public sealed partial class PhonePages(BrowserApp app) : BrowserTest(app)
{
    private const int PagesPerPerson = 40;

    [Theory]
    [InlineData("t001")]           // seed 000's trainee
    [InlineData("contact-echeng")] // 鄂城区's unit contact, who returns receipts from a phone
    [InlineData("hn01")]           // seed 001's village director
    [InlineData("tcs01")]          // seed 002's group member, who revises the plan on a phone
    [InlineData("gsh01")]          // seed 003's community worker
    public Task Every_page_a_person_reaches_fits_a_phone(string user) => Journey(Screen.Phone, async page =>
    {
        await SignInAsync(page, user);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var failures = new List<string>();
        var visited = 0;
        while (queue.Count > 0 && visited < PagesPerPerson)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url) || !shapes.Add(Number().Replace(url.Split('?')[0], "N"))) continue;
            // a link to a download (a .docx, a calendar) is not a page to look at: asked first with the person's cookies
            var head = await page.Context.APIRequest.GetAsync(url);
            var isPage = head.Ok && head.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html");
            await head.DisposeAsync();
            if (!isPage) continue;
            await page.GotoAsync(url);
            visited++;
            try
            {
                await A11y.AssertFitsWidthAsync(page);
                await A11y.AssertFieldsLabelledAsync(page);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException) { failures.Add(e.Message); }
            var links = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('a[href]')]
                  .filter(a => a.origin === location.origin && !a.hasAttribute('download'))
                  .map(a => a.pathname + a.search)
                """);
            foreach (var link in links)
                if (!Skipped().IsMatch(link) && !seen.Contains(link)) queue.Enqueue(link);
        }
        Assert.True(visited >= 5, $"{user}: only {visited} pages reached");
        Assert.True(failures.Count == 0, $"{user}, on a phone:\n" + string.Join("\n\n", failures));
    });

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    /// <summary>Not pages to look at: signing out, the language switch, downloads, the API, static files.</summary>
    [GeneratedRegex(@"^/(Accounts/(Logout|Login)|culture|api/|css/|js/|lib/)|handler=|\.(xlsx|docx|pdf|ics|png|jpg|csv|zip)(\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Skipped();
}
