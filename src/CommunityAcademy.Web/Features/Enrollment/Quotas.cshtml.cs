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
        public long? UnitId { get; set; }
        public string? Position { get; set; }
        public int? Places { get; set; }
    }

    public CohortRow Cohort { get; private set; } = null!;
    public QuotasDto Quotas { get; private set; } = null!;
    public IReadOnlyList<(long Id, string Label)> UnitOptions { get; private set; } = [];
    public IReadOnlyList<string> Positions { get; private set; } = [];
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];
    public IReadOnlyList<CellError> ImportErrors { get; private set; } = [];

    public sealed class SubmitterForm
    {
        public long ScopeUnitId { get; set; }
        public long SubmitterUnitId { get; set; }
    }

    public sealed record ScopeChoice(long ScopeId, string ScopeName, long Current, IReadOnlyList<(long Id, string Label)> Options);

    public IReadOnlyList<ScopeChoice> ScopeChoices { get; private set; } = [];

    [BindProperty] public List<LineForm> Lines { get; set; } = [];
    [BindProperty] public List<SubmitterForm> Submitters { get; set; } = [];
    [BindProperty] public DateOnly? Deadline { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id, fillLines: true) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(long id)
    {
        if (!await LoadAsync(id, fillLines: false)) return NotFound();
        // Lines whose unit is “(remove this line)” or empty are left out; an error names the row of the form and its unit.
        var kept = Lines.Select((l, i) => (Line: l, Row: i + 1)).Where(x => x.Line.UnitId is not null).ToList();
        var lines = kept.Select(x => new QuotaInput(x.Line.UnitId!.Value, x.Line.Position ?? "", x.Line.Places ?? -1)).ToList();
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
        Message = T["Quotas.Saved"];
        await LoadAsync(id, fillLines: true);
        return Page();
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
        UnitOptions = q.Tree.Roots.SelectMany(r => q.Tree.Subtree(r.Id))
            .Select(n => (n.Id, new string('　', q.Tree.PathTo(n.Id).Count - 1) + n.Name)).ToList();
        Positions = q.Lines.Select(l => l.Position).Distinct().ToList();
        // One submitting unit per district (or configured scope): the district itself or any unit inside it.
        ScopeChoices = q.Scopes.Select(s => new ScopeChoice(s, q.Tree.Find(s)!.Name, q.SubmitterByScope.GetValueOrDefault(s, s),
            q.Tree.Subtree(s).Where(n => n.Id == s || n.Kind == Domain.Units.UnitKind.Department || q.Tree.Find(n.ParentId ?? 0)?.Id == s)
                .Select(n => (n.Id, n.Name)).ToList())).ToList();
        if (fillLines)
            Lines = q.Rows.Select(r => new LineForm { UnitId = r.UnitId, Position = r.Position, Places = r.Places }).ToList();
        while (Lines.Count < q.Rows.Count + 5) Lines.Add(new LineForm());
        return true;
    }
}
