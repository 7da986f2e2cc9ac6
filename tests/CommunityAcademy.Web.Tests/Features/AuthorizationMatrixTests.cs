using System.Net;
using System.Net.Http.Json;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features;

/// <summary>
/// Every endpoint and page so far × every role. "ok" means the request got past authorization (any status
/// but 401/403 and no redirect to login or access-denied); mutating calls carry bodies that fail validation,
/// so the matrix changes no data.
/// </summary>
public abstract class AuthorizationMatrixTests(TestApp app)
{

    // Columns follow RoleMatrix.Users; A = allowed, F = forbidden (403), L = must sign in (401 / login redirect), N = 404 (hidden).
    public static TheoryData<string, string, string> Api => new()
    {
        { "GET", "/api/v1/me", "LAAAAAAA" },
        { "GET", "/api/v1/units", "LAAAAAAA" },
        { "GET", "/api/v1/units/{echeng}", "LAAAAAAA" },
        { "GET", "/api/v1/units/{huarong}", "LAAAAANN" },
        { "POST", "/api/v1/units", "LAAFFFFF" },
        { "PUT", "/api/v1/units/{echeng}", "LAAFFFFF" },
        { "POST", "/api/v1/units/{echeng}/move", "LAAFFFFF" },
        { "POST", "/api/v1/units/import", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts", "LAAAAAAA" },
        { "GET", "/api/v1/cohorts/1", "LAAAAAAA" },
        { "POST", "/api/v1/auth/token", "AAAAAAAA" },
        { "POST", "/api/v1/cohorts", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts/1/quotas", "LAAAAAAA" },
        { "PUT", "/api/v1/cohorts/1/quotas", "LAAFFFFF" },
        { "POST", "/api/v1/cohorts/1/quotas/import", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts/1/notice.docx", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts/1/receipt-template.xlsx?unitId={echeng}", "LAAFFFAN" },
        { "POST", "/api/v1/cohorts/1/receipts", "LAAFFFAN" },
        { "POST", "/api/v1/cohorts/1/receipts/form", "LAAFFFAN" },
        { "GET", "/api/v1/cohorts/1/receipts", "LAAAAAAN" },
        { "GET", "/api/v1/cohorts/1/reconciliation", "LAAAAAAN" },
        { "GET", "/api/v1/cohorts/1/reconciliation.xlsx", "LAAAAAAN" },
        { "POST", "/api/v1/cohorts/999/lock", "LNNFFFFF" },
        { "POST", "/api/v1/cohorts/999/unlock", "LNNFFFFF" },
        { "GET", "/api/v1/cohorts/1/roster", "LAAAAAAA" },
        { "GET", "/api/v1/cohorts/1/roster.xlsx", "LAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/roster/999999/substitute", "LNNFFFFF" },
        { "GET", "/api/v1/cohorts/1/substitutions", "LAAFFFFF" },
        { "GET", "/api/v1/cohorts/1/participants", "LAAAAAFF" },
        { "POST", "/api/v1/cohorts/1/participants", "LAAFFFFF" },
        { "DELETE", "/api/v1/cohorts/1/participants/999999", "LNNFFFFF" },
        { "POST", "/api/v1/sessions/1/checkins", "LAAAAAAA" },
        { "GET", "/api/v1/sessions/1/attendance", "LAAAAANA" },
        { "POST", "/api/v1/sessions/1/attendance/marks", "LAAAFFFF" },
        { "GET", "/api/v1/sessions/1/attendance/audit", "LAAAFFFF" },
        { "GET", "/api/v1/sessions/1/qr", "LAAAFFFF" },
        { "GET", "/api/v1/cohorts/1/attendance", "LAAAAAFF" },
        { "GET", "/api/v1/cohorts/1/attendance/summary", "LAAAAAFF" },
        { "GET", "/api/v1/cohorts/1/attendance.xlsx", "LAAAAAFF" },
        { "GET", "/api/v1/cohorts/1/bulletin.docx", "LAAAAAFF" },
        { "GET", "/api/v1/cohorts/1/discipline", "LAAAAAFF" },
        { "GET", "/api/v1/cohorts/1/leave-requests", "LAAAAAAA" },
        { "POST", "/api/v1/cohorts/1/leave-requests", "LAAAAAAA" },
        { "POST", "/api/v1/leave-requests/999999/decision", "LAAAFFFF" },
    };

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "LAAAAAAA" },
        { "/Cohorts", "LAAAAAAA" },
        { "/Cohorts/Details/1", "LAAAAAAA" },
        { "/Units", "LAAAAAAF" },
        { "/Units/Import", "LAAFFFFF" },
        { "/Accounts/Users", "LAFFFFFF" },
        { "/Accounts/ChangePassword", "LAAAAAAA" },
        { "/Glossary", "LAAAAAAA" },
        { "/Accounts/Login", "AAAAAAAA" },
        { "/Enrollment/Quotas/1", "LAAFFFFF" },
        { "/Enrollment/Receipts/1", "LAAAAAA4" },
        { "/Enrollment/Reconciliation/1", "LAAAAAA4" },
        { "/Enrollment/Roster/1", "LAAAAAAA" },
        { "/Enrollment/Participants/1", "LAAAAAFF" },
        { "/Attendance/Console/1", "LAAAFFFF" },
        { "/Attendance/Sheet/1", "LAAAFFFF" },
        { "/Attendance/Stats/1", "LAAAAAFF" },
        { "/Attendance/Scan?s=1&t=x", "LAAAAAAA" },
    };

    private string echeng = "";

    private async Task<string> Resolve(string path)
    {
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        long id(string p) => units.Single(u => u.Value<string>("path") == p).Value<long>("id");
        echeng = id("鄂州市/鄂城区").ToString();
        return path.Replace("{echeng}", id("鄂州市/鄂城区").ToString()).Replace("{huarong}", id("鄂州市/华容区").ToString());
    }

    [Theory]
    [MemberData(nameof(Api))]
    public async Task Api_endpoints(string method, string path, string expected)
    {
        var url = await Resolve(path);
        await RoleMatrix.AssertApiAsync(app, method, url, expected, () =>
            path.EndsWith("/import") ? new MultipartFormDataContent { { new StringContent("x"), "not-a-file" } }
            : path.EndsWith("/receipts") ? new MultipartFormDataContent { { new ByteArrayContent("单位,姓名,职务,联系方式\n滨湖社区,张三,主任及分管的“两委”成员,13800000000\n"u8.ToArray()), "file", "r.csv" }, { new StringContent(echeng), "unitId" } }
            : path.EndsWith("/receipts/form") ? JsonContent.Create(new { unitId = long.Parse(echeng), rows = new[] { new { unit = "滨湖社区", name = "张三", position = "主任及分管的“两委”成员", phone = "13800000000" } } })
            : path.EndsWith("/substitute") ? JsonContent.Create(new { name = "某人", phone = "13800000000", reason = "测试" })
            : JsonContent.Create(new { invalid = true, parentId = -1 }));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_by_role(string path, string expected) => await RoleMatrix.AssertPageAsync(app, await Resolve(path), expected);
}

public sealed class AuthorizationMatrixTests_Sqlite(SqliteDemo app) : AuthorizationMatrixTests(app), IClassFixture<SqliteDemo>;
public sealed class AuthorizationMatrixTests_Postgres(PostgresDemo app) : AuthorizationMatrixTests(app), IClassFixture<PostgresDemo>;
