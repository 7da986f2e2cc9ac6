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
public sealed class OnlineStore(Db db, SheetUpload sheets, AttachmentStore files, CohortAccess access, TimeProvider clock) : IAttachmentOwnerAccess
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

    // ---------------------------------------------------------------- modules

    public async Task<IReadOnlyList<ModuleDto>> ModulesAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<(long Id, long SessionId, int SortOrder, string Title, string Body, string? Link, int ReadSeconds)>(
            "SELECT id, session_id, sort_order, title, body, link, read_seconds FROM online_modules WHERE session_id = @sessionId ORDER BY sort_order, id",
            new { sessionId })).ToList();
        var fs = rows.Count == 0 ? [] : (await c.QueryAsync<(long OwnerId, long Id, string FileName, string ContentType)>("""
            SELECT a.owner_id, a.id, a.file_name, a.content_type FROM attachments a JOIN online_modules m ON m.id = a.owner_id
            WHERE a.owner_kind = @kind AND m.session_id = @sessionId ORDER BY a.id
            """, new { kind = FileKind, sessionId })).ToList();
        var byModule = fs.ToLookup(f => f.OwnerId, f => new ModuleFileDto(f.Id, f.FileName, f.ContentType));
        return rows.Select(r => new ModuleDto(r.Id, r.SessionId, r.SortOrder, r.Title, r.Body, r.Link, r.ReadSeconds, byModule[r.Id].ToList())).ToList();
    }

    private static Result<(string Title, string Body, string? Link)> CheckModule(string? title, string? body, string? link, int readSeconds)
    {
        var t = (title ?? "").Trim();
        if (t.Length is 0 or > MaxTitle) return new Error("Online.ModuleTitle", MaxTitle);
        var b = (body ?? "").Trim();
        if (b.Length > MaxBody) return new Error("Online.BodyLong", MaxBody);
        var l = string.IsNullOrWhiteSpace(link) ? null : link.Trim();
        if (WebLinks.Check(l, 500, "Online.BadLink") is { } le) return le;
        if (CaseReading.CheckReadSeconds(readSeconds) is { } re) return re;
        if (b.Length == 0 && l is null) return new Error("Online.ModuleEmpty");
        return Result<(string, string, string?)>.Ok((t, b, l));
    }

    /// <summary>A module of a case push or theme course: a Markdown article and/or a link, and the reading time. Audited.</summary>
    public async Task<Result<long>> AddModuleAsync(CurrentUser me, long cohortId, long sessionId, string? title, string? body, string? link, int readSeconds)
    {
        var ok = CheckModule(title, body, link, readSeconds);
        if (!ok.IsOk) return ok.Error!;
        var (t, b, l) = ok.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var item = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Case);
            if (!item.IsOk) return item.Error!;
            var order = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM online_modules WHERE session_id = @sessionId", new { sessionId }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO online_modules (session_id, sort_order, title, body, link, read_seconds, created_at) VALUES (@sessionId, @order, @t, @b, @l, @readSeconds, @now) RETURNING id
                """, new { sessionId, order, t, b, l, readSeconds, now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_module", id, "online.module.add", null, $"{sessionId}:{t}:{readSeconds}");
            return Result<long>.Ok(id);
        });
    }

    public async Task<Result<bool>> UpdateModuleAsync(CurrentUser me, long cohortId, long moduleId, string? title, string? body, string? link, int readSeconds)
    {
        var ok = CheckModule(title, body, link, readSeconds);
        if (!ok.IsOk) return ok.Error!;
        var (t, b, l) = ok.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
            await c.ExecuteAsync("UPDATE online_modules SET title = @t, body = @b, link = @l, read_seconds = @readSeconds WHERE id = @moduleId",
                new { moduleId, t, b, l, readSeconds }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_module", moduleId, "online.module.update", null, $"{t}:{readSeconds}");
            return Result<bool>.Ok(true);
        });
    }

    public async Task<Result<bool>> RemoveModuleAsync(CurrentUser me, long cohortId, long moduleId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
            await AttachmentStore.RemoveAsync(c, tx, FileKind, moduleId);
            await c.ExecuteAsync("DELETE FROM online_modules WHERE id = @moduleId", new { moduleId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_module", moduleId, "online.module.remove", null, null);
            return Result<bool>.Ok(true);
        });
    }

    private static Task<long?> ModuleCohortAsync(DbConnection c, DbTransaction? tx, long moduleId) =>
        c.ExecuteScalarAsync<long?>("SELECT s.cohort_id FROM online_modules m JOIN sessions s ON s.id = m.session_id WHERE m.id = @moduleId", new { moduleId }, tx);

    /// <summary>An image (or a video file) of a module, through the attachment store (type from the content, size and quota checked).</summary>
    public async Task<Result<long>> AddFileAsync(CurrentUser me, long cohortId, long moduleId, byte[] bytes, string fileName)
    {
        var (file, problem) = files.Prepare(bytes, fileName, OnlineFiles);
        if (file is null) return new Error("Online.FileRefused", problem!);
        var now = Instant.Truncate(clock.GetUtcNow());
        try
        {
            return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
            {
                if (await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
                var id = await files.InsertAsync(c, tx, file, FileKind, moduleId, cohortId, me.Id);
                await Audit.WriteAsync(c, tx, me.Id, now, "online_module", moduleId, "online.module.file", null, file.FileName);
                return Result<long>.Ok(id);
            });
        }
        catch (AttachmentRefusedException e) { return new Error("Online.FileRefused", e.Message); }
    }

    public static readonly IReadOnlySet<AttachmentKind> OnlineFiles = AttachmentUses.ImagesAndVideos; // a case push's video too (MP4)

    public async Task<Result<bool>> RemoveFileAsync(CurrentUser me, long cohortId, long attachmentId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var owner = await c.ExecuteScalarAsync<long?>("SELECT owner_id FROM attachments WHERE id = @attachmentId AND owner_kind = @kind", new { attachmentId, kind = FileKind }, tx);
            if (owner is not { } moduleId || await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
            await c.ExecuteAsync("DELETE FROM attachments WHERE id = @attachmentId", new { attachmentId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_module", moduleId, "online.module.file.remove", attachmentId.ToString(), null);
            return Result<bool>.Ok(true);
        });
    }

    string IAttachmentOwnerAccess.OwnerKind => FileKind;

    /// <summary>A module's images: to whoever may see its class (its trainees read it).</summary>
    public async Task<bool> MaySeeAsync(CurrentUser me, long ownerId)
    {
        long? cohort;
        await using (var c = await db.OpenAsync()) cohort = await ModuleCohortAsync(c, null, ownerId);
        return cohort is { } id && await access.CanSeeAsync(me, id);
    }

    // ---------------------------------------------------------------- the trainee

    /// <summary>The trainee opens a module: the server notes when (the first time only) and answers when it was opened and read.</summary>
    public async Task<Result<(DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)>> OpenAsync(long cohortId, long enrollmentId, long moduleId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<(DateTimeOffset, DateTimeOffset?)>>(async (c, tx) =>
        {
            if (await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
            await c.ExecuteAsync("""
                INSERT INTO online_reads (module_id, enrollment_id, opened_at) VALUES (@moduleId, @enrollmentId, @now) ON CONFLICT (module_id, enrollment_id) DO NOTHING
                """, new { moduleId, enrollmentId, now }, tx);
            var r = await c.QuerySingleAsync<(DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)>(
                "SELECT opened_at, read_at FROM online_reads WHERE module_id = @moduleId AND enrollment_id = @enrollmentId", new { moduleId, enrollmentId }, tx);
            return Result<(DateTimeOffset, DateTimeOffset?)>.Ok(r);
        });
    }

    /// <summary>"Done reading": accepted when the module's reading time has passed since the server saw it opened; else how many seconds are left.</summary>
    public async Task<Result<DateTimeOffset>> DoneReadingAsync(long cohortId, long enrollmentId, long moduleId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<DateTimeOffset>>(async (c, tx) =>
        {
            if (await ModuleCohortAsync(c, tx, moduleId) != cohortId) return new Error("Online.NotFound");
            var r = await c.QuerySingleOrDefaultAsync<(DateTimeOffset OpenedAt, DateTimeOffset? ReadAt, int ReadSeconds)?>("""
                SELECT r.opened_at, r.read_at, m.read_seconds FROM online_reads r JOIN online_modules m ON m.id = r.module_id
                WHERE r.module_id = @moduleId AND r.enrollment_id = @enrollmentId
                """, new { moduleId, enrollmentId }, tx);
            if (r is not { } read) return new Error("Online.NotOpened");
            if (read.ReadAt is { } done) return Result<DateTimeOffset>.Ok(done);
            var left = CaseReading.SecondsLeft(read.OpenedAt, now, read.ReadSeconds);
            if (left > 0) return new Error("Online.ReadMore", (left + 59) / 60, left);
            await c.ExecuteAsync("UPDATE online_reads SET read_at = @now WHERE module_id = @moduleId AND enrollment_id = @enrollmentId", new { moduleId, enrollmentId, now }, tx);
            return Result<DateTimeOffset>.Ok(now);
        });
    }

    /// <summary>The trainee's answers (an option index per question, null unanswered): stored; all correct completes the case push. Returns how many are correct.</summary>
    public async Task<Result<int>> AnswerAsync(long cohortId, long enrollmentId, long sessionId, IReadOnlyList<int?> answers)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            var item = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Case);
            if (!item.IsOk) return item.Error!;
            var qs = item.Value!.Questions;
            if (qs.Count == 0) return new Error("Online.NoQuestions");
            if (answers.Count != qs.Count || answers.Any(a => a is null)) return new Error("Online.AnswerAll", qs.Count);
            if (answers.Select((a, i) => a!.Value < 0 || a.Value >= qs[i].Options.Count).Any(x => x)) return new Error("Online.AnswerAll", qs.Count);
            var correct = CaseReading.Correct(qs, answers);
            var all = CaseReading.AllCorrect(qs, answers);
            await c.ExecuteAsync("""
                INSERT INTO online_answers (session_id, enrollment_id, answers, correct, answered_at, correct_at) VALUES (@sessionId, @enrollmentId, @json, @correct, @now, @correctAt)
                ON CONFLICT (session_id, enrollment_id) DO UPDATE SET answers = @json, correct = @correct, answered_at = @now,
                    correct_at = COALESCE(online_answers.correct_at, @correctAt)
                """, new { sessionId, enrollmentId, json = JsonSerializer.Serialize(answers), correct, now, correctAt = all ? now : (DateTimeOffset?)null }, tx);
            return Result<int>.Ok(correct);
        });
    }

    /// <summary>A trainee's own opened and read modules of an item (module id → opened, read).</summary>
    public async Task<IReadOnlyDictionary<long, (DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)>> MyReadsAsync(long sessionId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long ModuleId, DateTimeOffset OpenedAt, DateTimeOffset? ReadAt)>("""
            SELECT r.module_id, r.opened_at, r.read_at FROM online_reads r JOIN online_modules m ON m.id = r.module_id
            WHERE m.session_id = @sessionId AND r.enrollment_id = @enrollmentId
            """, new { sessionId, enrollmentId })).ToDictionary(r => r.ModuleId, r => (r.OpenedAt, r.ReadAt));
    }

    public async Task<(int[]? Answers, int Correct)?> MyAnswersAsync(long sessionId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        var r = await c.QuerySingleOrDefaultAsync<(string Answers, int Correct)?>(
            "SELECT answers, correct FROM online_answers WHERE session_id = @sessionId AND enrollment_id = @enrollmentId", new { sessionId, enrollmentId });
        return r is { } a ? (JsonSerializer.Deserialize<int?[]>(a.Answers)?.Select(x => x ?? -1).ToArray(), a.Correct) : null;
    }

    // ---------------------------------------------------------------- live courses

    public async Task<LiveImportDto?> LatestImportAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        var r = await c.QuerySingleOrDefaultAsync<(long Id, string FileName, int People, int Rows, DateTimeOffset CreatedAt)?>(
            "SELECT id, file_name, people, rows_read, created_at FROM online_live_imports WHERE session_id = @sessionId ORDER BY id DESC LIMIT 1", new { sessionId });
        return r is { } x ? new LiveImportDto(x.Id, x.FileName, x.People, x.Rows, x.CreatedAt) : null;
    }

    /// <summary>The people of a live course's latest export, with their minutes within the course.</summary>
    public async Task<IReadOnlyList<LivePersonDto>> PeopleAsync(long cohortId, long sessionId)
    {
        await using var c = await db.OpenAsync();
        var item = await FindAsync(c, null, cohortId, sessionId, OnlineKind.Live);
        if (!item.IsOk) return [];
        var people = (await c.QueryAsync<(long Id, int FirstRow, string Name, string? Phone, string? Unit, long? EnrollmentId, string? MatchedHow)>(
            "SELECT id, first_row, name, phone, unit, enrollment_id, matched_how FROM online_live_people WHERE session_id = @sessionId ORDER BY first_row", new { sessionId })).ToList();
        var stretches = (await c.QueryAsync<(long PersonId, DateTimeOffset JoinedAt, DateTimeOffset LeftAt)>("""
            SELECT i.person_id, i.joined_at, i.left_at FROM online_live_intervals i JOIN online_live_people p ON p.id = i.person_id WHERE p.session_id = @sessionId
            """, new { sessionId })).ToLookup(i => i.PersonId, i => new Stretch(i.JoinedAt, i.LeftAt));
        var s = item.Value!;
        return people.Select(p => new LivePersonDto(p.Id, p.FirstRow, p.Name, p.Phone, p.Unit, p.EnrollmentId, p.MatchedHow,
            LivePresence.MinutesPresent(stretches[p.Id], s.StartsAt, s.EndsAt))).ToList();
    }

    /// <summary>
    /// Imports a live course's export (replacing the one before): every row checked first; any error and nothing is
    /// stored. Rows are matched to the class's trainees by phone, else name and unit; the rest wait for the organizer.
    /// </summary>
    public async Task<(LiveImportResult? Done, IReadOnlyList<CellError> Errors)> ImportAsync(CurrentUser me, long cohortId, long sessionId, Stream file, string fileName,
        Func<Error, string> message)
    {
        OnlineItemDto item;
        string zone;
        await using (var c = await db.OpenAsync())
        {
            var found = await FindAsync(c, null, cohortId, sessionId, OnlineKind.Live);
            if (!found.IsOk) return (null, [new CellError(0, null, message(found.Error!))]);
            item = found.Value!;
            zone = await c.ExecuteScalarAsync<string>("SELECT time_zone FROM cohorts WHERE id = @cohortId", new { cohortId }) ?? "Asia/Shanghai";
        }
        var (rows, refused) = sheets.Read(file, fileName);
        if (refused is not null) return (null, [refused]);
        if (rows.Count > MaxExportRows + 1) return (null, [new CellError(0, null, message(new Error("Online.TooManyRows", MaxExportRows)))]);
        var (people, errors) = LiveExport.Read(rows.Select(r => (r.Number, r.Cells)).ToList(), item.StartsAt, item.EndsAt, zone);
        if (errors.Count > 0)
            return (null, ImportErrors.Listed(errors.Select(e => new CellError(e.Row, e.Column is { } k && LiveExport.Columns.TryGetValue(k, out var names) ? names[0] : e.Column, message(e.Error))).ToList()));
        var now = Instant.Truncate(clock.GetUtcNow());
        var read = rows.Count(r => !r.IsBlank) - 1;
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var candidates = (await TraineesAsync(c, cohortId, tx)).Select(t => new LiveCandidate(t.EnrollmentId, t.Name, t.Phone, t.Unit)).ToList();
            await c.ExecuteAsync("DELETE FROM online_live_imports WHERE session_id = @sessionId", new { sessionId }, tx);
            var importId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO online_live_imports (session_id, file_name, people, rows_read, created_at, created_by) VALUES (@sessionId, @fileName, @people, @read, @now, @by) RETURNING id
                """, new { sessionId, fileName = Path.GetFileName(fileName), people = people.Count, read, now, by = me.Id }, tx);
            var matched = 0;
            var intervals = new List<object?[]>();
            foreach (var p in people)
            {
                var (enrollment, how) = LiveMatching.Match(p.Name, p.Phone, p.Unit, candidates);
                if (enrollment is not null) matched++;
                var personId = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO online_live_people (import_id, session_id, first_row, name, phone, unit, enrollment_id, matched_how)
                    VALUES (@importId, @sessionId, @FirstRow, @Name, @Phone, @Unit, @enrollment, @how) RETURNING id
                    """, new { importId, sessionId, p.FirstRow, p.Name, p.Phone, p.Unit, enrollment,
                        how = how switch { LiveMatchKind.Phone => "phone", LiveMatchKind.NameUnit => "name_unit", _ => null } }, tx);
                intervals.AddRange(p.Stretches.Select(s => new object?[] { personId, s.From, s.To }));
            }
            foreach (var part in intervals.Chunk(2000))
                await db.BulkInsertAsync(c, tx, "online_live_intervals", ["person_id", "joined_at", "left_at"], part);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_item", sessionId, "online.live.import", null, $"{Path.GetFileName(fileName)}:{people.Count} people, {matched} matched");
            return ((LiveImportResult?)new LiveImportResult(people.Count, matched, people.Count - matched), (IReadOnlyList<CellError>)[]);
        });
    }

    /// <summary>The organizer matches a person of the export to a trainee of the class by hand (null: unmatched again). Audited.</summary>
    public async Task<Result<bool>> MatchAsync(CurrentUser me, long cohortId, long sessionId, long personId, long? enrollmentId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var found = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Live);
            if (!found.IsOk) return found.Error!;
            var before = await c.QuerySingleOrDefaultAsync<(long Id, long? EnrollmentId)?>(
                "SELECT id, enrollment_id FROM online_live_people WHERE id = @personId AND session_id = @sessionId", new { personId, sessionId }, tx);
            if (before is null) return new Error("Online.NotFound");
            if (enrollmentId is { } e && !(await TraineesAsync(c, cohortId, tx)).Any(t => t.EnrollmentId == e)) return new Error("Online.NoSuchTrainee");
            await c.ExecuteAsync("UPDATE online_live_people SET enrollment_id = @enrollmentId, matched_how = @how, matched_by = @by WHERE id = @personId",
                new { personId, enrollmentId, how = enrollmentId is null ? null : "hand", by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_live_person", personId, "online.live.match", before.Value.EnrollmentId?.ToString(), enrollmentId?.ToString());
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Presence marked by hand (over the export), with a reason; null takes the mark back. Audited.</summary>
    public async Task<Result<bool>> MarkAsync(CurrentUser me, long cohortId, long sessionId, long enrollmentId, bool? present, string? reason)
    {
        var why = (reason ?? "").Trim();
        if (present is not null && why.Length is 0 or > MaxReason) return new Error("Online.ReasonRequired", MaxReason);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var found = await FindAsync(c, tx, cohortId, sessionId, OnlineKind.Live);
            if (!found.IsOk) return found.Error!;
            if (!(await TraineesAsync(c, cohortId, tx)).Any(t => t.EnrollmentId == enrollmentId)) return new Error("Online.NoSuchTrainee");
            var before = await c.ExecuteScalarAsync<bool?>("SELECT present FROM online_live_marks WHERE session_id = @sessionId AND enrollment_id = @enrollmentId",
                new { sessionId, enrollmentId }, tx);
            if (present is { } p)
                await c.ExecuteAsync("""
                    INSERT INTO online_live_marks (session_id, enrollment_id, present, reason, marked_at, marked_by) VALUES (@sessionId, @enrollmentId, @p, @why, @now, @by)
                    ON CONFLICT (session_id, enrollment_id) DO UPDATE SET present = @p, reason = @why, marked_at = @now, marked_by = @by
                    """, new { sessionId, enrollmentId, p, why, now, by = me.Id }, tx);
            else
                await c.ExecuteAsync("DELETE FROM online_live_marks WHERE session_id = @sessionId AND enrollment_id = @enrollmentId", new { sessionId, enrollmentId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "online_item", sessionId, "online.live.mark", $"{enrollmentId}:{before?.ToString() ?? "-"}", $"{enrollmentId}:{present?.ToString() ?? "-"}", why.Length == 0 ? null : why);
            return Result<bool>.Ok(true);
        });
    }
}
