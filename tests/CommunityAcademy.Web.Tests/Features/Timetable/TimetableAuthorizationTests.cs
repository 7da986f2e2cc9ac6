using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// The timetable's endpoints and pages × every role, as in AuthorizationMatrixTests. Mutating calls carry bodies
/// that fail validation, so the matrix changes no data. A = allowed, F = 403, L = sign in, N = 404 (hidden).
/// </summary>
public abstract class TimetableAuthorizationTests(TestApp app)
{

    public static TheoryData<string, string, string> Api => new()
    {
        { "GET", "/api/v1/cohorts/1/sessions", "LAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/sessions", "LAAFFFFF" },
        { "POST", "/api/v1/cohorts/1/sessions/import", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts/1/timetable.ics", "LAAAAAAA" },
        { "GET", "/api/v1/cohorts/1/clashes", "LAAAAAFF" },
        { "GET", "/api/v1/sessions/{session}", "LAAAAAAA" },
        { "PUT", "/api/v1/sessions/{session}", "LAAFFFFF" },
        { "DELETE", "/api/v1/sessions/987654", "LAAFFFFF" },
        { "GET", "/api/v1/timetable/today", "LAAAAAAA" },
        { "GET", "/api/v1/session-types", "LAAAAAAA" },
        { "POST", "/api/v1/session-types", "LAAFFFFF" },
        { "PUT", "/api/v1/session-types/lecture", "LAAFFFFF" },
        { "DELETE", "/api/v1/session-types/lecture", "LAAFFFFF" },
        { "GET", "/api/v1/workshop-methods", "LAAAAAAA" },
        { "POST", "/api/v1/workshop-methods", "LAAFFFFF" },
        { "GET", "/api/v1/instructors", "LAAAAAFF" },
        { "GET", "/api/v1/instructors/{chen}", "LAAAAAFF" },
        { "POST", "/api/v1/instructors", "LAAFFFFF" },
        { "PUT", "/api/v1/instructors/{chen}", "LAAFFFFF" },
        { "GET", "/api/v1/instructors/{chen}/timetable.ics", "LAAAAANN" },
        { "GET", "/api/v1/instructor-teams", "LAAAAAFF" },
        { "POST", "/api/v1/instructor-teams", "LAAFFFFF" },
        { "GET", "/api/v1/teaching-points", "LAAAAAAA" },
        { "POST", "/api/v1/teaching-points", "LAAFFFFF" },
        { "PUT", "/api/v1/teaching-points/987654", "LAAFFFFF" },
        { "DELETE", "/api/v1/teaching-points/987654", "LAAFFFFF" },
        { "POST", "/api/v1/teaching-points/987654/scenes", "LAAFFFFF" },
    };

    public static TheoryData<string, string> Pages => new()
    {
        { "/Timetable/1", "LAAAAAAA" },
        { "/Timetable/Print/1", "LAAAAAAA" },
        { "/Timetable/Today", "LAAAAAAA" },
        { "/Timetable/Edit/1", "LAAFFFFF" },
        { "/Timetable/Edit/1/{session}", "LAAFFFFF" },
        { "/Timetable/Import/1", "LAAFFFFF" },
        { "/Timetable/Instructors", "LAAAAAFF" },
        { "/Timetable/TeachingPoints", "LAAAAAAA" },
        { "/Timetable/Types", "LAAAAAAA" },
    };

    private async Task<string> Resolve(string path)
    {
        var c = await app.Api("admin");
        var sessions = (await TimetableKit.TimetableAsync(c, 1))["sessions"]!.AsArray();
        var chen = (await (await c.GetAsync("/api/v1/instructors")).ReadArrayAsync()).Single(p => p.Value<string>("name") == "陈伟东").Value<long>("id");
        return path.Replace("{session}", sessions[0].Value<long>("id").ToString()).Replace("{chen}", chen.ToString());
    }

    [Theory]
    [MemberData(nameof(Api))]
    public async Task Api_endpoints(string method, string path, string expected) =>
        await RoleMatrix.AssertApiAsync(app, method, await Resolve(path), expected, () => path.EndsWith("/import")
            ? new MultipartFormDataContent { { new StringContent("x"), "not-a-file" } }
            : JsonContent.Create(new { date = "nope", name = "", delivery = "nope" }));

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_by_role(string path, string expected) => await RoleMatrix.AssertPageAsync(app, await Resolve(path), expected);

    [Fact]
    public async Task The_openapi_document_lists_the_timetable_routes()
    {
        var doc = await (await app.Anonymous().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var p in new[] { "/api/v1/cohorts/{id}/sessions", "/api/v1/sessions/{id}", "/api/v1/cohorts/{id}/timetable.ics", "/api/v1/teaching-points",
                     "/api/v1/teaching-points/{id}", "/api/v1/teaching-points/{id}/scenes", "/api/v1/instructors", "/api/v1/instructor-teams",
                     "/api/v1/session-types", "/api/v1/workshop-methods", "/api/v1/timetable/today", "/api/v1/cohorts/{id}/sessions/import" })
            Assert.Contains(p, paths);
        var post = doc["paths"]!["/api/v1/cohorts/{id}/sessions"]!["post"]!;
        Assert.NotNull(post["requestBody"]);
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var draft = schemas["SessionDraft"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Superset(new HashSet<string> { "date", "start", "end", "title", "type" }, draft.ToHashSet());
    }
}

public sealed class TimetableAuthorizationTests_Sqlite(SqliteDemo app) : TimetableAuthorizationTests(app), IClassFixture<SqliteDemo>;
public sealed class TimetableAuthorizationTests_Postgres(PostgresDemo app) : TimetableAuthorizationTests(app), IClassFixture<PostgresDemo>;
