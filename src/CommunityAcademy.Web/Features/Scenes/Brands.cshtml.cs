using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>/Scenes/Brands: community brands (#25 point 6) — name, slogan, the six traits with evidence, the brand plan (a review submission).</summary>
public sealed class BrandsModel(UnitStore units, Texts texts, BrandStore brands, SceneStore scenes, CohortStore cohorts) : ScenePageModel(units, texts)
{
    public IReadOnlyList<BrandRow> Brands { get; private set; } = [];
    [BindProperty] public long? UnitId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slogan { get; set; }
    [BindProperty] public long? PlanSubmissionId { get; set; }
    [BindProperty] public Dictionary<string, string?> Traits { get; set; } = new();

    private async Task LoadAsync()
    {
        Brands = await brands.AllAsync(u => SceneAccess.MaySee(Tree, Me, u));
        await LoadPlansAsync(scenes, cohorts, KeptUnits().Any(), Brands.Select(b => b.PlanCohortId));
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await SeesScenesAsync() || !KeptUnits().Any()) return Forbid();
        await LoadAsync(); // the page as it was, shown again with what was typed when the post is refused
        if (UnitId is not { } unit || !SceneAccess.Keeps(Tree, Me, unit)) return Refused(new Domain.Error("Scenes.UnitRequired"));
        if (CheckPlan(PlanSubmissionId) is { } unknown) return Refused(unknown);
        var r = await brands.AddAsync(new BrandInput(UnitId, Name, Slogan, PlanSubmissionId, Traits), Me.Id);
        return r.IsOk ? Done(Texts["Scenes.BrandAdded"]) : Refused(r.Error!);
    }

    public static IReadOnlyList<string> TraitKeys => SceneTerms.BrandTraits;
}
