using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Enrollment;

/// <summary>
/// Issue #13 point 6: locking 第三期 (cohort 2: receipts open, deadline a week away, districts with nothing in) asks
/// first and names what is missing; reopening says what it does; done posts redirect, a refused one keeps the input.
/// </summary>
public abstract class LockConfirmationTests(TestApp app)
{
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient b, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await b.GetStringAsync(page);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenField.Match(html).Groups[1].Value);
        return await b.PostAsync($"/Enrollment/Reconciliation/2?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private async Task<bool> LockedAsync() =>
        (await (await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/lock-check")).ReadJsonAsync()).Value<bool>("locked");

    [Fact]
    public async Task Locking_asks_naming_what_is_missing_and_the_deadline_then_reopening_says_what_it_does()
    {
        var check = await (await app.Api("organizer")).GetAsync("/api/v1/cohorts/2/lock-check");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var concerns = (await check.ReadJsonAsync())["concerns"]!.AsArray();
        Assert.Contains(concerns, c => c.Value<string>("code") == "Lock.BeforeDeadline");
        Assert.Contains(concerns, c => c.Value<string>("code") == "Lock.Missing" && c.Value<string>("message").Contains("未报（0/"));
        Assert.False(await LockedAsync());

        var b = await app.Browser("organizer");
        const string page = "/Enrollment/Reconciliation/2";
        var ask = await PostAsync(b, page, "Lock", []);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var html = WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync());
        Assert.Contains("仍然锁定", html);
        Assert.Contains("尚未到", html);
        Assert.Contains("未报（0/", html);
        Assert.False(await LockedAsync()); // nothing locked by the question

        var locked = await PostAsync(b, page, "Lock", new() { ["Anyway"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Equal("/Enrollment/Reconciliation/2?locked=true", locked.LocationPath());
        Assert.True(await LockedAsync());
        Assert.Contains("名单已锁定", await b.GetStringAsync(locked.LocationPath()));

        var question = await b.GetStringAsync($"{page}?confirm=unlock");
        Assert.Contains("各单位联络员可以再次上传或修改回执", question);
        Assert.True(await LockedAsync()); // asking does not reopen

        var longReason = new string('因', 501);
        var bad = await PostAsync(b, $"{page}?confirm=unlock", "Unlock", new() { ["Reason"] = longReason });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(longReason, await bad.Content.ReadAsStringAsync());
        Assert.True(await LockedAsync());

        var reopened = await PostAsync(b, $"{page}?confirm=unlock", "Unlock", new() { ["Reason"] = "华容区补报" });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal("/Enrollment/Reconciliation/2?reopened=true", reopened.LocationPath());
        Assert.False(await LockedAsync());
    }

    [Fact]
    public async Task The_lock_check_is_for_those_who_lock() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Api("contact-huarong")).GetAsync("/api/v1/cohorts/2/lock-check")).StatusCode);
}

public sealed class LockConfirmationTests_Sqlite(SqliteDemo app) : LockConfirmationTests(app), IClassFixture<SqliteDemo>;
public sealed class LockConfirmationTests_Postgres(PostgresDemo app) : LockConfirmationTests(app), IClassFixture<PostgresDemo>;
