using System.Globalization;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>Adds a session to a class or changes one; the same checks as the API.</summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class EditModel(SessionStore store, Texts T, Courses.CourseStore courses) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public SessionCatalog Catalog { get; private set; } = null!;
    public Dictionary<string, List<string>> Errors { get; } = new();

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? End { get; set; }
    [BindProperty] public bool PastMidnight { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Method { get; set; }
    [BindProperty] public List<long> InstructorIds { get; set; } = [];
    [BindProperty] public List<long> TeamIds { get; set; } = [];
    [BindProperty] public string? InstructorsLabel { get; set; }
    [BindProperty] public string? Venue { get; set; }
    [BindProperty] public long? TeachingPointId { get; set; }
    [BindProperty] public long? SceneId { get; set; }
    [BindProperty] public bool SignInRequired { get; set; } = true;
    [BindProperty] public string? StudyHoursText { get; set; }
    [BindProperty] public string? OnlineLink { get; set; }
    [BindProperty] public string? Material { get; set; }

    public long? SessionId { get; private set; }

    /// <summary>课程库 (#20): the library course the new session is filled in from (title, type, 学时, instructors); remembered on save.</summary>
    [BindProperty(SupportsGet = true)] public long? CourseId { get; set; }
    public IReadOnlyList<Courses.LibraryCourse> Library { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, long? sessionId)
    {
        if (!await LoadAsync(id)) return NotFound();
        SessionId = sessionId;
        if (sessionId is { } sid)
        {
            if (await store.GetAsync(sid) is not { } s || s.Row.CohortId != id) return NotFound();
            var r = s.Row;
            (Date, Start, End, PastMidnight, Title, Type, Method) = (r.SessionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.StartTime, r.EndTime, r.PastMidnight, r.Title, r.SessionType, r.WorkshopMethod);
            InstructorIds = s.People.Where(p => p.InstructorId is not null).Select(p => p.InstructorId!.Value).ToList();
            TeamIds = s.People.Where(p => p.TeamId is not null).Select(p => p.TeamId!.Value).ToList();
            (InstructorsLabel, Venue, TeachingPointId, SceneId, SignInRequired, OnlineLink, Material) =
                (r.Instructors, r.Venue, r.TeachingPointId, r.SceneId, r.SignInRequired, r.OnlineLink, r.Material);
            StudyHoursText = s.StudyHoursSet is { } h ? StudyHours.Format(h) : null;
        }
        else
        {
            Date = Cohort.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            SignInRequired = true;
            if (Library.FirstOrDefault(k => k.Id == CourseId) is { } course)
                (Title, Type, StudyHoursText, InstructorsLabel) = (course.Title, course.SessionType,
                    course.Fields.Hours?.ToString("0.#", CultureInfo.InvariantCulture), course.Fields.Instructors);
            else CourseId = null;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long? sessionId)
    {
        if (!await LoadAsync(id)) return NotFound();
        SessionId = sessionId;
        if (sessionId is { } sid && (await store.GetAsync(sid) is not { } existing || existing.Row.CohortId != id)) return NotFound();

        decimal? hours = null;
        if (!string.IsNullOrWhiteSpace(StudyHoursText))
        {
            if (decimal.TryParse(StudyHoursText.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var h)) hours = h;
            else Add("studyHours", T["Timetable.StudyHoursNumber"]);
        }
        var draft = new SessionDraft
        {
            Date = Date, Start = Start, End = End, PastMidnight = PastMidnight, Title = Title, Type = Type, Method = Method,
            InstructorIds = InstructorIds, TeamIds = TeamIds, Instructors = InstructorsLabel, Venue = Venue,
            TeachingPointId = TeachingPointId, SceneId = SceneId, SignInRequired = SignInRequired, StudyHours = hours,
            OnlineLink = OnlineLink, Material = Material,
        };
        var r = SessionValidator.Validate(draft, Cohort, Catalog, out var errors);
        foreach (var e in errors) Add(e.Field.Split('[')[0], T.Error(e.Error));
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        long saved;
        if (sessionId is { } s2) { await store.UpdateAsync(s2, r.Value!); saved = s2; }
        else saved = await store.AddAsync(id, r.Value!);
        if (CourseId is { } courseId) await courses.RecordTaughtAsync(HttpContext.Me(), saved, courseId); // not in the library: nothing remembered
        return Redirect($"/Timetable/{id}?saved={saved}#session-{saved}");
    }

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        list.Add(message);
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var l) ? string.Join(" ", l) : null;

    private async Task<bool> LoadAsync(long id)
    {
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is not { } cohort) return false;
        Cohort = cohort;
        Catalog = await store.CatalogAsync();
        Library = await courses.LibraryAsync(HttpContext.Me());
        return true;
    }
}
