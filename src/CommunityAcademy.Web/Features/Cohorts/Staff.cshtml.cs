using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// 班级工作人员: who is on a class (head teacher, mentors, experts; instructors from the timetable). Staff read it; an
/// organizer adds a person by user name and removes one after a confirmation (?remove={userId}&amp;role=…).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class StaffModel(IAuthorizationService auth, CohortStore cohorts, CohortStaff staff, Texts texts) : ManagedPageModel(auth)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public IReadOnlyList<StaffMemberDto> People { get; private set; } = [];
    public StaffMemberDto? Removing { get; private set; }

    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public long UserId { get; set; }

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        People = Cohort is null ? [] : await staff.ListAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync(long? remove, string? role)
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (Cohort is null) return NotFound();
        if (CanManage && remove is { } r) Removing = People.FirstOrDefault(p => p.UserId == r && p.Role == role && p.Source == "staff");
        return Page();
    }

    public Task<IActionResult> OnPostAddAsync() => Manage(async () =>
    {
        if (string.IsNullOrWhiteSpace(Username)) return texts["Error.Cohorts.StaffUsernameRequired"];
        var r = await staff.AddAsync(HttpContext.Me(), Id, Username, Place ?? "");
        if (!r.IsOk) return texts.Error(r.Error!);
        Username = null;
        return Done(texts["Staff.Added", r.Value!.DisplayName]);
    });

    public Task<IActionResult> OnPostRemoveAsync() => Manage(async () =>
        await staff.RemoveAsync(HttpContext.Me(), Id, UserId, Place) ? Done(texts["Staff.Removed"]) : texts["Error.Cohorts.StaffNotOnClass"]);
}
