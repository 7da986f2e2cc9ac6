using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// Every field of a class. A change of dates, time zone or sign-in rules of a class with sign-ins first shows how many
/// attendance statuses it changes (the form kept, a button to confirm); saved, the class's attendance is settled again.
/// Archive and unarchive are asked first (?confirm=archive) and posted here.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class EditModel(Db db, CohortEditor editor, CohortStore cohorts) : CohortFormPageModel(db)
{
    public CohortRow Cohort { get; private set; } = null!;
    public EditImpact? Impact { get; private set; }
    [BindProperty] public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is null || await editor.FormAsync(id) is not { } f) return NotFound();
        (Form, Cohort) = f;
        await LoadProgramsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is not { } row) return NotFound();
        Cohort = row;
        var r = await editor.UpdateAsync(id, Form, HttpContext.Me().Id, Confirm);
        switch (r.Outcome)
        {
            case EditOutcome.NotFound: return NotFound();
            case EditOutcome.Archived: return await RefusedAsync(new() { ["archived"] = [HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.Texts>()["Cohorts.Archived.ReadOnly"]] });
            case EditOutcome.Invalid: return await RefusedAsync(r.Errors!);
            case EditOutcome.NeedsConfirmation:
                Impact = r.Impact;
                await LoadProgramsAsync();
                return Page();
        }
        return Redirect($"/Cohorts/Details/{id}?saved=" + (r.Impact is { HasSignIns: true } i ? i.StatusesChanged.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0"));
    }

    public async Task<IActionResult> OnPostArchiveAsync(long id) => await SetArchivedAsync(id, true);
    public async Task<IActionResult> OnPostUnarchiveAsync(long id) => await SetArchivedAsync(id, false);

    private async Task<IActionResult> SetArchivedAsync(long id, bool archived)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), id) is null) return NotFound();
        await editor.SetArchivedAsync(id, archived, HttpContext.Me().Id);
        return Redirect($"/Cohorts/Details/{id}");
    }
}
