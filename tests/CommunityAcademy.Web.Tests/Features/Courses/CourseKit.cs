using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using Dapper;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Courses;

/// <summary>A city with a district (its party school, whose organizer owns the agreement; a street, a community) and a partner institution beside it ; an agreement.</summary>
public static class CourseKit
{
    public sealed record World(long Root, long Community, long Partner, long PartnerDept, long Agreement, string Suffix, string Organizer);

    public static T Ok<T>(Result<T> r) { Assert.True(r.IsOk, r.Error?.ToString()); return r.Value!; }

    public static async Task<World> WorldAsync(TestApp app)
    {
        var u = U();
        var units = app.Get<UnitStore>();
        var city = Ok(await units.CreateAsync(new NewUnit("测课市" + u, UnitKind.City, null)));
        var root = Ok(await units.CreateAsync(new NewUnit("测课区" + u, UnitKind.District, city)));
        var street = Ok(await units.CreateAsync(new NewUnit("测课街道" + u, UnitKind.Street, root)));
        var community = Ok(await units.CreateAsync(new NewUnit("测课社区" + u, UnitKind.Community, street)));
        var partner = Ok(await units.CreateAsync(new NewUnit("测课大学" + u, UnitKind.Department, city))); // beside the district, not under it
        var dept = partner; // nothing goes under a department: its members are at the institution itself
        var school = Ok(await units.CreateAsync(new NewUnit("测课区委党校" + u, UnitKind.Department, root)));
        var organizer = await ReviewerAsync(app, "organizer", "测课区委党校" + u); // an organizer of the party school only
        var org = await UserAsync(app, organizer);
        var agreement = Ok(await app.Get<CourseStore>().CreateAgreementAsync(org,
            new NewAgreement(school, partner, "社区工作者培训课程体系开发合作协议", new DateOnly(2021, 1, 12), new DateOnly(2021, 1, 12), new DateOnly(2021, 12, 31), "合作开发课程")));
        return new World(school, community, partner, dept, agreement, u, organizer);
    }

    public static CourseFields Fields(string title, decimal hours = 2) =>
        new(title, "社区治理", "社区工作者理论知识有待提高", title, "掌握方法", "导入—讲授—讨论—总结", "社区工作者", 90, hours, "lecture", null, "张教授、李老师");

    public static async Task SetUnitAsync(TestApp app, string username, long unit)
    {
        await using var c = await app.Get<Db>().OpenAsync();
        await c.ExecuteAsync("UPDATE users SET unit_id = @unit WHERE username = @username", new { unit, username });
    }
}
