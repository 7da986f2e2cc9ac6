using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features;

public sealed class IndexModel(CohortStore cohorts) : PageModel
{
    public CurrentUser Me { get; private set; } = null!;
    public IReadOnlyList<CohortRow> Cohorts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Me = HttpContext.Me();
        Cohorts = await cohorts.ListVisibleAsync(Me);
    }
}
