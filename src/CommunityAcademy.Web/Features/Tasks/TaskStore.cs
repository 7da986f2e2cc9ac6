using System.Data.Common;
using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Domain.Tasks;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Tasks;

public sealed record TaskDto(long Id, long CohortId, string Title, string Instructions, DateTimeOffset DueAt, TaskSpec Spec, decimal Hours, int RubricVersion);
public sealed record NewTask(string? Title, string? Instructions, DateTimeOffset? DueAt, string? SpecText, string? HoursText, Rubric? Rubric = null);
public sealed record TaskFileDto(long Id, string FieldKey, bool IsPhoto, string Name, long? AttachmentId, int? HandedInVersion);
/// <summary>One trainee's submission of a task: where it stands, late, how many hand-ins, reviewers and submitted scores, their mean (0–100).</summary>
public sealed record TaskSubmissionDto(long Id, long ReviewId, long EnrollmentId, string Trainee, string? Unit, TaskState State, bool Late,
    DateTimeOffset? HandedInAt, int Versions, int Reviewers, int Scored, decimal? Mean, bool Overdue);
/// <summary>What needs the head teacher's eye: a task overdue or returned for revision.</summary>
public sealed record TaskAttention(long TaskId, string Task, long SubmissionId, string Trainee, TaskState State, bool Overdue, DateTimeOffset DueAt);
/// <summary>A trainee's task: the task, their submission, and the 学时 awarded (when accepted).</summary>
public sealed record MyTaskDto(TaskDto Task, TaskSubmissionDto Submission, decimal? HoursAwarded);

/// <summary>
/// 实践任务 (#19 point 1). A practice task is a review of kind 'task' of the class (<see cref="ReviewStore"/>): a submission
/// per trainee, hand-ins as versions in its one open round, mentors assigned by the review's rules, scores under its
/// rubric. This store keeps only what is task-specific (practice_tasks, task_submissions, task_files) and calls the
/// review store's steps inside its own transactions, so a hand-in, a return or a score moves the task's state together
/// with the review's rows, or not at all. The rules are the domain's (<see cref="TaskRules"/>, <see cref="TaskSpec"/>).
/// </summary>
public sealed class TaskStore(Db db, CohortAccess access, AttachmentStore files, TimeProvider clock) : IAttachmentOwnerAccess
{
    public const string FileKind = "task_file";
    public const string RoundName = "提交";
    public const int MaxInstructions = 4000;

    // ---------------------------------------------------------------- tasks

    public async Task<IReadOnlyList<TaskDto>> ListAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<TaskRow>(SelectTask + " WHERE r.cohort_id = @cohortId ORDER BY t.due_at, r.id", new { cohortId })).Select(t => t.ToDto()).ToList();
    }

    public async Task<TaskDto?> GetAsync(long cohortId, long taskId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QuerySingleOrDefaultAsync<TaskRow>(SelectTask + " WHERE r.cohort_id = @cohortId AND r.id = @taskId", new { cohortId, taskId }))?.ToDto();
    }

    private static Result<(string Title, string Instructions, DateTimeOffset Due, TaskSpec Spec, decimal Hours)> Check(NewTask t)
    {
        var title = (t.Title ?? "").Trim();
        if (title.Length is 0 or > ReviewStore.MaxTitle) return new Error("Review.TitleRequired", ReviewStore.MaxTitle);
        var instructions = (t.Instructions ?? "").Trim();
        if (instructions.Length is 0 or > MaxInstructions) return new Error("Task.Instructions", MaxInstructions);
        if (t.DueAt is not { } due) return new Error("Task.DueRequired");
        var spec = TaskSpec.Parse(t.SpecText);
        if (!spec.IsOk) return spec.Error!;
        var hours = TaskRules.Hours(t.HoursText);
        if (!hours.IsOk) return hours.Error!;
        return Result<(string, string, DateTimeOffset, TaskSpec, decimal)>.Ok((title, instructions, Instant.Truncate(due), spec.Value!, hours.Value));
    }

    /// <summary>A new task of the class: the review (its rubric, one round 提交 open from now, a submission per active trainee) and the task's row, in one transaction.</summary>
    public async Task<Result<long>> CreateAsync(CurrentUser me, long cohortId, NewTask t)
    {
        var ok = Check(t);
        if (!ok.IsOk) return ok.Error!;
        var (title, instructions, due, spec, hours) = ok.Value;
        var rubric = t.Rubric ?? TaskRules.DefaultRubric();
        if (rubric.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var id = await ReviewStore.CreateInAsync(c, tx, me, cohortId, "task", title, [RoundName], "trainees", rubric, now);
            if (!id.IsOk) return id;
            await c.ExecuteAsync("""
                INSERT INTO practice_tasks (review_id, instructions, due_at, spec, hours_x10, updated_at) VALUES (@id, @instructions, @due, @spec, @hours, @now)
                """, new { id = id.Value, instructions, due, spec = SpecJson(spec), hours = (int)(hours * 10), now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "practice_task", id.Value, "task.create", null, $"{title}:{due:O}:{hours}");
            return id;
        });
    }

    /// <summary>Changes a task's title, instructions, due instant, spec or 学时 (the rubric is the review's: a new version there). Audited.</summary>
    public async Task<Result<bool>> UpdateAsync(CurrentUser me, long cohortId, long taskId, NewTask t)
    {
        var ok = Check(t);
        if (!ok.IsOk) return ok.Error!;
        var (title, instructions, due, spec, hours) = ok.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<TaskRow>(SelectTask + " WHERE r.cohort_id = @cohortId AND r.id = @taskId", new { cohortId, taskId }, tx);
            if (before is null) return new Error("Task.NotFound");
            await c.ExecuteAsync("UPDATE reviews SET title = @title WHERE id = @taskId", new { taskId, title }, tx);
            await c.ExecuteAsync("""
                UPDATE practice_tasks SET instructions = @instructions, due_at = @due, spec = @spec, hours_x10 = @hours, updated_at = @now WHERE review_id = @taskId
                """, new { taskId, instructions, due, spec = SpecJson(spec), hours = (int)(hours * 10), now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "practice_task", taskId, "task.update",
                $"{before.Title}:{before.DueAt:O}:{before.HoursX10 / 10m}:{before.Spec}", $"{title}:{due:O}:{hours}:{SpecJson(spec)}");
            return Result<bool>.Ok(true);
        });
    }

    // ---------------------------------------------------------------- submissions

    /// <summary>Every trainee's submission of a task, with its state.</summary>
    public async Task<IReadOnlyList<TaskSubmissionDto>> SubmissionsAsync(long cohortId, long taskId)
    {
        await using var c = await db.OpenAsync();
        return await SubmissionsAsync(c, "r.cohort_id = @cohortId AND r.id = @taskId", new { cohortId, taskId });
    }

    private async Task<IReadOnlyList<TaskSubmissionDto>> SubmissionsAsync(DbConnection c, string where, object args)
    {
        var now = clock.GetUtcNow();
        return (await c.QueryAsync<SubmissionRow>($"""
            SELECT s.id, s.review_id, s.enrollment_id, e.name AS trainee, un.name AS unit, ts.state, ts.late, ts.handed_in_at, t.due_at,
                   (SELECT COUNT(*) FROM submission_versions v WHERE v.submission_id = s.id) AS versions,
                   (SELECT COUNT(*) FROM review_assignments a WHERE a.submission_id = s.id) AS reviewers,
                   (SELECT COUNT(*) FROM review_scores x WHERE x.submission_id = s.id AND x.status = 'submitted') AS scored,
                   (SELECT SUM(x.total_x100) FROM review_scores x WHERE x.submission_id = s.id AND x.status = 'submitted') AS total_x100
            FROM review_submissions s JOIN reviews r ON r.id = s.review_id JOIN practice_tasks t ON t.review_id = r.id
            JOIN enrollments e ON e.id = s.enrollment_id LEFT JOIN units un ON un.id = e.unit_id
            LEFT JOIN task_submissions ts ON ts.submission_id = s.id
            WHERE {where} ORDER BY t.due_at, r.id, s.id
            """, args)).Select(s => s.ToDto(now)).ToList();
    }

    /// <summary>A submission of a task of the class, with its task; null when there is none in this class.</summary>
    public async Task<(TaskDto Task, TaskSubmissionDto Submission)?> SubmissionAsync(long cohortId, long submissionId)
    {
        await using var c = await db.OpenAsync();
        var s = (await SubmissionsAsync(c, "r.cohort_id = @cohortId AND s.id = @submissionId", new { cohortId, submissionId })).SingleOrDefault();
        if (s is null) return null;
        var t = await c.QuerySingleAsync<TaskRow>(SelectTask + " WHERE r.id = @id", new { id = s.ReviewId });
        return (t.ToDto(), s);
    }

    /// <summary>My tasks in a class (an active trainee's), in due order.</summary>
    public async Task<IReadOnlyList<MyTaskDto>> MineAsync(long cohortId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        var subs = await SubmissionsAsync(c, "r.cohort_id = @cohortId AND s.enrollment_id = @enrollmentId", new { cohortId, enrollmentId });
        var tasks = (await c.QueryAsync<TaskRow>(SelectTask + " WHERE r.cohort_id = @cohortId", new { cohortId })).ToDictionary(t => t.Id, t => t.ToDto());
        return subs.Select(s => new MyTaskDto(tasks[s.ReviewId], s, s.State == TaskState.Accepted ? tasks[s.ReviewId].Hours : null)).ToList();
    }

    /// <summary>The class's tasks overdue (nothing handed in after the due instant) or returned for revision: the head teacher's list.</summary>
    public async Task<IReadOnlyList<TaskAttention>> AttentionAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var now = Instant.Truncate(clock.GetUtcNow());
        var subs = await SubmissionsAsync(c, """
            r.cohort_id = @cohortId AND e.status = 'active' AND (ts.state = 'returned' OR (ts.state IS NULL AND t.due_at < @now))
            """, new { cohortId, now });
        var titles = (await c.QueryAsync<(long, string, DateTimeOffset)>("SELECT r.id, r.title, t.due_at FROM reviews r JOIN practice_tasks t ON t.review_id = r.id WHERE r.cohort_id = @cohortId",
            new { cohortId })).ToDictionary(x => x.Item1);
        return subs.Where(s => s.Overdue || s.State == TaskState.Returned)
            .Select(s => new TaskAttention(s.ReviewId, titles[s.ReviewId].Item2, s.Id, s.Trainee, s.State, s.Overdue, titles[s.ReviewId].Item3)).ToList();
    }

    /// <summary>The hand-in being written: the draft if there is one, else the latest version, else nothing; with its files.</summary>
    public async Task<(HandIn HandIn, IReadOnlyList<TaskFileDto> Files)> DraftAsync(long submissionId, TaskSpec spec)
    {
        await using var c = await db.OpenAsync();
        var body = await c.ExecuteScalarAsync<string?>("SELECT body FROM submission_drafts WHERE submission_id = @submissionId", new { submissionId })
            ?? await c.ExecuteScalarAsync<string?>("SELECT body FROM submission_versions WHERE submission_id = @submissionId ORDER BY number DESC LIMIT 1", new { submissionId });
        return (TaskBody.Read(body, spec), await FilesAsync(c, null, submissionId));
    }

    /// <summary>A handed-in version as the mentor reads it: its body and the files that went in with it or before.</summary>
    public async Task<(HandIn HandIn, IReadOnlyList<TaskFileDto> Files, int Number, DateTimeOffset At)?> VersionAsync(long submissionId, TaskSpec spec, int? number = null)
    {
        await using var c = await db.OpenAsync();
        var v = await c.QuerySingleOrDefaultAsync<(string Body, int Number, DateTimeOffset At)?>(number is null
            ? "SELECT body, number, created_at FROM submission_versions WHERE submission_id = @submissionId ORDER BY number DESC LIMIT 1"
            : "SELECT body, number, created_at FROM submission_versions WHERE submission_id = @submissionId AND number = @number", new { submissionId, number });
        if (v is not { } found) return null;
        var ids = TaskBody.FileIds(found.Body);
        var all = await FilesAsync(c, null, submissionId);
        return (TaskBody.Read(found.Body, spec), all.Where(f => ids.Contains(f.Id)).ToList(), found.Number, found.At);
    }

    private static async Task<IReadOnlyList<TaskFileDto>> FilesAsync(DbConnection c, DbTransaction? tx, long submissionId) =>
        (await c.QueryAsync<FileRow>("""
            SELECT id, field_key, is_photo, original_name, attachment_id, handed_in_version FROM task_files WHERE submission_id = @submissionId ORDER BY id
            """, new { submissionId }, tx)).Select(f => new TaskFileDto(f.Id, f.FieldKey, f.IsPhoto, f.OriginalName, f.AttachmentId, f.HandedInVersion)).ToList();

    private async Task<Result<(long TaskId, long CohortId, TaskState State, TaskSpec Spec, DateTimeOffset Due)>> OwnedAsync(DbConnection c, DbTransaction tx,
        CurrentUser me, long cohortId, long submissionId)
    {
        var row = await c.QuerySingleOrDefaultAsync<(long TaskId, string Spec, DateTimeOffset Due, string? State)?>("""
            SELECT r.id, t.spec, t.due_at, ts.state FROM review_submissions s JOIN reviews r ON r.id = s.review_id JOIN practice_tasks t ON t.review_id = r.id
            LEFT JOIN task_submissions ts ON ts.submission_id = s.id WHERE s.id = @submissionId AND r.cohort_id = @cohortId
            """, new { submissionId, cohortId }, tx);
        if (row is not { } r) return new Error("Task.NotFound");
        if (!await ReviewStore.IsOwnerInAsync(c, tx, me.Id, submissionId)) return new Error("Task.NotFound");
        return Result<(long, long, TaskState, TaskSpec, DateTimeOffset)>.Ok((r.TaskId, cohortId, State(r.State), ReadSpec(r.Spec), r.Due));
    }

    /// <summary>
    /// The trainee saves what they typed (<paramref name="handIn"/> false: a draft, only the limits checked) or hands it in:
    /// complete against the spec (<see cref="TaskRules.Check"/>) or refused with the rule, nothing written; late when after
    /// the due instant (accepted, marked); the draft's files go in with the version. Answer: the version's number (0: a draft).
    /// </summary>
    public async Task<Result<int>> SaveAsync(CurrentUser me, long cohortId, long submissionId, HandIn typed, bool handIn)
    {
        var h = typed.Clean();
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            var owned = await OwnedAsync(c, tx, me, cohortId, submissionId);
            if (!owned.IsOk) return owned.Error!;
            var (taskId, _, state, spec, due) = owned.Value;
            var next = TaskRules.HandInFrom(state); // an accepted task: said first, whatever was typed
            if (!next.IsOk) return next.Error!;
            var fileRows = await FilesAsync(c, tx, submissionId);
            var counts = fileRows.GroupBy(f => f.FieldKey).ToDictionary(g => g.Key, g => g.Count());
            var withFiles = h with { Files = counts };
            if (TaskRules.Check(spec, withFiles, draft: !handIn) is { } bad) return bad;
            var body = TaskBody.Write(h, fileRows.Select(f => f.Id));
            if (!handIn)
            {
                await ReviewStore.SaveDraftInAsync(c, tx, me, submissionId, body, now);
                return Result<int>.Ok(0);
            }
            var v = await ReviewStore.HandInVersionInAsync(c, tx, me, taskId, submissionId, body, now);
            if (!v.IsOk) return v.Error!;
            var late = TaskRules.IsLate(due, now);
            await c.ExecuteAsync("UPDATE task_files SET handed_in_version = @n WHERE submission_id = @submissionId AND handed_in_version IS NULL",
                new { submissionId, n = v.Value.Number }, tx);
            if (await c.ExecuteAsync("""
                    UPDATE task_submissions SET state = 'handed_in', late = @late, handed_in_at = @now, updated_at = @now WHERE submission_id = @submissionId
                    """, new { submissionId, late, now }, tx) == 0)
                await c.ExecuteAsync("""
                    INSERT INTO task_submissions (submission_id, state, late, handed_in_at, updated_at) VALUES (@submissionId, 'handed_in', @late, @now, @now)
                    """, new { submissionId, late, now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "task.hand_in", Db(state), late ? "handed_in:late" : "handed_in");
            return Result<int>.Ok(v.Value.Number);
        });
    }

    /// <summary>A photo (a real image, stored upright without EXIF) or a file under a field of the spec, kept with the draft until handed in.</summary>
    public async Task<Result<long>> AddFileAsync(CurrentUser me, long cohortId, long submissionId, string fieldKey, byte[] bytes, string fileName)
    {
        await using (var c0 = await db.OpenAsync())
        {
            var spec = await c0.ExecuteScalarAsync<string?>("""
                SELECT t.spec FROM review_submissions s JOIN practice_tasks t ON t.review_id = s.review_id JOIN reviews r ON r.id = s.review_id
                WHERE s.id = @submissionId AND r.cohort_id = @cohortId
                """, new { submissionId, cohortId });
            if (spec is null) return new Error("Task.NotFound");
            var field = ReadSpec(spec).Fields.FirstOrDefault(f => f.Key == fieldKey);
            if (field is null || field.Kind is not (FieldKind.Photos or FieldKind.Files)) return new Error("Task.UnknownField", fieldKey);
            var photo = field.Kind == FieldKind.Photos;
            var (file, error) = files.Prepare(bytes, fileName, photo ? AttachmentUses.Images : AttachmentUses.Documents);
            if (file is null) return new Error("Task.FileRefused", error!);
            var now = Instant.Truncate(clock.GetUtcNow());
            try
            {
                return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
                {
                    var owned = await OwnedAsync(c, tx, me, cohortId, submissionId);
                    if (!owned.IsOk) return owned.Error!;
                    if (owned.Value.State == TaskState.Accepted) return new Error("Task.AlreadyAccepted");
                    if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM task_files WHERE submission_id = @submissionId AND field_key = @fieldKey",
                            new { submissionId, fieldKey }, tx) >= 20) return new Error("Task.TooManyFiles", field.Label, 20);
                    var id = await c.ExecuteScalarAsync<long>("""
                        INSERT INTO task_files (submission_id, field_key, is_photo, original_name, created_at, created_by)
                        VALUES (@submissionId, @fieldKey, @photo, @name, @now, @by) RETURNING id
                        """, new { submissionId, fieldKey, photo, name = Path.GetFileName(fileName), now, by = me.Id }, tx);
                    var attachment = await files.InsertAsync(c, tx, file, FileKind, id, cohortId, me.Id);
                    await c.ExecuteAsync("UPDATE task_files SET attachment_id = @attachment WHERE id = @id", new { attachment, id }, tx);
                    await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "task.file", null, $"{fieldKey}:{file.FileName}:{file.Bytes.Length}");
                    return Result<long>.Ok(id);
                });
            }
            catch (AttachmentRefusedException e) { return new Error("Task.FileRefused", e.Message); }
        }
    }

    /// <summary>Takes back a photo or file not yet handed in (one handed in stays with its version).</summary>
    public async Task<Result<bool>> RemoveFileAsync(CurrentUser me, long cohortId, long submissionId, long fileId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var owned = await OwnedAsync(c, tx, me, cohortId, submissionId);
            if (!owned.IsOk) return owned.Error!;
            var f = await c.QuerySingleOrDefaultAsync<FileRow>("""
                SELECT id, field_key, is_photo, original_name, attachment_id, handed_in_version FROM task_files WHERE id = @fileId AND submission_id = @submissionId
                """, new { fileId, submissionId }, tx);
            if (f is null) return new Error("Task.NotFound");
            if (f.HandedInVersion is not null) return new Error("Task.FileHandedIn", f.OriginalName);
            await AttachmentStore.RemoveAsync(c, tx, FileKind, fileId);
            await c.ExecuteAsync("DELETE FROM task_files WHERE id = @fileId", new { fileId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "task.file.remove", f.OriginalName, null);
            return Result<bool>.Ok(true);
        });
    }

    // ---------------------------------------------------------------- mentors

    /// <summary>An assigned mentor returns the latest hand-in for revision with an opinion (kept with that version). Audited.</summary>
    public async Task<Result<bool>> ReturnAsync(CurrentUser me, long cohortId, long submissionId, string? opinion)
    {
        opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
        if (opinion?.Length > ReviewStore.MaxOpinion) return new Error("Review.OpinionTooLong", ReviewStore.MaxOpinion);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var state = await MentorStateAsync(c, tx, me, cohortId, submissionId);
            if (!state.IsOk) return state.Error!;
            var next = TaskRules.ReturnFrom(state.Value, opinion);
            if (!next.IsOk) return next.Error!;
            var version = await c.ExecuteScalarAsync<long>("SELECT id FROM submission_versions WHERE submission_id = @submissionId ORDER BY number DESC LIMIT 1", new { submissionId }, tx);
            await ReviewStore.WriteOpinionInAsync(c, tx, version, me.Id, opinion!, now);
            await c.ExecuteAsync("""
                UPDATE task_submissions SET state = 'returned', returned_at = @now, returned_by = @by, updated_at = @now WHERE submission_id = @submissionId
                """, new { submissionId, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "task.return", Db(state.Value), opinion);
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>
    /// An assigned mentor scores the latest hand-in under the task's rubric (a draft, or submitted: every criterion, which
    /// accepts the task and awards its 学时) — the review store's scoring, with the task's state, in one transaction.
    /// </summary>
    public async Task<Result<long>> ScoreAsync(CurrentUser me, long cohortId, long submissionId, IReadOnlyDictionary<string, decimal> values, string? opinion, bool submit)
    {
        opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
        if (opinion?.Length > ReviewStore.MaxOpinion) return new Error("Review.OpinionTooLong", ReviewStore.MaxOpinion);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var state = await MentorStateAsync(c, tx, me, cohortId, submissionId);
            if (!state.IsOk) return state.Error!;
            var next = TaskRules.ScoreFrom(state.Value);
            if (!next.IsOk) return next.Error!;
            var scored = await ReviewStore.ScoreInAsync(c, tx, me, cohortId, submissionId, null, values, opinion, new Dictionary<string, TraitVerdict>(), submit, now);
            if (!scored.IsOk || !submit) return scored;
            if (state.Value != TaskState.Accepted)
            {
                await c.ExecuteAsync("""
                    UPDATE task_submissions SET state = 'accepted', accepted_at = @now, accepted_by = @by, updated_at = @now WHERE submission_id = @submissionId
                    """, new { submissionId, now, by = me.Id }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "review_submission", submissionId, "task.accept", Db(state.Value), "accepted");
            }
            return scored;
        });
    }

    private static async Task<Result<TaskState>> MentorStateAsync(DbConnection c, DbTransaction tx, CurrentUser me, long cohortId, long submissionId)
    {
        var row = await c.QuerySingleOrDefaultAsync<(long Id, string? State)?>("""
            SELECT s.id, ts.state FROM review_submissions s JOIN reviews r ON r.id = s.review_id JOIN practice_tasks t ON t.review_id = r.id
            LEFT JOIN task_submissions ts ON ts.submission_id = s.id WHERE s.id = @submissionId AND r.cohort_id = @cohortId
            """, new { submissionId, cohortId }, tx);
        if (row is null) return new Error("Task.NotFound");
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @submissionId AND user_id = @id",
                new { submissionId, id = me.Id }, tx) == 0) return new Error("Review.NotAssigned");
        return Result<TaskState>.Ok(State(row.Value.State));
    }

    /// <summary>A mentor's tasks to look at in a class: the submissions assigned to them, with their state.</summary>
    public async Task<IReadOnlyList<TaskSubmissionDto>> TodoAsync(long cohortId, long userId)
    {
        await using var c = await db.OpenAsync();
        return await SubmissionsAsync(c, "r.cohort_id = @cohortId AND EXISTS (SELECT 1 FROM review_assignments a WHERE a.submission_id = s.id AND a.user_id = @userId)",
            new { cohortId, userId });
    }

    // ---------------------------------------------------------------- files: who may see them

    string IAttachmentOwnerAccess.OwnerKind => FileKind;

    /// <summary>A task's photo or file: the trainee who handed it in, the mentors assigned to it, and the class's organizers and head teachers.</summary>
    public async Task<bool> MaySeeAsync(CurrentUser me, long fileId)
    {
        (long SubmissionId, long CohortId, long? UserId)? row;
        await using (var c = await db.OpenAsync())
        {
            row = await c.QuerySingleOrDefaultAsync<(long, long, long?)?>("""
                SELECT f.submission_id, r.cohort_id, e.user_id FROM task_files f JOIN review_submissions s ON s.id = f.submission_id
                JOIN reviews r ON r.id = s.review_id JOIN enrollments e ON e.id = s.enrollment_id WHERE f.id = @fileId
                """, new { fileId });
            if (row is not { } r) return false;
            if (r.UserId == me.Id) return true;
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM review_assignments WHERE submission_id = @s AND user_id = @u", new { s = r.SubmissionId, u = me.Id }) > 0)
                return true;
        }
        return (me.IsAdmin || me.IsIn(Domain.Accounts.Role.Organizer) || me.IsIn(Domain.Accounts.Role.HeadTeacher)) && await access.CanSeeAsync(me, row.Value.CohortId);
    }

    // ---------------------------------------------------------------- rows

    private static TaskState State(string? s) => s switch
    {
        "handed_in" => TaskState.HandedIn,
        "returned" => TaskState.Returned,
        "accepted" => TaskState.Accepted,
        _ => TaskState.NotHandedIn,
    };

    private static string Db(TaskState s) => s switch
    {
        TaskState.HandedIn => "handed_in",
        TaskState.Returned => "returned",
        TaskState.Accepted => "accepted",
        _ => "none",
    };

    private sealed record FieldJson(string Key, string Kind, string Label, int Min, List<string>? Columns);

    private static string SpecJson(TaskSpec s) => ReviewJson.Write(s.Fields.Select(f => new FieldJson(f.Key, f.Kind.ToString(), f.Label, f.Min, f.Columns?.ToList())).ToList());

    internal static TaskSpec ReadSpec(string json) => new((JsonSerializer.Deserialize<List<FieldJson>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [])
        .Select(f => new TaskField(f.Key, Enum.Parse<FieldKind>(f.Kind), f.Label, f.Min, f.Columns)).ToList());

    private const string SelectTask = """
        SELECT r.id, r.cohort_id, r.title, t.instructions, t.due_at, t.spec, t.hours_x10, r.rubric_version
        FROM reviews r JOIN practice_tasks t ON t.review_id = r.id
        """;

    private sealed class TaskRow
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public string Title { get; init; } = "";
        public string Instructions { get; init; } = "";
        public DateTimeOffset DueAt { get; init; }
        public string Spec { get; init; } = "[]";
        public long HoursX10 { get; init; }
        public int RubricVersion { get; init; }
        public TaskDto ToDto() => new(Id, CohortId, Title, Instructions, DueAt, ReadSpec(Spec), HoursX10 / 10m, RubricVersion);
    }

    private sealed class SubmissionRow
    {
        public long Id { get; init; }
        public long ReviewId { get; init; }
        public long EnrollmentId { get; init; }
        public string Trainee { get; init; } = "";
        public string? Unit { get; init; }
        public string? State { get; init; }
        public bool? Late { get; init; }
        public DateTimeOffset? HandedInAt { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public long Versions { get; init; }
        public long Reviewers { get; init; }
        public long Scored { get; init; }
        public long? TotalX100 { get; init; }
        public TaskSubmissionDto ToDto(DateTimeOffset now)
        {
            var state = TaskStore.State(State);
            return new(Id, ReviewId, EnrollmentId, Trainee, Unit, state, Late == true, HandedInAt, (int)Versions, (int)Reviewers, (int)Scored,
                Scored > 0 && TotalX100 is { } t ? Math.Round(t / 100m / Scored, 2) : null, TaskRules.IsOverdue(state, DueAt, now));
        }
    }

    private sealed class FileRow
    {
        public long Id { get; init; }
        public string FieldKey { get; init; } = "";
        public bool IsPhoto { get; init; }
        public string OriginalName { get; init; } = "";
        public long? AttachmentId { get; init; }
        public int? HandedInVersion { get; init; }
    }
}

/// <summary>A hand-in as a version's body (review sections: a field key → its text, or its rows / items as JSON; "_files": the file ids).</summary>
public static class TaskBody
{
    private const string FilesKey = "_files";
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(HandIn h, IEnumerable<long> fileIds)
    {
        var d = new Dictionary<string, string>();
        foreach (var (k, v) in h.Texts) d[k] = v;
        foreach (var (k, v) in h.Tables) d[k] = JsonSerializer.Serialize(v, Options);
        foreach (var (k, v) in h.Lists) d[k] = JsonSerializer.Serialize(v, Options);
        var ids = fileIds.ToList();
        if (ids.Count > 0) d[FilesKey] = string.Join(",", ids);
        return ReviewJson.Write(d);
    }

    /// <summary>The body read back by the spec's fields (a field no longer in the spec is left out).</summary>
    public static HandIn Read(string? body, TaskSpec spec)
    {
        var d = ReviewJson.Map<string>(body);
        var texts = new Dictionary<string, string>();
        var tables = new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>();
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var f in spec.Fields)
        {
            if (!d.TryGetValue(f.Key, out var v)) continue;
            try
            {
                switch (f.Kind)
                {
                    case FieldKind.Table: tables[f.Key] = JsonSerializer.Deserialize<List<List<string>>>(v, Options)!.Select(r => (IReadOnlyList<string>)r).ToList(); break;
                    case FieldKind.List: lists[f.Key] = JsonSerializer.Deserialize<List<string>>(v, Options)!; break;
                    case FieldKind.Text: texts[f.Key] = v; break;
                }
            }
            catch (JsonException) { texts[f.Key] = v; } // the field changed kind after this was written: shown as text
        }
        return new HandIn(texts, tables, lists, new Dictionary<string, int>());
    }

    public static IReadOnlySet<long> FileIds(string? body) =>
        ReviewJson.Map<string>(body).TryGetValue(FilesKey, out var ids) ? ids.Split(',').Select(long.Parse).ToHashSet() : new HashSet<long>();
}
