using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features;

/// <summary>The home page: what is due for each role the user holds (#13 point 4), then their classes.</summary>
public sealed class IndexModel(CohortStore cohorts, HomeDashboard home, Me.MyTraining training, Infrastructure.Web.Texts texts) : PageModel
{
    public CurrentUser Me { get; private set; } = null!;
    public IReadOnlyList<CohortRow> Cohorts { get; private set; } = [];
    /// <summary>Organizer and administrator: classes in progress or to come, with enrollment progress.</summary>
    public IReadOnlyList<EnrollmentCard>? Enrollment { get; private set; }
    /// <summary>Unit contact: classes waiting for its receipt.</summary>
    public IReadOnlyList<ContactCard>? Receipts { get; private set; }
    /// <summary>Organizer, administrator, head teacher: today's sessions of their classes.</summary>
    public IReadOnlyList<TodaySession>? Today { get; private set; }
    /// <summary>Head teacher: the console a click away from each of today's sessions.</summary>
    public bool ShowsConsole { get; private set; }
    /// <summary>Head teacher: leave requests waiting for a decision.</summary>
    public IReadOnlyList<PendingLeave>? Leave { get; private set; }
    /// <summary>Trainee: today's sessions of their classes with their own status (#14 point 1).</summary>
    public IReadOnlyList<Me.MyToday>? MyToday { get; private set; }

    public async Task OnGetAsync()
    {
        Me = HttpContext.Me();
        Cohorts = await cohorts.ListVisibleAsync(Me);
        var runs = Me.IsIn(Role.Organizer) || Me.IsAdmin;
        if (runs) Enrollment = await home.OrganizerAsync(Me, Cohorts);
        if (Me.IsIn(Role.UnitContact)) Receipts = await home.ContactAsync(Me, Cohorts);
        ShowsConsole = runs || Me.IsIn(Role.HeadTeacher);
        if (ShowsConsole) Today = await home.TodayAsync(Cohorts);
        if (Me.IsIn(Role.HeadTeacher)) Leave = await home.PendingLeaveAsync(Cohorts);
        if (Me.IsIn(Role.Trainee)) MyToday = await training.TodayAsync(Me, texts);
    }
}
