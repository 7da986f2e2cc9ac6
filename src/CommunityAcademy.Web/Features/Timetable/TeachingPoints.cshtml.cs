using System.Globalization;
using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>Teaching points and their real scenes: everyone signed in reads (a visit needs an address), organizers change.</summary>
public sealed class TeachingPointsModel(TeachingPointStore store, IAuthorizationService auth, Texts T) : ManagedPageModel(auth)
{
    public IReadOnlyList<TeachingPointRow> Points { get; private set; } = [];
    public bool SeesPhones { get; private set; }

    [BindProperty] public long? Id { get; set; }
    [BindProperty] public long? SceneId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? HostName { get; set; }
    [BindProperty] public string? HostPhone { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public string? Description { get; set; }

    /// <summary>Deleting asks first: ?confirm={point} or ?confirm={point}&amp;scene={scene} shows a panel with the form.</summary>
    [BindProperty(SupportsGet = true, Name = "confirm")] public long? ConfirmPoint { get; set; }
    [BindProperty(SupportsGet = true, Name = "scene")] public long? ConfirmScene { get; set; }
    public TeachingPointRow? AskedPoint { get; private set; }
    public SceneRow? AskedScene { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (!CanManage || ConfirmPoint is not { } pid) return;
        AskedPoint = Points.FirstOrDefault(p => p.Id == pid);
        if (ConfirmScene is { } sid) AskedScene = AskedPoint?.Scenes.FirstOrDefault(x => x.Id == sid);
        if (AskedPoint is null || ConfirmScene is not null && AskedScene is null) { AskedPoint = null; Response.StatusCode = 404; }
    }

    public Task<IActionResult> OnPostCreateAsync() => Manage(async () =>
    {
        if (!Coordinates(out var lat, out var lon)) return T["Timetable.BadCoordinates"];
        var r = await store.CreateAsync(new NewTeachingPoint(Name ?? "", Address, HostName, HostPhone, lat, lon, Description));
        return r.IsOk ? Done(T["Timetable.PointCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    public Task<IActionResult> OnPostUpdateAsync() => Manage(async () =>
    {
        if (Id is not { } id) return T["Error.Timetable.UnknownTeachingPoint", 0];
        if (!Coordinates(out var lat, out var lon)) return T["Timetable.BadCoordinates"];
        var e = await store.UpdateAsync(id, new NewTeachingPoint(Name ?? "", Address, HostName, HostPhone, lat, lon, Description));
        return e is null ? Done(T["Timetable.PointSaved", Name!.Trim()]) : T.Error(e);
    });

    public Task<IActionResult> OnPostDeleteAsync() => Manage(async () =>
        Id is { } id && await store.DeleteAsync(id) is { } e ? T.Error(e) : Done(T["Timetable.PointDeleted"]));

    public Task<IActionResult> OnPostAddSceneAsync() => Manage(async () =>
    {
        if (Id is not { } id) return T["Error.Timetable.UnknownTeachingPoint", 0];
        if (!Coordinates(out var lat, out var lon)) return T["Timetable.BadCoordinates"];
        var r = await store.AddSceneAsync(id, new NewScene(Name ?? "", Description, lat, lon));
        return r.IsOk ? Done(T["Timetable.SceneCreated", Name!.Trim()]) : T.Error(r.Error!);
    });

    public Task<IActionResult> OnPostDeleteSceneAsync() => Manage(async () =>
        Id is { } id && SceneId is { } s && await store.DeleteSceneAsync(id, s) is { } e ? T.Error(e) : Done(T["Timetable.SceneDeleted"]));


    /// <summary>Blank is "no coordinates"; anything else must be a number.</summary>
    private bool Coordinates(out double? lat, out double? lon)
    {
        lat = lon = null;
        if (!string.IsNullOrWhiteSpace(Latitude))
        {
            if (!double.TryParse(Latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)) return false;
            lat = a;
        }
        if (!string.IsNullOrWhiteSpace(Longitude))
        {
            if (!double.TryParse(Longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var o)) return false;
            lon = o;
        }
        return true;
    }


    protected override async Task LoadAsync()
    {
        var me = HttpContext.Me();
        await AuthorizedAsync();
        SeesPhones = me.IsStaff;
        Points = await store.ListAsync();
    }
}
