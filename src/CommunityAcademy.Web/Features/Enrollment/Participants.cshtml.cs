using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Enrollment;

[Authorize(Policy = Policies.Staff)]
public sealed class ParticipantsModel(ParticipantService participants, IAuthorizationService auth) : PageModel
{
    public ParticipantsView View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>Removing asks first: ?remove={enrollment} shows a panel with the form.</summary>
    [BindProperty(SupportsGet = true)] public long? Remove { get; set; }
    [BindProperty(SupportsGet = true)] public bool Removed { get; set; }
    public (long Id, string Name)? Asked { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (CanManage && Remove is { } rid)
        {
            var p = View.Categories.SelectMany(c => c.People).FirstOrDefault(x => x.Id == rid);
            if (p is null) return NotFound();
            Asked = (p.Id, p.Name);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(long id, string? category, string? name, string? organization, string? position, string? phone, string? days)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        List<DateOnly>? parsed = null;
        if (!string.IsNullOrWhiteSpace(days))
        {
            parsed = [];
            foreach (var d in days.Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries))
                if (DateOnly.TryParse(d, out var x)) parsed.Add(x); else Errors.Add($"日期“{d}”无法识别，请写成 2023-06-07。");
        }
        var input = new ParticipantInput(category ?? "", name ?? "", organization, position, phone, parsed);
        foreach (var (_, msgs) in ParticipantService.Validate(View.Cohort, input)) Errors.AddRange(msgs);
        if (Errors.Count > 0) { Response.StatusCode = 422; return Page(); }
        await participants.AddAsync(id, input);
        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, long enrollmentId)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        await participants.RemoveAsync(id, enrollmentId);
        return Redirect($"/Enrollment/Participants/{id}?removed=true");
    }

    private async Task<bool> LoadAsync(long id)
    {
        if (await participants.ViewAsync(HttpContext.Me(), id) is not { } v) return false;
        View = v;
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        return true;
    }
}
