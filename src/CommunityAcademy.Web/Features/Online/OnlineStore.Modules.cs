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

/// <summary>A case push's or theme course's modules and their files (images, MP4 video).</summary>
public sealed partial class OnlineStore
{
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
}
