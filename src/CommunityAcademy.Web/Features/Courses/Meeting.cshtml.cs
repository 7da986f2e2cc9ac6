using System.Globalization;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// 评审会 (#20 point 3). The organizer: the panel (专家 / 相关负责人 / 社区工作者代表), the agenda of trial lectures in
/// time slots, the scores by course and member, the panel's 修改意见 and decision per course, closing scoring, recording
/// acceptance after a checked revision, changing the rubric (in place before any score, a new version after). A member:
/// the agenda and a link to score each lecture from a phone — a lecture they may never score (their institution developed
/// it) is marked with the reason instead; the member named to check a revision confirms it here. Anyone else: 404.
/// </summary>
[Authorize]
public sealed class MeetingModel(CourseStore courses, MeetingStore meetings, Texts texts, TimeProvider clock) : PageModel
{
    [FromRoute] public long Id { get; set; }
    public MeetingRow Meeting { get; private set; } = null!;
    public bool IsOrganizer { get; private set; }
    public MemberRow? Me { get; private set; }
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<LectureResult> Results { get; private set; } = [];
    public IReadOnlyList<CourseRow> Candidates { get; private set; } = [];
    public bool Closed { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public bool ScoringStarted { get; private set; }
    /// <summary>For a member: lecture id → why they may never score it (a conflict), for the lectures where one applies.</summary>
    public IReadOnlyDictionary<long, string> Conflicts { get; private set; } = new Dictionary<long, string>();

    [BindProperty] public string? RubricName { get; set; }
    [BindProperty] public string? RubricText { get; set; }
    [BindProperty] public string Rule { get; set; } = "TrimmedMean";
    [BindProperty] public decimal FlagSpread { get; set; } = 20m;

    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string Role { get; set; } = "expert";
    [BindProperty] public long UserId { get; set; }
    [BindProperty] public long CourseId { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? Until { get; set; }
    [BindProperty] public string? Presenter { get; set; }
    [BindProperty] public long LectureId { get; set; }
    [BindProperty] public string? Opinion { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public long? CheckerId { get; set; }

    private async Task<bool> LoadAsync()
    {
        var me = HttpContext.Me();
        if (await meetings.ContextAsync(me, Id) is not { } ctx) return false;
        (Meeting, IsOrganizer, Me) = ctx;
        Now = clock.GetUtcNow();
        Closed = Meeting.IsClosed(Now);
        Members = await meetings.MembersAsync(Id);
        var results = await meetings.ResultsAsync(Meeting);
        // A member sees the agenda and their own scores; the panel's scores are the organizer's (and the 汇总's).
        Results = IsOrganizer ? results : results.Select(r => r with { Scores = r.Scores.Where(s => s.UserId == me.Id).ToList() }).ToList();
        if (IsOrganizer) Candidates = (await courses.CoursesAsync(me)).Where(k => k.Status == "draft" && results.All(r => r.Lecture.CourseId != k.Id)).ToList();
        if (Me is { } member)
            Conflicts = results.Select(r => (r.Lecture, Why: r.Lecture.ConflictFor(member.UnitPath))).Where(x => x.Why is not null)
                .ToDictionary(x => x.Lecture.Id, x => texts["Courses.ConflictWith", x.Lecture.PartnerUnit ?? ""] + " " + texts.Error(x.Why!));
        ScoringStarted = IsOrganizer && await meetings.ScoringStartedAsync(Id);
        if (Request.Method == "GET")
        {
            var rubric = Meeting.RubricValue;
            RubricName = rubric.Name.Replace(CourseRules.SampleMark, "");
            RubricText = Domain.Reviews.RubricText.Format(rubric);
            Rule = rubric.Rule.ToString();
            FlagSpread = rubric.FlagSpread;
        }
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        Message = TempData["ca.done"] as string;
        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<IActionResult> Act(Func<CurrentUser, Task<Domain.Error?>> work, string done)
    {
        if (!await LoadAsync()) return NotFound();
        var error = await work(HttpContext.Me());
        if (error is null)
        {
            TempData["ca.done"] = texts[done];
            return Redirect($"{Request.PathBase}/Courses/Meeting/{Id}");
        }
        Error = texts.Error(error);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostMemberAsync() => Act(async me =>
        Enum.TryParse<PanelRole>(Role, true, out var role) ? (await meetings.AddMemberAsync(me, Id, Username ?? "", role)).Error : new Domain.Error("Course.BadRole", Role),
        "Courses.MemberAdded");

    public Task<IActionResult> OnPostRemoveMemberAsync() => Act(async me => (await meetings.RemoveMemberAsync(me, Id, UserId)).Error, "Courses.MemberRemoved");

    public Task<IActionResult> OnPostLectureAsync() => Act(async me =>
    {
        var day = DateOnly.FromDateTime(ClassClock.ToLocal(Meeting.StartsAt, ClassClock.DefaultZone).DateTime);
        if (!ClassClock.TryParseTime(From, out var f) || !ClassClock.TryParseTime(Until, out var u)) return new Domain.Error("Course.SlotOrder");
        return (await meetings.AddLectureAsync(me, Id, CourseId, ClassClock.ToInstant(day, f, ClassClock.DefaultZone), ClassClock.ToInstant(day, u, ClassClock.DefaultZone), Presenter)).Error;
    }, "Courses.LectureAdded");

    public Task<IActionResult> OnPostDecideAsync() => Act(async me =>
    {
        Domain.Courses.Decision? d = null;
        if (!string.IsNullOrEmpty(Decision))
        {
            if (!Enum.TryParse<Domain.Courses.Decision>(Decision, true, out var parsed)) return new Domain.Error("Course.BadDecision", Decision);
            d = parsed;
        }
        return (await meetings.DecideAsync(me, Id, LectureId, Opinion, d, CheckerId)).Error;
    }, "Courses.Decided");

    public async Task<IActionResult> OnPostRubricAsync()
    {
        int version = 0;
        var r = await Act(async me =>
        {
            var edited = await meetings.EditRubricAsync(me, Id, RubricName, RubricText,
                Enum.TryParse<AggregateRule>(Rule, out var rule) && Enum.IsDefined(rule) ? rule : AggregateRule.TrimmedMean, FlagSpread);
            version = edited.IsOk ? edited.Value : 0;
            return edited.Error;
        }, "Courses.RubricSaved");
        if (version > 0) TempData["ca.done"] = texts["Courses.RubricSaved", version];
        return r;
    }

    public Task<IActionResult> OnPostCloseAsync() => Act(async me => (await meetings.CloseAsync(me, Id)).Error, "Courses.Closed");
    public Task<IActionResult> OnPostCheckAsync() => Act(async me => (await meetings.CheckRevisionAsync(me, Id, LectureId)).Error, "Courses.RevisionChecked");
    public Task<IActionResult> OnPostAcceptAsync() => Act(async me => (await meetings.AcceptRevisionAsync(me, Id, LectureId)).Error, "Courses.RevisionAccepted");

    public static string Time(DateTimeOffset t) => ClassClock.ToLocal(t, ClassClock.DefaultZone).ToString("HH:mm", CultureInfo.InvariantCulture);
}
