namespace CommunityAcademy.Web.Features.Summary;

/// <summary>培训总结 (#24 point 1): its services. The page (/Summary/{id}) gets the class check with the /Summary folder (CohortAccessSetup).</summary>
public static class SummarySetup
{
    public static void AddSummary(IServiceCollection services)
    {
        services.AddSingleton<SummaryStore>();
        services.AddSingleton<SummaryReader>();
    }
}
