using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>A new class from scratch: every field the API takes but quotas (their own page, linked after).</summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class CreateModel(Db db, CohortEditor editor, TimeProvider clock) : CohortFormPageModel(db)
{
    public async Task OnGetAsync(string? program)
    {
        var today = DateOnly.FromDateTime(Domain.Cohorts.ClassClock.ToLocal(clock.GetUtcNow(), Domain.Cohorts.ClassClock.DefaultZone).DateTime);
        Form = new CohortForm { Program = program, StartDate = today.AddDays(30), EndDate = today.AddDays(32) };
        await LoadProgramsAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var errors = Form.Validate();
        if (errors.Count > 0) return await RefusedAsync(errors);
        var id = await editor.CreateAsync(Form, HttpContext.Me().Id);
        return Redirect($"/Cohorts/Details/{id}");
    }
}
