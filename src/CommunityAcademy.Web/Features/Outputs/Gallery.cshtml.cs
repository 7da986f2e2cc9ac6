using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Outputs;

/// <summary>
/// 摆摊 (#17 point 4): every stall of a session as a grid, or one at a time (?n=1…, next and previous) full screen on
/// the projector (?projector=1) or on a phone; class members comment (≤ 200 characters) and like (a second tap takes
/// it back); the organizer sees which stalls drew most.
/// </summary>
[Authorize]
public sealed class GalleryModel(OutputStore store, CohortStore cohorts, Texts texts) : PageModel
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long Session { get; set; }
    [FromQuery] public int? N { get; set; }
    [FromQuery] public bool Projector { get; set; }

    public CohortRow? Cohort { get; private set; }
    public OutputContext? Context { get; private set; }
    public OutputBoard? Board { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public string? Body { get; set; }

    /// <summary>The stalls shown: one (1-based N, kept in range) or all.</summary>
    public IReadOnlyList<OutputStall> Shown => Board is null ? [] : N is { } n && Board.Stalls.Count > 0
        ? [Board.Stalls[Math.Clamp(n, 1, Board.Stalls.Count) - 1]] : Board.Stalls;
    public int Current => Board is null || Board.Stalls.Count == 0 ? 0 : Math.Clamp(N ?? 1, 1, Board.Stalls.Count);

    public string Link(int? n, bool? projector = null)
    {
        var q = new List<string>();
        if (n is { } v) q.Add($"n={v}");
        if (projector ?? Projector) q.Add("projector=true");
        return $"/Outputs/Gallery/{Id}/{Session}" + (q.Count == 0 ? "" : "?" + string.Join("&", q));
    }

    private async Task<IActionResult?> LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Context = Cohort is null ? null : await store.ContextAsync(HttpContext.Me(), Session, Id);
        if (Context is null) return NotFound();
        if (!Context.MayVisit) return Forbid();
        Board = await store.BoardAsync(Context);
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    private async Task<IActionResult> VisitAsync(Func<OutputContext, OutputOwner, Task<Domain.Error?>> work)
    {
        if (await LoadAsync() is { } answer) return answer;
        if (!OutputOwner.TryParse(Owner, out var owner)) return NotFound();
        var e = await work(Context!, owner);
        if (e is null) return Redirect($"{Request.PathBase}{Link(N)}#{owner}");
        if (e.Code == "Outputs.NotAllowed") return Forbid();
        if (e.Code == "Outputs.UnknownOwner") return NotFound();
        Error = store.Message(e);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public Task<IActionResult> OnPostCommentAsync() => VisitAsync(async (ctx, owner) => (await store.CommentAsync(ctx, owner, Body)).Error);
    public Task<IActionResult> OnPostLikeAsync() => VisitAsync(async (ctx, owner) => (await store.ToggleLikeAsync(ctx, owner)).Error);

    public string Title => texts["Outputs.GalleryOf", Board?.SessionTitle ?? ""];
}
