using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

[RequestSizeLimit(25 * 1024 * 1024)]
public sealed class ReceiptsModel(CohortStore cohorts, QuotaStore quotas, ReceiptService receipts, TimeProvider clock, SheetUpload sheets) : PageModel
{
    public sealed class RowForm
    {
        public string? Unit { get; set; }
        public string? Name { get; set; }
        public string? Position { get; set; }
        public string? Phone { get; set; }
        public string? IdNumber { get; set; }
    }

    public CohortRow Cohort { get; private set; } = null!;
    public bool Locked { get; private set; }
    public IReadOnlyList<(long Id, string Label)> Scopes { get; private set; } = [];
    public IReadOnlyList<ReceiptHistoryRow> History { get; private set; } = [];
    public SubmitResult? Result { get; private set; }

    [BindProperty] public long? UnitId { get; set; }
    [BindProperty] public List<RowForm> Rows { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id, fillRows: true) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(long id, IFormFile? upload)
    {
        if (!await LoadAsync(id, fillRows: true)) return NotFound();
        if (upload is null) Result = new SubmitResult(SubmitOutcome.Invalid, "请选择要上传的文件。", Errors: []);
        else Result = await receipts.SubmitFileAsync(HttpContext.Me(), id, UnitId, upload, sheets);
        return await AfterAsync(id);
    }

    public async Task<IActionResult> OnPostFormAsync(long id)
    {
        var filled = Rows.Select((r, i) => (r, i))
            .Where(x => !string.IsNullOrWhiteSpace(x.r.Name) || !string.IsNullOrWhiteSpace(x.r.Phone))
            .Select(x => new ReceiptInputRow(x.i + 1, x.r.Unit ?? "", x.r.Name ?? "", x.r.Position ?? "", x.r.Phone ?? "", null, x.r.IdNumber))
            .ToList();
        if (!await LoadAsync(id, fillRows: false)) return NotFound();
        Result = filled.Count == 0
            ? new SubmitResult(SubmitOutcome.Invalid, "请至少填写一名参训人员。", Errors: [])
            : await receipts.SubmitAsync(HttpContext.Me(), id, UnitId, filled, "form", null);
        return await AfterAsync(id);
    }

    private async Task<IActionResult> AfterAsync(long id)
    {
        if (Result!.Outcome == SubmitOutcome.NotFound) return NotFound();
        Response.StatusCode = Result.Outcome switch
        {
            SubmitOutcome.Stored => 200,
            SubmitOutcome.Locked => 409,
            SubmitOutcome.NotAllowed => 403,
            _ => 422,
        };
        await LoadAsync(id, fillRows: Result.Outcome == SubmitOutcome.Stored);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, bool fillRows)
    {
        var me = HttpContext.Me();
        if (await cohorts.FindVisibleAsync(me, id) is not { } cohort) return false;
        if (me.IsIn(Domain.Accounts.Role.Trainee) && !me.IsStaff) return false;
        Cohort = cohort;
        Locked = cohort.IsRosterLocked(clock.GetUtcNow());
        var q = await quotas.LoadAsync(id);
        Scopes = ReceiptService.ScopesFor(me, q)
            .Select(s => (s, q.SubmitterName(s) is { } n && n != q.Tree.Find(s)!.Name ? $"{q.Tree.Find(s)!.Name}（{n}）" : q.Tree.Find(s)!.Name)).ToList();
        UnitId ??= Scopes.FirstOrDefault().Id;
        History = await receipts.HistoryAsync(me, id, q.Tree);
        if (fillRows && Scopes.Count > 0)
        {
            var scope = UnitId ?? Scopes[0].Id;
            Rows = q.Lines.Where(l => q.ScopeOf(l.UnitId) == scope)
                .SelectMany(l => Enumerable.Repeat(0, l.Places).Select(_ => new RowForm { Unit = l.UnitName, Position = l.Position })).ToList();
        }
        return true;
    }
}
