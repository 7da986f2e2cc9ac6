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

/// <summary>The trainee's side: opening and reading modules, answering questions.</summary>
public sealed partial class OnlineStore
{
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
}
