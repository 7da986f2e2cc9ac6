using CommunityAcademy.Web.Features.Cohorts;
using System.Globalization;
using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Scene/{id}: a scene's official stars (the latest expert assessment) with the self-assessment beside, the
/// history, the assessment form on a phone (scores per indicator under one version of the standard, evidence photos),
/// the upgrade plan (a review submission), the residents' card results and the scene behaviour summary.
/// </summary>
public sealed class SceneModel(UnitStore units, Texts texts, SceneStore scenes, StandardStore standards, AssessmentStore assessments,
    CardStore cards, ObservationStore observations, AttachmentStore files, CohortStore cohorts) : ScenePageModel(units, texts)
{
    [FromRoute] public long Id { get; set; }
    [FromQuery(Name = "standard")] public long? StandardId { get; set; }
    public SceneRow Scene { get; private set; } = null!;
    public IReadOnlyList<StandardRow> Standards { get; private set; } = [];
    public StandardRow? Standard { get; private set; }
    public IReadOnlyList<AssessmentRow> History { get; private set; } = [];
    public CardResults Cards { get; private set; } = new(0, 0, [], []);
    public ObservationSummary Observations { get; private set; } = new(0, 0, []);
    public string? AssessKind => SceneAccess.AssessesAsExpert(Me) ? "expert" : SceneAccess.AssessesAsSelf(Tree, Me, Scene.UnitId) ? "self" : null;
    public bool Keeps => Scene.UnitId is { } u ? SceneAccess.Keeps(Tree, Me, u) : SceneAccess.Manages(Me);

    private async Task<bool> LoadAsync()
    {
        if (!await SeesScenesAsync()) return false;
        var s = await scenes.FindAsync(Id);
        if (s is null || !SceneAccess.MaySee(Tree, Me, s.UnitId)) return false;
        Scene = s;
        Standards = await standards.AllAsync();
        Standard = Standards.FirstOrDefault(x => x.Id == StandardId) ?? Standards.FirstOrDefault(x => !x.IsRetired);
        History = await assessments.HistoryAsync(Id);
        Cards = await cards.ResultsAsync(Id);
        Observations = await observations.SummaryAsync(Id);
        await LoadPlansAsync(scenes, cohorts, Keeps, [s.PlanCohortId]);
        return true;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing();

    /// <summary>A post naming no handler (or an unknown one) shows the page again rather than failing.</summary>
    public async Task<IActionResult> OnPostAsync() => await LoadAsync() ? Page() : Missing();

    public async Task<IActionResult> OnPostAssessAsync(long standardId, string? note, List<IFormFile>? photos)
    {
        if (!await LoadAsync()) return Missing();
        if (AssessKind is not { } kind) return Forbid();
        StandardId = standardId;
        Standard = Standards.FirstOrDefault(x => x.Id == standardId) ?? Standard;
        var typed = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form.Where(f => f.Key.StartsWith("score.", StringComparison.Ordinal)))
        {
            var text = value.ToString().Trim();
            if (text.Length == 0) { typed[key[6..]] = null; continue; }
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || text.Length > 12)
                return Refused(new Domain.Error("Scenes.NotANumber", key[6..]));
            typed[key[6..]] = d;
        }
        var evidence = new List<EvidencePhoto>();
        foreach (var f in photos ?? [])
        {
            var (bytes, error) = await files.ReadAsync(f);
            if (bytes is null) return Refused(new Domain.Error("Scenes.PhotoRefused", f.FileName, error!));
            evidence.Add(new EvidencePhoto(f.FileName, bytes));
        }
        var r = await assessments.AssessAsync(Id, standardId, kind, typed, note, evidence, Me.Id);
        return r.IsOk ? Done(Texts["Scenes.Assessed"], $"/Scenes/Scene/{Id}") : Refused(r.Error!);
    }

    public async Task<IActionResult> OnPostPlanAsync(long? submissionId)
    {
        if (!await LoadAsync()) return Missing();
        if (!Keeps) return Forbid();
        var e = CheckPlan(submissionId) ?? await scenes.LinkPlanAsync(Id, submissionId, Me.Id);
        return e is null ? Done(Texts["Scenes.PlanLinked"]) : Refused(e);
    }

    public async Task<IActionResult> OnPostUnitAsync(long unitId)
    {
        if (!await LoadAsync()) return Missing();
        if (!SceneAccess.Manages(Me)) return Forbid();
        var e = await scenes.SetUnitAsync(Id, unitId, Me.Id);
        return e is null ? Done(Texts["Scenes.UnitSet"]) : Refused(e);
    }

    public string AgeLabel(string age) => age.Length == 0 ? Texts["Scenes.AgeUnknown"] : Texts["Scenes.Age." + age];
    public string IndicatorName(string key) => Standards.SelectMany(s => s.Standard.Indicators).FirstOrDefault(i => i.Key == key)?.Name ?? key;
}
