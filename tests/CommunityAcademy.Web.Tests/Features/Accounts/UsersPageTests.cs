using System.Net;
using System.Text.RegularExpressions;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Tests.Support;

namespace CommunityAcademy.Web.Tests.Features.Accounts;

public abstract class UsersPageTests(TestApp app)
{
    [Fact]
    public async Task An_administrator_creates_a_unit_contact_who_sees_only_that_subtree()
    {
        var admin = await app.Browser("admin");
        var units = await (await (await app.Api("admin")).GetAsync("/api/v1/units")).ReadArrayAsync();
        var liangzihu = units.Single(u => u.Value<string>("name") == "梁子湖区").Value<long>("id");
        var name = "lx" + Guid.NewGuid().ToString("N")[..6];
        var r = await TestApp.PostFormAsync(admin, "/Accounts/Users", new()
        {
            ["NewUsername"] = name, ["NewDisplayName"] = "梁子湖区新联络员", ["NewRole"] = "unit_contact",
            ["NewUnitId"] = liangzihu.ToString(), ["NewPhone"] = "13911112222",
        }, "Create");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        var password = Regex.Match(html, "一次性密码：([A-Za-z0-9]{16})").Groups[1].Value;
        Assert.Equal(16, password.Length);

        var contact = await app.Browser(name, password);
        Assert.Equal("/Accounts/ChangePassword?ReturnUrl=%2FUnits", (await contact.GetAsync("/Units")).LocationPath());
        await TestApp.PostFormAsync(contact, "/Accounts/ChangePassword", new() { ["Current"] = password, ["New"] = "Lzh2026new", ["Confirm"] = "Lzh2026new" });
        var list = await (await (await app.Api(name, "Lzh2026new")).GetAsync("/api/v1/units")).ReadArrayAsync();
        Assert.All(list, u => Assert.StartsWith("鄂州市/梁子湖区", u.Value<string>("path")));
    }

    [Fact]
    public async Task A_contact_or_trainee_without_a_unit_is_refused_and_names_are_unique()
    {
        var admin = await app.Browser("admin");
        var r = await TestApp.PostFormAsync(admin, "/Accounts/Users", new() { ["NewUsername"] = "nounit", ["NewDisplayName"] = "无单位", ["NewRole"] = "trainee", ["NewUnitId"] = "" }, "Create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("必须选择所属单位", await r.Content.ReadAsStringAsync());
        var dup = await TestApp.PostFormAsync(admin, "/Accounts/Users", new() { ["NewUsername"] = "Organizer", ["NewDisplayName"] = "重名", ["NewRole"] = "organizer" }, "Create");
        Assert.Contains("已被使用", await dup.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Resetting_a_password_gives_a_one_time_password_and_ends_the_old_one()
    {
        var name = "rs" + Guid.NewGuid().ToString("N")[..6];
        var id = await app.Get<AccountStore>().CreateAsync(new NewUser(name, "重置测试", "Before123", ["mentor"]));
        var admin = await app.Browser("admin");
        var r = await TestApp.PostFormAsync(admin, "/Accounts/Users", new() { ["id"] = id.ToString() }, "Reset");
        var password = Regex.Match(await r.Content.ReadAsStringAsync(), "一次性密码：([A-Za-z0-9]{16})").Groups[1].Value;
        using var c = app.Anonymous();
        var old = await c.PostAsync("/api/v1/auth/token", System.Net.Http.Json.JsonContent.Create(new { username = name, password = "Before123" }));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await app.TokenAsync(name, password);
    }
}

public sealed class UsersPageTests_Sqlite(SqliteDemo app) : UsersPageTests(app), IClassFixture<SqliteDemo>;
public sealed class UsersPageTests_Postgres(PostgresDemo app) : UsersPageTests(app), IClassFixture<PostgresDemo>;
