using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>
/// A grouping's groups as cards (#16 point 1). Organizers and head teachers rename a group, set its leader, place and
/// mentors, and move people: tick them, choose "移到…", press the button (a plain form: a tablet, no drag-and-drop).
/// Forming again and deleting ask first (?confirm=reform / ?confirm=delete). Mentors and other staff read.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class GroupingModel(IAuthorizationService auth, CohortStore cohorts, GroupStore groups, Texts texts)
    : ManagedPageModel(auth, GroupsApi.EditPolicy)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long GroupingId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public GroupingDetailDto? View { get; private set; }
    public string? Confirm { get; private set; }

    [BindProperty] public List<long> Chosen { get; set; } = [];
    [BindProperty] public string? To { get; set; }
    [BindProperty] public long GroupId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public long? LeaderId { get; set; }
    [BindProperty] public long? HostId { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public long UserId { get; set; }
    [BindProperty] public string Method { get; set; } = "balanced";
    [BindProperty] public int? Count { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        View = Cohort is null ? null : await groups.GetAsync(Id, GroupingId);
    }

    public async Task<IActionResult> OnGetAsync(string? confirm)
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (View is null) return NotFound();
        if (Editable && confirm is "reform" or "delete") Confirm = confirm;
        return Page();
    }

    public Task<IActionResult> OnPostMoveAsync() => Manage(async () =>
    {
        long? to = null;
        if (To is not "none")
        {
            if (!long.TryParse(To, out var t)) return texts["Error.Groups.ChooseTarget"];
            to = t;
        }
        var r = await groups.MoveAsync(HttpContext.Me(), Id, GroupingId, Chosen, to);
        return r.IsOk ? Done(texts["Groups.Moved", r.Value]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostEditAsync() => Manage(async () =>
    {
        var r = await groups.UpdateGroupAsync(HttpContext.Me(), Id, GroupingId, GroupId, Name, Place, Question, LeaderId, HostId);
        return r.IsOk ? Done(texts["Groups.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostAddGroupAsync() => Manage(async () =>
    {
        var r = await groups.AddGroupAsync(HttpContext.Me(), Id, GroupingId, Name);
        return r.IsOk ? Done(texts["Groups.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostAddMentorAsync() => Manage(async () =>
    {
        var r = await groups.AddMentorAsync(HttpContext.Me(), Id, GroupingId, GroupId, Username);
        return r.IsOk ? Done(texts["Groups.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostRemoveMentorAsync() => Manage(async () =>
        await groups.RemoveMentorAsync(HttpContext.Me(), Id, GroupingId, GroupId, UserId) ? Done(texts["Groups.Saved"]) : texts["Error.Groups.NotAMentor"]);

    public Task<IActionResult> OnPostReformAsync() => Manage(async () =>
    {
        if (!GroupForming.TryParse(Method, out var method)) return texts.Error(new Error("Groups.BadMethod", Method ?? ""));
        var r = await groups.ReformAsync(HttpContext.Me(), Id, GroupingId, method, Count ?? 0);
        return r.IsOk ? Done(texts["Groups.Reformed", r.Value]) : texts.Error(r.Error!);
    });

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        return await groups.DeleteAsync(HttpContext.Me(), Id, GroupingId) ? Redirect($"{Request.PathBase}/Groups/{Id}") : NotFound();
    }
}
