using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Attendance;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.LearningLogs;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Features.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Summary;

/// <summary>Sessions of one type (not cancelled) and their 学时, by the one 学时 rule (<see cref="StudyHours.Effective"/>).</summary>
public sealed record SessionTypeHours(string Type, int Sessions, decimal Hours);

/// <summary>An online item and how many of the class's trainees completed it (from <see cref="OnlineStore.ProgressAsync(long)"/>).</summary>
public sealed record OnlineItemFigures(string Title, OnlineKind Kind, int Completed, int Trainees);

/// <summary>
/// Everything 培训总结 says, read from the stores the pages read (one source of figures): attendance and trainees by unit
/// from <see cref="AttendanceReports.SummaryAsync"/> (the statistics page and the bulletin), online completion from
/// <see cref="OnlineStore"/>, the confirmed outstanding list from <see cref="OutstandingStore"/>, certificates in force
/// from <see cref="CertificateStore"/>, each answered survey's analysis from <see cref="SurveyResults"/>, the learning-log
/// entries chosen (default: the 精选 ones) and the organizer's closing text.
/// </summary>
public sealed record SummaryFigures(
    CohortRow Cohort,
    AttendanceSummaryDto Attendance,
    IReadOnlyList<SessionTypeHours> SessionTypes,
    IReadOnlyList<OnlineItemFigures> Online,
    int OnlineTrainees,
    int OnlineAllDone,
    IReadOnlyList<ConfirmedPick> Outstanding,
    int CompletionCertificates,
    int OutstandingCertificates,
    IReadOnlyList<SurveyResult> Surveys,
    IReadOnlyList<LogEntry> Logs,
    IReadOnlyList<LogEntry> LogChoices,
    SummaryDraft Draft)
{
    public decimal TotalHours => SessionTypes.Sum(t => t.Hours);
    public int TotalSessions => SessionTypes.Sum(t => t.Sessions);
}

/// <summary>Gathers <see cref="SummaryFigures"/> for a class (the page previews them, <see cref="SummaryDocx"/> writes them).</summary>
public sealed class SummaryReader(Db db, AttendanceReports attendance, OnlineStore online, OutstandingStore outstanding, CertificateStore certificates,
    SurveyStore surveys, SurveyResults results, LearningLogStore logs, SummaryStore store)
{
    private sealed class SessionRow
    {
        public string? TypeName { get; init; }
        public string SessionType { get; init; } = "";
        public double? StudyHours { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public int SortOrder { get; init; }
    }

    public async Task<SummaryFigures> ReadAsync(CohortRow cohort)
    {
        var summary = await attendance.SummaryAsync(cohort);
        List<SessionRow> sessions;
        await using (var c = await db.OpenAsync())
            sessions = (await c.QueryAsync<SessionRow>("""
                SELECT t.name AS type_name, s.session_type, s.study_hours, s.starts_at, s.ends_at, COALESCE(t.sort_order, 999) AS sort_order
                FROM sessions s LEFT JOIN session_types t ON t.code = s.session_type
                WHERE s.cohort_id = @id AND s.cancelled_at IS NULL
                """, new { id = cohort.Id })).ToList();
        var types = sessions.GroupBy(s => (s.SortOrder, Name: s.TypeName ?? s.SessionType))
            .OrderBy(g => g.Key.SortOrder).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => new SessionTypeHours(g.Key.Name, g.Count(),
                g.Sum(s => StudyHours.Effective(s.StudyHours is { } h ? (decimal)h : null, s.EndsAt - s.StartsAt)))).ToList();

        var progress = await online.ProgressAsync(cohort.Id);
        var onlineItems = progress.Items.Select(i => new OnlineItemFigures(i.Title, i.Kind,
            progress.Trainees.Count(t => progress.Of(i.SessionId, t.EnrollmentId).Completed), progress.Trainees.Count)).ToList();
        var allDone = progress.Items.Count == 0 ? 0
            : progress.Trainees.Count(t => progress.Items.All(i => progress.Of(i.SessionId, t.EnrollmentId).Completed));

        var picks = (await outstanding.GetAsync(cohort.Id)).Confirmed;
        var completion = (await certificates.ListAsync(cohort.Id, liveOnly: true)).Count;
        var outstandingCerts = (await certificates.ListAsync(cohort.Id, liveOnly: true, kind: CertificateKinds.Outstanding)).Count;

        var answered = new List<SurveyResult>();
        foreach (var s in await surveys.ListAsync(cohort.Id))
            if (await results.CountAsync(s.Id) > 0 && await results.ResultAsync(cohort.Id, s.Id) is { } r) answered.Add(r);

        var draft = await store.GetAsync(cohort.Id);
        var choices = await logs.ListAsync(cohort.Id, new LogFilter());
        var chosen = draft.LogIds is { } ids ? ids.ToHashSet() : choices.Where(e => e.Featured).Select(e => e.Id).ToHashSet();
        var selected = choices.Where(e => chosen.Contains(e.Id)).OrderBy(e => e.Day).ThenBy(e => e.TraineeName, StringComparer.Ordinal).ToList();
        return new SummaryFigures(cohort, summary, types, onlineItems, progress.Trainees.Count, allDone, picks, completion, outstandingCerts,
            answered, selected, choices, draft);
    }
}
