using CommunityAcademy.Domain.Scenes;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Card/{token}: the residents' preference identification card (偏好识别卡, #25 point 4), opened from the QR
/// poster at the scene and filled on a phone without an account. The device cookie is set on the GET; a second card of
/// the same phone for the scene on the same day is thanked the same but flagged and left out of counts; posting is
/// burst-limited per device (<see cref="PublicForms.RateLimit"/>). Answers are kept and shown as text only.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicForms.RateLimit)]
public sealed class CardModel(SceneStore scenes, CardStore cards, Texts texts) : PageModel
{
    [FromRoute] public string Token { get; set; } = "";
    public SceneRow? Scene { get; private set; }
    [BindProperty] public CardInput Input { get; set; } = new(null, null, null, null);
    public bool Thanks { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        PublicForms.Device(HttpContext);
        Scene = await scenes.ByCardTokenAsync(Token);
        if (Scene is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Scene = await scenes.ByCardTokenAsync(Token);
        if (Scene is null) return NotFound();
        var r = await cards.SubmitAsync(Scene.Id, PublicForms.DeviceKey(HttpContext), Input);
        if (!r.IsOk)
        {
            Error = texts.Error(r.Error!);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Thanks = true;
        return Page();
    }
}
