using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Groups;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>分组 of a class (#16 point 1): the list, and a new grouping formed one of four ways. Staff read; organizers and head teachers create.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, GroupStore groups, CafeStore cafes, Texts texts)
    : ManagedPageModel(auth, GroupsApi.EditPolicy)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public IReadOnlyList<GroupingDto> Groupings { get; private set; } = [];
    public IReadOnlyList<SessionChoice> Sessions { get; private set; } = [];
    /// <summary>The class's World Cafés: session id → grouping id (#16 point 2).</summary>
    public IReadOnlyDictionary<long, long> Cafes { get; private set; } = new Dictionary<long, long>();

    [BindProperty] public string Kind { get; set; } = "working";
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public long? SessionId { get; set; }
    [BindProperty] public string Method { get; set; } = "by_unit";
    [BindProperty] public int? Count { get; set; }

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        Groupings = await groups.ListAsync(Id);
        Sessions = await groups.SessionsAsync(Id);
        Cafes = await cafes.OfClassAsync(Id);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is null) return NotFound();
        Result<long> r = GroupForming.TryParse(Method, out var method)
            ? await groups.CreateAsync(HttpContext.Me(), Id, new NewGrouping(Kind ?? "", Name ?? "", SessionId, method, Count ?? 0))
            : new Error("Groups.BadMethod", Method ?? "");
        if (r.IsOk) return Redirect($"{Request.PathBase}/Groups/Grouping/{Id}/{r.Value}");
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
