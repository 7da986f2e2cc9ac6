using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Standards: the star standard's versions (#25 point 1). Everyone who sees scenes reads them; organizers add a
/// version (the contents as JSON: dimensions → indicators → how scored, thresholds for one to five stars — checked, an
/// overlap refused) and retire one after a question (?confirm=id).
/// </summary>
public sealed class StandardsModel(UnitStore units, Texts texts, StandardStore standards) : ScenePageModel(units, texts)
{
    public IReadOnlyList<StandardRow> Standards { get; private set; } = [];
    [FromQuery(Name = "confirm")] public long? Confirm { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public bool IsSample { get; set; }

    private async Task LoadAsync()
    {
        Standards = await standards.AllAsync();
        var latest = Standards.FirstOrDefault();
        Name ??= latest?.Name;
        Body ??= latest?.Body;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        var r = await standards.AddVersionAsync(Name, Body, IsSample, Me.Id);
        if (r.IsOk) return Done(Texts["Scenes.StandardAdded"]);
        await LoadAsync();
        return Refused(r.Error!);
    }

    public async Task<IActionResult> OnPostRetireAsync(long id)
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        var e = await standards.RetireAsync(id, Me.Id);
        if (e is null) return Done(Texts["Scenes.StandardRetired"]);
        await LoadAsync();
        return Refused(e);
    }
}
