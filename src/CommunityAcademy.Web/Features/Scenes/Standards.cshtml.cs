using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Standards: the star standard's versions (#25 point 1). Everyone who sees scenes reads them; organizers add a
/// version through a form — dimensions → indicators (name, weight, how scored) → ranges for one to five stars — started
/// from the latest version (or ?from=id); "add a dimension / an indicator" and "remove" post the form and return it with
/// the row changed, nothing typed lost (no JavaScript needed); each broken rule is shown at its field
/// (<see cref="StandardDraft.Read"/>); saving stores a new version. A version is retired after a question (?confirm=id).
/// Each version's JSON is shown read-only for those who copy it elsewhere.
/// </summary>
[RequestFormLimits(ValueCountLimit = 4096)]
public sealed class StandardsModel(UnitStore units, Texts texts, StandardStore standards) : ScenePageModel(units, texts)
{
    public IReadOnlyList<StandardRow> Standards { get; private set; } = [];
    [FromQuery(Name = "confirm")] public long? Confirm { get; set; }
    [FromQuery(Name = "from")] public long? From { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public bool IsSample { get; set; }
    [BindProperty] public List<DimensionInput> Dimensions { get; set; } = [];
    [BindProperty] public List<ThresholdInput> Thresholds { get; set; } = [];
    /// <summary>The messages of the rules broken, by field (see <see cref="FieldError"/>).</summary>
    public Dictionary<string, List<string>> FieldErrors { get; } = new(StringComparer.Ordinal);
    /// <summary>The total of the weights as typed (for the ranges' hint).</summary>
    public decimal TypedTotal => Dimensions.SelectMany(d => d.Indicators).Sum(i => decimal.TryParse(i.MaxScore, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0);

    private async Task LoadAsync(bool fillForm)
    {
        Standards = await standards.AllAsync();
        if (!fillForm) return;
        var basis = (From is { } f ? Standards.FirstOrDefault(s => s.Id == f) : null) ?? Standards.FirstOrDefault(s => !s.IsRetired) ?? Standards.FirstOrDefault();
        Name ??= basis?.Name;
        IsSample = basis?.IsSample ?? false;
        if (basis is not null)
        {
            var (dims, ts) = StandardDraft.From(basis.Standard);
            Dimensions = dims.Select(DimensionInput.Of).ToList();
            Thresholds = ts.Select(t => new ThresholdInput { Stars = t.Stars, Min = t.Min, Max = t.Max }).ToList();
        }
        else
        {
            Dimensions = [DimensionInput.Of(StandardDraft.NewDimension())];
        }
        FillThresholds();
    }

    private void FillThresholds()
    {
        Thresholds = Enumerable.Range(1, 5).Select(n => Thresholds.FirstOrDefault(t => t.Stars == n) ?? new ThresholdInput { Stars = n }).ToList();
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await SeesScenesAsync()) return Forbid();
        await LoadAsync(SceneAccess.Manages(Me));
        return Page();
    }

    /// <summary>Saves the form as a new version, or returns it with each broken rule at its field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        FillThresholds();
        var name = (Name ?? "").Trim();
        if (name.Length is 0 or > Domain.Scenes.StarRules.MaxNameLength)
            Add("name", Texts.Error(new Domain.Error("Scenes.StandardName", Domain.Scenes.StarRules.MaxNameLength)));
        var (standard, errors) = StandardDraft.Read(Dimensions.Select(d => d.ToDraft()).ToList(), Thresholds.Select(t => new ThresholdDraft(t.Stars, t.Min, t.Max)).ToList());
        foreach (var e in errors) Add(e.Field, Texts.Error(e.Error));
        if (FieldErrors.Count == 0 && standard is not null)
        {
            var r = await standards.AddAsync(name, standard, IsSample, Me.Id);
            if (r.IsOk) return Done(Texts["Scenes.StandardAdded"]);
            Add("", Texts.Error(r.Error!));
        }
        await LoadAsync(false);
        var count = FieldErrors.Values.Sum(v => v.Count);
        return Refused(new Domain.Error("Scenes.FixFields", count));
    }

    public Task<IActionResult> OnPostAddDimensionAsync() => Change(() => Dimensions.Add(DimensionInput.Of(StandardDraft.NewDimension())));

    public Task<IActionResult> OnPostAddIndicatorAsync(int d) => Change(() =>
    {
        if (d >= 0 && d < Dimensions.Count) Dimensions[d].Indicators.Add(IndicatorInput.Of(StandardDraft.NewIndicator()));
    });

    public Task<IActionResult> OnPostRemoveDimensionAsync(int d) => Change(() =>
    {
        if (d >= 0 && d < Dimensions.Count) Dimensions.RemoveAt(d);
    });

    public Task<IActionResult> OnPostRemoveIndicatorAsync(int d, int i) => Change(() =>
    {
        if (d >= 0 && d < Dimensions.Count && i >= 0 && i < Dimensions[d].Indicators.Count) Dimensions[d].Indicators.RemoveAt(i);
    });

    /// <summary>A row added or removed: the form comes back as typed, with the change; nothing is stored.</summary>
    private async Task<IActionResult> Change(Action change)
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        change();
        FillThresholds();
        await LoadAsync(false);
        ModelState.Clear(); // the rows moved: show the lists as they are now, not as posted
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(long id)
    {
        if (!await SeesScenesAsync() || !SceneAccess.Manages(Me)) return Forbid();
        var e = await standards.RetireAsync(id, Me.Id);
        if (e is null) return Done(Texts["Scenes.StandardRetired"]);
        await LoadAsync(true);
        return Refused(e);
    }

    private void Add(string field, string message)
    {
        if (!FieldErrors.TryGetValue(field, out var list)) FieldErrors[field] = list = [];
        list.Add(message);
    }

    public IReadOnlyList<string> ErrorsAt(string field) => FieldErrors.TryGetValue(field, out var list) ? list : [];
}

/// <summary>A dimension as posted by the form.</summary>
public sealed class DimensionInput
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public List<IndicatorInput> Indicators { get; set; } = [];
    public DimensionDraft ToDraft() => new(Key, Name, Indicators.Select(i => i.ToDraft()).ToList());
    public static DimensionInput Of(DimensionDraft d) => new() { Key = d.Key, Name = d.Name, Indicators = d.Indicators.Select(IndicatorInput.Of).ToList() };
}

/// <summary>An indicator as posted by the form (numbers as text: a wrong one earns a message at its field).</summary>
public sealed class IndicatorInput
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? MaxScore { get; set; }
    public string? Source { get; set; }
    public string? HowScored { get; set; }
    public string? CardTarget { get; set; }
    public IndicatorDraft ToDraft() => new(Key, Name, MaxScore, Source, HowScored, CardTarget);
    public static IndicatorInput Of(IndicatorDraft i) => new() { Key = i.Key, Name = i.Name, MaxScore = i.MaxScore, Source = i.Source, HowScored = i.HowScored, CardTarget = i.CardTarget };
}

/// <summary>The range of one to five stars as posted.</summary>
public sealed class ThresholdInput
{
    public int Stars { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
}
