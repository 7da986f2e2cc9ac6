using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Courses;

/// <summary>
/// 合作协议 (#20 point 1): its fields edited by an organizer who manages its unit (the partner stays once a course under it
/// was heard), the courses developed under it, and deleting it — asked first (GET ?confirm=delete shows the panel with the
/// POST form, as /Enrollment/Codes does), refused with the message while courses depend on it. Others: 404.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class AgreementModel(IAuthorizationService auth, CourseStore courses, Texts texts) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public AgreementRow? Agreement { get; private set; }
    public IReadOnlyList<CourseRow> Courses { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name, string Path)> Partners { get; private set; } = [];
    [BindProperty(SupportsGet = true, Name = "confirm")] public string? Confirm { get; set; }
    public bool ConfirmDelete => Confirm == "delete" && Agreement is not null;

    [BindProperty] public long PartnerUnitId { get; set; }
    [BindProperty] public string? AgreementTitle { get; set; }
    [BindProperty] public DateOnly? SignedOn { get; set; }
    [BindProperty] public DateOnly? StartsOn { get; set; }
    [BindProperty] public DateOnly? EndsOn { get; set; }
    [BindProperty] public string? Scope { get; set; }

    private bool _keepTyped;

    protected override async Task LoadAsync()
    {
        var me = HttpContext.Me();
        Agreement = await courses.AgreementAsync(me, Id);
        if (Agreement is not { } a) return;
        Courses = (await courses.CoursesAsync(me)).Where(k => k.AgreementId == Id).ToList();
        Partners = await courses.UnitsAsync(me, false);
        if (_keepTyped) return;
        (PartnerUnitId, AgreementTitle, SignedOn, StartsOn, EndsOn, Scope) = (a.PartnerUnitId, a.Title, a.SignedOn, a.StartsOn, a.EndsOn, a.Scope);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        return Agreement is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        _keepTyped = true;
        if (await courses.AgreementAsync(HttpContext.Me(), Id) is null) return NotFound();
        return await Manage(async () =>
        {
            var r = await courses.UpdateAgreementAsync(HttpContext.Me(), Id, new AgreementEdit(PartnerUnitId, AgreementTitle ?? "", SignedOn, StartsOn, EndsOn, Scope));
            return r.IsOk ? Done(texts["Courses.AgreementSaved"]) : texts.Error(r.Error!);
        });
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await courses.AgreementAsync(HttpContext.Me(), Id) is not { } a) return NotFound();
        var r = await courses.DeleteAgreementAsync(HttpContext.Me(), Id);
        if (r.IsOk)
        {
            TempData["ca.done"] = texts["Courses.AgreementDeleted", a.Title];
            return Redirect($"{Request.PathBase}/Courses");
        }
        await AuthorizedAsync();
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
