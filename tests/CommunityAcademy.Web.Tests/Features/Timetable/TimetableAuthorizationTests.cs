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
        { "GET", "/api/v1/cohorts/1/sessions", "LAAAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/sessions", "LAAFFFFFFF" },
        { "POST", "/api/v1/cohorts/1/sessions/import", "LAAFFFFFFF" },
        { "GET", "/api/v1/cohorts/1/timetable.ics", "LAAAAAAAAA" },
        { "GET", "/api/v1/cohorts/1/clashes", "LAAAAAFFFF" },
        { "GET", "/api/v1/sessions/{session}", "LAAAAAAAAA" },
        { "PUT", "/api/v1/sessions/{session}", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/sessions/987654", "LAAFFFFFFF" },
        { "GET", "/api/v1/timetable/today", "LAAAAAAAAA" },
        { "GET", "/api/v1/session-types", "LAAAAAAAAA" },
        { "POST", "/api/v1/session-types", "LAAFFFFFFF" },
        { "PUT", "/api/v1/session-types/lecture", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/session-types/lecture", "LAAFFFFFFF" },
        { "GET", "/api/v1/workshop-methods", "LAAAAAAAAA" },
        { "POST", "/api/v1/workshop-methods", "LAAFFFFFFF" },
        { "GET", "/api/v1/instructors", "LAAAAAFFFF" },
        { "GET", "/api/v1/instructors/{chen}", "LAAAAAFFFF" },
        { "POST", "/api/v1/instructors", "LAAFFFFFFF" },
        { "PUT", "/api/v1/instructors/{chen}", "LAAFFFFFFF" },
        { "GET", "/api/v1/instructors/{chen}/timetable.ics", "LAAAAANNNN" },
        { "GET", "/api/v1/instructor-teams", "LAAAAAFFFF" },
        { "POST", "/api/v1/instructor-teams", "LAAFFFFFFF" },
        { "GET", "/api/v1/teaching-points", "LAAAAAAAAA" },
        { "POST", "/api/v1/teaching-points", "LAAFFFFFFF" },
        { "PUT", "/api/v1/teaching-points/987654", "LAAFFFFFFF" },
        { "DELETE", "/api/v1/teaching-points/987654", "LAAFFFFFFF" },
        { "POST", "/api/v1/teaching-points/987654/scenes", "LAAFFFFFFF" },
    };

    public static TheoryData<string, string> Pages => new()
    {
        { "/Timetable/1", "LAAAAAAAAA" },
        { "/Timetable/Print/1", "LAAAAAAAAA" },
        { "/Timetable/Today", "LAAAAAAAAA" },
        { "/Timetable/Edit/1", "LAAFFFFFFF" },
        { "/Timetable/Edit/1/{session}", "LAAFFFFFFF" },
        { "/Timetable/Import/1", "LAAFFFFFFF" },
        { "/Timetable/Instructors", "LAAAAAFFFF" },
        { "/Timetable/TeachingPoints", "LAAAAAAAAA" },
        { "/Timetable/Types", "LAAAAAAAAA" },
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
