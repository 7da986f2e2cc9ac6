using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>What the class form (_CohortForm) shows: the fields, their errors next to them, the programs to choose from.</summary>
public interface ICohortFormPage
{
    CohortForm Form { get; }
    Dictionary<string, List<string>> Errors { get; }
    IReadOnlyList<string> Programs { get; }
}

public abstract class CohortFormPageModel(Db db) : PageModel, ICohortFormPage
{
    [BindProperty] public CohortForm Form { get; set; } = new();
    public Dictionary<string, List<string>> Errors { get; protected set; } = new();
    public IReadOnlyList<string> Programs { get; private set; } = [];

    protected async Task LoadProgramsAsync()
    {
        await using var c = await db.OpenAsync();
        Programs = (await c.QueryAsync<string>("SELECT name FROM programs ORDER BY id")).ToList();
    }

    /// <summary>A refused post: the page again, the input kept, each error next to its field.</summary>
    protected async Task<IActionResult> RefusedAsync(Dictionary<string, List<string>> errors)
    {
        Errors = errors;
        await LoadProgramsAsync();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
