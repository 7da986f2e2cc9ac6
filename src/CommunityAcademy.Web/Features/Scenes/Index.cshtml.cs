using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>/Scenes: the scenes of the communities the caller sees, with official and self-assessed stars; managers add scenes.</summary>
public sealed class IndexModel(UnitStore units, Texts texts, SceneStore scenes) : ScenePageModel(units, texts)
{
    public IReadOnlyList<SceneRow> Scenes { get; private set; } = [];
    [BindProperty] public NewSceneInput Input { get; set; } = new(null, null, null, null);

    private async Task LoadAsync() =>
        Scenes = (await scenes.AllAsync()).Where(s => SceneAccess.MaySee(Tree, Me, s.UnitId)).ToList();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        var r = await scenes.CreateAsync(Input, Me.Id);
        if (r.IsOk) return Done(Texts["Scenes.Created"], $"/Scenes/Scene/{r.Value}");
        await LoadAsync();
        return Refused(r.Error!);
    }
}
