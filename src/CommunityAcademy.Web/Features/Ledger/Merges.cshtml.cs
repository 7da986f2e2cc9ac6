using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>同一人员合并 (#21 point 4): accounts proposed as one person (same ID number, or same name in the same unit, under
/// another mobile number); a merge or a dismissal asks first (?keep=&amp;merge= shows the panel with the POST form), each is
/// audited, and a merge is undone from the list (?undo= asks first). Administrators and organizers of no single office.</summary>
[Authorize(Policy = Policies.ManageUnits)]
public sealed class MergesModel(IAuthorizationService auth, PersonMerges merges, Texts texts) : ManagedPageModel(auth, Policies.ManageUnits)
{
    [FromQuery(Name = "keep")] public long? Keep { get; set; }
    [FromQuery(Name = "merge")] public long? Merge { get; set; }
    [FromQuery(Name = "undo")] public long? Undo { get; set; }
    [BindProperty] public long KeepUserId { get; set; }
    [BindProperty] public long MergeUserId { get; set; }
    [BindProperty] public long MergeId { get; set; }

    public IReadOnlyList<MergeProposalDto> Proposals { get; private set; } = [];
    public IReadOnlyList<MergeDto> Done_ { get; private set; } = [];
    public MergeProposalDto? Asking { get; private set; }
    public MergeDto? AskingUndo { get; private set; }

    private bool Allowed(CurrentUser me) => me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null);

    protected override async Task LoadAsync()
    {
        Proposals = await merges.ProposalsAsync();
        Done_ = await merges.MergesAsync();
        Asking = Proposals.FirstOrDefault(p => p.KeepUserId == Keep && p.MergeUserId == Merge);
        AskingUndo = Done_.FirstOrDefault(m => m.Id == Undo && m.UndoneAt is null);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Allowed(HttpContext.Me())) return Forbid();
        await AuthorizedAsync();
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostMergeAsync() => Manage(async () =>
        !Allowed(HttpContext.Me()) ? texts.Error(new Domain.Error("Ledger.NotProposed"))
        : (await merges.MergeAsync(HttpContext.Me(), KeepUserId, MergeUserId)) is { IsOk: false } r ? texts.Error(r.Error!) : Done(texts["Ledger.Merged"]));

    public Task<IActionResult> OnPostDismissAsync() => Manage(async () =>
        !Allowed(HttpContext.Me()) ? texts.Error(new Domain.Error("Ledger.NotProposed"))
        : (await merges.DismissAsync(HttpContext.Me(), KeepUserId, MergeUserId)) is { IsOk: false } r ? texts.Error(r.Error!) : Done(texts["Ledger.Dismissed"]));

    public Task<IActionResult> OnPostUndoAsync() => Manage(async () =>
        !Allowed(HttpContext.Me()) ? texts.Error(new Domain.Error("Ledger.NoSuchMerge"))
        : await merges.UndoAsync(HttpContext.Me(), MergeId) is { } e ? texts.Error(e) : Done(texts["Ledger.Undone"]));
}
