using System.Globalization;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// A course proposal (#20 point 2): its fields (教学背景、教学主题、教学目标、教学流程, audience, length, 学时, format,
/// instructors), saved into the current version or as a new one (an accepted course only as a new one), its files
/// (slides, handouts) on the current version, its versions, the meetings that heard it and where it was taught.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class CourseModel(IAuthorizationService auth, CourseStore courses, AttachmentStore files, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CourseRow? Course { get; private set; }
    public IReadOnlyList<CourseVersionDto> Versions { get; private set; } = [];
    public IReadOnlyList<AttachmentRow> Files { get; private set; } = [];
    public IReadOnlyList<CourseUse> Uses { get; private set; } = [];

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public string? Background { get; set; }
    [BindProperty] public string? Theme { get; set; }
    [BindProperty] public string? Goals { get; set; }
    [BindProperty] public string? Flow { get; set; }
    [BindProperty] public string? Audience { get; set; }
    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public string Format { get; set; } = "lecture";
    [BindProperty] public string? Method { get; set; }
    [BindProperty] public string? Instructors { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    private bool _keepTyped;

    protected override async Task LoadAsync()
    {
        Course = await courses.CourseAsync(HttpContext.Me(), Id);
        if (Course is null) return;
        Versions = await courses.VersionsAsync(Id);
        var current = Versions.Last();
        Files = await courses.FilesAsync(current.Id);
        Uses = await courses.UsesAsync(Id);
        if (_keepTyped) return;
        var f = current.Fields;
        (Version, Title, Topic, Background, Theme, Goals, Flow, Audience, Format, Method, Instructors) =
            (current.Number, f.Title, f.Topic, f.Background, f.Theme, f.Goals, f.Flow, f.Audience, f.Format, f.Method, f.Instructors);
        Minutes = f.Minutes?.ToString(CultureInfo.InvariantCulture);
        Hours = f.Hours?.ToString("0.#", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Course is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => SaveAsync(false);
    public Task<IActionResult> OnPostNewVersionAsync() => SaveAsync(true);

    private async Task<IActionResult> SaveAsync(bool asNew)
    {
        _keepTyped = true;
        var result = await Manage(async () =>
        {
            int? minutes = null;
            decimal? hours = null;
            if (!string.IsNullOrWhiteSpace(Minutes))
            {
                if (!int.TryParse(Minutes.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m)) return texts.Error(new Domain.Error("Course.BadMinutes", Minutes));
                minutes = m;
            }
            if (!string.IsNullOrWhiteSpace(Hours))
            {
                if (!decimal.TryParse(Hours.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var h)) return texts.Error(new Domain.Error("Course.BadHours", Hours));
                hours = h;
            }
            var fields = new CourseFields(Title ?? "", Topic, Background, Theme, Goals, Flow, Audience, minutes, hours, Format, Method, Instructors);
            var r = await courses.SaveAsync(HttpContext.Me(), Id, Version, fields, asNew, Note);
            return r.IsOk ? Done(texts[asNew ? "Courses.VersionSaved" : "Courses.Saved", r.Value]) : texts.Error(r.Error!);
        });
        return result;
    }

    public Task<IActionResult> OnPostFileAsync() => Manage(async () =>
    {
        if (Upload is null) return texts["Attachments.Empty"];
        var (bytes, problem) = await files.ReadAsync(Upload);
        if (bytes is null) return problem;
        var r = await courses.AddFileAsync(HttpContext.Me(), Id, bytes, Upload.FileName);
        return r.IsOk ? Done(texts["Courses.FileAdded"]) : texts.Error(r.Error!);
    });
}
