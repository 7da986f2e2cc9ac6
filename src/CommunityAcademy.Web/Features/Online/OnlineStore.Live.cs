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

/// <summary>Live courses: the platform's export imported, people matched, presence marked by hand.</summary>
public sealed partial class OnlineStore
{
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
