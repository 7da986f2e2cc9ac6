using System.Data.Common;
using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Courses;

public sealed class AgreementRow
{
    public long Id { get; init; }
    public long OwnerUnitId { get; init; }
    public string OwnerUnit { get; init; } = "";
    public long PartnerUnitId { get; init; }
    public string PartnerUnit { get; init; } = "";
    public string Title { get; init; } = "";
    public DateOnly? SignedOn { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? Scope { get; init; }
    public long Courses { get; init; }
}

public sealed record NewAgreement(long OwnerUnitId, long PartnerUnitId, string Title, DateOnly? SignedOn, DateOnly? StartsOn, DateOnly? EndsOn, string? Scope);

/// <summary>An agreement's fields as edited (its organizing unit stays: the courses under it are owned there).</summary>
public sealed record AgreementEdit(long PartnerUnitId, string Title, DateOnly? SignedOn, DateOnly? StartsOn, DateOnly? EndsOn, string? Scope);

public sealed class CourseRow
{
    public long Id { get; init; }
    public long? AgreementId { get; init; }
    public string? Agreement { get; init; }
    public long OwnerUnitId { get; init; }
    public long? PartnerUnitId { get; init; }
    public string? PartnerUnit { get; init; }
    public string Title { get; init; } = "";
    public string? Topic { get; init; }
    public string Status { get; init; } = "draft";
    public int CurrentVersion { get; init; }
    public int? AcceptedVersion { get; init; }
    public CourseStatus StatusValue => Enum.Parse<CourseStatus>(Status, true);
}

/// <summary>Where a course went: heard at a review meeting (Kind "meeting", with the decision) or taught in a class's session ("session").</summary>
public sealed record CourseUse(string Kind, long Id, long? SessionId, string Title, DateTimeOffset At, string? Detail, int Version);

/// <summary>A course of the library (课程库): accepted, with its accepted version's fields, its partner and how often it was taught.</summary>
public sealed record LibraryCourse(long Id, string Title, string? Topic, int Version, CourseFields Fields, string? Partner, int Taught)
{
    /// <summary>The timetable's session type for the course's format (专题讲授, 现场教学, 工作坊).</summary>
    public string SessionType => Fields.Format switch { "onsite" => "on_site_teaching", "workshop" => "workshop", _ => "lecture" };
}

public sealed record CourseVersionDto(long Id, int Number, CourseFields Fields, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? By);

/// <summary>
/// 课程开发 (#20 points 1–2): agreements with partner institutions (units), course proposals whose fields live in
/// versions, and their files through the one attachment store (owner kind <see cref="AttachmentOwner"/>). What an
/// organizer sees: every agreement and course when not bound to a unit, otherwise those owned within their unit's subtree.
/// An accepted course changes only as a new version (<see cref="CourseRules.CheckEdit"/>).
/// </summary>
public sealed class CourseStore(Db db, AttachmentStore files, TimeProvider clock) : IAttachmentOwnerAccess
{
    public const string AttachmentOwner = "course_version";
    string IAttachmentOwnerAccess.OwnerKind => AttachmentOwner;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string WriteFields(CourseFields f) => JsonSerializer.Serialize(f, Json);
    public static CourseFields ReadFields(string json) => JsonSerializer.Deserialize<CourseFields>(json, Json)!;

    /// <summary>The SQL condition on a unit id column for what an organizer manages; null: everything; "1=0" for others.</summary>
    public static async Task<(string Sql, DynamicParameters Args)> ScopeAsync(DbConnection c, DbTransaction? tx, CurrentUser me, string unitColumn)
    {
        var args = new DynamicParameters();
        if (me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null)) return ("1=1", args);
        if (!me.IsIn(Role.Organizer) || me.UnitId is not { } unit) return ("1=0", args);
        var path = await c.ExecuteScalarAsync<string?>("SELECT path FROM units WHERE id = @unit", new { unit }, tx);
        args.Add("scopePath", (path ?? "-") + "%");
        return ($"EXISTS (SELECT 1 FROM units su WHERE su.id = {unitColumn} AND su.path LIKE @scopePath)", args);
    }

    /// <summary>Whether <paramref name="me"/> manages what a unit owns.</summary>
    public static async Task<bool> ManagesUnitAsync(DbConnection c, DbTransaction? tx, CurrentUser me, long unitId)
    {
        var (sql, args) = await ScopeAsync(c, tx, me, "@unitId");
        args.Add("unitId", unitId);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM units WHERE id = @unitId AND {sql}", args, tx) > 0;
    }

    // ------------------------------------------------------------ agreements

    private const string SelectAgreement = """
        SELECT a.id, a.owner_unit_id, ou.name AS owner_unit, a.partner_unit_id, pu.name AS partner_unit, a.title, a.signed_on, a.starts_on, a.ends_on, a.scope,
            (SELECT COUNT(*) FROM courses k WHERE k.agreement_id = a.id) AS courses
        FROM course_agreements a JOIN units ou ON ou.id = a.owner_unit_id JOIN units pu ON pu.id = a.partner_unit_id
        """;

    public async Task<IReadOnlyList<AgreementRow>> AgreementsAsync(CurrentUser me)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = await ScopeAsync(c, null, me, "a.owner_unit_id");
        return (await c.QueryAsync<AgreementRow>($"{SelectAgreement} WHERE {sql} ORDER BY a.signed_on, a.id", args)).ToList();
    }

    public async Task<AgreementRow?> AgreementAsync(CurrentUser me, long id)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = await ScopeAsync(c, null, me, "a.owner_unit_id");
        args.Add("id", id);
        return await c.QuerySingleOrDefaultAsync<AgreementRow>($"{SelectAgreement} WHERE a.id = @id AND {sql}", args);
    }

    private static Error? CheckAgreement(string title, string? scope, DateOnly? startsOn, DateOnly? endsOn) =>
        title.Length == 0 ? new Error("Course.AgreementTitleRequired")
        : title.Length > CourseFields.MaxTitle ? new Error("Course.TitleTooLong", CourseFields.MaxTitle)
        : scope?.Length > CourseFields.MaxText ? new Error("Course.TextTooLong", CourseFields.MaxText)
        : startsOn is { } s && endsOn is { } e && e < s ? new Error("Course.AgreementDates")
        : null;

    public async Task<Result<long>> CreateAgreementAsync(CurrentUser me, NewAgreement a)
    {
        var title = a.Title?.Trim() ?? "";
        if (CheckAgreement(title, a.Scope, a.StartsOn, a.EndsOn) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (!await ManagesUnitAsync(c, tx, me, a.OwnerUnitId)) return new Error("Course.UnknownUnit", a.OwnerUnitId);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @id", new { id = a.PartnerUnitId }, tx) == 0)
                return new Error("Course.UnknownUnit", a.PartnerUnitId);
            if (a.PartnerUnitId == a.OwnerUnitId) return new Error("Course.PartnerIsOwner");
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO course_agreements (owner_unit_id, partner_unit_id, title, signed_on, starts_on, ends_on, scope, created_at, created_by)
                VALUES (@OwnerUnitId, @PartnerUnitId, @title, @SignedOn, @StartsOn, @EndsOn, @scope, @now, @by) RETURNING id
                """, new { a.OwnerUnitId, a.PartnerUnitId, title, a.SignedOn, a.StartsOn, a.EndsOn, scope = string.IsNullOrWhiteSpace(a.Scope) ? null : a.Scope.Trim(), now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_agreement", id, "course.agreement.create", null, title);
            return Result<long>.Ok(id);
        });
    }

    private static string Describe(AgreementRow a) => $"{a.Title}|{a.PartnerUnitId}|{a.SignedOn:yyyy-MM-dd}|{a.StartsOn:yyyy-MM-dd}|{a.EndsOn:yyyy-MM-dd}";

    private static async Task<AgreementRow?> AgreementAsync(DbConnection c, DbTransaction tx, CurrentUser me, long id)
    {
        var (sql, args) = await ScopeAsync(c, tx, me, "a.owner_unit_id");
        args.Add("id", id);
        return await c.QuerySingleOrDefaultAsync<AgreementRow>($"{SelectAgreement} WHERE a.id = @id AND {sql}", args, tx);
    }

    /// <summary>
    /// Edits an agreement the organizer manages: title, partner, dates, scope. The partner stays once a course under the
    /// agreement has been on a meeting's agenda (its members' conflicts were judged by that partner).
    /// </summary>
    public async Task<Result<bool>> UpdateAgreementAsync(CurrentUser me, long id, AgreementEdit a)
    {
        var title = a.Title?.Trim() ?? "";
        if (CheckAgreement(title, a.Scope, a.StartsOn, a.EndsOn) is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await AgreementAsync(c, tx, me, id) is not { } old) return new Error("Course.UnknownAgreement", id);
            if (a.PartnerUnitId != old.PartnerUnitId)
            {
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @id", new { id = a.PartnerUnitId }, tx) == 0)
                    return new Error("Course.UnknownUnit", a.PartnerUnitId);
                if (a.PartnerUnitId == old.OwnerUnitId) return new Error("Course.PartnerIsOwner");
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM meeting_lectures l JOIN courses k ON k.id = l.course_id WHERE k.agreement_id = @id", new { id }, tx) > 0)
                    return new Error("Course.PartnerHeard");
            }
            await c.ExecuteAsync("""
                UPDATE course_agreements SET partner_unit_id = @PartnerUnitId, title = @title, signed_on = @SignedOn, starts_on = @StartsOn, ends_on = @EndsOn, scope = @scope
                WHERE id = @id
                """, new { id, a.PartnerUnitId, title, a.SignedOn, a.StartsOn, a.EndsOn, scope = string.IsNullOrWhiteSpace(a.Scope) ? null : a.Scope.Trim() }, tx);
            var edited = await AgreementAsync(c, tx, me, id);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_agreement", id, "course.agreement.edit", Describe(old), Describe(edited!));
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Deletes an agreement the organizer manages; refused while courses were developed under it (they name it).</summary>
    public async Task<Result<bool>> DeleteAgreementAsync(CurrentUser me, long id)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await AgreementAsync(c, tx, me, id) is not { } old) return new Error("Course.UnknownAgreement", id);
            if (old.Courses > 0) return new Error("Course.AgreementHasCourses", old.Courses);
            await c.ExecuteAsync("DELETE FROM course_agreements WHERE id = @id", new { id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course_agreement", id, "course.agreement.delete", Describe(old));
            return Result<bool>.Ok(true);
        });
    }

    // ------------------------------------------------------------ courses and versions

    private const string SelectCourse = """
        SELECT k.id, k.agreement_id, a.title AS agreement, k.owner_unit_id, a.partner_unit_id, pu.name AS partner_unit, k.title, k.topic, k.status,
            k.current_version, k.accepted_version
        FROM courses k LEFT JOIN course_agreements a ON a.id = k.agreement_id LEFT JOIN units pu ON pu.id = a.partner_unit_id
        """;

    public async Task<IReadOnlyList<CourseRow>> CoursesAsync(CurrentUser me, string? status = null)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = await ScopeAsync(c, null, me, "k.owner_unit_id");
        args.Add("status", status);
        return (await c.QueryAsync<CourseRow>($"{SelectCourse} WHERE {sql}{(status is null ? "" : " AND k.status = @status")} ORDER BY k.id", args)).ToList();
    }

    /// <summary>A course the organizer manages; null otherwise.</summary>
    public async Task<CourseRow?> CourseAsync(CurrentUser me, long id)
    {
        await using var c = await db.OpenAsync();
        return await CourseAsync(c, null, me, id);
    }

    private static async Task<CourseRow?> CourseAsync(DbConnection c, DbTransaction? tx, CurrentUser me, long id)
    {
        var (sql, args) = await ScopeAsync(c, tx, me, "k.owner_unit_id");
        args.Add("id", id);
        return await c.QuerySingleOrDefaultAsync<CourseRow>($"{SelectCourse} WHERE k.id = @id AND {sql}", args, tx);
    }

    /// <summary>Any course by id, without a scope (for a panel member's view, checked by the meeting).</summary>
    internal static Task<CourseRow?> CourseByIdAsync(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefaultAsync<CourseRow>($"{SelectCourse} WHERE k.id = @id", new { id }, tx);

    public async Task<IReadOnlyList<CourseVersionDto>> VersionsAsync(long courseId)
    {
        await using var c = await db.OpenAsync();
        return await VersionsAsync(c, null, courseId);
    }

    internal static async Task<IReadOnlyList<CourseVersionDto>> VersionsAsync(DbConnection c, DbTransaction? tx, long courseId) =>
        (await c.QueryAsync<(long Id, int Number, string Body, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? By)>("""
            SELECT v.id, v.number, v.body, v.note, v.created_at, v.updated_at, u.display_name
            FROM course_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.course_id = @courseId ORDER BY v.number
            """, new { courseId }, tx)).Select(v => new CourseVersionDto(v.Id, v.Number, ReadFields(v.Body), v.Note, v.CreatedAt, v.UpdatedAt, v.By)).ToList();

    /// <summary>A proposal: under an agreement (its owner owns the course) or owned by a unit the organizer manages; version 1.</summary>
    public async Task<Result<long>> CreateCourseAsync(CurrentUser me, long? agreementId, long? ownerUnitId, CourseFields f)
    {
        f = Trimmed(f);
        if (f.Check() is { } bad) return bad;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            long owner;
            if (agreementId is { } aid)
            {
                var (sql, args) = await ScopeAsync(c, tx, me, "a.owner_unit_id");
                args.Add("aid", aid);
                var o = await c.ExecuteScalarAsync<long?>($"SELECT a.owner_unit_id FROM course_agreements a WHERE a.id = @aid AND {sql}", args, tx);
                if (o is null) return new Error("Course.UnknownAgreement", aid);
                owner = o.Value;
            }
            else if (ownerUnitId is { } u && await ManagesUnitAsync(c, tx, me, u)) owner = u;
            else return new Error("Course.UnknownUnit", ownerUnitId ?? 0);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO courses (agreement_id, owner_unit_id, title, topic, status, current_version, created_at, created_by)
                VALUES (@agreementId, @owner, @Title, @Topic, 'draft', 1, @now, @by) RETURNING id
                """, new { agreementId, owner, f.Title, f.Topic, now, by = me.Id }, tx);
            await c.ExecuteAsync("""
                INSERT INTO course_versions (course_id, number, body, created_by, created_at, updated_at) VALUES (@id, 1, @body, @by, @now, @now)
                """, new { id, body = WriteFields(f), by = me.Id, now }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course", id, "course.create", null, f.Title);
            return Result<long>.Ok(id);
        });
    }

    private static CourseFields Trimmed(CourseFields f)
    {
        static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return f with
        {
            Title = f.Title?.Trim() ?? "", Topic = T(f.Topic), Background = T(f.Background), Theme = T(f.Theme), Goals = T(f.Goals), Flow = T(f.Flow),
            Audience = T(f.Audience), Method = T(f.Method), Instructors = T(f.Instructors), Format = f.Format?.Trim() ?? "",
        };
    }

    /// <summary>
    /// Saves the fields: into the current version, or (<paramref name="asNewVersion"/>) as the next version. An accepted
    /// course is refused without a new version; a new version of an accepted course leaves the accepted version in the library.
    /// <paramref name="expectedVersion"/>: the version the form showed — a stale form is refused.
    /// </summary>
    public async Task<Result<int>> SaveAsync(CurrentUser me, long courseId, int expectedVersion, CourseFields f, bool asNewVersion, string? note = null)
    {
        f = Trimmed(f);
        if (f.Check() is { } bad) return bad;
        if (note?.Length > CourseFields.MaxText) return new Error("Course.TextTooLong", CourseFields.MaxText);
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<int>>(async (c, tx) =>
        {
            if (await CourseAsync(c, tx, me, courseId) is not { } k) return new Error("Course.NotFound");
            if (CourseRules.CheckEdit(k.StatusValue, asNewVersion) is { } refused) return refused;
            if (k.CurrentVersion != expectedVersion) return new Error("Course.Stale", k.CurrentVersion);
            var body = WriteFields(f);
            var number = k.CurrentVersion;
            if (asNewVersion)
            {
                number++;
                await c.ExecuteAsync("""
                    INSERT INTO course_versions (course_id, number, body, note, created_by, created_at, updated_at) VALUES (@courseId, @number, @body, @note, @by, @now, @now)
                    """, new { courseId, number, body, note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), by = me.Id, now }, tx);
            }
            else
                await c.ExecuteAsync("UPDATE course_versions SET body = @body, updated_at = @now WHERE course_id = @courseId AND number = @number",
                    new { courseId, number, body, now }, tx);
            await c.ExecuteAsync("UPDATE courses SET title = @Title, topic = @Topic, current_version = @number WHERE id = @courseId",
                new { f.Title, f.Topic, number, courseId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "course", courseId, asNewVersion ? "course.version" : "course.edit", k.CurrentVersion.ToString(), $"{number}:{f.Title}");
            return Result<int>.Ok(number);
        });
    }

    /// <summary>The meetings that heard the course and the sessions taught from it, in time order.</summary>
    public async Task<IReadOnlyList<CourseUse>> UsesAsync(long courseId)
    {
        await using var c = await db.OpenAsync();
        var heard = await c.QueryAsync<(long Id, string Title, DateTimeOffset At, string? Decision, int Version)>("""
            SELECT m.id, m.title, l.starts_at, l.decision, l.version_number FROM meeting_lectures l JOIN course_meetings m ON m.id = l.meeting_id WHERE l.course_id = @courseId
            """, new { courseId });
        var taught = await c.QueryAsync<(long CohortId, long SessionId, string Title, DateTimeOffset At, string Session, int Version)>("""
            SELECT co.id, s.id, co.title, s.starts_at, s.title, sc.version_number FROM session_courses sc JOIN sessions s ON s.id = sc.session_id
            JOIN cohorts co ON co.id = s.cohort_id WHERE sc.course_id = @courseId
            """, new { courseId });
        return heard.Select(h => new CourseUse("meeting", h.Id, null, h.Title, h.At, h.Decision, h.Version))
            .Concat(taught.Select(t => new CourseUse("session", t.CohortId, t.SessionId, t.Title, t.At, t.Session, t.Version)))
            .OrderBy(u => u.At).ToList();
    }

    // ------------------------------------------------------------ the library (课程库)

    /// <summary>The accepted courses the organizer manages, each with its accepted version.</summary>
    public async Task<IReadOnlyList<LibraryCourse>> LibraryAsync(CurrentUser me)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = await ScopeAsync(c, null, me, "k.owner_unit_id");
        return (await c.QueryAsync<(long Id, string Title, string? Topic, int Version, string Body, string? Partner, long Taught)>($"""
            SELECT k.id, k.title, k.topic, k.accepted_version, v.body, pu.name, (SELECT COUNT(*) FROM session_courses sc WHERE sc.course_id = k.id)
            FROM courses k JOIN course_versions v ON v.course_id = k.id AND v.number = k.accepted_version
            LEFT JOIN course_agreements a ON a.id = k.agreement_id LEFT JOIN units pu ON pu.id = a.partner_unit_id
            WHERE k.status = 'accepted' AND {sql} ORDER BY k.topic, k.title, k.id
            """, args)).Select(r => new LibraryCourse(r.Id, r.Title, r.Topic, r.Version, ReadFields(r.Body), r.Partner, (int)r.Taught)).ToList();
    }

    /// <summary>
    /// A session of a class was filled in from a library course: remembered with the version (so the course shows where
    /// it was taught). Only a course of the organizer's library; a second course for the same session replaces the first.
    /// </summary>
    public async Task<Result<bool>> RecordTaughtAsync(CurrentUser me, long sessionId, long courseId)
    {
        var course = (await LibraryAsync(me)).FirstOrDefault(k => k.Id == courseId);
        if (course is null) return new Error("Course.NotInLibrary");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var p = new { sessionId, courseId, v = course.Version };
            if (await c.ExecuteAsync("UPDATE session_courses SET course_id = @courseId, version_number = @v WHERE session_id = @sessionId", p, tx) == 0)
                await c.ExecuteAsync("INSERT INTO session_courses (session_id, course_id, version_number) VALUES (@sessionId, @courseId, @v)", p, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "session", sessionId, "course.taught", null, $"{courseId}:{course.Version}");
            return Result<bool>.Ok(true);
        });
    }

    // ------------------------------------------------------------ files

    public async Task<IReadOnlyList<AttachmentRow>> FilesAsync(long versionId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<AttachmentRow>("""
            SELECT id, owner_kind, owner_id, cohort_id, file_name, content_type, size, sha256, display_bytes IS NOT NULL AS has_display, created_by, created_at
            FROM attachments WHERE owner_kind = @AttachmentOwner AND owner_id = @versionId ORDER BY id
            """, new { AttachmentOwner, versionId })).ToList();
    }

    /// <summary>Adds a file (slides, a handout) to the course's current version; an accepted course's files change only with a new version.</summary>
    public async Task<Result<long>> AddFileAsync(CurrentUser me, long courseId, byte[] bytes, string fileName)
    {
        var (file, problem) = files.Prepare(bytes, fileName, AttachmentUses.Documents);
        if (file is null) return new Error("Course.FileRefused", problem ?? "");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await CourseAsync(c, tx, me, courseId) is not { } k) return new Error("Course.NotFound");
            if (CourseRules.CheckEdit(k.StatusValue, false) is { } refused) return refused;
            var versionId = await c.ExecuteScalarAsync<long>("SELECT id FROM course_versions WHERE course_id = @courseId AND number = @n",
                new { courseId, n = k.CurrentVersion }, tx);
            var id = await files.InsertAsync(c, tx, file, AttachmentOwner, versionId, null, me.Id);
            await Audit.WriteAsync(c, tx, me.Id, now, "course", courseId, "course.file.add", null, file.FileName);
            return Result<long>.Ok(id);
        });
    }

    /// <summary>A course's files go to the organizers who manage it and to the members of a meeting that hears it.</summary>
    public async Task<bool> MaySeeAsync(CurrentUser me, long ownerId)
    {
        await using var c = await db.OpenAsync();
        var courseId = await c.ExecuteScalarAsync<long?>("SELECT course_id FROM course_versions WHERE id = @ownerId", new { ownerId });
        if (courseId is null) return false;
        if (await CourseAsync(c, null, me, courseId.Value) is not null) return true;
        return await c.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM meeting_lectures l JOIN meeting_members m ON m.meeting_id = l.meeting_id WHERE l.course_id = @courseId AND m.user_id = @me
            """, new { courseId, me = me.Id }) > 0;
    }

    /// <summary>Units an organizer may pick as owner (those they manage) and as partner (an institution: any department).</summary>
    public async Task<IReadOnlyList<(long Id, string Name, string Path)>> UnitsAsync(CurrentUser me, bool managedOnly)
    {
        await using var c = await db.OpenAsync();
        var (sql, args) = managedOnly ? await ScopeAsync(c, null, me, "u.id") : ("u.kind = 'department'", new DynamicParameters());
        return (await c.QueryAsync<(long, string, string)>($"SELECT u.id, u.name, u.path FROM units u WHERE {sql} ORDER BY u.path", args)).ToList();
    }
}
