using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Outputs;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Dapper;

namespace CommunityAcademy.Web.Features.Outputs;

/// <summary>A template's section: free text, or structured entries with a fixed list of categories ("人/能人": kind 人, subkind 能人).</summary>
public sealed record OutputSection(string Key, string Title, string Kind, IReadOnlyList<string> Categories);
public sealed record OutputTemplate(long Id, string? Code, string Name, IReadOnlyList<OutputSection> Sections);
public sealed record OutputText(string SectionKey, string Body, int Version, DateTimeOffset UpdatedAt, string? By);
public sealed record OutputEntry(long Id, string SectionKey, string Kind, string? Subkind, string Name, string? Description, string? By)
{
    public string Category => Subkind is null ? Kind : $"{Kind}/{Subkind}";
}
public sealed record OutputFile(long Id, long AttachmentId, bool IsPhoto, string FileName, string OriginalName, long Size, string? By);
public sealed record OutputComment(long Id, string Author, string Body, DateTimeOffset At);
/// <summary>One group's (or topic's) outputs of a session: its 摆摊 stall.</summary>
public sealed record OutputStall(OutputOwner Owner, string Name, IReadOnlyList<OutputText> Texts, IReadOnlyList<OutputEntry> Entries,
    IReadOnlyList<OutputFile> Files, IReadOnlyList<OutputComment> Comments, int Likes, bool LikedByMe, bool MayEdit)
{
    public OutputText? Text(string key) => Texts.FirstOrDefault(t => t.SectionKey == key);
}
/// <summary>A session's outputs: its template, the grouping whose groups record them, the stalls, and what the caller may do.</summary>
public sealed record OutputBoard(long CohortId, long SessionId, string SessionTitle, OutputTemplate Template, long? GroupingId,
    IReadOnlyList<OutputStall> Stalls, bool MayManage);

/// <summary>The session and the caller's standing in its class.</summary>
public sealed record OutputContext(long CohortId, long SessionId, string SessionTitle, CurrentUser Me, bool IsStaff, bool MayManage, long? EnrollmentId)
{
    /// <summary>Class members may look at the stalls, comment and like: the class's staff and its active trainees.</summary>
    public bool MayVisit => IsStaff || EnrollmentId is not null;
    public bool MayEdit(OwnerInfo o) => IsStaff || (EnrollmentId is { } e && o.MemberEnrollments.Contains(e)) || o.MentorUsers.Contains(Me.Id);
}

/// <summary>A text save: saved with its new version, or refused as stale with the text someone else saved (both are shown).</summary>
public sealed record TextSave(bool Saved, int Version, string? Theirs, string? TheirsBy);

/// <summary>
/// 成果 (#17 points 2–4): templates, text sections with a version each (a stale save is refused, never overwrites),
/// entries, photos and files (through the attachment store: upright, no EXIF), and the 摆摊 comments and likes.
/// Adding is a new row, so several members add at once without losing anything.
/// </summary>
public sealed class OutputStore(Db db, CohortAccess access, OutputOwners owners, ITopicOwners topics, AttachmentStore files, Texts texts, TimeProvider clock)
    : IAttachmentOwnerAccess
{
    public const int MaxText = OutputRules.MaxText;
    public const string AttachmentOwner = "output";

    /// <summary>The session and the caller's standing; null when there is no such session, it is not the class's, or the caller may not see the class.</summary>
    public async Task<OutputContext?> ContextAsync(CurrentUser me, long sessionId, long? cohortId = null)
    {
        await using var c = await db.OpenAsync();
        var s = await c.QuerySingleOrDefaultAsync<(long Id, long CohortId, string Title)>("SELECT id, cohort_id, title FROM sessions WHERE id = @sessionId", new { sessionId });
        if (s.Id == 0 || (cohortId is { } want && want != s.CohortId)) return null;
        if (!await access.CanSeeAsync(me, s.CohortId)) return null;
        var isStaff = me.IsAdmin || me.IsIn(Role.Organizer)
            || (CohortStaff.Roles.Any(me.IsIn) && await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM cohort_staff WHERE cohort_id = @cohort AND user_id = @user", new { cohort = s.CohortId, user = me.Id }) > 0);
        var manage = me.IsAdmin || me.IsIn(Role.Organizer) || (isStaff && me.IsIn(Role.HeadTeacher));
        var enrollment = await c.ExecuteScalarAsync<long?>("""
            SELECT id FROM enrollments WHERE cohort_id = @cohort AND user_id = @user AND status = 'active' ORDER BY id LIMIT 1
            """, new { cohort = s.CohortId, user = me.Id });
        return new OutputContext(s.CohortId, s.Id, s.Title, me, isStaff, manage, enrollment);
    }

    public async Task<IReadOnlyList<OutputTemplate>> TemplatesAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        var ts = (await c.QueryAsync<(long Id, string? Code, string Name)>(
            "SELECT id, code, name FROM output_templates WHERE cohort_id IS NULL OR cohort_id = @cohortId ORDER BY id", new { cohortId })).ToList();
        var list = new List<OutputTemplate>();
        foreach (var t in ts) list.Add(await TemplateAsync(c, t.Id));
        return list;
    }

    private static async Task<OutputTemplate> TemplateAsync(DbConnection c, long id)
    {
        var t = await c.QuerySingleAsync<(long Id, string? Code, string Name)>("SELECT id, code, name FROM output_templates WHERE id = @id", new { id });
        var sections = (await c.QueryAsync<(string Key, string Title, string Kind, string? Categories)>("""
            SELECT section_key, title, kind, categories FROM output_template_sections WHERE template_id = @id ORDER BY sort_order, id
            """, new { id })).Select(s => new OutputSection(s.Key, s.Title, s.Kind,
                (s.Categories ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ToList();
        return new OutputTemplate(t.Id, t.Code, t.Name, sections);
    }

    /// <summary>The session's template (the general one when none was picked) and grouping (picked, else the session's own, else the class's working groups).</summary>
    private static async Task<(OutputTemplate Template, long? GroupingId)> SettingsAsync(DbConnection c, long cohortId, long sessionId)
    {
        var templateId = await c.ExecuteScalarAsync<long?>("SELECT template_id FROM session_outputs WHERE session_id = @sessionId", new { sessionId })
            ?? await c.ExecuteScalarAsync<long>("SELECT id FROM output_templates WHERE code = 'general'");
        var grouping = await c.ExecuteScalarAsync<long?>("SELECT grouping_id FROM session_outputs WHERE session_id = @sessionId", new { sessionId })
            ?? await c.ExecuteScalarAsync<long?>("SELECT MIN(id) FROM groupings WHERE cohort_id = @cohortId AND session_id = @sessionId", new { cohortId, sessionId })
            ?? await c.ExecuteScalarAsync<long?>("SELECT MIN(id) FROM groupings WHERE cohort_id = @cohortId AND kind = 'working'", new { cohortId });
        return (await TemplateAsync(c, templateId), grouping);
    }

    /// <summary>The organizer picks the session's template and the grouping whose groups record outputs.</summary>
    public async Task<Result<bool>> ConfigureAsync(OutputContext ctx, long templateId, long? groupingId)
    {
        if (!ctx.MayManage) return new Error("Outputs.NotAllowed");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var owner = await c.QuerySingleOrDefaultAsync<(long Id, long? CohortId)>("SELECT id, cohort_id FROM output_templates WHERE id = @templateId", new { templateId }, tx);
            if (owner.Id == 0 || (owner.CohortId is { } oc && oc != ctx.CohortId)) return new Error("Outputs.UnknownTemplate", templateId);
            if (groupingId is { } g && await c.ExecuteScalarAsync<long?>("""
                    SELECT id FROM groupings WHERE id = @g AND cohort_id = @cohort AND (session_id IS NULL OR session_id = @session)
                    """, new { g, cohort = ctx.CohortId, session = ctx.SessionId }, tx) is null)
                return new Error("Outputs.UnknownGrouping", g);
            var p = new { session = ctx.SessionId, templateId, groupingId, now, by = ctx.Me.Id };
            if (await c.ExecuteAsync("UPDATE session_outputs SET template_id = @templateId, grouping_id = @groupingId, updated_at = @now, updated_by = @by WHERE session_id = @session", p, tx) == 0)
                await c.ExecuteAsync("INSERT INTO session_outputs (session_id, template_id, grouping_id, updated_at, updated_by) VALUES (@session, @templateId, @groupingId, @now, @by)", p, tx);
            await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "session", ctx.SessionId, "outputs.configure", null, $"{templateId}:{groupingId}");
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>The class's groupings that may record this session's outputs (the class's, and the session's own).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> GroupingsAsync(OutputContext ctx)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string)>("""
            SELECT id, name FROM groupings WHERE cohort_id = @cohort AND (session_id IS NULL OR session_id = @session) ORDER BY id
            """, new { cohort = ctx.CohortId, session = ctx.SessionId })).ToList();
    }

    /// <summary>Every stall of the session: the grouping's groups, the session's topics, and any other owner holding outputs here.</summary>
    public async Task<OutputBoard> BoardAsync(OutputContext ctx)
    {
        await using var c = await db.OpenAsync();
        var (template, grouping) = await SettingsAsync(c, ctx.CohortId, ctx.SessionId);
        var p = new { session = ctx.SessionId, me = ctx.Me.Id };
        var list = new List<OutputOwner>();
        if (grouping is { } g)
            list.AddRange((await c.QueryAsync<long>("SELECT id FROM groups WHERE grouping_id = @g ORDER BY sort_order, id", new { g })).Select(id => new OutputOwner(OutputOwner.Group, id)));
        list.AddRange((await topics.OfSessionAsync(ctx.CohortId, ctx.SessionId)).Select(t => t.Owner));
        var used = await c.QueryAsync<(string Kind, long Id)>("""
            SELECT owner_kind, owner_id FROM output_texts WHERE session_id = @session
            UNION SELECT owner_kind, owner_id FROM output_entries WHERE session_id = @session
            UNION SELECT owner_kind, owner_id FROM output_files WHERE session_id = @session
            """, p);
        foreach (var u in used.OrderBy(u => u.Kind).ThenBy(u => u.Id))
            if (!list.Contains(new OutputOwner(u.Kind, u.Id))) list.Add(new OutputOwner(u.Kind, u.Id));

        var textRows = (await c.QueryAsync<TextRow>("""
            SELECT t.owner_kind, t.owner_id, t.section_key, t.body, t.version, t.updated_at, u.display_name AS by_name
            FROM output_texts t LEFT JOIN users u ON u.id = t.updated_by WHERE t.session_id = @session
            """, p)).ToList();
        var entryRows = (await c.QueryAsync<EntryRow>("""
            SELECT e.id, e.owner_kind, e.owner_id, e.section_key, e.kind, e.subkind, e.name, e.description, u.display_name AS by_name
            FROM output_entries e LEFT JOIN users u ON u.id = e.created_by WHERE e.session_id = @session ORDER BY e.id
            """, p)).ToList();
        var fileRows = (await c.QueryAsync<FileRow>("""
            SELECT f.id, f.owner_kind, f.owner_id, f.attachment_id, f.is_photo, a.file_name, f.original_name, a.size, u.display_name AS by_name
            FROM output_files f JOIN attachments a ON a.id = f.attachment_id LEFT JOIN users u ON u.id = f.created_by
            WHERE f.session_id = @session ORDER BY f.id
            """, p)).ToList();
        var commentRows = (await c.QueryAsync<CommentRow>("""
            SELECT m.id, m.owner_kind, m.owner_id, u.display_name AS author, m.body, m.created_at
            FROM output_comments m JOIN users u ON u.id = m.user_id WHERE m.session_id = @session ORDER BY m.id
            """, p)).ToList();
        var likeRows = (await c.QueryAsync<(string Kind, long Id, long UserId)>(
            "SELECT owner_kind, owner_id, user_id FROM output_likes WHERE session_id = @session", p)).ToList();

        var stalls = new List<OutputStall>();
        foreach (var o in list)
        {
            if (await owners.FindAsync(o, ctx.CohortId, ctx.SessionId) is not { } info) continue;
            bool mine(string kind, long id) => kind == o.Kind && id == o.Id;
            stalls.Add(new OutputStall(o, info.Name,
                textRows.Where(t => mine(t.OwnerKind, t.OwnerId)).Select(t => new OutputText(t.SectionKey, t.Body, t.Version, t.UpdatedAt, t.ByName)).ToList(),
                entryRows.Where(e => mine(e.OwnerKind, e.OwnerId)).Select(e => new OutputEntry(e.Id, e.SectionKey, e.Kind, e.Subkind, e.Name, e.Description, e.ByName)).ToList(),
                fileRows.Where(f => mine(f.OwnerKind, f.OwnerId)).Select(f => new OutputFile(f.Id, f.AttachmentId, f.IsPhoto, f.FileName, f.OriginalName, f.Size, f.ByName)).ToList(),
                commentRows.Where(m => mine(m.OwnerKind, m.OwnerId)).Select(m => new OutputComment(m.Id, m.Author, m.Body, m.CreatedAt)).ToList(),
                likeRows.Count(l => mine(l.Kind, l.Id)), likeRows.Any(l => mine(l.Kind, l.Id) && l.UserId == ctx.Me.Id), ctx.MayEdit(info)));
        }
        return new OutputBoard(ctx.CohortId, ctx.SessionId, ctx.SessionTitle, template, grouping, stalls, ctx.MayManage);
    }

    /// <summary>The owner if the caller may add to it: not found (null, Outputs.UnknownOwner) or not allowed (Outputs.NotAllowed).</summary>
    public async Task<Result<OwnerInfo>> EditableAsync(OutputContext ctx, OutputOwner owner)
    {
        if (await owners.FindAsync(owner, ctx.CohortId, ctx.SessionId) is not { } info) return new Error("Outputs.UnknownOwner", owner.ToString());
        return ctx.MayEdit(info) ? Result<OwnerInfo>.Ok(info) : new Error("Outputs.NotAllowed");
    }

    private async Task<Result<OwnerInfo>> VisitableAsync(OutputContext ctx, OutputOwner owner)
    {
        if (await owners.FindAsync(owner, ctx.CohortId, ctx.SessionId) is not { } info) return new Error("Outputs.UnknownOwner", owner.ToString());
        return ctx.MayVisit ? Result<OwnerInfo>.Ok(info) : new Error("Outputs.NotAllowed");
    }

    private async Task<OutputSection?> SectionAsync(long cohortId, long sessionId, string key)
    {
        await using var c = await db.OpenAsync();
        return (await SettingsAsync(c, cohortId, sessionId)).Template.Sections.FirstOrDefault(s => s.Key == key);
    }

    /// <summary>
    /// Saves one text section. <paramref name="expectedVersion"/> is the version the writer started from (0: none yet);
    /// when someone saved in between, nothing is written and the answer carries their text.
    /// </summary>
    public async Task<Result<TextSave>> SaveTextAsync(OutputContext ctx, OutputOwner owner, string sectionKey, string? body, int expectedVersion)
    {
        var ok = await EditableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        var checkedText = OutputRules.Text(body);
        if (!checkedText.IsOk) return checkedText.Error!;
        body = checkedText.Value!;
        if (await SectionAsync(ctx.CohortId, ctx.SessionId, sectionKey) is not { Kind: "text" }) return new Error("Outputs.UnknownSection", sectionKey);
        var now = Instant.Truncate(clock.GetUtcNow());
        var key = new { session = ctx.SessionId, kind = owner.Kind, id = owner.Id, section = sectionKey };
        async Task<TextSave> stale()
        {
            await using var c = await db.OpenAsync();
            var cur = await c.QuerySingleOrDefaultAsync<(string Body, int Version, string? By)>("""
                SELECT t.body, t.version, u.display_name FROM output_texts t LEFT JOIN users u ON u.id = t.updated_by
                WHERE t.session_id = @session AND t.owner_kind = @kind AND t.owner_id = @id AND t.section_key = @section
                """, key);
            return new TextSave(false, cur.Version, cur.Body ?? "", cur.By);
        }
        if (expectedVersion <= 0)
        {
            try
            {
                await db.InTransactionAsync(async (c, tx) =>
                {
                    await c.ExecuteAsync("""
                        INSERT INTO output_texts (session_id, owner_kind, owner_id, section_key, body, version, updated_at, updated_by)
                        VALUES (@session, @kind, @id, @section, @body, 1, @now, @by)
                        """, new { key.session, key.kind, key.id, key.section, body, now, by = ctx.Me.Id }, tx);
                    await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "output", owner.Id, "outputs.text", null, $"{owner}:{sectionKey}:1");
                    return 0;
                });
                return Result<TextSave>.Ok(new TextSave(true, 1, null, null));
            }
            catch (DbException) { return Result<TextSave>.Ok(await stale()); } // someone saved the first version first
        }
        var saved = await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                UPDATE output_texts SET body = @body, version = version + 1, updated_at = @now, updated_by = @by
                WHERE session_id = @session AND owner_kind = @kind AND owner_id = @id AND section_key = @section AND version = @expectedVersion
                """, new { key.session, key.kind, key.id, key.section, body, now, by = ctx.Me.Id, expectedVersion }, tx);
            if (n == 1) await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "output", owner.Id, "outputs.text", null, $"{owner}:{sectionKey}:{expectedVersion + 1}");
            return n == 1;
        });
        return Result<TextSave>.Ok(saved ? new TextSave(true, expectedVersion + 1, null, null) : await stale());
    }

    /// <summary>Adds a structured entry (kind and subkind from the section's categories, a name, a description).</summary>
    public async Task<Result<long>> AddEntryAsync(OutputContext ctx, OutputOwner owner, string sectionKey, string? category, string? name, string? description)
    {
        var ok = await EditableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        if (await SectionAsync(ctx.CohortId, ctx.SessionId, sectionKey) is not { Kind: "entries" } section) return new Error("Outputs.UnknownSection", sectionKey);
        var cat = OutputRules.Category(category, section.Categories);
        if (!cat.IsOk) return cat.Error!;
        var entry = OutputRules.Entry(name, description);
        if (!entry.IsOk) return entry.Error!;
        var (kind, subkind) = (cat.Value.Kind, cat.Value.Subkind);
        (name, description) = entry.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO output_entries (session_id, owner_kind, owner_id, section_key, kind, subkind, name, description, created_at, created_by)
                VALUES (@session, @kind, @id, @sectionKey, @k, @sub, @name, @description, @now, @by) RETURNING id
                """, new { session = ctx.SessionId, kind = owner.Kind, id = owner.Id, sectionKey, k = kind,
                    sub = subkind, name, description, now, by = ctx.Me.Id }, tx);
            await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "output", owner.Id, "outputs.entry", null, $"{owner}:{cat.Value}:{name}");
            return Result<long>.Ok(id);
        });
    }

    /// <summary>
    /// Adds a photo (a real image: stored upright with every EXIF tag, the location too, removed) or a file (the
    /// attachment store's documents). The class's quota is checked in the same transaction.
    /// </summary>
    public async Task<Result<long>> AddFileAsync(OutputContext ctx, OutputOwner owner, byte[] bytes, string fileName, bool photo)
    {
        var ok = await EditableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        if (photo && bytes.Length > 0 && AttachmentStore.Sniff(bytes).Kind is not (AttachmentKind.Jpeg or AttachmentKind.Png or AttachmentKind.WebP)
            && AttachmentStore.Sniff(bytes).Problem is not "Attachments.Heic")
            return new Error("Outputs.NotAPhoto", Path.GetFileName(fileName));
        var (file, error) = files.Prepare(bytes, fileName, photo ? AttachmentUses.Images : AttachmentUses.Documents);
        if (file is null) return new Error("Outputs.FileRefused", error!);
        var now = Instant.Truncate(clock.GetUtcNow());
        try
        {
            return await db.InTransactionAsync(async (c, tx) =>
            {
                var id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO output_files (session_id, owner_kind, owner_id, is_photo, original_name, created_at, created_by)
                    VALUES (@session, @kind, @id, @photo, @name, @now, @by) RETURNING id
                    """, new { session = ctx.SessionId, kind = owner.Kind, id = owner.Id, photo = photo || file.Kind is AttachmentKind.Jpeg or AttachmentKind.Png,
                        name = Path.GetFileName(fileName), now, by = ctx.Me.Id }, tx);
                var attachment = await files.InsertAsync(c, tx, file, AttachmentOwner, id, ctx.CohortId, ctx.Me.Id);
                await c.ExecuteAsync("UPDATE output_files SET attachment_id = @attachment WHERE id = @id", new { attachment, id }, tx);
                await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "output", owner.Id, "outputs.file", null, $"{owner}:{file.FileName}:{file.Bytes.Length}");
                return Result<long>.Ok(id);
            });
        }
        catch (AttachmentRefusedException e) { return new Error("Outputs.FileRefused", e.Message); }
    }

    /// <summary>
    /// Takes back an entry or a file (kind "entry" or "file") of a stall — who may add may remove, after the page asked;
    /// a file's stored attachment goes with it. Not found (404) unless it is this stall's, in this session. Audited.
    /// </summary>
    public async Task<Result<bool>> RemoveAsync(OutputContext ctx, OutputOwner owner, string kind, long itemId)
    {
        var ok = await EditableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        var table = kind switch { "entry" => "output_entries", "file" => "output_files", _ => null };
        if (table is null) return new Error("Outputs.UnknownOwner");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var p = new { itemId, session = ctx.SessionId, kind = owner.Kind, id = owner.Id };
            var what = await c.ExecuteScalarAsync<string?>(kind == "entry"
                ? "SELECT name FROM output_entries WHERE id = @itemId AND session_id = @session AND owner_kind = @kind AND owner_id = @id"
                : "SELECT original_name FROM output_files WHERE id = @itemId AND session_id = @session AND owner_kind = @kind AND owner_id = @id", p, tx);
            if (what is null) return (Result<bool>)new Error("Outputs.UnknownOwner");
            if (kind == "file")
                await AttachmentStore.RemoveAsync(c, tx, AttachmentOwner, itemId);
            await c.ExecuteAsync($"DELETE FROM {table} WHERE id = @itemId", p, tx);
            await Audit.WriteAsync(c, tx, ctx.Me.Id, now, "output", owner.Id, $"outputs.{kind}.remove", what, null);
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>A visitor's short comment on a stall.</summary>
    public async Task<Result<long>> CommentAsync(OutputContext ctx, OutputOwner owner, string? body)
    {
        var ok = await VisitableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        var comment = OutputRules.Comment(body);
        if (!comment.IsOk) return comment.Error!;
        body = comment.Value!;
        var now = Instant.Truncate(clock.GetUtcNow());
        await using var c = await db.OpenAsync();
        return Result<long>.Ok(await c.ExecuteScalarAsync<long>("""
            INSERT INTO output_comments (session_id, owner_kind, owner_id, user_id, body, created_at) VALUES (@session, @kind, @id, @me, @body, @now) RETURNING id
            """, new { session = ctx.SessionId, kind = owner.Kind, id = owner.Id, me = ctx.Me.Id, body, now }));
    }

    /// <summary>One like per person and stall: a second tap takes it back. The answer: liked now, and the stall's count.</summary>
    public async Task<Result<(bool Liked, int Count)>> ToggleLikeAsync(OutputContext ctx, OutputOwner owner)
    {
        var ok = await VisitableAsync(ctx, owner);
        if (!ok.IsOk) return ok.Error!;
        var p = new { session = ctx.SessionId, kind = owner.Kind, id = owner.Id, me = ctx.Me.Id, now = Instant.Truncate(clock.GetUtcNow()) };
        await using var c = await db.OpenAsync();
        var liked = false;
        if (await c.ExecuteAsync("DELETE FROM output_likes WHERE session_id = @session AND owner_kind = @kind AND owner_id = @id AND user_id = @me", p) == 0)
        {
            try { await c.ExecuteAsync("INSERT INTO output_likes (session_id, owner_kind, owner_id, user_id, created_at) VALUES (@session, @kind, @id, @me, @now)", p); }
            catch (DbException) { } // a double tap: the first one counted
            liked = true;
        }
        var count = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM output_likes WHERE session_id = @session AND owner_kind = @kind AND owner_id = @id", p);
        return Result<(bool, int)>.Ok((liked, (int)count));
    }

    /// <summary>The attachment store asks: may this caller download an output's file? Whoever may visit its session's stalls.</summary>
    public string OwnerKind => AttachmentOwner;

    public async Task<bool> MaySeeAsync(CurrentUser me, long ownerId)
    {
        await using var c = await db.OpenAsync();
        var session = await c.ExecuteScalarAsync<long?>("SELECT session_id FROM output_files WHERE id = @ownerId", new { ownerId });
        return session is { } s && await ContextAsync(me, s) is { MayVisit: true };
    }

    /// <summary>An error's text for the pages and the API.</summary>
    public string Message(Error e) => e.Code is "Outputs.FileRefused" ? (string)e.Args[0] : texts.Error(e);

    private sealed class TextRow
    {
        public string OwnerKind { get; init; } = "";
        public long OwnerId { get; init; }
        public string SectionKey { get; init; } = "";
        public string Body { get; init; } = "";
        public int Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? ByName { get; init; }
    }

    private sealed class EntryRow
    {
        public long Id { get; init; }
        public string OwnerKind { get; init; } = "";
        public long OwnerId { get; init; }
        public string SectionKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Subkind { get; init; }
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string? ByName { get; init; }
    }

    private sealed class FileRow
    {
        public long Id { get; init; }
        public string OwnerKind { get; init; } = "";
        public long OwnerId { get; init; }
        public long AttachmentId { get; init; }
        public bool IsPhoto { get; init; }
        public string FileName { get; init; } = "";
        public string OriginalName { get; init; } = "";
        public long Size { get; init; }
        public string? ByName { get; init; }
    }

    private sealed class CommentRow
    {
        public long Id { get; init; }
        public string OwnerKind { get; init; } = "";
        public long OwnerId { get; init; }
        public string Author { get; init; } = "";
        public string Body { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }
}
