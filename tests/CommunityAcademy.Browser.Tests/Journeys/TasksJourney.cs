using System.Text.RegularExpressions;
using CommunityAcademy.Browser.Tests.Support;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CommunityAcademy.Browser.Tests.Journeys;

/// <summary>
/// 实践任务 (#19 point 1) on a phone, on seed 004: a 关爱专员 opens 学习总结报告, is told an incomplete report is too short,
/// writes it, adds a photo taken on the phone and hands it in; the mentor assigned to it returns it with an opinion, and
/// the trainee reads it on the phone.
/// </summary>
public sealed class TasksJourney(BrowserApp app) : BrowserTest(app)
{
    private static byte[] Photo()
    {
        using var bmp = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(bmp)) canvas.Clear(new SKColor(0x99, 0x33, 0x33));
        using var img = SKImage.FromBitmap(bmp);
        return img.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    [Fact]
    public Task A_trainee_hands_in_a_task_with_a_photo_on_a_phone_and_a_mentor_returns_it() => Journey(Screen.Phone, async page =>
    {
        string mentor, name;
        await using (var c = await App.Services.GetRequiredService<Db>().OpenAsync())
        {
            name = await c.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE username = 'gc07'") ?? "";
            mentor = await c.ExecuteScalarAsync<string>("""
                SELECT mu.username FROM review_assignments a JOIN users mu ON mu.id = a.user_id JOIN review_submissions s ON s.id = a.submission_id
                JOIN reviews r ON r.id = s.review_id JOIN enrollments e ON e.id = s.enrollment_id JOIN users u ON u.id = e.user_id
                WHERE r.title = @t AND u.username = 'gc07' ORDER BY mu.username LIMIT 1
                """, new { t = Seed004Tasks.Task3 }) ?? throw new InvalidOperationException("no mentor on gc07's report");
        }

        await SignInAsync(page, "gc07");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Title }).First.ClickAsync();
        await page.Locator("#class-tasks-mine").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Me/Tasks/\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004Tasks.Task3 }).ClickAsync();
        await page.GetByLabel("学习总结报告", new() { Exact = true }).FillAsync("两次直播课程让我收获很大。");
        await page.Locator("#task-handin").ClickAsync();
        await Expect(page.Locator("#task-error")).ToContainTextAsync("须不少于 300 字");

        var report = string.Concat(Enumerable.Repeat("参访霞石村时看到社工借助社区花园把村民聚在一起，回到社区后我准备先从居民骨干入手，围绕大家最关心的需求组织议事。", 6));
        await page.GetByLabel("学习总结报告", new() { Exact = true }).FillAsync(report);
        await page.Locator("input[type=file][capture=environment]").SetInputFilesAsync(new FilePayload { Name = "IMG_0007.jpg", MimeType = "image/jpeg", Buffer = Photo() });
        await page.Locator("button[data-upload]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已上传");
        await Expect(page.Locator(".task-files img")).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("学习总结报告", new() { Exact = true })).ToHaveValueAsync(report); // kept as a draft with the upload
        await page.Locator("#task-handin").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交");
        await Expect(page.Locator("#task-state")).ToContainTextAsync("已提交");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the task page is wider than the phone");
        await A11y.CheckPageAsync(page, "zh-CN");
        await ScreenshotAsync(page, "task", Screen.Phone);

        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, mentor);
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Title }).First.ClickAsync();
        await page.Locator("#class-tasks").ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Tasks/\d+$"));
        await page.Locator("#task-todo li", new() { HasText = Seed004Tasks.Task3 }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Tasks/Score/\d+/\d+$"));
        await Expect(page.Locator(".task-photo")).ToHaveCountAsync(1);
        await page.GetByLabel("修改意见").FillAsync("请结合本社区的实际，写出下一步的具体打算。");
        await page.Locator("#return-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已退回");
        await Expect(page.Locator("#task-state")).ToContainTextAsync("退回修改");
        await A11y.CheckPageAsync(page, "zh-CN");

        await page.Context.ClearCookiesAsync();
        await SignInAsync(page, "gc07");
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004.Title }).First.ClickAsync();
        await page.Locator("#class-tasks-mine").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Seed004Tasks.Task3 }).ClickAsync();
        await Expect(page.Locator("#task-opinions")).ToContainTextAsync("写出下一步的具体打算");
        await Expect(page.Locator("#task-state")).ToContainTextAsync("退回修改");
    });
}
