using System.Security.Cryptography;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>A feedback survey of a class: its questions (the builder's text, parsed), audiences, anonymity, open and close instants, public link.</summary>
public sealed record SurveyDto(long Id, long CohortId, string Title, IReadOnlyList<Audience> Audiences, bool Anonymous, SurveyForm Form,
    string Definition, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string? PublicToken, long? CopiedFrom)
{
    public bool Asks(Audience a) => Audiences.Contains(a);
}

/// <summary>What the builder sends: times already converted from the class's time zone to instants.</summary>
public sealed record NewSurvey(string? Title, IReadOnlyList<Audience> Audiences, bool Anonymous, string? Definition, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt);

/// <summary>A host's personal link (no account): for whom, until when, and whether they answered.</summary>
public sealed class SurveyHostDto
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? TeachingPoint { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public bool Answered { get; init; }
    /// <summary>When the organizer withdrew the link (it answers "withdrawn"); null while it stands.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Can the link be used at <paramref name="now"/>: not withdrawn, not expired.</summary>
    public bool Usable(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A session of the class as the matrix rates it.</summary>
public sealed class MatrixSession
{
    public long Id { get; init; }
    public DateOnly Date { get; init; }
    public string StartTime { get; init; } = "";
    public string Title { get; init; } = "";
    public string Instructors { get; init; } = "";
}

/// <summary>
/// Surveys of a class (#23 point 2–3): the builder's saves, copies to another class (keys kept), host links, the public
/// link. Answers are <see cref="SurveyAnswers"/>'; figures are <see cref="SurveyResults"/>'.
/// </summary>
public sealed class SurveyStore(Db db, TimeProvider clock)
{
    public const int MaxTitle = 200, MaxHostName = 100, MaxHosts = 200;

    private const string Select = """
        SELECT id AS Id, cohort_id AS CohortId, title AS Title, audiences AS Audiences, anonymous AS Anonymous, definition AS Definition,
               opens_at AS OpensAt, closes_at AS ClosesAt, public_token AS PublicToken, copied_from AS CopiedFrom FROM surveys
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public long CohortId { get; init; }
        public string Title { get; init; } = "";
        public string Audiences { get; init; } = "";
        public bool Anonymous { get; init; }
        public string Definition { get; init; } = "";
        public DateTimeOffset? OpensAt { get; init; }
        public DateTimeOffset? ClosesAt { get; init; }
        public string? PublicToken { get; init; }
        public long? CopiedFrom { get; init; }

        public SurveyDto ToDto() => new(Id, CohortId, Title,
            Audiences.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(SurveyRules.ParseAudience).OfType<Audience>().ToList(),
            Anonymous, SurveyForm.Parse(Definition).Value ?? new SurveyForm([]), Definition, OpensAt, ClosesAt, PublicToken, CopiedFrom);
    }

    public async Task<IReadOnlyList<SurveyDto>> ListAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<Row>(Select + " WHERE cohort_id = @cohortId ORDER BY id", new { cohortId })).Select(r => r.ToDto()).ToList();
    }

    public async Task<SurveyDto?> GetAsync(long cohortId, long surveyId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QuerySingleOrDefaultAsync<Row>(Select + " WHERE cohort_id = @cohortId AND id = @surveyId", new { cohortId, surveyId }))?.ToDto();
    }

    public async Task<SurveyDto?> ByPublicTokenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return null;
        await using var c = await db.OpenAsync();
        return (await c.QuerySingleOrDefaultAsync<Row>(Select + " WHERE public_token = @token", new { token }))?.ToDto();
    }

    /// <summary>The survey and host of a personal link; null when no such link (an expired one is found: the caller says it expired).</summary>
    public async Task<(SurveyDto Survey, SurveyHostDto Host)?> ByHostTokenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return null;
        await using var c = await db.OpenAsync();
        var host = await c.QuerySingleOrDefaultAsync<(long Id, long SurveyId)>(
            "SELECT id, survey_id FROM survey_hosts WHERE token_hash = @hash", new { hash = Hash(token) });
        if (host.Id == 0) return null;
        var s = (await c.QuerySingleAsync<Row>(Select + " WHERE id = @id", new { id = host.SurveyId })).ToDto();
        return (s, (await HostsAsync(c, host.SurveyId, host.Id)).Single());
    }

    private static Result<(string Title, string Audiences, string Definition)> Check(NewSurvey s)
    {
        var title = (s.Title ?? "").Trim();
        if (title.Length is 0 or > MaxTitle) return new Error("Survey.TitleRequired", MaxTitle);
        if (s.Audiences.Count == 0) return new Error("Survey.AudienceRequired");
        var form = SurveyForm.Parse(s.Definition);
        if (!form.IsOk) return form.Error!;
        if (SurveyRules.CheckTimes(s.OpensAt, s.ClosesAt) is { } bad) return bad;
        return Result<(string, string, string)>.Ok((title, string.Join(',', s.Audiences.Distinct().Order().Select(SurveyRules.Word)), form.Value!.Format()));
    }

    public async Task<Result<long>> CreateAsync(CurrentUser me, long cohortId, NewSurvey s, long? copiedFrom = null)
    {
        var ok = Check(s);
        if (!ok.IsOk) return ok.Error!;
        var (title, audiences, definition) = ok.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO surveys (cohort_id, title, audiences, anonymous, definition, opens_at, closes_at, public_token, copied_from, created_at, created_by)
                VALUES (@cohortId, @title, @audiences, @anonymous, @definition, @opens, @closes, @token, @copiedFrom, @now, @by) RETURNING id
                """, new { cohortId, title, audiences, anonymous = s.Anonymous, definition, opens = Trunc(s.OpensAt), closes = Trunc(s.ClosesAt),
                    token = s.Audiences.Contains(Audience.Public) ? NewToken() : null, copiedFrom, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey", id, "survey.create", null, $"{title}:{audiences}");
            return Result<long>.Ok(id);
        });
    }

    /// <summary>Changes title, audiences, anonymity, questions or times. Keys typed stay the keys answers are stored under.</summary>
    public async Task<Result<bool>> UpdateAsync(CurrentUser me, long cohortId, long surveyId, NewSurvey s)
    {
        var ok = Check(s);
        if (!ok.IsOk) return ok.Error!;
        var (title, audiences, definition) = ok.Value;
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<Row>(Select + " WHERE cohort_id = @cohortId AND id = @surveyId", new { cohortId, surveyId }, tx);
            if (before is null) return new Error("Survey.NotFound");
            var token = s.Audiences.Contains(Audience.Public) ? before.PublicToken ?? NewToken() : null;
            await c.ExecuteAsync("""
                UPDATE surveys SET title = @title, audiences = @audiences, anonymous = @anonymous, definition = @definition,
                       opens_at = @opens, closes_at = @closes, public_token = @token WHERE id = @surveyId
                """, new { surveyId, title, audiences, anonymous = s.Anonymous, definition, opens = Trunc(s.OpensAt), closes = Trunc(s.ClosesAt), token }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey", surveyId, "survey.update", $"{before.Title}:{before.Audiences}", $"{title}:{audiences}");
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>Deletes a survey with its answers (the page asks first). Audited with how many answers went.</summary>
    public async Task<Result<bool>> DeleteAsync(CurrentUser me, long cohortId, long surveyId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            var title = await c.ExecuteScalarAsync<string?>("SELECT title FROM surveys WHERE cohort_id = @cohortId AND id = @surveyId", new { cohortId, surveyId }, tx);
            if (title is null) return new Error("Survey.NotFound");
            var answers = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_responses WHERE survey_id = @surveyId AND submitted_at IS NOT NULL", new { surveyId }, tx);
            await c.ExecuteAsync("DELETE FROM survey_answers WHERE survey_id = @surveyId", new { surveyId }, tx);
            await c.ExecuteAsync("DELETE FROM surveys WHERE id = @surveyId", new { surveyId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey", surveyId, "survey.delete", $"{title}:{answers}", null);
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>A copy of the survey as a template for another class: same questions and keys, audiences, anonymity; no times, no answers.</summary>
    public async Task<Result<long>> CopyAsync(CurrentUser me, long cohortId, long surveyId, long toCohortId)
    {
        if (await GetAsync(cohortId, surveyId) is not { } s) return new Error("Survey.NotFound");
        return await CreateAsync(me, toCohortId, new NewSurvey(s.Title, s.Audiences, s.Anonymous, s.Definition, null, null), s.Id);
    }

    // ---------------------------------------------------------------- host links

    public async Task<IReadOnlyList<SurveyHostDto>> HostsAsync(long surveyId)
    {
        await using var c = await db.OpenAsync();
        return await HostsAsync(c, surveyId, null);
    }

    private static async Task<IReadOnlyList<SurveyHostDto>> HostsAsync(System.Data.Common.DbConnection c, long surveyId, long? hostId) =>
        (await c.QueryAsync<SurveyHostDto>("""
            SELECT h.id AS Id, h.name AS Name, p.name AS TeachingPoint, h.expires_at AS ExpiresAt, h.revoked_at AS RevokedAt,
                   CASE WHEN EXISTS (SELECT 1 FROM survey_responses r WHERE r.host_id = h.id AND r.submitted_at IS NOT NULL) THEN 1 ELSE 0 END AS Answered
            FROM survey_hosts h LEFT JOIN teaching_points p ON p.id = h.teaching_point_id
            WHERE h.survey_id = @surveyId AND (@hostId IS NULL OR h.id = @hostId) ORDER BY h.id
            """, new { surveyId, hostId })).ToList();

    /// <summary>A personal link for a host: the token is returned once (only its hash is kept), valid until <paramref name="expiresAt"/>.</summary>
    public async Task<Result<string>> AddHostAsync(CurrentUser me, long cohortId, long surveyId, string? name, long? teachingPointId, DateTimeOffset expiresAt)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > MaxHostName) return new Error("Survey.HostNameRequired", MaxHostName);
        var now = Instant.Truncate(clock.GetUtcNow());
        if (expiresAt <= now) return new Error("Survey.ExpiryInPast");
        var token = NewToken();
        return await db.InTransactionAsync<Result<string>>(async (c, tx) =>
        {
            var s = await c.QuerySingleOrDefaultAsync<Row>(Select + " WHERE cohort_id = @cohortId AND id = @surveyId", new { cohortId, surveyId }, tx);
            if (s is null) return new Error("Survey.NotFound");
            if (!s.ToDto().Asks(Audience.Hosts)) return new Error("Survey.NotForHosts");
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM survey_hosts WHERE survey_id = @surveyId", new { surveyId }, tx) >= MaxHosts)
                return new Error("Survey.TooManyHosts", MaxHosts);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO survey_hosts (survey_id, name, teaching_point_id, token_hash, expires_at, created_at, created_by)
                VALUES (@surveyId, @name, @teachingPointId, @hash, @expiresAt, @now, @by) RETURNING id
                """, new { surveyId, name, teachingPointId, hash = Hash(token), expiresAt = Instant.Truncate(expiresAt), now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey_host", id, "survey.host_link", null, $"{surveyId}:{name}:{expiresAt:O}");
            return Result<string>.Ok(token);
        });
    }

    /// <summary>Withdraws a host's link (the page asks first): it answers "withdrawn" from now on; an answer already given stays counted. Audited.</summary>
    public async Task<Result<bool>> RevokeHostAsync(CurrentUser me, long cohortId, long surveyId, long hostId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<bool>>(async (c, tx) =>
        {
            if (await HostOfAsync(c, tx, cohortId, surveyId, hostId) is not { } host) return new Error("Survey.HostNotFound");
            if (host.RevokedAt is not null) return new Error("Survey.HostRevoked");
            await c.ExecuteAsync("UPDATE survey_hosts SET revoked_at = @now, revoked_by = @by WHERE id = @hostId", new { hostId, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey_host", hostId, "survey.host_revoke", $"{surveyId}:{host.Name}", null);
            return Result<bool>.Ok(true);
        });
    }

    /// <summary>
    /// A new token for a host's link, valid until <paramref name="expiresAt"/> (a withdrawn link stands again): the old
    /// token stops working at once; the new one is returned once (only its hash is kept). The host keeps their answer. Audited.
    /// </summary>
    public async Task<Result<string>> ReissueHostAsync(CurrentUser me, long cohortId, long surveyId, long hostId, DateTimeOffset expiresAt)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        if (expiresAt <= now) return new Error("Survey.ExpiryInPast");
        var token = NewToken();
        return await db.InTransactionAsync<Result<string>>(async (c, tx) =>
        {
            if (await HostOfAsync(c, tx, cohortId, surveyId, hostId) is not { } host) return new Error("Survey.HostNotFound");
            await c.ExecuteAsync("""
                UPDATE survey_hosts SET token_hash = @hash, expires_at = @expiresAt, revoked_at = NULL, revoked_by = NULL WHERE id = @hostId
                """, new { hostId, hash = Hash(token), expiresAt = Instant.Truncate(expiresAt) }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "survey_host", hostId, "survey.host_reissue",
                $"{surveyId}:{host.Name}:{host.ExpiresAt:O}{(host.RevokedAt is null ? "" : ":revoked")}", $"{surveyId}:{host.Name}:{expiresAt:O}");
            return Result<string>.Ok(token);
        });
    }

    /// <summary>A host link of this survey of this class, or null.</summary>
    private static Task<SurveyHostDto?> HostOfAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long cohortId, long surveyId, long hostId) =>
        c.QuerySingleOrDefaultAsync<SurveyHostDto?>("""
            SELECT h.id AS Id, h.name AS Name, h.expires_at AS ExpiresAt, h.revoked_at AS RevokedAt FROM survey_hosts h JOIN surveys s ON s.id = h.survey_id
            WHERE h.id = @hostId AND h.survey_id = @surveyId AND s.cohort_id = @cohortId
            """, new { cohortId, surveyId, hostId }, tx);

    /// <summary>The class's sessions the matrix rates (not cancelled), in timetable order, with their instructors' names.</summary>
    public async Task<IReadOnlyList<MatrixSession>> SessionsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<MatrixSession>("""
            SELECT id AS Id, session_date AS Date, start_time AS StartTime, title AS Title, instructors AS Instructors
            FROM sessions WHERE cohort_id = @cohortId AND cancelled_at IS NULL ORDER BY session_date, start_time, sort_order, id
            """, new { cohortId })).ToList();
    }

    /// <summary>Classes a survey may be copied to (not archived, not this one), newest first.</summary>
    public async Task<IReadOnlyList<(long Id, string Title)>> CopyTargetsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string)>(
            "SELECT id, title FROM cohorts WHERE archived_at IS NULL AND id <> @cohortId ORDER BY start_date DESC, id DESC", new { cohortId })).ToList();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private static DateTimeOffset? Trunc(DateTimeOffset? t) => t is { } v ? Instant.Truncate(v) : null;
}
