using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>The classes the caller may see, by program (项目); archived ones only when asked for.</summary>
public sealed class IndexModel(CohortStore cohorts) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool Archived { get; set; }
    public IReadOnlyList<CohortRow> Cohorts { get; private set; } = [];
    public int ArchivedCount { get; private set; }
    public bool CanManage { get; private set; }

    public IEnumerable<IGrouping<(long Id, string Name), CohortRow>> ByProgram =>
        Cohorts.GroupBy(c => (c.ProgramId, c.ProgramName)).OrderByDescending(g => g.Max(c => c.StartDate));

    public async Task OnGetAsync()
    {
        var me = HttpContext.Me();
        CanManage = me.IsIn(Role.Administrator) || me.IsIn(Role.Organizer);
        var all = await cohorts.ListVisibleAsync(me);
        ArchivedCount = all.Count(c => c.IsArchived);
        Cohorts = all.Where(c => Archived || !c.IsArchived).ToList();
    }
}
