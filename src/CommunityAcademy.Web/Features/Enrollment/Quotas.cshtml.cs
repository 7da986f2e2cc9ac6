using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

[Authorize(Policy = Policies.ManageCohorts)]
public sealed class QuotasModel(CohortStore cohorts, QuotaStore quotas, Texts T, SheetUpload sheets) : PageModel
{
    public sealed class LineForm
    {
        /// <summary>The unit as typed: its name when no other unit has it, else its path (鄂州市/华容区/华容镇); the
        /// type-ahead (quota-units.js, GET /api/v1/units?q=) offers paths. Resolved on the server, so it works without JS.</summary>
        public string? Unit { get; set; }
        public long? UnitId { get; set; }
        public string? Position { get; set; }
        public int? Places { get; set; }
        /// <summary>How attachment 1 writes the unit when not by the rule; empty: the rule.</summary>
        public string? WrittenAs { get; set; }
    }

    public CohortRow Cohort { get; private set; } = null!;
    public QuotasDto Quotas { get; private set; } = null!;
    /// <summary>Empty rows offered below the lines; "添加行" posts the form back with more.</summary>
    [BindProperty] public int Extra { get; set; } = 5;
    public IReadOnlyList<string> Positions { get; private set; } = [];
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];
    public IReadOnlyList<CellError> ImportErrors { get; private set; } = [];

    public sealed class SubmitterForm
    {
        public long ScopeUnitId { get; set; }
        public long SubmitterUnitId { get; set; }
    }

    /// <summary>Current 0: nobody configured and no default (<see cref="Domain.Enrollment.SubmittingUnit"/>): the organizer chooses.</summary>
    public sealed record ScopeChoice(long ScopeId, string ScopeName, long Current, IReadOnlyList<(long Id, string Label)> Options);

    public IReadOnlyList<ScopeChoice> ScopeChoices { get; private set; } = [];

    [BindProperty] public List<LineForm> Lines { get; set; } = [];
    [BindProperty] public List<SubmitterForm> Submitters { get; set; } = [];
    [BindProperty] public DateOnly? Deadline { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id, fillLines: true)) return NotFound();
        if (Saved) Message = T["Quotas.Saved"];
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id)
    {
        if (!await LoadAsync(id, fillLines: false)) return NotFound();
        var q0 = await quotas.LoadAsync(id);
        // Each unit typed is found by its path or its name; one not found, or a name several units share, is named with its row.
        var resolver = new UnitNames(q0.Tree);
        for (var i = 0; i < Lines.Count; i++)
        {
            Lines[i].UnitId = null;
            if (string.IsNullOrWhiteSpace(Lines[i].Unit)) continue;
            var (unitId, problem) = resolver.Resolve(Lines[i].Unit!);
            if (problem is not null) Errors.Add($"{T["Quotas.Line", i + 1, Lines[i].Unit!.Trim()]}：{T[problem, Lines[i].Unit!.Trim()]}");
            Lines[i].UnitId = unitId;
        }
        if (Submitters.Any(x => x.SubmitterUnitId == 0))
            foreach (var x in Submitters.Where(x => x.SubmitterUnitId == 0))
                Errors.Add(T["Quotas.ChooseSubmitter", q0.Tree.Find(x.ScopeUnitId)?.Name ?? "?"]);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(id, fillLines: false);
            return Page();
        }
        // Lines with no unit are left out; an error names the row of the form and its unit.
        var kept = Lines.Select((l, i) => (Line: l, Row: i + 1)).Where(x => x.Line.UnitId is not null).ToList();
        var lines = kept.Select(x => new QuotaInput(x.Line.UnitId!.Value, x.Line.Position ?? "", x.Line.Places ?? -1, x.Line.WrittenAs)).ToList();
        var q = await quotas.LoadAsync(id);
        var submitters = Submitters.Select(x => new SubmitterInput(x.ScopeUnitId, x.SubmitterUnitId)).ToList();
        var errors = QuotaStore.Validate(q.Tree, lines, submitters);
        if (errors.Count > 0)
        {
            foreach (var (key, messages) in errors.OrderBy(e => int.Parse(e.Key[(e.Key.IndexOf('[') + 1)..e.Key.IndexOf(']')])))
            {
                var (line, row) = kept[int.Parse(key[(key.IndexOf('[') + 1)..key.IndexOf(']')])];
                var unit = q.Tree.Find(line.UnitId!.Value)?.Name ?? "?";
                Errors.Add($"{T["Quotas.Line", row, unit]}：{string.Join(" ", messages)}");
            }
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(id, fillLines: false);
            return Page();
        }
        await quotas.ReplaceAsync(id, lines, submitters, Deadline, setDeadline: true);
        return Redirect($"/Enrollment/Quotas/{id}?saved=true");
    }

    [BindProperty(SupportsGet = true)] public bool Saved { get; set; }

    /// <summary>More empty rows, keeping everything typed (no JavaScript needed).</summary>
    public async Task<IActionResult> OnPostMoreAsync(long id)
    {
        Extra = Math.Clamp(Extra + 10, 5, 500);
        return await LoadAsync(id, fillLines: false) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostImportAsync(long id, IFormFile? upload)
    {
        if (!await LoadAsync(id, fillLines: true)) return NotFound();
        if (upload is null) { ImportErrors = [new CellError(0, null, "请选择要上传的文件。")]; return Page(); }
        var q = await quotas.LoadAsync(id);
        await using var s = upload.OpenReadStream();
        var (rows, unreadable) = sheets.Read(s, upload.FileName);
        if (unreadable is not null) { ImportErrors = [unreadable]; Response.StatusCode = 422; return Page(); }
        var (lines, errors) = QuotaStore.ParseImport(q.Tree, rows);
        if (errors.Count > 0) { ImportErrors = errors; Response.StatusCode = 422; return Page(); }
        await quotas.ReplaceAsync(id, lines, null, null, setDeadline: false);
        Message = T["Quotas.Imported", lines.Count];
        await LoadAsync(id, fillLines: true);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, bool fillLines)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is not { } cohort) return false;
        Cohort = cohort;
        var q = await quotas.LoadAsync(id);
        Quotas = EnrollmentApi.ToDto(q, cohort.ReceiptDeadline);
        var names = new UnitNames(q.Tree);
        Positions = q.Lines.Select(l => l.Position).Distinct().ToList();
        // One submitting unit per district (or configured scope): the district itself or any unit inside it.
        ScopeChoices = q.Scopes.Select(s => new ScopeChoice(s, q.Tree.Find(s)!.Name,
            q.SubmitterByScope.TryGetValue(s, out var set) ? set : Domain.Enrollment.SubmittingUnit.Default(q.Tree, s) ?? 0,
            q.Tree.Subtree(s).Where(n => n.Id == s || n.Kind == Domain.Units.UnitKind.Department || q.Tree.Find(n.ParentId ?? 0)?.Id == s)
                .Select(n => (n.Id, n.Name)).ToList())).ToList();
        if (fillLines)
            Lines = q.Rows.Select(r => new LineForm { UnitId = r.UnitId, Unit = names.Label(r.UnitId), Position = r.Position, Places = r.Places, WrittenAs = r.WrittenAs }).ToList();
        Extra = Math.Clamp(Extra, 1, 500);
        var filled = Lines.FindLastIndex(l => !string.IsNullOrWhiteSpace(l.Unit) || l.Places is not null || !string.IsNullOrWhiteSpace(l.Position) || !string.IsNullOrWhiteSpace(l.WrittenAs)) + 1;
        while (Lines.Count < filled + Extra) Lines.Add(new LineForm());
        return true;
    }
}

/// <summary>Units by what a person types: the path (鄂州市/华容区/华容镇) or a name no other unit has.</summary>
public sealed class UnitNames(Domain.Units.UnitTree tree)
{
    private readonly ILookup<string, long> _byName = tree.Roots.SelectMany(r => tree.Subtree(r.Id)).ToLookup(n => n.Name, n => n.Id);

    /// <summary>The name when it is the only unit so called, else the path.</summary>
    public string Label(long id) => tree.Find(id) is { } n && _byName[n.Name].Count() == 1 ? n.Name : tree.PathName(id);

    /// <summary>The unit, or the resource key of the problem ("Quotas.UnknownUnit", "Quotas.AmbiguousUnit").</summary>
    public (long? Id, string? Problem) Resolve(string typed)
    {
        var t = typed.Trim();
        if (t.Contains('/'))
        {
            var parts = t.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // the path may start anywhere above the unit: 华容区/华容镇 is enough when it is the only one
            var found = _byName[parts[^1]].Where(id =>
            {
                var path = tree.PathTo(id).Select(n => n.Name).ToList();
                return path.Count >= parts.Length && path.Skip(path.Count - parts.Length).SequenceEqual(parts);
            }).ToList();
            return found.Count switch { 1 => (found[0], null), 0 => (null, "Quotas.UnknownUnit"), _ => (null, "Quotas.AmbiguousUnit") };
        }
        var byName = _byName[t].ToList();
        return byName.Count switch { 1 => (byName[0], null), 0 => (null, "Quotas.UnknownUnit"), _ => (null, "Quotas.AmbiguousUnit") };
    }
}
