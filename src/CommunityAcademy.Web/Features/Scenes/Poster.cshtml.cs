using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>/Scenes/Poster/{id}: the A4 poster to put up at the scene — its name and the QR code of its card (the configured public address).</summary>
public sealed class PosterModel(UnitStore units, Texts texts, SceneStore scenes, PublicLinks links) : ScenePageModel(units, texts)
{
    [FromRoute] public long Id { get; set; }
    public SceneRow Scene { get; private set; } = null!;
    public string? Link { get; private set; }
    public string? Qr { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        var s = await scenes.FindAsync(Id);
        if (s is null || !SceneAccess.MaySee(Tree, Me, s.UnitId)) return NotFound();
        Scene = s;
        Link = links.Link(Request, "/Scenes/Card/" + await scenes.CardTokenAsync(Id));
        if (Link is not null) Qr = PublicForms.QrSvg(Link);
        return Page();
    }
}
