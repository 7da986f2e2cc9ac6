using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>
/// The public page a certificate's QR code opens (#22 point 4): /Verify/{code}. Anyone, signed in or not, reads the
/// masked name, the class, its dates, the issuer, the serial and whether the certificate is valid or revoked. An unknown
/// or malformed code gets the same neutral "not found" (404); a burst of wrong codes from one address answers 429
/// (<see cref="VerifyGuard"/>).
/// </summary>
[AllowAnonymous]
public sealed class VerifyModel(CertificateStore store, VerifyGuard guard) : PageModel
{
    public CertificateRow? Certificate { get; private set; }
    public bool TooMany { get; private set; }
    public string MaskedName => PersonalData.PublicName(Certificate?.Name);

    public async Task<IActionResult> OnGetAsync(string? code)
    {
        var address = HttpContext.ClientAddress();
        if (guard.Blocked(address))
        {
            TooMany = true;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            return Page();
        }
        Certificate = await store.ByCodeAsync(code ?? "");
        if (Certificate is null)
        {
            guard.Miss(address);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}
