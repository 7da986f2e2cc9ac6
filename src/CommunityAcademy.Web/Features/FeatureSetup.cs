using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Enrollment;
using CommunityAcademy.Web.Features.Health;
using CommunityAcademy.Web.Features.Timetable;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;

namespace CommunityAcademy.Web.Features;

/// <summary>Every feature's services and API routes, listed once.</summary>
public static class FeatureSetup
{
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddSingleton<UnitStore>();
        services.AddScoped<UnitTreeImport>();
        services.AddSingleton<CohortStore>();
        services.AddSingleton<CohortEditor>();
        services.AddScoped<ArchivedClassGuard>();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.AddService<ArchivedClassGuard>());
        services.AddSingleton<CohortAccess>();
        services.AddSingleton<CohortStaff>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<InstructorStore>();
        services.AddSingleton<TeachingPointStore>();
        services.AddSingleton<SessionStore>();
        services.AddScoped<TimetableImport>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<ReceiptService>();
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess>(sp => sp.GetRequiredService<ReceiptService>());
        services.AddSingleton<ReconciliationService>();
        services.AddSingleton<RosterService>();
        services.AddSingleton<OneTimeCodes>();
        services.AddOptions<OneTimeCodeOptions>().BindConfiguration(OneTimeCodeOptions.Section);
        services.AddSingleton<TraineeCodes>();
        services.AddSingleton<ParticipantService>();
        services.AddHostedService<RosterAutoLock>();
        services.AddSingleton<FirstRun>();
        services.AddSingleton<CheckInWriter>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AttendanceJson.Default));
        services.AddSingleton<CheckInReadings>();
        services.AddSingleton<HeldCheckIns>();
        services.AddSingleton<DisciplineDecisions>();
        services.AddSingleton<AttendanceStore>();
        services.AddSingleton<ScanPasses>();
        services.AddSingleton<HandEntries>();
        services.AddSingleton<LeaveStore>();
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess, LeaveNoteAccess>();
        services.AddSingleton<Me.MyTraining>();
        services.AddSingleton<AttendanceSettlement>();
        services.AddHostedService<AttendanceSettler>();
        services.AddSingleton<AttendanceReports>();
        services.AddSingleton<HomeDashboard>();
        services.AddSingleton<CheckInLimits>();
        services.AddSingleton<Groups.GroupStore>();
        services.AddSingleton<Groups.CafeStore>();
        services.AddSingleton<OpenSpace.OpenSpaceStore>();
        Outputs.OutputsApi.AddOutputs(services);
        services.AddSingleton<Reviews.ReviewStore>();
        services.AddSingleton<Scores.ClassScoreStore>();
        services.AddSingleton<Scores.OutstandingStore>();
        services.AddSingleton<Courses.CourseStore>();
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess>(sp => sp.GetRequiredService<Courses.CourseStore>());
        services.AddSingleton<Courses.MeetingStore>();
        services.AddSingleton<Tasks.TaskStore>(); // practice tasks (#19)
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess>(sp => sp.GetRequiredService<Tasks.TaskStore>());
        services.AddSingleton<Online.OnlineStore>(); // online learning (#21)
        services.AddSingleton<Infrastructure.Files.IAttachmentOwnerAccess>(sp => sp.GetRequiredService<Online.OnlineStore>());
        Ledger.LedgerSetup.AddLedger(services); // the 学时 ledger (#21)
        Certificates.CertificatesSetup.AddCertificates(services); // 结业证书 (#22)
        Scenes.ScenesSetup.AddScenes(services); // star-rated scenes, preference cards, resources, brands (#25)
        Dashboard.DashboardSetup.AddDashboard(services); // the organizer's dashboard (#24)
        LearningLogs.LearningLogsApi.AddLearningLogs(services); // 学员日志 (#23)
        Handbook.HandbookApi.AddHandbook(services); // 工作手册 (#26)
        Surveys.SurveysApi.AddSurveys(services); // feedback surveys (#23)
        Summary.SummarySetup.AddSummary(services); // 培训总结 (#24)
        return services;
    }

    public static WebApplication MapFeatures(this WebApplication app)
    {
        app.MapHealth();
        app.MapCultureSwitch();
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization()
            .RequireRateLimiting(Infrastructure.Security.Policies.ApiRateLimit)             // per user; the token endpoint keeps the login limit
            .AddEndpointFilter<ApiAntiforgery>()
            .WithCohortAccess()                             // /cohorts/{id}/… and /sessions/{id}/…: 404 for a class the caller may not see
            .AddEndpointFilter<ArchivedClassGuard>();       // then: an archived class is read-only (409)
        api.MapAuthApi();
        api.MapUnitsApi();
        api.MapCohortsApi();
        api.MapCohortStaffApi();
        api.MapEnrollmentApi();
        Infrastructure.Files.AttachmentsApi.MapAttachmentsApi(api);
        api.MapCodesApi();
        api.MapParticipantsApi();
        api.MapTimetableApi();
        api.MapAttendanceApi();
        api.MapLeaveApi();
        Groups.GroupsApi.MapGroupsApi(api);
        Groups.CafeApi.MapCafeApi(api);
        OpenSpace.OpenSpaceApi.MapOpenSpaceApi(api);
        Outputs.OutputsApi.MapOutputsApi(api);
        Reviews.ReviewsApi.MapReviewsApi(api);
        Scores.ScoresApi.MapScoresApi(api);
        Courses.CoursesApi.MapCoursesApi(api);
        Ledger.LedgerApi.MapLedgerApi(api);
        LearningLogs.LearningLogsApi.MapLearningLogsApi(api); // 学员日志 (#23)
        Handbook.HandbookApi.MapHandbookApi(api); // 工作手册 (#26)
        Surveys.SurveysApi.MapSurveysApi(api);
        app.MapRazorPages();
        return app;
    }
}
