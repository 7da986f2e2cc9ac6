using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Reviews;

/// <summary>A reviewer's to-do in a class (#18 point 3): what is assigned, not yet scored first, and when the round closes. Phone-sized.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TodoModel(CohortStore cohorts, ReviewStore reviews) : PageModel
{
    [FromRoute] public long Id { get; set; }
    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<TodoDto> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        Cohort = cohort;
        Items = await reviews.TodoAsync(Id, HttpContext.Me().Id);
        return Page();
    }
}
