using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>
/// The facilitator's projector page of a café (full screen): the round, its countdown (the time left comes from the
/// server's round start, so a reload does not reset it; wwwroot/js/cafe.js counts), the tables' questions and where
/// each person sits in the round about to start or the next. Start, pause and next round are the facilitator's (organizers and head teachers).
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CafeProjectorModel(IAuthorizationService auth, CohortStore cohorts, CafeStore cafes, Texts texts, TimeProvider clock)
    : ManagedPageModel(auth, GroupsApi.EditPolicy)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SessionId { get; set; }
    public CafeDto? Cafe { get; private set; }
    public DateTimeOffset Now { get; private set; }

    protected override async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Cafe = await cohorts.FindAsync(Id) is null ? null : await cafes.FindAsync(Id, SessionId);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cafe is { HasPlan: true } ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostStartAsync() => Run("start");
    public Task<IActionResult> OnPostPauseAsync() => Run("pause");
    public Task<IActionResult> OnPostNextAsync() => Run("next");

    private Task<IActionResult> Run(string action) => Manage(async () =>
    {
        var r = await cafes.ClockAsync(HttpContext.Me(), Id, SessionId, action);
        return r.IsOk ? null : texts.Error(r.Error!);
    });
}
