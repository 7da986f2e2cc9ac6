using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Features.Courses;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 课程开发 (#20) on seed 003: a panel member scores a trial lecture on a phone (a meeting held now, set up through the
/// stores as the organizer would); the organizer adds a library course to the class's timetable.
/// </summary>
public sealed class CoursesJourney(BrowserApp app) : BrowserTest(app)
{
    private async Task<CurrentUser> UserAsync(string username)
    {
        await using var c = await App.Services.GetRequiredService<Db>().OpenAsync();
        var (id, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @username", new { username });
        var roles = (await c.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id", new { id })).ToHashSet();
        return new CurrentUser(id, username, name, roles, unit);
    }

    [Fact]
    public Task A_panel_member_scores_a_trial_lecture_on_a_phone() => Journey(Screen.Phone, async page =>
    {
        var org = await UserAsync(Seed003.Organizer);
        var courses = App.Services.GetRequiredService<CourseStore>();
        var meetings = App.Services.GetRequiredService<MeetingStore>();
        var agreement = (await courses.AgreementsAsync(org)).Single().Id;
        var course = (await courses.CreateCourseAsync(org, agreement, null,
            new CourseFields("社区议事协商实务（示例）", "议事协商", "居民议事缺少规范", "议事协商", "会用议事规则", "导入—演练—点评", "社区工作者", 90, 2, "workshop", "角色扮演", "贵州民族大学课程团队"))).Value;
        var now = DateTimeOffset.UtcNow;
        var meeting = (await meetings.CreateAsync(org, new NewMeeting(org.UnitId!.Value, "补充课程评审会", "区委党校", now.AddMinutes(-30), now.AddHours(3)))).Value;
        await meetings.AddLectureAsync(org, meeting, course, now.AddMinutes(-20), now.AddMinutes(20), "李老师");
        await meetings.AddMemberAsync(org, meeting, Seed003.Panel[4].Username, PanelRole.Worker);

        await SignInAsync(page, Seed003.Panel[4].Username);
        await page.GotoAsync($"/Courses/Meeting/{meeting}");
        await Expect(page.Locator("#my-role")).ToContainTextAsync("社区工作者代表");
        await page.GetByRole(AriaRole.Link, new() { Name = "评分" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Courses/Score/\d+/\d+$"));
        foreach (var name in new[] { "目标明确", "贴近社区工作实际", "方法互动", "结构清晰", "时间把控" })
            await page.GetByLabel(new Regex("^" + name)).FillAsync("9");
        await page.GetByLabel("意见").FillAsync("演练环节很实用。");
        await page.Locator("#score-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评分已提交（88.89 分）");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the scoring page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "course-score", Screen.Phone);
    });

    [Fact]
    public Task The_organizer_adds_a_library_course_to_the_timetable() => Journey(Screen.Desktop, async page =>
    {
        await SignInAsync(page, Seed003.Organizer);
        await page.GetByRole(AriaRole.Link, new() { Name = Seed003.Title }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看课程表" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "添加课程" }).ClickAsync();
        await page.Locator("#CourseId").SelectOptionAsync(new SelectOptionValue { Label = "社区工作与社区工作者职业素养（3 学时）" });
        await page.GetByRole(AriaRole.Button, new() { Name = "填入" }).ClickAsync();
        await Expect(page.Locator("#Title")).ToHaveValueAsync("社区工作与社区工作者职业素养");
        await Expect(page.Locator("#StudyHoursText")).ToHaveValueAsync("3");
        await page.Locator("#Start").FillAsync("19:00");
        await page.Locator("#End").FillAsync("20:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Timetable/\d+\?saved=\d+"));
        await Expect(page.GetByText("社区工作与社区工作者职业素养").First).ToBeVisibleAsync();
        await page.GotoAsync("/Courses/Library");
        await Expect(page.Locator("#library tr", new() { HasText = "社区工作与社区工作者职业素养" }).Locator("td").Last).ToHaveTextAsync("2");
        await A11y.CheckPageAsync(page, "zh-CN");
    });
}
