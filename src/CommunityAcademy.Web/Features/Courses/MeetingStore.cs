using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Courses;

public sealed class MeetingRow
{
    public long Id { get; init; }
    public long OwnerUnitId { get; init; }
    public string Title { get; init; } = "";
    public string? Place { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset ClosesAt { get; init; }
    public bool ClosedByHand { get; init; }
    public string Rubric { get; init; } = "";
    public Rubric RubricValue => ReviewJson.Rubric(Rubric);
    public bool IsClosed(DateTimeOffset now) => ClosedByHand || now >= ClosesAt;
}

public sealed class MemberRow
{
    public long UserId { get; init; }
    public string Username { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public string? UnitPath { get; init; }
    public string? Unit { get; init; }
}

public sealed class LectureRow
{
    public long Id { get; init; }
    public long MeetingId { get; init; }
    public long CourseId { get; init; }
    public string Course { get; init; } = "";
    public string? Topic { get; init; }
    public string CourseStatus { get; init; } = "";
    public int CurrentVersion { get; init; }
    public int VersionNumber { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string? Presenter { get; init; }
    public string? Opinion { get; init; }
    public string? Decision { get; init; }
    public long? CheckerId { get; init; }
    public string? Checker { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public DateTimeOffset? RevisionCheckedAt { get; init; }
    public int? RevisionVersion { get; init; }
    public string? PartnerUnit { get; init; }
    public string? PartnerPath { get; init; }
    public Decision? DecisionValue => Decision is null ? null : Enum.Parse<Decision>(Decision, true);

    /// <summary>Why a member of <paramref name="memberUnitPath"/> may never score this lecture (the partner institution's rule); null when they may.</summary>
    public Error? ConflictFor(string? memberUnitPath) => CourseRules.Conflict(memberUnitPath, PartnerPath);
}

/// <summary>A member's score of a lecture; <see cref="RubricVersion"/>: the version of the meeting's rubric it was given under.</summary>
public sealed record MeetingScore(long LectureId, long UserId, string Member, IReadOnlyDictionary<string, decimal> Values, decimal Total, string? Opinion,
    DateTimeOffset UpdatedAt, int RubricVersion = 1);

/// <summary>
/// A member's to-do line: the lecture, whether it can be scored now (<see cref="Refusal"/>: the reason it cannot — the same
/// rule the store applies on submit), whether it never can for a conflict (<see cref="Conflict"/>), the member's own score.
/// </summary>
public sealed record MeetingTodo(LectureRow Lecture, Error? Refusal, Error? Conflict, MeetingScore? Mine)
{
    public bool CanScore => Refusal is null;
}
public sealed record LectureResult(LectureRow Lecture, PanelResult Panel, IReadOnlyList<MeetingScore> Scores);
public sealed record NewMeeting(long OwnerUnitId, string Title, string? Place, DateTimeOffset StartsAt, DateTimeOffset ClosesAt);

/// <summary>
/// 评审会 (#20 point 3): a meeting with its panel (专家 / 相关负责人 / 社区工作者代表), an agenda of trial lectures in time
/// slots, each member's score on the meeting's rubric (0024's JSON and the domain's <see cref="Rubric"/>, <see cref="Panel"/>),
/// the panel's collective 修改意见 and its decision. A member sees the meeting and its courses only; a member of the
/// partner institution never scores its course (<see cref="CourseRules.CanScore"/>).
/// </summary>
public sealed class MeetingStore(Db db, TimeProvider clock)
{
    public const int MaxOpinion = 4000;

    private const string SelectMeeting = "SELECT m.id, m.owner_unit_id, m.title, m.place, m.starts_at, m.closes_at, m.closed_by_hand, m.rubric FROM course_meetings m";

    private const string SelectLecture = """
        SELECT l.id, l.meeting_id, l.course_id, k.title AS course, k.topic, k.status AS course_status, k.current_version, l.version_number, l.starts_at, l.ends_at,
            l.presenter, l.opinion, l.decision, l.checker_id, cu.display_name AS checker, l.decided_at, l.revision_checked_at, l.revision_version,
            pu.name AS partner_unit, pu.path AS partner_path
        FROM meeting_lectures l JOIN courses k ON k.id = l.course_id
        LEFT JOIN course_agreements a ON a.id = k.agreement_id LEFT JOIN units pu ON pu.id = a.partner_unit_id
        LEFT JOIN users cu ON cu.id = l.checker_id
        """;

    public async Task<IReadOnlyList<MeetingRow>> MeetingsAsync(CurrentUser me)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = await CourseStore.ScopeAsync(c, null, me, "m.owner_unit_id");
        args.Add("me", me.Id);
        return (await c.QueryAsync<MeetingRow>($"""
            {SelectMeeting} WHERE {sql} OR EXISTS (SELECT 1 FROM meeting_members mm WHERE mm.meeting_id = m.id AND mm.user_id = @me) ORDER BY m.starts_at, m.id
            """, args)).ToList();
    }

    /// <summary>The meeting and the caller's standing: organizer (manages it), member (on the panel, with the role); null when neither.</summary>
    public async Task<(MeetingRow Meeting, bool Organizer, MemberRow? Member)?> ContextAsync(CurrentUser me, long meetingId)
    {
        await using var c = await db.OpenAsync();
        return await ContextAsync(c, null, me, meetingId);
    }

    private static async Task<(MeetingRow Meeting, bool Organizer, MemberRow? Member)?> ContextAsync(DbConnection c, DbTransaction? tx, CurrentUser me, long meetingId)
    {
        var m = await c.QuerySingleOrDefaultAsync<MeetingRow>($"{SelectMeeting} WHERE m.id = @meetingId", new { meetingId }, tx);
        if (m is null) return null;
        var organizer = await CourseStore.ManagesUnitAsync(c, tx, me, m.OwnerUnitId);
        var member = (await MembersAsync(c, tx, meetingId)).FirstOrDefault(x => x.UserId == me.Id);
        return organizer || member is not null ? (m, organizer, member) : null;
    }

    public async Task<IReadOnlyList<MemberRow>> MembersAsync(long meetingId)
    {
        await using var c = await db.OpenAsync();
        return await MembersAsync(c, null, meetingId);
    }

    private static async Task<IReadOnlyList<MemberRow>> MembersAsync(DbConnection c, DbTransaction? tx, long meetingId) =>
        (await c.QueryAsync<MemberRow>("""
            SELECT mm.user_id, u.username, u.display_name, mm.role, un.path AS unit_path, un.name AS unit
            FROM meeting_members mm JOIN users u ON u.id = mm.user_id LEFT JOIN units un ON un.id = u.unit_id
            WHERE mm.meeting_id = @meetingId ORDER BY CASE mm.role WHEN 'expert' THEN 0 WHEN 'official' THEN 1 ELSE 2 END, u.display_name
            """, new { meetingId }, tx)).ToList();

    public async Task<IReadOnlyList<LectureRow>> LecturesAsync(long meetingId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<LectureRow>($"{SelectLecture} WHERE l.meeting_id = @meetingId ORDER BY l.starts_at, l.id", new { meetingId })).ToList();
    }

    public async Task<LectureRow?> LectureAsync(long meetingId, long lectureId)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<LectureRow>($"{SelectLecture} WHERE l.id = @lectureId AND l.meeting_id = @meetingId", new { meetingId, lectureId });
    }

    public async Task<IReadOnlyList<MeetingScore>> ScoresAsync(long meetingId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long LectureId, long UserId, string Member, string Scores, long TotalX100, string? Opinion, DateTimeOffset UpdatedAt, int RubricVersion)>("""
            SELECT s.lecture_id, s.user_id, u.display_name, s.scores, s.total_x100, s.opinion, s.updated_at, s.rubric_version
            FROM meeting_scores s JOIN meeting_lectures l ON l.id = s.lecture_id JOIN users u ON u.id = s.user_id
            WHERE l.meeting_id = @meetingId ORDER BY l.starts_at, u.display_name
            """, new { meetingId })).Select(s => new MeetingScore(s.LectureId, s.UserId, s.Member, ReviewJson.Map<decimal>(s.Scores), s.TotalX100 / 100m, s.Opinion, s.UpdatedAt, s.RubricVersion)).ToList();
    }

    /// <summary>
    /// Each lecture with the panel's aggregate under the meeting's current rubric (the domain's rule, as for plans): scores
    /// given under an older version are listed with it and left out (<see cref="PanelResult.OlderVersion"/>).
    /// </summary>
    public async Task<IReadOnlyList<LectureResult>> ResultsAsync(MeetingRow meeting)
    {
        var rubric = meeting.RubricValue;
        var scores = await ScoresAsync(meeting.Id);
        return (await LecturesAsync(meeting.Id)).Select(l =>
        {
            var mine = scores.Where(s => s.LectureId == l.Id).ToList();
            return new LectureResult(l, Panel.Aggregate(rubric, mine.Select(s => new ReviewerScore(s.UserId, s.Total, s.RubricVersion))), mine);
        }).ToList();
    }

    // ------------------------------------------------------------ the organizer's side

    public async Task<Result<long>> CreateAsync(CurrentUser me, NewMeeting m)
    {
        var title = m.Title?.Trim() ?? "";
        if (title.Length == 0) return new Error("Course.MeetingTitleRequired");
        if (title.Length > CourseFields.MaxTitle) return new Error("Course.TitleTooLong", CourseFields.MaxTitle);
        if (m.ClosesAt <= m.StartsAt) return new Error("Course.MeetingTimes");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (!await CourseStore.ManagesUnitAsync(c, tx, me, m.OwnerUnitId)) return new Error("Course.UnknownUnit", m.OwnerUnitId);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO course_meetings (owner_unit_id, title, place, starts_at, closes_at, closed_by_hand, rubric, created_at, created_by)
                VALUES (@OwnerUnitId, @title, @place, @StartsAt, @ClosesAt, @f, @rubric, @now, @by) RETURNING id
                """, new { m.OwnerUnitId, title, place = string.IsNullOrWhiteSpace(m.Place) ? null : m.Place.Trim(), StartsAt = Instant.Truncate(m.StartsAt),
                    ClosesAt = Instant.Truncate(m.ClosesAt), f = false, rubric = ReviewJson.Rubric(CourseRules.SampleRubric()), now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", id, "course.meeting.create", null, title);
            return Result<long>.Ok(id);
        });
    }

    private async Task<Result<T>> AsOrganizerAsync<T>(CurrentUser me, long meetingId, Func<DbConnection, DbTransaction, MeetingRow, DateTimeOffset, Task<Result<T>>> work)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<T>>(async (c, tx) =>
        {
            var ctx = await ContextAsync(c, tx, me, meetingId);
            if (ctx is null) return new Error("Course.MeetingNotFound");
            if (!ctx.Value.Organizer) return new Error("Course.NotOrganizer");
            return await work(c, tx, ctx.Value.Meeting, now);
        });
    }

    /// <summary>Puts a person on the panel (by user name) with a role; a second time changes the role.</summary>
    public Task<Result<long>> AddMemberAsync(CurrentUser me, long meetingId, string username, PanelRole role) =>
        AsOrganizerAsync<long>(me, meetingId, async (c, tx, m, now) =>
        {
            var userId = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @u AND is_active = @t", new { u = username?.Trim() ?? "", t = true }, tx);
            if (userId is null) return new Error("Course.UnknownUser", username ?? "");
            var r = role.ToString().ToLowerInvariant();
            if (await c.ExecuteAsync("UPDATE meeting_members SET role = @r WHERE meeting_id = @meetingId AND user_id = @userId", new { r, meetingId, userId }, tx) == 0)
                await c.ExecuteAsync("INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (@meetingId, @userId, @r)", new { r, meetingId, userId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", meetingId, "course.meeting.member", null, $"{userId}:{r}");
            return Result<long>.Ok(userId.Value);
        });

    public Task<Result<bool>> RemoveMemberAsync(CurrentUser me, long meetingId, long userId) =>
        AsOrganizerAsync<bool>(me, meetingId, async (c, tx, m, now) =>
        {
            if (await c.ExecuteScalarAsync<long>("""
                    SELECT COUNT(*) FROM meeting_scores s JOIN meeting_lectures l ON l.id = s.lecture_id WHERE l.meeting_id = @meetingId AND s.user_id = @userId
                    """, new { meetingId, userId }, tx) > 0)
                return new Error("Course.MemberHasScored");
            var n = await c.ExecuteAsync("DELETE FROM meeting_members WHERE meeting_id = @meetingId AND user_id = @userId", new { meetingId, userId }, tx);
            if (n > 0) await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", meetingId, "course.meeting.member.remove", userId.ToString());
            return Result<bool>.Ok(n > 0);
        });

    /// <summary>Puts a course's trial lecture on the agenda in a time slot within the meeting; the version presented is the course's current one.</summary>
    public Task<Result<long>> AddLectureAsync(CurrentUser me, long meetingId, long courseId, DateTimeOffset starts, DateTimeOffset ends, string? presenter) =>
        AsOrganizerAsync<long>(me, meetingId, async (c, tx, m, now) =>
        {
            starts = Instant.Truncate(starts);
            ends = Instant.Truncate(ends);
            if (CourseRules.CheckSlot(starts, ends, m.StartsAt, m.ClosesAt) is { } bad) return bad;
            var k = await CourseStore.CourseByIdAsync(c, tx, courseId);
            if (k is null || !await CourseStore.ManagesUnitAsync(c, tx, me, k.OwnerUnitId)) return new Error("Course.NotFound");
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM meeting_lectures WHERE meeting_id = @meetingId AND course_id = @courseId", new { meetingId, courseId }, tx) > 0)
                return new Error("Course.AlreadyOnAgenda", k.Title);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO meeting_lectures (meeting_id, course_id, version_number, starts_at, ends_at, presenter)
                VALUES (@meetingId, @courseId, @v, @starts, @ends, @presenter) RETURNING id
                """, new { meetingId, courseId, v = k.CurrentVersion, starts, ends, presenter = string.IsNullOrWhiteSpace(presenter) ? null : presenter.Trim() }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", meetingId, "course.meeting.lecture", null, $"{courseId}:{starts:O}");
            return Result<long>.Ok(id);
        });

    /// <summary>Closes scoring now (before the planned close).</summary>
    public Task<Result<bool>> CloseAsync(CurrentUser me, long meetingId) =>
        AsOrganizerAsync<bool>(me, meetingId, async (c, tx, m, now) =>
        {
            await c.ExecuteAsync("UPDATE course_meetings SET closed_by_hand = @t WHERE id = @meetingId", new { t = true, meetingId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", meetingId, "course.meeting.close");
            return Result<bool>.Ok(true);
        });

    /// <summary>
    /// The panel's collective opinion (修改意见) and decision on a lecture. Accepted: the course enters the library with the
    /// version presented; rejected: it is marked so; after revision: a panel member is named to check the revision.
    /// </summary>
    public Task<Result<bool>> DecideAsync(CurrentUser me, long meetingId, long lectureId, string? opinion, Decision? decision, long? checkerId) =>
        AsOrganizerAsync<bool>(me, meetingId, async (c, tx, m, now) =>
        {
            opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
            if (opinion?.Length > MaxOpinion) return new Error("Course.TextTooLong", MaxOpinion);
            var l = await c.QuerySingleOrDefaultAsync<LectureRow>($"{SelectLecture} WHERE l.id = @lectureId AND l.meeting_id = @meetingId", new { lectureId, meetingId }, tx);
            if (l is null) return new Error("Course.LectureNotFound");
            if (decision is { } d && CourseRules.CheckDecision(d, checkerId) is { } bad) return bad;
            if (decision != Decision.Revise) checkerId = null;
            if (checkerId is { } ch && (await MembersAsync(c, tx, meetingId)).All(x => x.UserId != ch)) return new Error("Course.CheckerNotMember");
            await c.ExecuteAsync("""
                UPDATE meeting_lectures SET opinion = @opinion, decision = @d, checker_id = @checkerId, decided_at = @at WHERE id = @lectureId
                """, new { opinion, d = decision?.ToString().ToLowerInvariant(), checkerId, at = decision is null ? (DateTimeOffset?)null : now, lectureId }, tx);
            var (status, accepted) = decision switch
            {
                Decision.Accepted => ("accepted", (int?)l.VersionNumber),
                Decision.Rejected => ("rejected", null),
                _ => ("draft", null),
            };
            // A decision changed from "accepted" takes the course out of the library again (only a course decided here).
            await c.ExecuteAsync("UPDATE courses SET status = @status, accepted_version = @accepted WHERE id = @id", new { status, accepted, id = l.CourseId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "meeting_lecture", lectureId, "course.meeting.decide", l.Decision, $"{decision}:{checkerId}");
            return Result<bool>.Ok(true);
        });

    /// <summary>The member named to check a revision agrees that the course's newer version answers the panel's opinion.</summary>
    public async Task<Result<bool>> CheckRevisionAsync(CurrentUser me, long meetingId, long lectureId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var l = await c.QuerySingleOrDefaultAsync<LectureRow>($"{SelectLecture} WHERE l.id = @lectureId AND l.meeting_id = @meetingId", new { lectureId, meetingId }, tx);
            if (l is null) return new Error("Course.LectureNotFound");
            if (l.DecisionValue != Decision.Revise) return new Error("Course.NotRevise");
            if (l.CheckerId != me.Id) return new Error("Course.NotChecker");
            if (l.CurrentVersion <= l.VersionNumber) return new Error("Course.NotRevised");
            await c.ExecuteAsync("UPDATE meeting_lectures SET revision_checked_at = @now, revision_version = @v WHERE id = @lectureId",
                new { now, v = l.CurrentVersion, lectureId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "meeting_lecture", lectureId, "course.revision.check", null, l.CurrentVersion.ToString());
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Once the checker agreed, the organizer records acceptance: the checked version enters the library.</summary>
    public Task<Result<bool>> AcceptRevisionAsync(CurrentUser me, long meetingId, long lectureId) =>
        AsOrganizerAsync<bool>(me, meetingId, async (c, tx, m, now) =>
        {
            var l = await c.QuerySingleOrDefaultAsync<LectureRow>($"{SelectLecture} WHERE l.id = @lectureId AND l.meeting_id = @meetingId", new { lectureId, meetingId }, tx);
            if (l is null) return new Error("Course.LectureNotFound");
            if (CourseRules.CanAcceptRevision(l.DecisionValue, l.VersionNumber, l.RevisionVersion ?? l.CurrentVersion, l.RevisionCheckedAt is not null) is { } bad) return bad;
            await c.ExecuteAsync("UPDATE courses SET status = 'accepted', accepted_version = @v WHERE id = @id", new { v = l.RevisionVersion, id = l.CourseId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course", l.CourseId, "course.accept", null, l.RevisionVersion?.ToString());
            return Result<bool>.Ok(true);
        });

    /// <summary>Whether any member has scored a lecture of the meeting (from then on a rubric change is a new version).</summary>
    public async Task<bool> ScoringStartedAsync(long meetingId)
    {
        await using var c = await db.OpenAsync();
        return await ScoringStartedAsync(c, null, meetingId);
    }

    private static async Task<bool> ScoringStartedAsync(DbConnection c, DbTransaction? tx, long meetingId) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM meeting_scores s JOIN meeting_lectures l ON l.id = s.lecture_id WHERE l.meeting_id = @meetingId",
            new { meetingId }, tx) > 0;

    /// <summary>The meeting's rubric in every version it had, oldest first (the current one last).</summary>
    public async Task<IReadOnlyList<Rubric>> RubricVersionsAsync(long meetingId)
    {
        await using var c = await db.OpenAsync();
        var older = await c.QueryAsync<string>("SELECT body FROM meeting_rubrics WHERE meeting_id = @meetingId ORDER BY version", new { meetingId });
        var current = await c.ExecuteScalarAsync<string?>("SELECT rubric FROM course_meetings WHERE id = @meetingId", new { meetingId });
        return older.Concat(current is null ? [] : [current]).Select(ReviewJson.Rubric).ToList();
    }

    /// <summary>
    /// The organizer changes the meeting's rubric (<see cref="CourseRules.EditRubric"/>): in place before any score, as a
    /// new version once scoring started — the replaced version is kept (meeting_rubrics) and its scores show it.
    /// </summary>
    public Task<Result<int>> EditRubricAsync(CurrentUser me, long meetingId, string? name, string? text, AggregateRule rule, decimal flagSpread) =>
        AsOrganizerAsync<int>(me, meetingId, async (c, tx, m, now) =>
        {
            var current = m.RubricValue;
            var started = await ScoringStartedAsync(c, tx, meetingId);
            var edited = CourseRules.EditRubric(current, name, text, rule, flagSpread, started);
            if (!edited.IsOk) return edited.Error!;
            var next = edited.Value!;
            if (next.Version != current.Version)
                await c.ExecuteAsync("INSERT INTO meeting_rubrics (meeting_id, version, body, created_at) VALUES (@meetingId, @v, @body, @now)",
                    new { meetingId, v = current.Version, body = m.Rubric, now }, tx);
            await c.ExecuteAsync("UPDATE course_meetings SET rubric = @body WHERE id = @meetingId", new { body = ReviewJson.Rubric(next), meetingId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_meeting", meetingId, "course.meeting.rubric", current.Version.ToString(), next.Version.ToString());
            return Result<int>.Ok(next.Version);
        });

    // ------------------------------------------------------------ the member's side

    /// <summary>
    /// A member's to-do in a meeting: every lecture on the agenda, whether it can be scored now and why not (the rule
    /// <see cref="ScoreAsync"/> applies, so a conflict is known before anyone tries), and the member's own score.
    /// Empty for anyone not on the panel.
    /// </summary>
    public async Task<IReadOnlyList<MeetingTodo>> TodoAsync(CurrentUser me, long meetingId)
    {
        var ctx = await ContextAsync(me, meetingId);
        if (ctx is not { Member: { } member } found) return [];
        var now = Instant.Truncate(clock.GetUtcNow());
        var mine = (await ScoresAsync(meetingId)).Where(s => s.UserId == me.Id).ToList();
        return (await LecturesAsync(meetingId)).Select(l => new MeetingTodo(l,
            CourseRules.CanScore(true, now, l.StartsAt, found.Meeting.ClosesAt, found.Meeting.ClosedByHand, member.UnitPath, l.PartnerPath),
            l.ConflictFor(member.UnitPath), mine.FirstOrDefault(s => s.LectureId == l.Id))).ToList();
    }

    /// <summary>
    /// A member scores a trial lecture on every criterion of the meeting's rubric, with an opinion, from the lecture's
    /// start until the meeting closes; a second time replaces the score. Refused: not on the panel, before the lecture,
    /// after the close, a member of the course's partner institution.
    /// </summary>
    public async Task<Result<decimal>> ScoreAsync(CurrentUser me, long meetingId, long lectureId, IReadOnlyDictionary<string, decimal> values, string? opinion)
    {
        opinion = string.IsNullOrWhiteSpace(opinion) ? null : opinion.Trim();
        if (opinion?.Length > MaxOpinion) return new Error("Course.TextTooLong", MaxOpinion);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<decimal>>(async (c, tx) =>
        {
            var m = await c.QuerySingleOrDefaultAsync<MeetingRow>($"{SelectMeeting} WHERE m.id = @meetingId", new { meetingId }, tx);
            var l = m is null ? null : await c.QuerySingleOrDefaultAsync<LectureRow>($"{SelectLecture} WHERE l.id = @lectureId AND l.meeting_id = @meetingId", new { lectureId, meetingId }, tx);
            if (m is null || l is null) return new Error("Course.LectureNotFound");
            var member = (await MembersAsync(c, tx, meetingId)).FirstOrDefault(x => x.UserId == me.Id);
            if (CourseRules.CanScore(member is not null, now, l.StartsAt, m.ClosesAt, m.ClosedByHand, member?.UnitPath, l.PartnerPath) is { } refused) return refused;
            var total = m.RubricValue.Total(values);
            if (!total.IsOk) return total.Error!;
            var p = new { lectureId, me = me.Id, scores = ReviewJson.Write(values), x100 = (long)Math.Round(total.Value * 100), opinion, now, v = m.RubricValue.Version };
            var old = await c.ExecuteScalarAsync<long?>("SELECT total_x100 FROM meeting_scores WHERE lecture_id = @lectureId AND user_id = @me", p, tx);
            if (old is null)
                await c.ExecuteAsync("INSERT INTO meeting_scores (lecture_id, user_id, scores, total_x100, opinion, updated_at, rubric_version) VALUES (@lectureId, @me, @scores, @x100, @opinion, @now, @v)", p, tx);
            else
                await c.ExecuteAsync("UPDATE meeting_scores SET scores = @scores, total_x100 = @x100, opinion = @opinion, updated_at = @now, rubric_version = @v WHERE lecture_id = @lectureId AND user_id = @me", p, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "meeting_lecture", lectureId, "course.score", old?.ToString(), p.x100.ToString());
            return Result<decimal>.Ok(total.Value);
        });
    }
}
