using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>
/// A page of one of my classes (/Me/…/{id}): the class check of the /Me folder (CohortAccess) runs first, then the
/// page answers 404 unless the caller is an active trainee of the class. Without an id: my only class, or the list.
/// </summary>
public abstract class MyPage(MyTraining training) : PageModel
{
    public MyClass Mine { get; private set; } = null!;
    public IReadOnlyList<MyClass> Choices { get; private set; } = [];
    protected MyTraining Training => training;

    /// <summary>Finds the class; null means the page may go on, otherwise the answer (404, a redirect, the choice).</summary>
    protected async Task<IActionResult?> FindAsync(long? id)
    {
        var me = HttpContext.Me();
        if (id is null)
        {
            Choices = await training.ClassesAsync(me);
            if (Choices.Count == 1) return Redirect($"{Request.PathBase}{Request.Path.Value!.TrimEnd('/')}/{Choices[0].Cohort.Id}");
            return Page();
        }
        if (await training.ClassAsync(me, id.Value) is not { } mine) return NotFound();
        Mine = mine;
        return null;
    }
}
