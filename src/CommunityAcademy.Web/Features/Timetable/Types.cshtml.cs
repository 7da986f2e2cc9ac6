using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>Session types and workshop methods, which organizers extend with their own.</summary>
public sealed class TypesModel(CatalogStore catalog, IAuthorizationService auth, Texts T) : ManagedPageModel(auth)
{
    public IReadOnlyList<SessionTypeRow> Types { get; private set; } = [];
    public IReadOnlyList<WorkshopMethodRow> Methods { get; private set; } = [];

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



    protected override async Task LoadAsync()
    {
        await AuthorizedAsync();
        Types = await catalog.TypesAsync();
        Methods = await catalog.MethodsAsync();
    }
}
