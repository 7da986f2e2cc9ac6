using System.Data.Common;
using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Online;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Online;

/// <summary>One trainee's completed online item (the session-8 contract): for the 学时 ledger and certificates.</summary>
public sealed record OnlineCompletion(long EnrollmentId, long UserId, long SessionId, DateTimeOffset CompletedAt, int HoursX10);

public enum OnlineKind { Live, Case, Theme }

/// <summary>An online item of a class: a live course, a case push or a theme course (a session of an online type, not cancelled).</summary>
public sealed record OnlineItemDto(long SessionId, long CohortId, string Title, OnlineKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    int SharePercent, IReadOnlyList<CaseQuestion> Questions, int HoursX10, string? Link)
{
    public int CourseMinutes => LivePresence.CourseMinutes(StartsAt, EndsAt);
}

public sealed record ModuleDto(long Id, long SessionId, int SortOrder, string Title, string Body, string? Link, int ReadSeconds, IReadOnlyList<ModuleFileDto> Files);
public sealed record ModuleFileDto(long AttachmentId, string FileName, string ContentType);
public sealed record OnlineTrainee(long EnrollmentId, long UserId, string Name, long? UnitId, string? Unit, string? Phone);

/// <summary>Where a trainee stands on an item: completed (when), minutes present (live), modules read, answers correct.</summary>
public sealed record ItemProgress(bool Completed, DateTimeOffset? CompletedAt, int Minutes, int ModulesRead, int Modules, bool Answered, bool? Mark);

/// <summary>The whole class at once: items, trainees, and each trainee's progress on each item.</summary>
public sealed record OnlineProgress(IReadOnlyList<OnlineItemDto> Items, IReadOnlyList<OnlineTrainee> Trainees, IReadOnlyDictionary<(long Session, long Enrollment), ItemProgress> Cells)
{
    public ItemProgress Of(long session, long enrollment) => Cells.TryGetValue((session, enrollment), out var p) ? p : new(false, null, 0, 0, 0, false, null);
}

/// <summary>A person of a live course's export as stored, with the minutes their intervals give.</summary>
public sealed record LivePersonDto(long Id, int FirstRow, string Name, string? Phone, string? Unit, long? EnrollmentId, string? MatchedHow, int Minutes);
public sealed record LiveImportDto(long Id, string FileName, int People, int Rows, DateTimeOffset CreatedAt);
public sealed record LiveImportResult(int People, int Matched, int Unmatched);

/// <summary>
/// 线上学习 (#21 points 1-3): the online items of a class and who completed them. Live courses (online_live) take their
/// presence from the platform's export (imported through <see cref="SheetUpload"/> with row errors, nothing stored unless
/// all of it is right; rows matched by phone, else name and unit, the rest matched by hand) or from a mark by hand;
/// case pushes and theme courses (online_case) from modules read (the server's opened-at and a later "done reading") and
/// questions answered. The rules are the domain's (<see cref="LivePresence"/>, <see cref="LiveMatching"/>,
/// <see cref="LiveExport"/>, <see cref="CaseReading"/>). Completion is computed when read, from these facts only.
/// </summary>
public sealed partial class OnlineStore(Db db, SheetUpload sheets, AttachmentStore files, CohortAccess access, TimeProvider clock) : IAttachmentOwnerAccess
{
    public const string FileKind = "online_module";
    public const int MaxExportRows = 50_000;
    public const int MaxBody = 50_000;
    public const int MaxTitle = 200;
    public const int MaxReason = 200;

    private const string ItemsSql = """
        SELECT s.id AS session_id, s.cohort_id, s.title, s.starts_at, s.ends_at, s.study_hours, s.online_link, s.material, t.delivery,
               oi.kind, oi.share_percent, oi.questions
        FROM sessions s JOIN session_types t ON t.code = s.session_type LEFT JOIN online_items oi ON oi.session_id = s.id
        WHERE s.cohort_id = @cohortId AND t.delivery <> 'in_person' AND s.cancelled_at IS NULL
        """;

    private sealed class ItemRow
    {
        public long SessionId { get; init; }
        public long CohortId { get; init; }
        public string Title { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public double? StudyHours { get; init; }
        public string? OnlineLink { get; init; }
        public string? Material { get; init; }
        public string Delivery { get; init; } = "";
        public string? Kind { get; init; }
        public int? SharePercent { get; init; }
        public string? Questions { get; init; }

        public OnlineItemDto ToDto() => new(SessionId, CohortId, Title,
            Delivery == "live_online" ? OnlineKind.Live : Kind == "theme" ? OnlineKind.Theme : OnlineKind.Case,
            StartsAt, EndsAt, SharePercent ?? LivePresence.DefaultSharePercent, ParseQuestions(Questions),
            (int)(Domain.Timetable.StudyHours.Effective(StudyHours is { } h ? (decimal)h : null, EndsAt - StartsAt) * 10), OnlineLink);
    }

    private sealed record QuestionJson(string Prompt, string[] Options, int Correct);

    private static IReadOnlyList<CaseQuestion> ParseQuestions(string? json) =>
        string.IsNullOrEmpty(json) ? [] : (JsonSerializer.Deserialize<QuestionJson[]>(json) ?? []).Select(q => new CaseQuestion(q.Prompt, q.Options, q.Correct)).ToList();

    private static string QuestionsJson(IEnumerable<CaseQuestion> qs) =>
        JsonSerializer.Serialize(qs.Select(q => new QuestionJson(q.Prompt, q.Options.ToArray(), q.Correct)).ToArray());

    // ---------------------------------------------------------------- reading the class

    public async Task<IReadOnlyList<OnlineItemDto>> ItemsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await ItemsAsync(c, cohortId);
    }

    private static async Task<IReadOnlyList<OnlineItemDto>> ItemsAsync(DbConnection c, long cohortId, DbTransaction? tx = null) =>
        (await c.QueryAsync<ItemRow>(ItemsSql + " ORDER BY s.starts_at, s.sort_order, s.id", new { cohortId }, tx)).Select(r => r.ToDto()).ToList();

    public async Task<OnlineItemDto?> ItemAsync(long cohortId, long sessionId) => (await ItemsAsync(cohortId)).FirstOrDefault(i => i.SessionId == sessionId);

    // The plain columns (not COALESCE(user_id, 0)): SQLite types an expression by its first value, so a class with no
    // trainee would answer a column Dapper cannot map (and the ledger's keeper reads every class).
    private sealed class TraineeRow
    {
        public long EnrollmentId { get; init; }
        public long? UserId { get; init; }
        public string Name { get; init; } = "";
        public long? UnitId { get; init; }
        public string? Unit { get; init; }
        public string? Phone { get; init; }
    }

    private static async Task<IReadOnlyList<OnlineTrainee>> TraineesAsync(DbConnection c, long cohortId, DbTransaction? tx = null) =>
        (await c.QueryAsync<TraineeRow>("""
            SELECT e.id AS enrollment_id, e.user_id, e.name, e.unit_id, u.name AS unit, e.phone
            FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active'
            ORDER BY u.sort_key, e.id
            """, new { cohortId }, tx)).Select(r => new OnlineTrainee(r.EnrollmentId, r.UserId ?? 0, r.Name, r.UnitId, r.Unit, r.Phone)).ToList();

    public async Task<IReadOnlyList<OnlineTrainee>> TraineesAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await TraineesAsync(c, cohortId);
    }

    /// <summary>Every trainee's progress on every online item of the class, from the stored facts.</summary>
    public async Task<OnlineProgress> ProgressAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await ProgressAsync(c, cohortId);
    }

    public static async Task<OnlineProgress> ProgressAsync(DbConnection c, long cohortId)
    {
        var items = await ItemsAsync(c, cohortId);
        var trainees = await TraineesAsync(c, cohortId);
        var modules = (await c.QueryAsync<(long Id, long SessionId)>(
            "SELECT m.id, m.session_id FROM online_modules m JOIN sessions s ON s.id = m.session_id WHERE s.cohort_id = @cohortId", new { cohortId }))
            .ToLookup(m => m.SessionId, m => m.Id);
        var reads = (await c.QueryAsync<(long SessionId, long EnrollmentId, DateTimeOffset ReadAt)>("""
            SELECT m.session_id, r.enrollment_id, r.read_at FROM online_reads r JOIN online_modules m ON m.id = r.module_id JOIN sessions s ON s.id = m.session_id
            WHERE s.cohort_id = @cohortId AND r.read_at IS NOT NULL
            """, new { cohortId })).ToLookup(r => (r.SessionId, r.EnrollmentId), r => r.ReadAt);
        var answers = (await c.QueryAsync<(long SessionId, long EnrollmentId, DateTimeOffset CorrectAt)>("""
            SELECT a.session_id, a.enrollment_id, a.correct_at FROM online_answers a JOIN sessions s ON s.id = a.session_id
            WHERE s.cohort_id = @cohortId AND a.correct_at IS NOT NULL
            """, new { cohortId })).ToDictionary(a => (a.SessionId, a.EnrollmentId), a => a.CorrectAt);
        var intervals = (await c.QueryAsync<(long SessionId, long EnrollmentId, DateTimeOffset JoinedAt, DateTimeOffset LeftAt)>("""
            SELECT p.session_id, p.enrollment_id, i.joined_at, i.left_at FROM online_live_intervals i JOIN online_live_people p ON p.id = i.person_id
            JOIN sessions s ON s.id = p.session_id WHERE s.cohort_id = @cohortId AND p.enrollment_id IS NOT NULL
            """, new { cohortId })).ToLookup(i => (i.SessionId, i.EnrollmentId), i => new Stretch(i.JoinedAt, i.LeftAt));
        var marks = (await c.QueryAsync<(long SessionId, long EnrollmentId, bool Present)>("""
            SELECT m.session_id, m.enrollment_id, m.present FROM online_live_marks m JOIN sessions s ON s.id = m.session_id WHERE s.cohort_id = @cohortId
            """, new { cohortId })).ToDictionary(m => (m.SessionId, m.EnrollmentId), m => m.Present);

        var cells = new Dictionary<(long, long), ItemProgress>();
        foreach (var item in items)
            foreach (var t in trainees)
            {
                var key = (item.SessionId, t.EnrollmentId);
                if (item.Kind == OnlineKind.Live)
                {
                    var minutes = LivePresence.MinutesPresent(intervals[key], item.StartsAt, item.EndsAt);
                    bool? mark = marks.TryGetValue(key, out var m) ? m : null;
                    var done = mark ?? LivePresence.Completed(minutes, item.CourseMinutes, item.SharePercent);
                    cells[key] = new(done, done ? item.EndsAt : null, minutes, 0, 0, false, mark);
                }
                else
                {
                    var n = modules[item.SessionId].Count();
                    var read = reads[key].ToList();
                    var answered = answers.TryGetValue(key, out var correctAt);
                    var allRead = n > 0 && read.Count >= n;
                    var done = item.Kind == OnlineKind.Theme ? CaseReading.ThemeCompleted(n, read.Count) : CaseReading.CaseCompleted(n, read.Count, answered);
                    DateTimeOffset? at = null;
                    if (done)
                    {
                        var candidates = new List<DateTimeOffset>();
                        if (allRead) candidates.Add(read.Max());
                        if (answered && item.Kind == OnlineKind.Case) candidates.Add(correctAt);
                        at = candidates.Min();
                    }
                    cells[key] = new(done, at, 0, read.Count, n, answered, null);
                }
            }
        return new(items, trainees, cells);
    }

    /// <summary>One row per trainee per completed online item of the class (live course, case push, theme course), with its 学时 in tenths.</summary>
    public static async Task<IReadOnlyList<OnlineCompletion>> CompletedItemsAsync(DbConnection c, long cohortId)
    {
        var p = await ProgressAsync(c, cohortId);
        return (from item in p.Items
                from t in p.Trainees
                let cell = p.Of(item.SessionId, t.EnrollmentId)
                where cell.Completed
                select new OnlineCompletion(t.EnrollmentId, t.UserId, item.SessionId, cell.CompletedAt!.Value, item.HoursX10)).ToList();
    }

    /// <summary>Per active trainee (enrollment id): the share 0..1 of the class's online items completed (0 when the class has none).</summary>
    public static async Task<IReadOnlyDictionary<long, decimal>> CompletionShareAsync(DbConnection c, long cohortId)
    {
        var p = await ProgressAsync(c, cohortId);
        return p.Trainees.ToDictionary(t => t.EnrollmentId,
            t => CaseReading.Share(p.Items.Count(i => p.Of(i.SessionId, t.EnrollmentId).Completed), p.Items.Count));
    }

    /// <summary>How many online items the class has (live courses, case pushes, theme courses; not cancelled): the score's
    /// online weight and the certificate's online rule apply only when there is one.</summary>
    public static Task<int> ItemCountAsync(DbConnection c, long cohortId, DbTransaction? tx = null) =>
        c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM (" + ItemsSql + ") x", new { cohortId }, tx);

    // ---------------------------------------------------------------- settings

    private static Task UpsertItemAsync(DbConnection c, DbTransaction tx, long sessionId, string? kind, int? share, string? questions, long by, DateTimeOffset now) =>
        c.ExecuteAsync("""
            INSERT INTO online_items (session_id, kind, share_percent, questions, updated_at, updated_by)
            VALUES (@sessionId, COALESCE(@kind, 'case'), COALESCE(@share, 80), @questions, @now, @by)
            ON CONFLICT (session_id) DO UPDATE SET kind = COALESCE(@kind, online_items.kind), share_percent = COALESCE(@share, online_items.share_percent),
                questions = CASE WHEN @setQuestions THEN @questions ELSE online_items.questions END, updated_at = @now, updated_by = @by
            """, new { sessionId, kind, share, questions, setQuestions = questions is not null, now, by }, tx);

    private async Task<Result<OnlineItemDto>> FindAsync(DbConnection c, DbTransaction? tx, long cohortId, long sessionId, OnlineKind? live = null)
    {
        var item = (await ItemsAsync(c, cohortId, tx)).FirstOrDefault(i => i.SessionId == sessionId);
        if (item is null) return new Error("Online.NotFound");
        if (live == OnlineKind.Live && item.Kind != OnlineKind.Live) return new Error("Online.NotLive");
        if (live is OnlineKind.Case && item.Kind == OnlineKind.Live) return new Error("Online.NotCase");
        return Result<OnlineItemDto>.Ok(item);
    }

    /// <summary>The share of a live course a trainee must be present for (percent). Audited.</summary>
    public async Task<Result<bool>> SetShareAsync(CurrentUser me, long cohortId, long sessionId, int percent)
    {
        if (LivePresence.CheckShare(percent) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var item = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Live);
            if (!item.IsOk) return item.Error!;
            await UpsertItemAsync(c, tx, sessionId, null, percent, null, me.Id, now);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_item", sessionId, "online.share", item.Value!.SharePercent.ToString(), percent.ToString());
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>A case push or a theme course, and its questions (the text form of <see cref="CaseReading.Parse"/>). Audited.</summary>
    public async Task<Result<bool>> SaveCaseAsync(CurrentUser me, long cohortId, long sessionId, bool theme, string? questionsText)
    {
        var parsed = CaseReading.Parse(questionsText);
        if (!parsed.IsOk) return parsed.Error!;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var item = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Case);
            if (!item.IsOk) return item.Error!;
            var json = QuestionsJson(parsed.Value!);
            await UpsertItemAsync(c, tx, sessionId, theme ? "theme" : "case", null, json, me.Id, now);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_item", sessionId, "online.case", null, $"{(theme ? "theme" : "case")}:{json}");
            return Result<bool>.Ok(true);
        });
    }
}
