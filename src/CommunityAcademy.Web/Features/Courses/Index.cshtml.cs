using System.Globalization;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// 课程开发 (#20): the organizer's overview — agreements with partner institutions, course proposals, review meetings —
/// with a form for each. A panel member who is not an organizer is sent to the meetings they sit on.
/// </summary>
[Authorize]
public sealed class IndexModel(IAuthorizationService auth, CourseStore courses, MeetingStore meetings, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    public IReadOnlyList<AgreementRow> Agreements { get; private set; } = [];
    public IReadOnlyList<CourseRow> Courses { get; private set; } = [];
    public IReadOnlyList<MeetingRow> Meetings { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name, string Path)> Owners { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name, string Path)> Partners { get; private set; } = [];

    // new agreement
    [BindProperty] public long OwnerUnitId { get; set; }
    [BindProperty] public long PartnerUnitId { get; set; }
    [BindProperty] public string? AgreementTitle { get; set; }
    [BindProperty] public DateOnly? SignedOn { get; set; }
    [BindProperty] public DateOnly? StartsOn { get; set; }
    [BindProperty] public DateOnly? EndsOn { get; set; }
    [BindProperty] public string? Scope { get; set; }
    // new course
    [BindProperty] public long? AgreementId { get; set; }
    [BindProperty] public string? CourseTitle { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public string Format { get; set; } = "lecture";
    [BindProperty] public string? Hours { get; set; }
    // new meeting
    [BindProperty] public string? MeetingTitle { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? Until { get; set; }

    protected override async Task LoadAsync()
    {
        var me = HttpContext.Me();
        Meetings = await meetings.MeetingsAsync(me);
        if (!CanManage) return;
        Agreements = await courses.AgreementsAsync(me);
        Courses = await courses.CoursesAsync(me);
        Owners = await courses.UnitsAsync(me, true);
        Partners = await courses.UnitsAsync(me, false);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        // an expert on no panel yet (the menu links here for experts) finds the page saying so; anyone else on no panel is refused
        if (!CanManage && Meetings.Count == 0 && !HttpContext.Me().IsIn(Domain.Accounts.Role.Expert)) return Forbid();
        return Page();
    }

    public Task<IActionResult> OnPostAgreementAsync() => Manage(async () =>
    {
        var r = await courses.CreateAgreementAsync(HttpContext.Me(), new NewAgreement(OwnerUnitId, PartnerUnitId, AgreementTitle ?? "", SignedOn, StartsOn, EndsOn, Scope));
        return r.IsOk ? Done(texts["Courses.AgreementCreated"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostCourseAsync() => Manage(async () =>
    {
        decimal? hours = null;
        if (!string.IsNullOrWhiteSpace(Hours))
        {
            if (!decimal.TryParse(Hours.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var h)) return texts.Error(new Domain.Error("Course.BadHours", Hours));
            hours = h;
        }
        var fields = new CourseFields(CourseTitle ?? "", Topic, null, null, null, null, null, null, hours, Format, null, null);
        var r = await courses.CreateCourseAsync(HttpContext.Me(), AgreementId, AgreementId is null ? OwnerUnitId : null, fields);
        if (!r.IsOk) return texts.Error(r.Error!);
        Done(texts["Courses.CourseCreated"]);
        return null;
    });

    public Task<IActionResult> OnPostMeetingAsync() => Manage(async () =>
    {
        if (Date is not { } d || !ClassClock.TryParseTime(From, out var from) || !ClassClock.TryParseTime(Until, out var until))
            return texts.Error(new Domain.Error("Course.MeetingTimes"));
        var r = await meetings.CreateAsync(HttpContext.Me(), new NewMeeting(OwnerUnitId, MeetingTitle ?? "", Place,
            ClassClock.ToInstant(d, from, ClassClock.DefaultZone), ClassClock.ToInstant(d, until, ClassClock.DefaultZone)));
        return r.IsOk ? Done(texts["Courses.MeetingCreated"]) : texts.Error(r.Error!);
    });

    public static string Local(DateTimeOffset t) => ClassClock.ToLocal(t, ClassClock.DefaultZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
