using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>Session types and workshop methods, which organizers extend with their own.</summary>
public sealed class TypesModel(CatalogStore catalog, IAuthorizationService auth, Texts T) : PageModel
{
    public IReadOnlyList<SessionTypeRow> Types { get; private set; } = [];
    public IReadOnlyList<WorkshopMethodRow> Methods { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public string? Delivery { get; set; }
    [BindProperty] public bool HasMethod { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostAddTypeAsync() => Manage(async () =>
    {
        if (!Deliveries.TryParse(Delivery ?? "in_person", out var d)) return T["Timetable.BadDelivery"];
        var r = await catalog.AddTypeAsync(new NewSessionType(null, Name ?? "", NameEn, d, HasMethod));
        return r.IsOk ? Done(T["Timetable.TypeCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    public Task<IActionResult> OnPostAddMethodAsync() => Manage(async () =>
    {
        var r = await catalog.AddMethodAsync(new NewWorkshopMethod(null, Name ?? "", NameEn));
        return r.IsOk ? Done(T["Timetable.MethodCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    private string? Done(string message) { Message = message; return null; }

    private async Task<IActionResult> Manage(Func<Task<string?>> work)
    {
        if (!(await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded) return Forbid();
        Error = await work();
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        CanManage = (await auth.AuthorizeAsync(User, Policies.ManageCohorts)).Succeeded;
        Types = await catalog.TypesAsync();
        Methods = await catalog.MethodsAsync();
    }
}
