using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>Instructors and teaching teams: staff read, administrators and organizers change.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class InstructorsModel(InstructorStore store, IAuthorizationService auth, Texts T, Surveys.SurveyRatings ratings) : ManagedPageModel(auth)
{
    /// <summary>Session ratings from feedback surveys (the "instructor" aspect), by instructor (#23).</summary>
    public IReadOnlyDictionary<long, Surveys.Rating> Ratings { get; private set; } = new Dictionary<long, Surveys.Rating>();
    public IReadOnlyList<InstructorRow> People { get; private set; } = [];
    public IReadOnlyList<TeamRow> Teams { get; private set; } = [];
    public bool SeesPhones { get; private set; }

    [BindProperty] public long? Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public long? LeadInstructorId { get; set; }
    [BindProperty] public int? Headcount { get; set; }
    [BindProperty] public List<long> MemberIds { get; set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostCreateAsync() => Manage(async () =>
    {
        var r = await store.CreateAsync(new NewInstructor(Name ?? "", Title, Organisation, Phone, null));
        return r.IsOk ? Done(T["Timetable.InstructorCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    public Task<IActionResult> OnPostUpdateAsync() => Manage(async () =>
    {
        if (Id is not { } id || await store.GetAsync(id) is not { } old) return T["Error.Timetable.UnknownInstructor", Id ?? 0];
        var e = await store.UpdateAsync(id, new NewInstructor(Name ?? "", Title, Organisation, Phone, old.UserId));
        return e is null ? Done(T["Timetable.InstructorSaved", Name!.Trim()]) : T.Error(e);
    });

    public Task<IActionResult> OnPostCreateTeamAsync() => Manage(async () =>
    {
        var r = await store.CreateTeamAsync(new NewTeam(Name ?? "", Organisation, LeadInstructorId, Headcount, MemberIds));
        return r.IsOk ? Done(T["Timetable.TeamCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    public Task<IActionResult> OnPostUpdateTeamAsync() => Manage(async () =>
    {
        if (Id is not { } id) return T["Error.Timetable.UnknownTeam", 0];
        var e = await store.UpdateTeamAsync(id, new NewTeam(Name ?? "", Organisation, LeadInstructorId, Headcount, MemberIds));
        return e is null ? Done(T["Timetable.TeamSaved", Name!.Trim()]) : T.Error(e);
    });



    protected override async Task LoadAsync()
    {
        Ratings = await ratings.ByInstructorAsync();
        var me = HttpContext.Me();
        await AuthorizedAsync();
        SeesPhones = me.SeesPersonalData;
        People = await store.ListAsync();
        Teams = await store.TeamsAsync();
    }
}
