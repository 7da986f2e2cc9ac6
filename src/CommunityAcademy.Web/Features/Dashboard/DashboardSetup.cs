namespace CommunityAcademy.Web.Features.Dashboard;

/// <summary>The organizer's dashboard (#24 point 2).</summary>
public static class DashboardSetup
{
    public static void AddDashboard(IServiceCollection services) => services.AddSingleton<DashboardStore>();
}
