using CommunityAcademy.Domain;
using CommunityAcademy.Domain.OpenSpace;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.OpenSpace;

/// <summary>
/// 开放空间 on a participant's phone: post a topic while the marketplace is open (I convene it), then for each slot the
/// topics with their space and count, where I am, and one tap "去这里" to go (or move: the law of two feet). Staff and
/// other readers see the same without the buttons.
/// </summary>
public sealed class PhoneModel(OpenSpaceStore store, Texts texts) : PageModel
{
    private const string DoneKey = "ca.done";
    [FromRoute] public long Id { get; set; }
    public OpenSpaceDto? View { get; private set; }
    public OpenSpaceCaller Caller { get; private set; } = null!;
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public bool Participant => Caller.EnrollmentId is not null;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public long TopicId { get; set; }

    private async Task<bool> LoadAsync()
    {
        if (await store.CallerAsync(Id, HttpContext.Me().Id) is not { } caller) return false;
        Caller = caller;
        View = await store.GetAsync(Id, caller.EnrollmentId);
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Message = TempData[DoneKey] as string;
        return Page();
    }

    public Task<IActionResult> OnPostTopicAsync() => Change(async enrollment =>
    {
        var r = await store.PostTopicAsync(HttpContext.Me(), Id, enrollment, Title, Description);
        return r.IsOk ? (null, texts["OpenSpace.Posted"]) : (texts.Error(r.Error!), null);
    });

    public Task<IActionResult> OnPostGoAsync() => Change(async enrollment =>
    {
        var r = await store.SignUpAsync(HttpContext.Me(), Id, TopicId, enrollment);
        if (r.IsOk) _anchor = $"#slot-{r.Value!.SlotId}"; // back where I tapped: the slot says where I am now
        return r.IsOk ? (null, texts["OpenSpace.YouAreThere"]) : (texts.Error(r.Error!), null);
    });

    /// <summary>Done: back to the page (a reload posts nothing twice). Refused: 422 with the message, what was typed kept.</summary>
    private string _anchor = "";

    private async Task<IActionResult> Change(Func<long, Task<(string? Error, string? Done)>> work)
    {
        if (!await LoadAsync()) return NotFound();
        if (View is null) return NotFound();
        if (Caller.EnrollmentId is not { } enrollment) Error = texts.Error(new Error("OpenSpace.NotAParticipant"));
        else
        {
            var (error, done) = await work(enrollment);
            if (error is null)
            {
                TempData[DoneKey] = done;
                return Redirect($"{Request.PathBase}/OpenSpace/Phone/{Id}{_anchor}");
            }
            Error = error;
        }
        Response.StatusCode = Caller.EnrollmentId is null ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity;
        View = await store.GetAsync(Id, Caller.EnrollmentId);
        return Page();
    }
}
