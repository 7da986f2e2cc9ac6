using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Handbook;

/// <summary>An article or question of the handbook as a worker reads it on a phone (Markdown shown sanitized), its path;
/// ?versions: its versions with who changed what (two versions side by side, changes marked: <see cref="PlanDiff"/>).</summary>
[Authorize]
public sealed class ArticleModel(HandbookStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty(SupportsGet = true)] public bool Versions { get; set; }

    public ArticleDto? Article { get; private set; }
    public HandbookTree? Tree { get; private set; }
    public bool CanEdit { get; private set; }
    public IReadOnlyList<VersionDto> History { get; private set; } = [];
    public (VersionDto Old, VersionDto New)? Compared { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Article = await store.ArticleAsync(Id);
        if (Article is null) return NotFound();
        Tree = await store.TreeAsync(Article.HandbookId, articles: false);
        CanEdit = await store.CanEditAsync(HttpContext.Me(), Article.HandbookId);
        if (Versions || Version is not null)
        {
            History = await store.VersionsAsync(Id);
            var v = Version ?? Article.Version;
            var now = History.FirstOrDefault(h => h.Version == v);
            var before = History.FirstOrDefault(h => h.Version == v - 1);
            if (now is not null && before is not null) Compared = (before, now);
        }
        return Page();
    }
}
