using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>我的培训班: the caller's active enrolments as cards, each leading to the class's pages for a trainee.</summary>
public sealed class IndexModel(MyTraining training) : PageModel
{
    public IReadOnlyList<MyClass> Classes { get; private set; } = [];

    public async Task OnGetAsync() => Classes = await training.ClassesAsync(HttpContext.Me());
}
