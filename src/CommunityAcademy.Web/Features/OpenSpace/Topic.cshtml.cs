using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.OpenSpace;

/// <summary>
/// A topic of an Open Space: who is there, and the convener's record — notes, action points, who follows up (选人).
/// Saved as typed (a refused save keeps the text on the page); js/open-space-notes.js saves a draft as one types, but the
/// plain form works without it. The convener or whoever runs the Open Space writes; everyone else in the class reads.
/// </summary>
public sealed class TopicModel(IAuthorizationService auth, OpenSpaceStore store, Texts texts) : PageModel
{
    private const string DoneKey = "ca.done";
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long TopicId { get; set; }
    public OpenSpaceTopicDetailDto Detail { get; private set; } = null!;
    public IReadOnlyList<OpenSpacePersonDto> People { get; private set; } = [];
    public long CohortId { get; private set; }
    public bool CanWrite { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? Actions { get; set; }
    [BindProperty] public long? FollowUp { get; set; }

    private async Task<bool> LoadAsync()
    {
        if (await store.CallerAsync(Id, HttpContext.Me().Id) is not { } caller || await store.TopicAsync(Id, TopicId) is not { } d) return false;
        Detail = d;
        CohortId = caller.CohortId;
        CanWrite = (await auth.AuthorizeAsync(User, OpenSpaceApi.RunPolicy)).Succeeded || await store.IsConvenerAsync(TopicId, caller.EnrollmentId);
        if (CanWrite) People = await store.PeopleAsync(caller.CohortId);
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Notes = Detail.Notes;
        Actions = Detail.Actions;
        FollowUp = Detail.FollowUpEnrollmentId;
        Message = TempData[DoneKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var r = await store.SaveNotesAsync(HttpContext.Me(), Id, TopicId, Notes, Actions, FollowUp);
        if (r.IsOk)
        {
            TempData[DoneKey] = texts["OpenSpace.NotesSaved"];
            return Redirect($"{Request.PathBase}/OpenSpace/Topic/{Id}/{TopicId}");
        }
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page(); // Notes and Actions stay as typed
    }

    /// <summary>The draft saved as one types (js/open-space-notes.js): JSON, 422 with the message when refused.</summary>
    public async Task<IActionResult> OnPostDraftAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (!CanWrite) return Forbid();
        var r = await store.SaveNotesAsync(HttpContext.Me(), Id, TopicId, Notes, Actions, FollowUp);
        return r.IsOk ? new JsonResult(new { saved = texts["OpenSpace.DraftSaved"] })
            : new JsonResult(new { error = texts.Error(r.Error!) }) { StatusCode = StatusCodes.Status422UnprocessableEntity };
    }
}
