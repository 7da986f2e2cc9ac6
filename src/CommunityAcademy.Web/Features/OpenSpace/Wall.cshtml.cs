using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.OpenSpace;

/// <summary>
/// The marketplace wall (集市墙) on the projector: the theme and the grid of slots × spaces in big type, refreshed by
/// js/open-space-wall.js; printed on A4 landscape. Anyone who sees the class may show it.
/// </summary>
public sealed class WallModel(OpenSpaceStore store) : PageModel
{
    [FromRoute] public long Id { get; set; }
    public OpenSpaceDto View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await store.CallerAsync(Id, HttpContext.Me().Id) is null || await store.GetAsync(Id) is not { } v) return NotFound();
        View = v;
        return Page();
    }
}
