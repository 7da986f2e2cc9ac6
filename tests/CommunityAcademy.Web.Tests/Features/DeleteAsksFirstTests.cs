using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features;

/// <summary>
/// Issue #13 point 6, "every delete asks first": no page deletes or removes on the first click. The button is a link to
/// the question (?confirm=…, ?remove=…), whose panel holds the form; without JavaScript.
/// </summary>
public abstract class DeleteAsksFirstTests(TestApp app)
{
    private static readonly Regex TokenField = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
    private static readonly Regex DeletingForm = new("handler=(Delete|DeleteScene|Remove)\\b");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient b, string question, string action, Dictionary<string, string> fields)
    {
        var html = await b.GetStringAsync(question);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenField.Match(html).Groups[1].Value);
        return await b.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("/Timetable/1")]
    [InlineData("/Timetable/TeachingPoints")]
    [InlineData("/Enrollment/Participants/1")]
    public async Task No_page_deletes_on_the_first_click(string page)
    {
        var html = await (await app.Browser("organizer")).GetStringAsync(page);
        Assert.DoesNotMatch(DeletingForm, html);
    }

    [Fact]
    public async Task A_participant_is_removed_after_the_question()
    {
        var api = await app.Api("organizer");
        var name = "确认移除" + Guid.NewGuid().ToString("N")[..6];
        var created = await api.PostAsJsonAsync("/api/v1/cohorts/1/participants", new { category = "leader", name, organization = "鄂州市民政局" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var list = await (await api.GetAsync("/api/v1/cohorts/1/participants")).ReadJsonAsync();
        var id = list["categories"]!.AsArray().SelectMany(c => c!["people"]!.AsArray()).Single(p => p.Value<string>("name") == name).Value<long>("id");
        var b = await app.Browser("organizer");
        var question = await b.GetStringAsync($"/Enrollment/Participants/1?remove={id}");
        Assert.Contains($"确定从名单中移除“{name}”", WebUtility.HtmlDecode(question));
        Assert.Matches(DeletingForm, question);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync("/Enrollment/Participants/1?remove=987654")).StatusCode);

        var r = await PostAsync(b, $"/Enrollment/Participants/1?remove={id}", "/Enrollment/Participants/1?handler=Remove", new() { ["EnrollmentId"] = id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/Enrollment/Participants/1?removed=true", r.LocationPath());
        Assert.DoesNotContain(name, await b.GetStringAsync(r.LocationPath()));
    }

    [Fact]
    public async Task A_teaching_point_is_deleted_after_the_question()
    {
        var api = await app.Api("organizer");
        var name = "确认删除教学点" + Guid.NewGuid().ToString("N")[..6];
        var created = await api.PostAsJsonAsync("/api/v1/teaching-points", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).Value<long>("id");
        var b = await app.Browser("organizer");
        var question = await b.GetStringAsync($"/Timetable/TeachingPoints?confirm={id}");
        Assert.Contains($"确定删除“{name}”", WebUtility.HtmlDecode(question));
        var r = await PostAsync(b, $"/Timetable/TeachingPoints?confirm={id}", "/Timetable/TeachingPoints?handler=Delete", new() { ["Id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode); // done: back to the page
        Assert.Equal("/Timetable/TeachingPoints", r.LocationPath());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/teaching-points/{id}")).StatusCode);
    }
}

public sealed class DeleteAsksFirstTests_Sqlite(SqliteDemo app) : DeleteAsksFirstTests(app), IClassFixture<SqliteDemo>;
public sealed class DeleteAsksFirstTests_Postgres(PostgresDemo app) : DeleteAsksFirstTests(app), IClassFixture<PostgresDemo>;
