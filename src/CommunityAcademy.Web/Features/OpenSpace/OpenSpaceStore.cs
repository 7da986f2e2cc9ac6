using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.OpenSpace;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.OpenSpace;

public sealed record OpenSpaceSlotDto(long Id, string Starts, string Ends)
{
    public string Label => $"{Starts}–{Ends}";
}
public sealed record OpenSpaceSpaceDto(long Id, string Name, int? Capacity);
/// <summary>A topic (议题): its convener, where it is placed (slot × space, or nowhere yet) and how many signed up.</summary>
public sealed record OpenSpaceTopicDto(long Id, string Title, string? Description, long? ConvenerEnrollmentId, string? Convener,
    long? SlotId, long? SpaceId, int Count, bool HasNotes);
/// <summary>An Open Space of a session; <see cref="Mine"/>: the caller's topic per slot (slot id → topic id), when a participant.</summary>
public sealed record OpenSpaceDto(long Id, long SessionId, long CohortId, string SessionTitle, string Theme, bool MarketplaceOpen,
    IReadOnlyList<OpenSpaceSlotDto> Slots, IReadOnlyList<OpenSpaceSpaceDto> Spaces, IReadOnlyList<OpenSpaceTopicDto> Topics,
    IReadOnlyDictionary<long, long> Mine)
{
    public OpenSpaceTopicDto? At(long slotId, long spaceId) => Topics.FirstOrDefault(t => t.SlotId == slotId && t.SpaceId == spaceId);
    public IEnumerable<OpenSpaceTopicDto> Unplaced => Topics.Where(t => t.SlotId is null);
}
public sealed record OpenSpacePersonDto(long EnrollmentId, string Name, string? Unit);
/// <summary>A topic with who is there (in its slot) and its record: notes, action points, who follows up.</summary>
public sealed record OpenSpaceTopicDetailDto(OpenSpaceTopicDto Topic, string? Slot, string? Space, IReadOnlyList<OpenSpacePersonDto> People,
    string? Notes, string? Actions, long? FollowUpEnrollmentId, string? FollowUp, DateTimeOffset? NotesUpdatedAt);
/// <summary>After a sign-up: the slot, the topic left (if any) and every topic's count in that slot.</summary>
public sealed record OpenSpaceSignUpDto(long SlotId, long TopicId, long? LeftTopicId, IReadOnlyDictionary<long, int> Counts);

/// <summary>Who the caller is in the session's class: an active participant (trainee) or not.</summary>
public sealed record OpenSpaceCaller(long CohortId, long? EnrollmentId);

/// <summary>
/// 开放空间 (#17 point 1): one per session. Every change is audited; a move between topics is one UPDATE of the caller's
/// row for the slot (the primary key (slot, person) keeps a person in at most one topic per slot).
/// </summary>
public sealed class OpenSpaceStore(Db db, TimeProvider clock)
{
    /// <summary>The class of the session and the caller's active trainee enrolment in it; null when there is no such session.</summary>
    public async Task<OpenSpaceCaller?> CallerAsync(long sessionId, long userId)
    {
        await using var c = await db.OpenAsync();
        var cohort = await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM sessions WHERE id = @sessionId", new { sessionId });
        if (cohort is null) return null;
        var e = await c.ExecuteScalarAsync<long?>("""
            SELECT id FROM enrollments WHERE cohort_id = @cohort AND user_id = @userId AND category = 'trainee' AND status = 'active'
            """, new { cohort, userId });
        return new OpenSpaceCaller(cohort.Value, e);
    }

    public async Task<string?> SessionTitleAsync(long sessionId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<string?>("SELECT title FROM sessions WHERE id = @sessionId", new { sessionId });
    }

    /// <summary>The session's Open Space; null when it has none (or there is no such session).</summary>
    public async Task<OpenSpaceDto?> GetAsync(long sessionId, long? myEnrollmentId = null)
    {
        await using var c = await db.OpenAsync();
        var os = await c.QuerySingleOrDefaultAsync<SpaceRow>("""
            SELECT o.id, o.session_id, o.cohort_id, s.title AS session_title, o.theme, o.marketplace_open
            FROM open_spaces o JOIN sessions s ON s.id = o.session_id WHERE o.session_id = @sessionId
            """, new { sessionId });
        if (os is null) return null;
        var slots = (await c.QueryAsync<SlotRow>("SELECT id, starts_at, ends_at FROM open_space_slots WHERE open_space_id = @id ORDER BY sort_order, id", new { id = os.Id }))
            .Select(s => new OpenSpaceSlotDto(s.Id, s.StartsAt, s.EndsAt)).ToList();
        var spaces = (await c.QueryAsync<PlaceRow>("SELECT id, name, capacity FROM open_space_spaces WHERE open_space_id = @id ORDER BY sort_order, id", new { id = os.Id }))
            .Select(s => new OpenSpaceSpaceDto(s.Id, s.Name, s.Capacity)).ToList();
        var topics = (await c.QueryAsync<TopicRow>(TopicSelect + " WHERE t.open_space_id = @id ORDER BY t.id", new { id = os.Id })).Select(t => t.ToDto()).ToList();
        var mine = myEnrollmentId is { } me
            ? (await c.QueryAsync<(long SlotId, long TopicId)>("""
                SELECT su.slot_id, su.topic_id FROM open_space_signups su JOIN open_space_slots sl ON sl.id = su.slot_id
                WHERE sl.open_space_id = @id AND su.enrollment_id = @me
                """, new { id = os.Id, me })).ToDictionary(x => x.SlotId, x => x.TopicId)
            : new Dictionary<long, long>();
        return new OpenSpaceDto(os.Id, os.SessionId, os.CohortId, os.SessionTitle, os.Theme, os.MarketplaceOpen, slots, spaces, topics, mine);
    }

    private const string TopicSelect = """
        SELECT t.id, t.title, t.description, t.convener_enrollment_id, e.name AS convener, t.slot_id, t.space_id,
               (SELECT COUNT(*) FROM open_space_signups su WHERE su.topic_id = t.id) AS signups,
               CASE WHEN t.notes IS NOT NULL OR t.actions IS NOT NULL THEN 1 ELSE 0 END AS has_notes,
               t.notes, t.actions, t.follow_up_enrollment_id, f.name AS follow_up, t.notes_updated_at
        FROM open_space_topics t LEFT JOIN enrollments e ON e.id = t.convener_enrollment_id
        LEFT JOIN enrollments f ON f.id = t.follow_up_enrollment_id
        """;

    /// <summary>A topic of the session's Open Space with the people signed up for it; null when it is not one of them.</summary>
    public async Task<OpenSpaceTopicDetailDto?> TopicAsync(long sessionId, long topicId)
    {
        await using var c = await db.OpenAsync();
        var t = await c.QuerySingleOrDefaultAsync<TopicRow>(TopicSelect + """
             JOIN open_spaces o ON o.id = t.open_space_id WHERE t.id = @topicId AND o.session_id = @sessionId
            """, new { sessionId, topicId });
        if (t is null) return null;
        var slot = t.SlotId is { } sl ? await c.QuerySingleOrDefaultAsync<SlotRow>("SELECT id, starts_at, ends_at FROM open_space_slots WHERE id = @sl", new { sl }) : null;
        var space = t.SpaceId is { } sp ? await c.ExecuteScalarAsync<string?>("SELECT name FROM open_space_spaces WHERE id = @sp", new { sp }) : null;
        var people = (await c.QueryAsync<(long Id, string Name, string? Unit)>("""
            SELECT e.id, e.name, u.name FROM open_space_signups su JOIN enrollments e ON e.id = su.enrollment_id
            LEFT JOIN units u ON u.id = e.unit_id WHERE su.topic_id = @topicId ORDER BY su.signed_at, e.id
            """, new { topicId })).Select(p => new OpenSpacePersonDto(p.Id, p.Name, p.Unit)).ToList();
        return new OpenSpaceTopicDetailDto(t.ToDto(), slot is null ? null : $"{slot.StartsAt}–{slot.EndsAt}", space, people,
            t.Notes, t.Actions, t.FollowUpEnrollmentId, t.FollowUp, t.NotesUpdatedAt);
    }

    /// <summary>The class's active trainees (the "who follows up" choice).</summary>
    public async Task<IReadOnlyList<OpenSpacePersonDto>> PeopleAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, string Name, string? Unit)>("""
            SELECT e.id, e.name, u.name FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id
            WHERE e.cohort_id = @cohortId AND e.category = 'trainee' AND e.status = 'active' ORDER BY e.name, e.id
            """, new { cohortId })).Select(p => new OpenSpacePersonDto(p.Id, p.Name, p.Unit)).ToList();
    }

    /// <summary>
    /// Creates the session's Open Space or changes it: theme, slots and spaces (matched by their order: the first slot
    /// stays the first slot, so topics placed there stay), the marketplace open or closed. A slot or space that would
    /// go away while a topic is placed in it is refused (OpenSpace.GridInUse).
    /// </summary>
    public async Task<Result<long>> SetUpAsync(CurrentUser me, long sessionId, string? theme, IReadOnlyList<OpenSpaceSlot> slots,
        IReadOnlyList<OpenSpaceSpace> spaces, bool marketplaceOpen)
    {
        if (OpenSpaceRules.CheckTheme(theme) is { } bad) return bad;
        if (OpenSpaceRules.CheckSlots(slots) is { } badSlots) return badSlots;
        if (OpenSpaceRules.CheckSpaces(spaces) is { } badSpaces) return badSpaces;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var cohort = await c.ExecuteScalarAsync<long?>("SELECT cohort_id FROM sessions WHERE id = @sessionId", new { sessionId }, tx);
            if (cohort is null) return new Error("OpenSpace.UnknownSession", sessionId);
            var id = await c.ExecuteScalarAsync<long?>("SELECT id FROM open_spaces WHERE session_id = @sessionId", new { sessionId }, tx);
            if (id is null)
                id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO open_spaces (session_id, cohort_id, theme, marketplace_open, created_at, created_by)
                    VALUES (@sessionId, @cohort, @theme, @marketplaceOpen, @now, @by) RETURNING id
                    """, new { sessionId, cohort, theme = theme!.Trim(), marketplaceOpen, now, by = me.Id }, tx);
            else
                await c.ExecuteAsync("UPDATE open_spaces SET theme = @theme, marketplace_open = @marketplaceOpen WHERE id = @id",
                    new { id, theme = theme!.Trim(), marketplaceOpen }, tx);
            var oldSlots = (await c.QueryAsync<long>("SELECT id FROM open_space_slots WHERE open_space_id = @id ORDER BY sort_order, id", new { id }, tx)).ToList();
            var oldSpaces = (await c.QueryAsync<long>("SELECT id FROM open_space_spaces WHERE open_space_id = @id ORDER BY sort_order, id", new { id }, tx)).ToList();
            foreach (var gone in oldSlots.Skip(slots.Count))
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM open_space_topics WHERE slot_id = @gone", new { gone }, tx) > 0)
                    return new Error("OpenSpace.GridInUse");
            foreach (var gone in oldSpaces.Skip(spaces.Count))
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM open_space_topics WHERE space_id = @gone", new { gone }, tx) > 0)
                    return new Error("OpenSpace.GridInUse");
            for (var i = 0; i < slots.Count; i++)
            {
                var args = new { id, i, starts = slots[i].Starts.ToString("HH:mm"), ends = slots[i].Ends.ToString("HH:mm"), old = i < oldSlots.Count ? oldSlots[i] : 0 };
                await c.ExecuteAsync(i < oldSlots.Count
                    ? "UPDATE open_space_slots SET sort_order = @i, starts_at = @starts, ends_at = @ends WHERE id = @old"
                    : "INSERT INTO open_space_slots (open_space_id, sort_order, starts_at, ends_at) VALUES (@id, @i, @starts, @ends)", args, tx);
            }
            foreach (var gone in oldSlots.Skip(slots.Count)) await c.ExecuteAsync("DELETE FROM open_space_slots WHERE id = @gone", new { gone }, tx);
            for (var i = 0; i < spaces.Count; i++)
            {
                var args = new { id, i, name = spaces[i].Name, capacity = spaces[i].Capacity, old = i < oldSpaces.Count ? oldSpaces[i] : 0 };
                await c.ExecuteAsync(i < oldSpaces.Count
                    ? "UPDATE open_space_spaces SET sort_order = @i, name = @name, capacity = @capacity WHERE id = @old"
                    : "INSERT INTO open_space_spaces (open_space_id, sort_order, name, capacity) VALUES (@id, @i, @name, @capacity)", args, tx);
            }
            foreach (var gone in oldSpaces.Skip(spaces.Count)) await c.ExecuteAsync("DELETE FROM open_space_spaces WHERE id = @gone", new { gone }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "open_space", id, "openspace.setup", null,
                $"{slots.Count}×{spaces.Count}:{(marketplaceOpen ? "open" : "closed")}");
            return Result<long>.Ok(id.Value);
        });
    }

    /// <summary>Opens or closes the marketplace (posting topics). False when the session has no Open Space.</summary>
    public async Task<bool> SetMarketplaceAsync(CurrentUser me, long sessionId, bool open)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long?>("SELECT id FROM open_spaces WHERE session_id = @sessionId", new { sessionId }, tx);
            if (id is null) return false;
            await c.ExecuteAsync("UPDATE open_spaces SET marketplace_open = @open WHERE id = @id", new { id, open }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "open_space", id, open ? "openspace.open" : "openspace.close");
            return true;
        });
    }

    /// <summary>
    /// Posts a topic; the poster (an active trainee) becomes its convener, or staff name one (or nobody). Refused when
    /// the marketplace is closed (OpenSpace.MarketplaceClosed) — staff too: they open it again first.
    /// </summary>
    public async Task<Result<long>> PostTopicAsync(CurrentUser me, long sessionId, long? convenerEnrollmentId, string? title, string? description)
    {
        if (OpenSpaceRules.CheckTopic(title, description) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var os = await c.QuerySingleOrDefaultAsync<SpaceRow>("SELECT id, cohort_id, marketplace_open FROM open_spaces WHERE session_id = @sessionId", new { sessionId }, tx);
            if (os is null) return new Error("OpenSpace.None");
            if (!os.MarketplaceOpen) return new Error("OpenSpace.MarketplaceClosed");
            if (convenerEnrollmentId is { } e && !await IsParticipantAsync(c, tx, os.CohortId, e)) return new Error("OpenSpace.UnknownPerson", e);
            var d = description?.Trim();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO open_space_topics (open_space_id, title, description, convener_enrollment_id, posted_by, posted_at)
                VALUES (@os, @title, @description, @convenerEnrollmentId, @by, @now) RETURNING id
                """, new { os = os.Id, title = title!.Trim(), description = string.IsNullOrEmpty(d) ? null : d, convenerEnrollmentId, by = me.Id, now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "open_space_topic", id, "openspace.topic", null, title.Trim());
            return Result<long>.Ok(id);
        });
    }

    /// <summary>
    /// Places a topic in a slot × space (both null: takes it off the wall, and its sign-ups go). A cell holds one topic
    /// (OpenSpace.CellTaken). Moving a topic to another slot drops its sign-ups (they were for the other time).
    /// </summary>
    public async Task<Result<bool>> PlaceAsync(CurrentUser me, long sessionId, long topicId, long? slotId, long? spaceId)
    {
        if ((slotId is null) != (spaceId is null)) return new Error("OpenSpace.ChooseCell");
        var now = Instant.Truncate(clock.GetUtcNow());
        try
        {
            return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
            {
                var t = await TopicInAsync(c, tx, sessionId, topicId);
                if (t is null) return new Error("OpenSpace.UnknownTopic", topicId);
                if (slotId is { } sl && await c.ExecuteScalarAsync<long?>("SELECT open_space_id FROM open_space_slots WHERE id = @sl", new { sl }, tx) != t.OpenSpaceId)
                    return new Error("OpenSpace.UnknownSlot", sl);
                if (spaceId is { } sp && await c.ExecuteScalarAsync<long?>("SELECT open_space_id FROM open_space_spaces WHERE id = @sp", new { sp }, tx) != t.OpenSpaceId)
                    return new Error("OpenSpace.UnknownSpace", sp);
                if (slotId is not null && await c.ExecuteScalarAsync<string?>("""
                        SELECT title FROM open_space_topics WHERE slot_id = @slotId AND space_id = @spaceId AND id <> @topicId
                        """, new { slotId, spaceId, topicId }, tx) is { } other)
                    return new Error("OpenSpace.CellTaken", other);
                if (t.SlotId != slotId)
                    await c.ExecuteAsync("DELETE FROM open_space_signups WHERE topic_id = @topicId", new { topicId }, tx);
                await c.ExecuteAsync("UPDATE open_space_topics SET slot_id = @slotId, space_id = @spaceId WHERE id = @topicId", new { slotId, spaceId, topicId }, tx);
                await Audit.WriteAsync(c, tx, me.Id, now, "open_space_topic", topicId, "openspace.place",
                    t.SlotId is null ? null : $"{t.SlotId}×{t.SpaceId}", slotId is null ? null : $"{slotId}×{spaceId}");
                return Result<bool>.Ok(true);
            });
        }
        catch (DbException) { return new Error("OpenSpace.CellTaken", ""); } // two placed at once: the unique index decided
    }

    /// <summary>
    /// Signs the participant up for a topic in its slot; already in another topic of that slot, they move (the law of
    /// two feet): one row per (slot, person), updated in place.
    /// </summary>
    public async Task<Result<OpenSpaceSignUpDto>> SignUpAsync(CurrentUser me, long sessionId, long topicId, long enrollmentId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<OpenSpaceSignUpDto>>(async (c, tx) =>
        {
            var t = await TopicInAsync(c, tx, sessionId, topicId);
            if (t is null) return new Error("OpenSpace.UnknownTopic", topicId);
            if (t.SlotId is not { } slotId) return new Error("OpenSpace.NotPlaced");
            var cohort = await c.ExecuteScalarAsync<long>("SELECT cohort_id FROM open_spaces WHERE id = @id", new { id = t.OpenSpaceId }, tx);
            if (!await IsParticipantAsync(c, tx, cohort, enrollmentId)) return new Error("OpenSpace.NotAParticipant");
            var was = await c.ExecuteScalarAsync<long?>("SELECT topic_id FROM open_space_signups WHERE slot_id = @slotId AND enrollment_id = @enrollmentId",
                new { slotId, enrollmentId }, tx);
            if (was is null)
                await c.ExecuteAsync("INSERT INTO open_space_signups (slot_id, enrollment_id, topic_id, signed_at) VALUES (@slotId, @enrollmentId, @topicId, @now)",
                    new { slotId, enrollmentId, topicId, now }, tx);
            else if (was != topicId)
                await c.ExecuteAsync("UPDATE open_space_signups SET topic_id = @topicId, signed_at = @now WHERE slot_id = @slotId AND enrollment_id = @enrollmentId",
                    new { slotId, enrollmentId, topicId, now }, tx);
            if (was != topicId)
                await Audit.WriteAsync(c, tx, me.Id, now, "open_space_topic", topicId, was is null ? "openspace.signup" : "openspace.move", was?.ToString(), enrollmentId.ToString());
            var counts = (await c.QueryAsync<(long TopicId, long Count)>("""
                SELECT t.id, (SELECT COUNT(*) FROM open_space_signups su WHERE su.topic_id = t.id) FROM open_space_topics t WHERE t.slot_id = @slotId
                """, new { slotId }, tx)).ToDictionary(x => x.TopicId, x => (int)x.Count);
            return Result<OpenSpaceSignUpDto>.Ok(new OpenSpaceSignUpDto(slotId, topicId, was is { } w && w != topicId ? w : null, counts));
        });
    }

    /// <summary>Leaves whatever topic the participant was in for the slot.</summary>
    public async Task<bool> LeaveAsync(CurrentUser me, long sessionId, long slotId, long enrollmentId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                DELETE FROM open_space_signups WHERE slot_id = @slotId AND enrollment_id = @enrollmentId
                AND slot_id IN (SELECT sl.id FROM open_space_slots sl JOIN open_spaces o ON o.id = sl.open_space_id WHERE o.session_id = @sessionId)
                """, new { slotId, enrollmentId, sessionId }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "open_space_slot", slotId, "openspace.leave", null, enrollmentId.ToString());
            return n > 0;
        });
    }

    /// <summary>Whether the caller may record the topic's notes: its convener, or staff who run the Open Space.</summary>
    public async Task<bool> IsConvenerAsync(long topicId, long? enrollmentId)
    {
        if (enrollmentId is null) return false;
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long?>("SELECT convener_enrollment_id FROM open_space_topics WHERE id = @topicId", new { topicId }) == enrollmentId;
    }

    /// <summary>
    /// Saves the topic's notes, action points and who follows up, as typed (markup is kept as text; the pages encode it).
    /// Each text at most <see cref="OpenSpaceRules.MaxNotes"/> characters. The caller checked that they may.
    /// </summary>
    public async Task<Result<bool>> SaveNotesAsync(CurrentUser me, long sessionId, long topicId, string? notes, string? actions, long? followUpEnrollmentId)
    {
        if (OpenSpaceRules.CheckNotes(notes, actions) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var t = await TopicInAsync(c, tx, sessionId, topicId);
            if (t is null) return new Error("OpenSpace.UnknownTopic", topicId);
            var cohort = await c.ExecuteScalarAsync<long>("SELECT cohort_id FROM open_spaces WHERE id = @id", new { id = t.OpenSpaceId }, tx);
            if (followUpEnrollmentId is { } f && !await IsParticipantAsync(c, tx, cohort, f)) return new Error("OpenSpace.UnknownPerson", f);
            await c.ExecuteAsync("""
                UPDATE open_space_topics SET notes = @notes, actions = @actions, follow_up_enrollment_id = @followUpEnrollmentId,
                       notes_updated_at = @now, notes_updated_by = @by WHERE id = @topicId
                """, new { topicId, notes = Blank(notes), actions = Blank(actions), followUpEnrollmentId, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "open_space_topic", topicId, "openspace.notes", null, $"{notes?.Length ?? 0}+{actions?.Length ?? 0}");
            return Result<bool>.Ok(true);
        });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Replace("\r\n", "\n");

    private static Task<bool> IsParticipantAsync(DbConnection c, DbTransaction tx, long cohortId, long enrollmentId) =>
        c.ExecuteScalarAsync<long?>("SELECT id FROM enrollments WHERE id = @enrollmentId AND cohort_id = @cohortId AND category = 'trainee' AND status = 'active'",
            new { enrollmentId, cohortId }, tx).ContinueWith(x => x.Result is not null);

    private static Task<TopicPlace?> TopicInAsync(DbConnection c, DbTransaction tx, long sessionId, long topicId) =>
        c.QuerySingleOrDefaultAsync<TopicPlace?>("""
            SELECT t.id, t.open_space_id, t.slot_id, t.space_id FROM open_space_topics t JOIN open_spaces o ON o.id = t.open_space_id
            WHERE t.id = @topicId AND o.session_id = @sessionId
            """, new { sessionId, topicId }, tx);

    private sealed class TopicPlace
    {
        public long Id { get; init; }
        public long OpenSpaceId { get; init; }
        public long? SlotId { get; init; }
        public long? SpaceId { get; init; }
    }

    private sealed class SpaceRow
    {
        public long Id { get; init; }
        public long SessionId { get; init; }
        public long CohortId { get; init; }
        public string SessionTitle { get; init; } = "";
        public string Theme { get; init; } = "";
        public bool MarketplaceOpen { get; init; }
    }

    private sealed class SlotRow
    {
        public long Id { get; init; }
        public string StartsAt { get; init; } = "";
        public string EndsAt { get; init; } = "";
    }

    private sealed class PlaceRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public int? Capacity { get; init; }
    }

    private sealed class TopicRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public long? ConvenerEnrollmentId { get; init; }
        public string? Convener { get; init; }
        public long? SlotId { get; init; }
        public long? SpaceId { get; init; }
        public long Signups { get; init; }
        public long HasNotes { get; init; }
        public string? Notes { get; init; }
        public string? Actions { get; init; }
        public long? FollowUpEnrollmentId { get; init; }
        public string? FollowUp { get; init; }
        public DateTimeOffset? NotesUpdatedAt { get; init; }
        public OpenSpaceTopicDto ToDto() => new(Id, Title, Description, ConvenerEnrollmentId, Convener, SlotId, SpaceId, (int)Signups, HasNotes != 0);
    }
}
