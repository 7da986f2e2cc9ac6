using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Resources: community resources 人 文 地 产 景 (#25 point 5) of the communities the caller sees, searched by
/// words and kind; contacts' phones masked by the one rule (a unit contact sees its own communities' in full); a
/// community's keeper adds one with photos, and takes over the Open Space outputs of the 人文地产景 template.
/// </summary>
public sealed class ResourcesModel(UnitStore units, Texts texts, ResourceStore resources, AttachmentStore files) : ScenePageModel(units, texts)
{
    [FromQuery(Name = "q")] public string? Query { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    public IReadOnlyList<ResourceRow> Resources { get; private set; } = [];
    [BindProperty] public ResourceInput Input { get; set; } = new(null, null, null, null, null, null, null);

    private async Task LoadAsync() => Resources = await resources.SearchAsync(Query, Kind, u => SceneAccess.MaySee(Tree, Me, u));

    public string? Phone(ResourceRow r) => PersonalData.For(Me, Tree).Phone(r.ContactPhone, new PersonRecord(SubmittingUnitId: r.UnitId));

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? photos)
    {
        if (!await SeesScenesAsync()) return Forbid();
        if (Input.UnitId is not { } unit || !SceneAccess.Keeps(Tree, Me, unit))
        {
            if (!KeptUnits().Any()) return Forbid();
            await LoadAsync();
            return Refused(new Domain.Error("Scenes.UnitRequired"));
        }
        var evidence = new List<EvidencePhoto>();
        foreach (var f in photos ?? [])
        {
            var (bytes, error) = await files.ReadAsync(f);
            if (bytes is null) { await LoadAsync(); return Refused(new Domain.Error("Scenes.PhotoRefused", f.FileName, error!)); }
            evidence.Add(new EvidencePhoto(f.FileName, bytes));
        }
        var r = await resources.AddAsync(Input, evidence, Me.Id);
        if (r.IsOk) return Done(Texts["Scenes.ResourceAdded"]);
        await LoadAsync();
        return Refused(r.Error!);
    }

    public async Task<IActionResult> OnPostImportAsync()
    {
        if (!await SeesScenesAsync() || !KeptUnits().Any()) return Forbid();
        var n = await resources.ImportOutputsAsync(u => SceneAccess.Keeps(Tree, Me, u), Me.Id);
        return Done(Texts["Scenes.Imported", n]);
    }
}
