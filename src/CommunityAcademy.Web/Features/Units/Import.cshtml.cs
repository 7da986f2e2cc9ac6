using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Units;

[Authorize(Policy = Policies.ManageUnits)]
[RequestSizeLimit(25 * 1024 * 1024)]
public sealed class ImportModel(UnitTreeImport import) : PageModel
{
    public UnitImportResult? Result { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(IFormFile? upload)
    {
        if (upload is null) { Result = new UnitImportResult(0, 0, [new(0, null, "请选择要上传的文件。")]); }
        else
        {
            await using var s = upload.OpenReadStream();
            Result = await import.ImportAsync(s, upload.FileName);
        }
        if (!Result.Ok) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
