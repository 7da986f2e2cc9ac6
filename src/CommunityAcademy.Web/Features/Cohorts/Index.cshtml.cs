using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Cohorts;

public sealed class IndexModel(CohortStore cohorts) : PageModel
{
    public IReadOnlyList<CohortRow> Cohorts { get; private set; } = [];
    public async Task OnGetAsync() => Cohorts = await cohorts.ListVisibleAsync(HttpContext.Me());
}
