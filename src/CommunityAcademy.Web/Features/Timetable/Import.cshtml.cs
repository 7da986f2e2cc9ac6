using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

[Authorize(Policy = Policies.ManageCohorts)]
[RequestSizeLimit(25 * 1024 * 1024)]
public sealed class ImportModel(SessionStore store, TimetableImport import) : PageModel
{
    public CohortRow Cohort { get; private set; } = null!;
    public TimetableImportResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is not { } c) return NotFound();
        Cohort = c;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, IFormFile? upload)
    {
        if (await store.VisibleCohortAsync(HttpContext.Me(), id) is not { } c) return NotFound();
        Cohort = c;
        if (upload is null) Result = new TimetableImportResult(0, 0, [new(0, null, "请选择要上传的文件。")]);
        else
        {
            await using var s = upload.OpenReadStream();
            Result = await import.ImportAsync(c, s, upload.FileName);
        }
        if (!Result.Ok) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
