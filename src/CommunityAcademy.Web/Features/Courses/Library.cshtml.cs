using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>课程库 (#20 point 4): the accepted courses with version, topic, instructors, 学时, partner and how often taught; as .xlsx (point 5).</summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class LibraryModel(CourseStore courses, Surveys.SurveyRatings ratings) : PageModel
{
    public IReadOnlyList<LibraryCourse> Courses { get; private set; } = [];
    /// <summary>Session ratings from feedback surveys, by course (#23).</summary>
    public IReadOnlyDictionary<long, Surveys.Rating> Ratings { get; private set; } = new Dictionary<long, Surveys.Rating>();

    public async Task<IActionResult> OnGetAsync()
    {
        Courses = await courses.LibraryAsync(HttpContext.Me());
        Ratings = await ratings.ByCourseAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync() =>
        File(LibraryXlsx(await courses.LibraryAsync(HttpContext.Me())), ReviewExports.Xlsx, "课程库.xlsx");

    public static byte[] LibraryXlsx(IReadOnlyList<LibraryCourse> list)
    {
        string[] header = ["课程名称", "主题领域", "版本", "课程形式", "学时", "时长（分钟）", "授课教师", "授课对象", "合作机构", "授课次数", "教学目标"];
        var rows = list.Select(k => (IReadOnlyList<object?>)
        [
            k.Title, k.Topic, k.Version, k.Fields.Format switch { "onsite" => "现场教学", "workshop" => "工作坊", "other" => "其他", _ => "专题讲授" },
            k.Fields.Hours, k.Fields.Minutes, k.Fields.Instructors, k.Fields.Audience, k.Partner, k.Taught, k.Fields.Goals,
        ]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("课程库", header, rows) { FreezeHeader = true, TitleRows = ["课程库"] });
        return ms.ToArray();
    }
}
