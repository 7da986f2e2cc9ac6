using System.Globalization;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// 试讲评分 (#20 point 3), made for a phone: the lecture's course as presented (教学背景、教学主题、教学目标、教学流程),
/// one criterion of the meeting's rubric a row, an opinion, one button. Only a panel member reaches it (anyone else: 404);
/// the window and the partner-institution rule are the store's, refused with the message. A member who may never score the
/// lecture (their institution developed it) is told so up front, without a form.
/// </summary>
[Authorize]
public sealed class ScoreModel(MeetingStore meetings, CourseStore courses, Texts texts) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long LectureId { get; set; }
    public MeetingRow Meeting { get; private set; } = null!;
    public LectureRow Lecture { get; private set; } = null!;
    public Rubric Rubric { get; private set; } = null!;
    public CourseFields? Presented { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Why the member may never score this lecture (a conflict), said before they try; null when they may.</summary>
    public string? Conflict { get; private set; }
    /// <summary>The version of the rubric the member's earlier score was given under, when older than the current one.</summary>
    public int? OlderVersion { get; private set; }
    public Dictionary<string, string> Values { get; set; } = [];
    [BindProperty] public string? Opinion { get; set; }

    private async Task<bool> LoadAsync(bool keepTyped)
    {
        var me = HttpContext.Me();
        if (await meetings.ContextAsync(me, Id) is not { Member: not null } ctx) return false;
        if (await meetings.LectureAsync(Id, LectureId) is not { } lecture) return false;
        (Meeting, Lecture, Rubric) = (ctx.Meeting, lecture, ctx.Meeting.RubricValue);
        Presented = (await courses.VersionsAsync(lecture.CourseId)).FirstOrDefault(v => v.Number == lecture.VersionNumber)?.Fields;
        if (lecture.ConflictFor(ctx.Member.UnitPath) is { } why) Conflict = texts["Courses.ConflictWith", lecture.PartnerUnit ?? ""] + " " + texts.Error(why);
        if ((await meetings.ScoresAsync(Id)).FirstOrDefault(s => s.LectureId == LectureId && s.UserId == me.Id) is { } mine)
        {
            if (mine.RubricVersion != Rubric.Version) OlderVersion = mine.RubricVersion;
            if (!keepTyped)
            {
                // a score under an older rubric is not offered as the values: the criteria or their scales changed
                if (OlderVersion is null) Values = mine.Values.ToDictionary(kv => kv.Key, kv => kv.Value.ToString("0.#", CultureInfo.InvariantCulture));
                Opinion = mine.Opinion;
            }
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["ca.done"] as string;
        return await LoadAsync(false) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(true)) return NotFound();
        Values = ReviewJson.Indexed(Request.Form, "Values");
        var values = new Dictionary<string, decimal>();
        Error? bad = null;
        foreach (var (key, text) in Values)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) values[key] = v;
            else bad ??= new Error("Review.NotANumber", Rubric.Criteria.FirstOrDefault(c => c.Key == key)?.Name ?? key);
        }
        var r = bad is null ? await meetings.ScoreAsync(HttpContext.Me(), Id, LectureId, values, Opinion) : bad;
        if (r.IsOk)
        {
            TempData["ca.done"] = texts["Courses.Scored", r.Value.ToString("0.##", CultureInfo.InvariantCulture)];
            return Redirect($"{Request.PathBase}/Courses/Score/{Id}/{LectureId}");
        }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
